"""The `mkdocs:` settings of site_config.yml: an allow-list, each setting checked, everything else refused.

Every refusal is checked for its exact code, place (line and column) and message; every allowed
setting is built and looked for in the HTML; a refused setting leaves the published site as it was.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from generator import cli, mkdocs_extensions
from generator.commands import build, check
from generator.diagnostics import PlaybookError
from generator.mkdocs_settings import REFUSED, SETTINGS, json_schema
from generator.resources import example_dir, scaffold_dir

from .conftest import copy_playbook

STARTER_MKDOCS = "mkdocs:\n  theme:\n    palette:\n      primary: indigo\n      accent: amber\n"


def set_mkdocs(root: Path, block: str) -> Path:
    """Replace the mkdocs settings of a playbook's site_config.yml by `block` (YAML under 'mkdocs:')."""
    path = root / "site_config.yml"
    text = path.read_text(encoding="utf-8")
    assert text.endswith(STARTER_MKDOCS)
    indented = "".join(f"  {line}\n" for line in block.splitlines())
    path.write_text(text[: -len(STARTER_MKDOCS)] + "mkdocs:\n" + indented, encoding="utf-8")
    return path


def errors(root: Path):
    with pytest.raises(PlaybookError) as caught:
        check.run(root)
    return [d for d in caught.value.diagnostics if d.severity == "error"]


def line_of(path: Path, text: str) -> int:
    """The line of the mkdocs settings that holds `text`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index("mkdocs:")
    return next(n for n, line in enumerate(lines[start:], start + 1) if text in line)


# (YAML under mkdocs:, code, a text of the line reported, its column in the block, the exact message)
REFUSALS = [
    # extensions: every spelling of a refused one
    ("markdown_extensions:\n  - pymdownx.snippets:SnippetExtension\n", "mkdocs-extension", "SnippetExtension", 5,
     "the Markdown extension 'pymdownx.snippets:SnippetExtension' is not allowed: it loads pymdownx.snippets: "
     "it would insert files from the disk into the pages"),
    ("markdown_extensions:\n  - pymdownx.snippets.SnippetExtension\n", "mkdocs-extension", "SnippetExtension", 5,
     "the Markdown extension 'pymdownx.snippets.SnippetExtension' is not allowed: it loads pymdownx.snippets: "
     "it would insert files from the disk into the pages"),
    ("markdown_extensions:\n  - pymdownx.snippets:\n      base_path: [/etc]\n", "mkdocs-extension",
     "- pymdownx.snippets", 5,
     "the Markdown extension 'pymdownx.snippets' is not allowed: it would insert files from the disk into the pages"),
    ("markdown_extensions:\n  - pymdownx.b64\n", "mkdocs-extension", "b64", 5,
     "the Markdown extension 'pymdownx.b64' is not allowed: it would embed files from the disk into the pages"),
    ("markdown_extensions:\n  - pymdownx.emoji\n", "mkdocs-extension", "emoji", 5,
     "the Markdown extension 'pymdownx.emoji' is not allowed: its options name Python functions, and by "
     "default it shows images from the internet"),
    ("markdown_extensions:\n  - markdown.extensions.wikilinks\n", "mkdocs-extension", "wikilinks", 5,
     "the Markdown extension 'markdown.extensions.wikilinks' is not allowed: its options build links to any address"),
    ("markdown_extensions:\n  - wikilinks\n", "mkdocs-extension", "wikilinks", 5,
     "the Markdown extension 'wikilinks' is not allowed: it loads markdown.extensions.wikilinks: "
     "its options build links to any address"),
    ("markdown_extensions:\n  - markdown.extensions.xyz\n", "mkdocs-extension", "xyz", 5,
     "the Markdown extension 'markdown.extensions.xyz' is not allowed: playbook passes only the extensions of "
     "its list, which neither read files nor run code"),
    ("markdown_extensions:\n  - os.path:join\n", "mkdocs-extension", "os.path", 5,
     "the Markdown extension 'os.path:join' is not allowed: it loads os.path: playbook passes only the extensions "
     "of its list, which neither read files nor run code"),
    ("markdown_extensions:\n  - markdown.extensions.footnotes\n", "mkdocs-extension", "footnotes", 5,
     "the Markdown extension 'markdown.extensions.footnotes' is not allowed: it is written 'footnotes'"),
    ("markdown_extensions:\n  - generator.sanitize\n", "mkdocs-extension", "sanitize", 5,
     "the Markdown extension 'generator.sanitize' is not allowed: it loads generator: playbook enables its own "
     "extensions itself"),
    # options of allowed extensions: only the listed ones, of the right type
    ("markdown_extensions:\n  - smarty:\n      substitutions: {ndash: '<script>'}\n", "mkdocs-setting",
     "substitutions", 7, "'markdown_extensions.0.smarty.substitutions' is not a setting playbook passes to MkDocs"),
    ("markdown_extensions:\n  - pymdownx.tabbed: {alternate_style: 'yes'}\n", "mkdocs-value", "alternate_style", 40,
     "'markdown_extensions.0.pymdownx.tabbed.alternate_style' must be true or false"),
    ("markdown_extensions:\n  - footnotes: {BACKLINK_TEXT: '<img src=x onerror=alert(1)>'}\n", "mkdocs-value",
     "BACKLINK_TEXT", 16, "'footnotes' takes no options here: it has none that are safe"),
    ("markdown_extensions:\n  - toc: {permalink: '<b>'}\n", "mkdocs-value", "permalink", 10,
     "'toc' takes no options here: playbook enables it with its own options"),
    ("markdown_extensions: footnotes\n", "mkdocs-value", "markdown_extensions", 22,
     "'markdown_extensions' must be a list"),
    ("markdown_extensions:\n  - {footnotes: null, tables: null}\n", "mkdocs-value", "footnotes", 5,
     "each Markdown extension is a name, or a name followed by its options"),
    # plugins
    ("plugins:\n  - material/privacy\n", "mkdocs-plugin", "privacy", 5, "the plugin 'material/privacy' is not allowed"),
    ("plugins:\n  - offline\n", "mkdocs-plugin", "offline", 5, "the plugin 'offline' is not allowed: it adds to "
     "every page a script loaded from unpkg.com; the site opens from a plain folder without it"),
    ("plugins:\n  - search:\n      jieba_dict: /etc/passwd\n", "mkdocs-value", "jieba_dict", 7,
     "'search' takes no options here: playbook sets the search language itself"),
    ("plugins:\n  - tags:\n      tags_file: ../../outside.md\n", "mkdocs-setting", "tags_file", 7,
     "'plugins.0.tags.tags_file' is not a setting playbook passes to MkDocs"),
    # texts printed as HTML
    ("copyright: '<a href=\"https://example.com\">Us</a>'\n", "mkdocs-value", "copyright", 12,
     "'copyright' must be plain text: '<' is not allowed"),
    ("site_description: 'x\" onmouseover=\"alert(1)'\n", "mkdocs-value", "site_description", 19,
     "'site_description' must be plain text: '\"' is not allowed"),
    ("site_author: \"Ann\\u0000\"\n", "mkdocs-value", "site_author", 14,
     "'site_author' must be plain text: '\\x00' is not allowed"),
    ("copyright: 2026\n", "mkdocs-value", "copyright", 12, "'copyright' must be a text"),
    # what loads from outside or carries a script
    ("extra_javascript: [https://cdn.example.com/x.js]\n", "mkdocs-reserved", "extra_javascript", 1,
     "'extra_javascript' cannot be set here: a script could come from anywhere and read every page"),
    ("extra_css: [theme.css]\n", "mkdocs-reserved", "extra_css", 1,
     "'extra_css' cannot be set here: a style sheet can load fonts and images from outside the site"),
    ("repo_url: 'javascript:alert(1)'\n", "mkdocs-reserved", "repo_url", 1,
     "'repo_url' cannot be set here: the site links to no code repository"),
    ("edit_uri: edit/main/docs/\n", "mkdocs-reserved", "edit_uri", 1,
     "'edit_uri' cannot be set here: the site links to no code repository"),
    ("remote_branch: gh-pages\n", "mkdocs-reserved", "remote_branch", 1,
     "'remote_branch' cannot be set here: playbook does not deploy the site"),
    ("site_url: https://example.com/\n", "mkdocs-reserved", "site_url", 1,
     "'site_url' cannot be set here: the site opens from any address, or from the folder"),
    ("theme:\n  font:\n    text: Roboto\n", "mkdocs-value", "text: Roboto", 5,
     "'theme.font' can only be false: Material loads other fonts from Google's servers"),
    ("theme:\n  logo: https://example.com/logo.png\n", "mkdocs-value", "logo", 9,
     "'theme.logo' must be the path of an image inside the theme folder, with no address, '..' or leading '/'"),
    ("theme:\n  favicon: ../../secret.png\n", "mkdocs-value", "favicon", 12,
     "'theme.favicon' must be the path of an image inside the theme folder, with no address, '..' or leading '/'"),
    ("theme:\n  logo: '/\\\\evil.example/x.png'\n", "mkdocs-value", "logo", 9,
     "'theme.logo' must be the path of an image inside the theme folder, with no address, '..' or leading '/'"),
    ("theme:\n  logo: 'images/%2e%2e/x.png'\n", "mkdocs-value", "logo", 9,
     "'theme.logo' must be the path of an image inside the theme folder, with no address, '..' or leading '/'"),
    ("theme:\n  logo: images/logo.png\n", "mkdocs-value", "logo", 9,
     "'theme.logo' names a file of the theme folder, but site_config.yml has no theme_dir"),
    ("theme:\n  icon:\n    logo: ../../../etc/passwd\n", "mkdocs-value", "logo:", 11,
     "'../../../etc/passwd' is not a valid value for 'theme.icon.logo'"),
    ("theme:\n  custom_dir: /tmp\n", "mkdocs-reserved", "custom_dir", 3,
     "'theme.custom_dir' cannot be set here: use theme_dir"),
    ("theme:\n  palette:\n    primary: '#ff0000'\n", "mkdocs-value", "primary", 14,
     "'#ff0000' is not a valid value for 'theme.palette.primary'"),
    ("theme:\n  palette:\n    - media: 'screen\" onload=\"x'\n      scheme: slate\n", "mkdocs-value", "media", 14,
     "'screen\" onload=\"x' is not a valid value for 'theme.palette.0.media'"),
    ("theme:\n  palette:\n    toggle: {icon: material/brightness-7, name: '<b>Dark</b>'}\n", "mkdocs-value",
     "toggle", 49, "'theme.palette.toggle.name' must be plain text: '<' is not allowed"),
    ("theme:\n  palette:\n    colour: red\n", "mkdocs-setting", "colour", 5,
     "'theme.palette.colour' is not a setting playbook passes to MkDocs"),
    ("theme:\n  features: [navigation.tabs, '<script>']\n", "mkdocs-value", "features", 31,
     "'<script>' is not a valid value for 'theme.features.1'"),
    ("theme: 3\n", "mkdocs-value", "theme", 8, "'theme' must be a mapping ('key: value' lines)"),
    # extra: only social links
    ("extra:\n  analytics: {provider: google, property: G-XXXX}\n", "mkdocs-reserved", "analytics", 3,
     "'extra.analytics' cannot be set here: it would send every visit to an outside service"),
    ("extra:\n  consent: {title: Cookies}\n", "mkdocs-reserved", "consent", 3,
     "'extra.consent' cannot be set here: the site sets no cookie and sends nothing outside, so it asks no consent"),
    ("extra:\n  generator: true\n", "mkdocs-reserved", "generator", 3,
     "'extra.generator' cannot be set here: playbook sets it"),
    ("extra:\n  homepage: https://example.com\n", "mkdocs-setting", "homepage", 3,
     "'extra.homepage' is not a setting playbook passes to MkDocs"),
    ("extra:\n  social:\n    - {icon: fontawesome/brands/x, link: 'javascript:alert(1)'}\n", "mkdocs-value",
     "javascript", 42, "'extra.social.0.link' must be an https:, http: or mailto: address"),
    ("extra:\n  social:\n    - {icon: fontawesome/brands/x, link: 'java&#x09;script&colon;alert(1)'}\n",
     "mkdocs-value", "java", 42, "'extra.social.0.link' must be an https:, http: or mailto: address"),
    ("extra:\n  social:\n    - {icon: fontawesome/brands/x, link: '/\\\\evil.example'}\n", "mkdocs-value",
     "evil", 42, "'extra.social.0.link' must be an https:, http: or mailto: address"),
    ("extra:\n  social:\n    - {icon: fontawesome/brands/x, link: 'https://x.com/\" onmouseover=\"alert(1)'}\n",
     "mkdocs-value", "onmouseover", 42, "'extra.social.0.link' must be an address with no space, quote, '<' or '>'"),
    ("extra:\n  social:\n    - {icon: fontawesome/brands/x, link: 'https://x.com/a\tb'}\n",
     "mkdocs-value", "x.com", 42, "'extra.social.0.link' must be an address with no space, quote, '<' or '>'"),
    ("extra:\n  social:\n    - {icon: ../../x, link: 'https://example.com'}\n", "mkdocs-value",
     "icon", 14, "'../../x' is not a valid value for 'extra.social.0.icon'"),
    ("extra:\n  social:\n    - {link: 'https://example.com'}\n", "mkdocs-value", "link", 7,
     "'extra.social.0' needs a 'icon'"),
    # unknown and owned settings
    ("theme_colour: red\n", "mkdocs-setting", "theme_colour", 1,
     "'theme_colour' is not a setting playbook passes to MkDocs"),
    ("hooks: [hook.py]\n", "mkdocs-reserved", "hooks", 1,
     "'hooks' cannot be set here: hooks run Python code, which a playbook never does"),
    ("use_directory_urls: true\n", "mkdocs-reserved", "use_directory_urls", 1,
     "'use_directory_urls' cannot be set here: playbook sets it"),
]


@pytest.mark.parametrize("block, code, text, column, message", REFUSALS, ids=[r[0].split("\n")[0][:40] + f"-{i}"
                                                                           for i, r in enumerate(REFUSALS)])
def test_a_setting_outside_the_allow_list_is_refused_at_its_place(starter, block, code, text, column, message):
    path = set_mkdocs(starter, block)
    [problem] = errors(starter)
    assert (problem.code, problem.message) == (code, message)
    assert (problem.file, problem.line, problem.column) == ("site_config.yml", line_of(path, text), column + 2)
    assert problem.hint


def test_every_problem_is_reported_at_once(starter):
    set_mkdocs(starter, "extra_css: [x.css]\ncopyright: '<b>'\nplugins: [material/social]\n")
    assert [d.code for d in errors(starter)] == ["mkdocs-reserved", "mkdocs-value", "mkdocs-plugin"]


def test_an_allowed_name_that_an_installed_package_claims_is_refused(starter, monkeypatch):
    # Python-Markdown looks for an entry point of the name first: one from another package would load its code
    points = dict(mkdocs_extensions._entry_points(), footnotes="evil.module:Extension")
    monkeypatch.setattr(mkdocs_extensions, "_entry_points", lambda: points)
    set_mkdocs(starter, "markdown_extensions: [footnotes]\n")
    [problem] = errors(starter)
    assert problem.message == "the Markdown extension 'footnotes' is not allowed: it would load evil.module"


@pytest.mark.parametrize("root", [example_dir(), scaffold_dir("en"), scaffold_dir("fr")], ids=["example", "en", "fr"])
def test_the_example_and_the_starters_pass(root, tmp_path):
    check.run(copy_playbook(root, tmp_path / "copy"))


def test_the_schema_for_editors_follows_the_allow_list():
    schema = json_schema()
    assert schema["additionalProperties"] is False
    for path in SETTINGS:
        node = schema
        for step in path.split("."):
            node = node["properties"][step]
        assert node["description"] == SETTINGS[path].why
    assert not set(REFUSED) & set(SETTINGS)


ALLOWED = """\
theme:
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: deep purple
      accent: amber
      toggle: {icon: material/brightness-7, name: Switch to dark mode}
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: teal
      toggle: {icon: material/brightness-4, name: Switch to light mode}
  features: [navigation.tabs, content.code.copy]
  icon:
    top: material/arrow-up
    admonition: {note: octicons/tag-16}
  logo: images/logo.svg
  favicon: images/favicon.png
  font: false
copyright: Copyright © 2026 Ann & Bob's 'Company'
site_description: The charter of Ann & Bob
site_author: Ann & Bob
extra:
  social:
    - {icon: fontawesome/brands/linkedin, link: 'https://www.linkedin.com/company/example', name: Ann & Bob}
    - {icon: material/email, link: 'mailto:comms@example.com'}
markdown_extensions:
  - footnotes
  - admonition
  - smarty: {smart_angled_quotes: true}
  - pymdownx.mark
  - pymdownx.tabbed: {alternate_style: true}
  - pymdownx.critic: {mode: view}
plugins:
  - tags: {enabled: false}
"""


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_allowed_setting_has_its_effect_in_the_site(starter):
    (starter / "theme" / "overrides" / "images").mkdir(parents=True)
    (starter / "theme" / "overrides" / "images" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>', encoding="utf-8")
    (starter / "theme" / "overrides" / "images" / "favicon.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    path = set_mkdocs(starter, ALLOWED)
    path.write_text(path.read_text(encoding="utf-8").replace("mkdocs:\n", "theme_dir: theme\nmkdocs:\n"),
                    encoding="utf-8")
    (starter / "content" / "pages").mkdir(exist_ok=True)
    (starter / "content" / "pages" / "notes.md").write_text(
        "---\ntitle: Notes\n---\n\nA ==marked== word -- a note[^1].\n\n[^1]: The note.\n", encoding="utf-8")
    site = build.run(starter).output
    page = (site / "index.html").read_text(encoding="utf-8")
    assert 'data-md-color-scheme="slate"' in page and 'data-md-color-primary="deep-purple"' in page
    assert 'data-md-color-media="(prefers-color-scheme: dark)"' in page and 'title="Switch to dark mode"' in page
    assert "md-tabs" in page  # navigation.tabs
    assert "content.tooltips" in page  # playbook's own features are kept
    assert 'src="images/logo.svg"' in page and 'href="images/favicon.png"' in page
    assert (site / "images" / "logo.svg").is_file() and (site / "images" / "favicon.png").is_file()
    assert "Copyright © 2026 Ann &amp; Bob&#x27;s &#x27;Company&#x27;" in page  # escaped: printed as raw HTML
    assert '<meta name="description" content="The charter of Ann &amp; Bob">' in page
    assert '<meta name="author" content="Ann &amp; Bob">' in page
    assert 'href="https://www.linkedin.com/company/example"' in page and 'href="mailto:comms@example.com"' in page
    assert "fonts.googleapis.com" not in page
    notes = (site / "pages" / "notes.html").read_text(encoding="utf-8")
    assert "<mark>marked</mark>" in notes and 'class="footnote"' in notes and "word – a note" in notes


def test_a_refused_setting_leaves_the_published_site_as_it_was(starter, tmp_path, capsys):
    build.run(starter)
    before = snapshot(starter / "site")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("not for the intranet\n", encoding="utf-8")
    set_mkdocs(starter, f"markdown_extensions:\n  - pymdownx.snippets:SnippetExtension:\n"
                        f"      base_path: ['{outside}']\n")
    (starter / "content" / "pages").mkdir(exist_ok=True)
    (starter / "content" / "pages" / "leak.md").write_text("---\ntitle: Leak\n---\n\n--8<-- \"secret.txt\"\n",
                                                           encoding="utf-8")
    assert cli.main(["build", "-C", str(starter)]) == 1
    err = capsys.readouterr().err
    assert "site_config.yml:35:7: error: the Markdown extension 'pymdownx.snippets:SnippetExtension' is not allowed" \
        in err
    assert "  35 |     - pymdownx.snippets:SnippetExtension:\n" in err and "\n             ^\n" in err
    assert "  hint: the extensions allowed are: abbr, " in err
    assert snapshot(starter / "site") == before
    assert not any("not for the intranet" in p.read_text(errors="replace") for p in (starter / "site").rglob("*.html"))


# --- contrast of the palette ----------------------------------------------------------------------

def _contrast_warnings(root: Path):
    return [d for d in check.run(root).warnings if d.code == "low-contrast"]


def test_a_palette_readers_cannot_read_is_warned_at_its_colour_with_the_ratio(tmp_path):
    """The second example had a green header and links at 2.81:1: a copy with that colour warns, at 'primary'."""
    root = copy_playbook(example_dir() / "examples" / "pays-de-valmorin", tmp_path / "valmorin")
    path = root / "site_config.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("primary: blue grey", "primary: green"),
                    encoding="utf-8")
    warned = _contrast_warnings(root)
    line = line_of(path, "primary: green")
    assert [(d.file, d.line, d.column) for d in warned] == [("site_config.yml", line, 16)] * 2
    assert "header's text on primary colour 'green' has a contrast of 2.81:1" in warned[0].message
    assert "links in primary colour 'green' have a contrast of 2.81:1" in warned[1].message
    assert "'indigo'" in warned[0].hint
    printed = cli.main(["check", "-C", str(root)])
    assert printed == 0  # a warning: the site still builds


def test_the_examples_palettes_are_readable():
    assert _contrast_warnings(example_dir()) == []
    assert _contrast_warnings(example_dir() / "examples" / "pays-de-valmorin") == []


@pytest.mark.parametrize("block, warned", [
    ("theme:\n  palette:\n    primary: brown\n", []),
    ("theme:\n  palette:\n    primary: custom\n", []),
    # light text on a yellow header reads well, yellow links on white do not
    ("theme:\n  palette:\n    primary: yellow\n", ["links"]),
    # in the dark scheme, the links of a light colour read well on the dark page
    ("theme:\n  palette:\n    - {scheme: default, primary: indigo}\n    - {scheme: slate, primary: light blue}\n",
     ["header"]),
])
def test_contrast_is_measured_for_the_pairs_the_site_shows(starter, block, warned):
    root = starter
    set_mkdocs(root, block)
    assert [d.message.split()[1] for d in _contrast_warnings(root)] == \
        [{"header": "header's", "links": "links"}[w] for w in warned]


def test_the_contrast_warning_is_in_french_in_a_french_playbook(tmp_path, capsys):
    root = copy_playbook(scaffold_dir("fr"), tmp_path / "p")
    set_mkdocs(root, "theme:\n  palette:\n    primary: cyan\n")
    cli.main(["check", "-C", str(root)])
    err = capsys.readouterr()
    assert "le texte de l'en-tête sur la couleur principale 'cyan' a un contraste de 2.27:1" in err.out + err.err


def test_an_approved_release_is_not_warned_of_the_colours_it_can_no_longer_change(tmp_path):
    from generator import mkdocs_settings
    from generator.diagnostics import Report
    from generator.load import load_yaml
    path = tmp_path / "site_config.yml"
    path.write_text("mkdocs:\n  theme:\n    palette:\n      primary: green\n", encoding="utf-8")
    source = load_yaml(path, "releases/1.0/site_config.yml")
    found = {}
    for frozen in (False, True):
        report = Report()
        mkdocs_settings.check(source, source.data["mkdocs"], report, None, frozen=frozen)
        found[frozen] = [d.code for d in report.items]
    assert found == {False: ["low-contrast", "low-contrast"], True: []}
