"""Full builds: the example and the starters become sites; a failed build changes nothing."""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from generator.commands import build, init
from generator.diagnostics import PlaybookError

from .conftest import edit

EXTERNAL = re.compile(r"""<(?:script|link|img|iframe|source|video|audio)\b[^>]*\b(?:src|href)=["'](?:https?:)?//""", re.I)


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def example_output(example_built) -> Path:
    """The example's site, built once for the run (conftest.py): to read."""
    return example_built.site


@pytest.fixture
def example_site(example_output) -> Path:
    """The French site, the example's main language: at the root, where it was before the translation."""
    return example_output


def test_example_builds_every_language_and_version(example_output):
    assert sorted(p.name for p in example_output.iterdir() if p.is_dir()) == ["1.0", "2.0", "draft", "en", "latest"]
    assert (example_output / "versions.json").is_file()
    # the releases were approved in French only: in English, the draft is the only version
    assert sorted(p.name for p in (example_output / "en").iterdir() if p.is_dir()) == ["draft"]
    assert [v["version"] for v in json.loads((example_output / "en" / "versions.json").read_text())] == ["draft"]
    entry = (example_output / "index.html").read_text(encoding="utf-8")
    # no English release is in force: English readers too enter on the French release in force
    assert 'url=latest/index.html' in entry and "var others" not in entry


def test_english_draft_is_english_and_fully_translated(example_output):
    draft = example_output / "en" / "draft"
    home = (draft / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in home and "Draft" in home
    crisis = (draft / "crisis.html").read_text(encoding="utf-8")
    assert "Holding statement" in crisis or "holding statement" in crisis
    for page in draft.rglob("*.html"):
        assert "<pb-untranslated" not in page.read_text(encoding="utf-8"), f"{page} shows an untranslated text"
    changes = (draft / "changes.html").read_text(encoding="utf-8")
    assert "No version of the charter has been approved in English yet" in changes
    # no release in force in English: the banner leads to the French one, on the same page
    [link] = re.findall(r'href="([^"]+)">See the version in force<', (draft / "networks" / "x.html").read_text(encoding="utf-8"))
    assert (draft / "networks" / link).resolve() == (example_output / "latest" / "networks" / "x.html").resolve()
    # a page the release in force does not have: the banner opens its home page
    for folder in (example_output / "draft", draft):
        [link] = re.findall(r'href="([^"]+)">(?:See the version in force|Voir la version en vigueur)<',
                            (folder / "calendar.html").read_text(encoding="utf-8"))
        assert (folder / link).resolve() == (example_output / "latest" / "index.html").resolve()


def test_language_switcher_keeps_the_page_where_it_exists(example_output):
    def switcher(page: Path) -> dict[str, str]:
        html = page.read_text(encoding="utf-8")
        return dict((lang, href) for href, lang in re.findall(r'<a href="([^"]*)" hreflang="(\w+)"', html))

    assert switcher(example_output / "draft" / "networks" / "x.html") == {
        "fr": "x.html", "en": "../../en/draft/networks/x.html"}
    assert switcher(example_output / "en" / "draft" / "networks" / "x.html") == {
        "fr": "../../../draft/networks/x.html", "en": "x.html"}
    # release 2.0 has no English version: the switcher opens the English site's home page
    assert switcher(example_output / "2.0" / "networks" / "x.html")["en"] == "../../en/draft/index.html"


@pytest.mark.parametrize("version", ["1.0", "2.0", "draft"])
def test_example_builds_every_page(example_site, version):
    site = example_site / version
    expected = ["index.html", "objectives.html", "audiences.html", "editorial.html", "comments.html",
                "personal_use.html", "crisis.html", "kpis.html", "roles.html", "listening.html",
                "glossary.html", "onboarding.html", "search/search_index.json"]
    networks = ["linkedin", "x", "facebook", "instagram", "youtube"] + ([] if version == "1.0" else ["tiktok"])
    expected += [f"networks/{n}.html" for n in networks] + ["changes.html"]
    expected += [] if version == "draft" else ["signoff.html", f"charter-{version}.pdf"]
    for name in expected:
        assert (site / name).is_file(), name
    assert list((site / "pages").glob("*.html")), "free pages are built"


def test_example_is_french_and_requests_nothing_outside(example_site):
    for page in example_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not EXTERNAL.search(html), f"{page.name} loads something from outside the site"
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
    home = (example_site / "draft" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in home and "Brouillon" in home
    assert "Version 2.0 en vigueur" in (example_site / "latest" / "index.html").read_text(encoding="utf-8")


MARK = re.compile(r'<a class="pb-term" href="([^"#]*)#(term-[\w-]+)" title="([^"\n]+)\n[^"]+">')


def test_lexicon_terms_link_to_their_entry_with_a_tooltip(example_site):
    glossary = (example_site / "latest" / "glossary.html").read_text(encoding="utf-8")
    network = (example_site / "latest" / "networks" / "x.html").read_text(encoding="utf-8")
    for html, target in ((glossary, ""), (network, "../glossary.html")):
        marks = MARK.findall(html)
        assert marks and all(href == target and f'id="{anchor}"' in glossary for href, anchor, _ in marks)
        assert "<abbr" not in html


def test_no_heading_of_any_page_holds_a_glossary_mark(example_output):
    pages = list(example_output.rglob("*.html"))
    marked = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        marked += html.count('class="pb-term"')
        for heading in re.findall(r"<h([1-6])\b[^>]*>(.*?)</h\1>", html, re.S):
            assert "pb-term" not in heading[1] and "<abbr" not in heading[1], (page, heading)
        for title in re.findall(r'<p class="admonition-title">(.*?)</p>', html, re.S):  # a box's heading
            assert "pb-term" not in title, (page, title)
        nav = "".join(re.findall(r"<nav\b.*?</nav>", html, re.S))  # the navigation and the table of contents
        assert "pb-term" not in nav and "<abbr" not in nav, page
    assert len(pages) > 100 and marked > 1000


def test_a_network_term_is_marked_only_on_its_network_page_and_the_glossary(example_site):
    """"chaîne" is YouTube's ("Chaîne d'escalade" on the crisis page is no YouTube channel)."""
    def anchors(path):
        return {anchor for _, anchor, _ in MARK.findall((example_site / "draft" / path).read_text(encoding="utf-8"))}
    assert "term-chaine" in anchors("networks/youtube.html") and "term-chaine" in anchors("glossary.html")
    for path in ("crisis.html", "networks/instagram.html", "networks/linkedin.html", "index.html"):
        assert "term-chaine" not in anchors(path), path
    assert "term-story" in anchors("networks/instagram.html") and "term-story" not in anchors("networks/x.html")
    # the charter's own terms everywhere
    assert "term-message-d-attente" in anchors("crisis.html") and "term-community-manager" in anchors("roles.html")


def test_the_lists_of_what_changed_hold_no_mark(example_site):
    html = (example_site / "latest" / "changes.html").read_text(encoding="utf-8")
    changes = html[html.index('<div class="pb-no-terms">'):]
    assert "<li>" in changes and "pb-term" not in changes[:changes.index("</div>")]


def test_checklists_are_checkboxes(example_site):
    html = (example_site / "latest" / "networks" / "linkedin.html").read_text(encoding="utf-8")
    assert html.count('type="checkbox"') >= 4
    onboarding = (example_site / "latest" / "onboarding.html").read_text(encoding="utf-8")
    assert onboarding.count('type="checkbox"') >= 15


def test_search_index_holds_lexicon_and_rules(example_site):
    index = (example_site / "latest" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "hashtag" in index.lower()
    assert "usage personnel" in index.lower()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_init_builds_as_it_is(tmp_path, language):
    root = init.run(tmp_path / "new", language)
    site = build.run(root).output
    html = (site / "index.html").read_text(encoding="utf-8")
    assert f'<html lang="{language}"' in html
    assert (site / "networks" / "linkedin.html").is_file()


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("keep me")
    with pytest.raises(PlaybookError) as caught:
        init.run(tmp_path / "taken", "fr")
    assert caught.value.diagnostics[0].code == "init-exists"
    assert (tmp_path / "taken" / "notes.txt").read_text() == "keep me"


def test_failed_build_leaves_previous_site_untouched(starter):
    site = build.run(starter).output
    before = snapshot(site)
    edit(starter / "content" / "objectives.yml", "    kpis:", "    kpi:")
    with pytest.raises(PlaybookError):
        build.run(starter)
    assert snapshot(site) == before
    assert not list(site.parent.glob(".site.*")), "no half-built folder is left behind"


def test_rebuild_replaces_the_site(starter):
    site = build.run(starter).output
    (site / "stale.html").write_text("old")
    build.run(starter)
    assert not (site / "stale.html").exists()
    assert (site / "index.html").is_file()


def test_html_in_yaml_is_shown_as_text(starter):
    edit(starter / "content" / "charter.yml", "title: ", "title: <script>alert('x')</script> ")
    html = (build.run(starter).output / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(" not in html
    assert "&lt;script&gt;alert(" in html


def test_out_option_builds_elsewhere(starter, tmp_path):
    out = tmp_path / "elsewhere"
    built = build.run(starter, out)
    assert built.output == out.resolve() and (out / "index.html").is_file()
    assert not (starter / "site").exists()


def test_diagrams_are_inline_svg(example_site):
    latest = example_site / "latest"
    for page, name in (("comments.html", "tree"), ("crisis.html", "escalation"), ("editorial.html", "mix")):
        html = (latest / page).read_text(encoding="utf-8")
        start = html.index(f'aria-labelledby="diagram-{name}-title"')
        svg = html[start:html.index("</svg>", start)]
        assert "<script" not in svg and "href=" not in svg.replace("url(#diagram", "")
    tree = (latest / "comments.html").read_text(encoding="utf-8")
    start = tree.index('aria-labelledby="diagram-tree-title"')
    assert "Spam et fraude" in tree[start:tree.index("</svg>", start)]
    roles = (latest / "roles.html").read_text(encoding="utf-8")
    assert 'class="raci-cell raci-a"' in roles and 'class="raci-cell raci-r"' in roles


def test_every_link_within_the_example_leads_to_a_file_of_the_site(example_output):
    from generator.site_links import broken_links, links
    assert broken_links(example_output) == []
    # the check reads what a browser follows: the menu, the assets, the entry page's refresh
    home = (example_output / "draft" / "index.html").read_text(encoding="utf-8")
    assert {"pages/outils-et-acces.html", "assets/stylesheets/reading.css"} <= set(links(home))
    assert "latest/index.html" in links((example_output / "index.html").read_text(encoding="utf-8"))


def test_every_page_of_the_example_carries_the_security_policy(example_output):
    from generator.audit import POLICY_TAG
    pages = list(example_output.rglob("*.html"))
    assert example_output / "index.html" in pages and example_output / "en" / "index.html" in pages
    assert [page for page in pages if POLICY_TAG not in page.read_text(encoding="utf-8")] == []
