"""A user's theme folder: its templates run in a sandbox, and a broken one is reported at its file and line."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from generator import cli

ESCAPES = [
    '{{ cycler.__init__.__globals__.os.system("touch @MARK@") }}',
    '{{ lipsum.__globals__["os"].system("touch @MARK@") }}',
    '{{ pb.__class__.__mro__[1].__subclasses__() }}{{ "".__class__ }}',
    '{{ self._TemplateReference__context }}',
    '{{ range.__init__.__globals__ }}',
    '{{ joiner.__init__.__globals__.__builtins__.__import__("os").system("touch @MARK@") }}',
    '{{ t.__class__.__init__.__globals__ }}',
]


def _site(root: Path) -> dict[str, str]:
    site = root / "site"
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture
def themed(starter):
    (starter / "theme" / "pages").mkdir(parents=True)
    (starter / "theme" / "overrides").mkdir()
    with (starter / "site_config.yml").open("a", encoding="utf-8") as config:
        config.write("theme_dir: theme\n")
    assert cli.main(["build", "-q", "-C", str(starter)]) == 0
    return starter


def _fails(root: Path, capsys, where: str, message: str) -> str:
    before = _site(root)
    assert cli.main(["build", "-C", str(root)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err
    assert where in err and message in err, err
    assert _site(root) == before  # the previous site is left as it was
    return err


@pytest.mark.parametrize("escape", ESCAPES)
def test_a_page_template_cannot_reach_python(themed, capsys, tmp_path, escape):
    mark = tmp_path / "ran"
    (themed / "theme" / "pages" / "home.md.j2").write_text("# Home\n\n" + escape.replace("@MARK@", str(mark)) + "\n",
                                                           encoding="utf-8")
    _fails(themed, capsys, "theme/pages/home.md.j2:3:1: error: ", "may not do")
    assert not mark.exists()


@pytest.mark.parametrize("escape", ESCAPES[:2] + ESCAPES[5:6])
def test_a_material_override_cannot_reach_python(themed, capsys, tmp_path, escape):
    mark = tmp_path / "ran"
    (themed / "theme" / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n{% block content %}\n' + escape.replace("@MARK@", str(mark)) + "\n{% endblock %}\n",
        encoding="utf-8")
    _fails(themed, capsys, "theme/overrides/main.html:3:1: error: ", "may not do")
    assert not mark.exists()


@pytest.mark.parametrize("path, text, where, message", [
    ("pages/home.md.j2", "# Home\n\n{{ foo( }}\n", "theme/pages/home.md.j2:3:1", "not valid Jinja"),
    ("pages/home.md.j2", "# Home\n\n{% for x in y %}\n", "theme/pages/home.md.j2:", "not valid Jinja"),
    ("pages/home.md.j2", "# Home\n\n{{ nothing.here }}\n", "theme/pages/home.md.j2:3:1", "'nothing' is undefined"),
    ("pages/home.md.j2", '# Home\n{% include "home.md.j2" %}\n', "theme/pages/home.md.j2:2:1", "includes or extends itself"),
    ("pages/home.md.j2", '# Home\n{% include "missing.md.j2" %}\n', "theme/pages/home.md.j2:2:1", "'missing.md.j2' does not exist"),
    ("overrides/main.html", '{% extends "base.html" %}\n{% block content %}{{ x( }}{% endblock %}\n',
     "theme/overrides/main.html:2:1", "not valid Jinja"),
    ("strings/en.yml", "label:\n  none: [\n", "theme/strings/en.yml:3:1", "not valid YAML"),
    ("strings/en.yml", "- a list\n", "theme/strings/en.yml:1:1", "must be a mapping"),
    ("strings/en.yml", b"label:\n  none: \xff\xfe\n", "theme/strings/en.yml:2:9", "not UTF-8 text"),
])
def test_a_broken_theme_file_is_reported_at_its_line(themed, capsys, path, text, where, message):
    target = themed / "theme" / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    _fails(themed, capsys, where, message)


def test_a_page_of_the_theme_may_include_the_built_in_page_of_its_name(themed):
    (themed / "theme" / "pages" / "home.md.j2").write_text(
        '{% include "default/home.md.j2" %}\n\nA line of our own.\n', encoding="utf-8")
    assert cli.main(["build", "-q", "-C", str(themed)]) == 0
    home = (themed / "site" / "index.html").read_text(encoding="utf-8")
    assert "A line of our own." in home and "Personal use" in home


@pytest.mark.parametrize("change", [
    "{% set _ = pb.config.mkdocs.update({'hooks': ['overrides/evil.py']}) %}",
    "{% set _ = pb.config.mkdocs.setdefault('hooks', ['overrides/evil.py']) %}",
    "{% set _ = pb.networks.append(pb.networks[0]) %}",
])
def test_a_page_template_cannot_change_what_it_is_given(themed, capsys, tmp_path, change):
    mark = tmp_path / "ran"
    (themed / "theme" / "overrides" / "evil.py").write_text(f"open({str(mark)!r}, 'w').write('ran')\n",
                                                            encoding="utf-8")
    (themed / "theme" / "pages" / "home.md.j2").write_text(change + '\n{% include "default/home.md.j2" %}\n',
                                                           encoding="utf-8")
    _fails(themed, capsys, "theme/pages/home.md.j2:1:1: error: ", "may not do")
    assert not mark.exists()


def test_a_material_override_cannot_change_the_configuration(themed, capsys, tmp_path):
    (themed / "theme" / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n{% block content %}\n{% set _ = config.update({"site_dir": "/tmp"}) %}'
        '{{ super() }}\n{% endblock %}\n', encoding="utf-8")
    _fails(themed, capsys, "theme/overrides/main.html:3:1: error: ", "may not do")


@pytest.mark.parametrize("path, text, found", [
    ("overrides/main.html", '{% extends "base.html" %}\n{% block extrahead %}<script src="https://cdn.example/x.js">'
     '</script>{% endblock %}\n', "https://cdn.example/x.js"),
    ("overrides/main.html", '{% extends "base.html" %}\n{% block extrahead %}<link rel="stylesheet" '
     'href="//fonts.example/f.css">{% endblock %}\n', "//fonts.example/f.css"),
    ("overrides/main.html", '{% extends "base.html" %}\n{% block extrahead %}<style>body{background:url('
     '"https://t.example/p.png")}</style>{% endblock %}\n', "https://t.example/p.png"),
    ("overrides/main.html", '{% extends "base.html" %}\n{% block content %}<img src="/\\t.example/p.png">'
     '{{ super() }}{% endblock %}\n', "/\\t.example/p.png"),
    ("overrides/assets/stylesheets/extra.css", "@import url(https://fonts.example/f.css);\n",
     "https://fonts.example/f.css"),
])
def test_a_theme_that_would_load_from_outside_stops_the_build(themed, capsys, path, text, found):
    target = themed / "theme" / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    _fails(themed, capsys, "error: the built page ", f"would load {found}, outside the site")


def test_links_to_outside_are_not_requests(themed):
    (themed / "theme" / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n{% block extrahead %}<link rel="canonical" href="https://intranet.example/">'
        '<link rel="alternate" hreflang="fr" href="https://intranet.example/fr/">{% endblock %}\n{% block content %}'
        '<a href="https://example.org/">x</a><p>write url(https://example.org/x.png) in CSS</p>{{ super() }}'
        '{% endblock %}\n', encoding="utf-8")
    assert cli.main(["build", "-q", "-C", str(themed)]) == 0


def test_markdown_too_deep_for_the_engine_is_not_called_a_template_error(themed, capsys, monkeypatch):
    import markdown

    def too_deep(self, source):
        def down(n):
            return down(n + 1)
        return down(0)
    monkeypatch.setattr(markdown.Markdown, "convert", too_deep)
    # every text recurses here, so the first the build tries alone is named: the message says Markdown, not a template
    err = _fails(themed, capsys, "this text nests too deep for Markdown", "write it flatter")
    assert "template" not in err


def test_every_page_carries_the_security_policy_whatever_the_theme(themed):
    """The policy is written after the templates ran: a theme that replaces main.html or base.html keeps it."""
    from generator.audit import POLICY_TAG
    (themed / "theme" / "overrides" / "main.html").write_text('{% extends "base.html" %}\n', encoding="utf-8")
    (themed / "theme" / "overrides" / "base.html").write_text(
        "<!doctype html><html><head><title>x</title></head><body>{% block content %}{% endblock %}</body></html>\n",
        encoding="utf-8")
    assert cli.main(["build", "-q", "-C", str(themed)]) == 0
    pages = list((themed / "site").rglob("*.html"))
    assert pages and all(POLICY_TAG in page.read_text(encoding="utf-8") for page in pages)
