"""Search in the charter's language, as a reader types it into the search field of the example site (Debian's
Chromium driven by Playwright): a word finds its page whatever its form (plural, apostrophe, accents left out),
on the French draft and on the English one, served on localhost and opened from the folder (file://)."""
from __future__ import annotations

import contextlib
import functools
import http.server
import json
import threading
from pathlib import Path

import pytest

from generator import search as site_search

from .test_browser import RESULT, search

pytestmark = pytest.mark.browser
TITLE_FORMS, TEXT_FORMS = site_search.FIELDS  # the hidden fields of an entry: its title's forms, its text's

# (what a reader types, a link that one of the first three results must hold: a page, or a page at a section)
FRENCH = [
    ("attente", "crisis.html"),  # "message d'attente": the apostrophe splits words
    ("d’attente", "crisis.html"),  # a typographic apostrophe typed
    ("message d'attente", "crisis.html"),
    ("messages d'attente", "crisis.html"),  # the glossary term's other form
    ("avocats", "crisis.html"),  # "Cabinet d'avocats" in the crisis contacts
    ("avocat", "crisis.html"),
    ("avocats", "comments.html"),  # the legal threat's "notre avocat": a plural typed finds the singular
    ("telephone", "crisis.html"),  # no accent typed: "Téléphone" of the crisis contacts
    ("téléphone", "crisis.html"),
    ("employeur", "personal_use.html#transparence-sur-son-lien-avec-lemployeur"),
    ("employeurs", "personal_use.html"),  # a plural typed finds "l'employeur" of the rules
    ("crise majeure", "crisis.html"),
    ("moderation", "comments.html"),
    ("modération", "comments.html"),
    ("ambassadeurs", "ambassadors.html"),
    ("ambassadeur", "ambassadors.html"),
    ("indicateurs", "kpis.html"),
    ("calendrier editorial", "calendar.html"),
    ("ecoute", "listening.html"),
    ("formations", "training.html"),
    ("roles", "roles.html"),
    ("injures", "comments.html"),
    ("community manager", "glossary.html#term-community-manager"),
    ("story à la une", "glossary.html#term-story-a-la-une"),
    ("audit d'image", "listening.html"),
]
ENGLISH = [
    ("holding statement", "crisis.html"),
    ("holding statements", "crisis.html"),
    ("lawyer", "comments.html"),
    ("lawyers", "comments.html"),  # a plural typed finds "our lawyer"
    ("law firm", "crisis.html"),
    ("employer", "ambassadors.html"),
    ("employers", "ambassadors.html"),
    ("employer's", "ambassadors.html"),  # a possessive typed: not a search for every word in s
    ("employer’s", "ambassadors.html"),
    ("phone", "crisis.html"),
    ("phones", "crisis.html"),
    ("major crisis", "crisis.html"),
    ("moderation", "comments.html"),
    ("ambassadors", "ambassadors.html"),
    ("ambassador", "ambassadors.html"),
    ("editorial calendar", "calendar.html"),
    ("listening", "listening.html"),
    ("trainings", "training.html"),
    ("roles", "roles.html"),
    ("insults", "comments.html"),
    ("image audit", "listening.html"),
    ("community manager", "glossary.html#term-community-manager"),
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def _served(built, request):
    """A site the whole run shares (conftest.py), served on localhost: (address, folder); the tests only read it."""
    from .conftest import read_only
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(built.site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with read_only(built.root, request):
            yield f"http://127.0.0.1:{server.server_address[1]}/", built.site
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def site(_example_built, request):
    """The example site, built once with MkDocs, both languages, served on localhost: (address, folder)."""
    with _served(_example_built, request) as served:
        yield served


@pytest.fixture(scope="module")
def zensical_site(_example_zensical_built, request):
    """The example site built once with Zensical (an optional dependency, which the test extra installs)."""
    with _served(_example_zensical_built, request) as served:
        yield served


@pytest.fixture(scope="module")
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def found(page, address: str, query: str) -> list[list[str]]:
    """The links of the first three results (each a page, then its sections found) once the last keystroke's
    results are shown."""
    search(page, address, query)
    page.wait_for_timeout(400)  # Material answers each keystroke: let the last one's results replace the others
    return [[a.get_attribute("href") or "" for a in item.locator("a").all()]
            for item in page.locator(RESULT).all()[:3]]


def _holds(results: list[list[str]], expected: str) -> bool:
    page_, _, anchor = expected.partition("#")
    for links in results:
        for href in links:
            path, _, rest = href.partition("?")
            at = rest.partition("#")[2] if "#" in rest else path.partition("#")[2]
            if path.partition("#")[0].endswith(page_) and (not anchor or at == anchor):
                return True
    return False


@pytest.mark.parametrize("query, expected", FRENCH, ids=[q for q, _ in FRENCH])
def test_french_query_finds_its_page_in_the_first_three(site, page, query, expected):
    url, _ = site
    results = found(page, url + "draft/index.html", query)
    assert _holds(results, expected), (query, results)


@pytest.mark.parametrize("query, expected", ENGLISH, ids=[q for q, _ in ENGLISH])
def test_english_query_finds_its_page_in_the_first_three(site, page, query, expected):
    url, _ = site
    results = found(page, url + "en/draft/index.html", query)
    assert _holds(results, expected), (query, results)


@pytest.mark.parametrize("query, expected", [("telephone", "crisis.html"), ("avocats", "crisis.html"),
                                             ("attente", "crisis.html")])
def test_opened_from_the_folder_the_same_words_are_found(site, page, query, expected):
    _, folder = site  # file://: the offline plugin's inlined copy of the index, which the build enriched too
    results = found(page, (folder / "draft" / "index.html").as_uri(), query)
    assert _holds(results, expected), (query, results)


@pytest.mark.parametrize("query", ["telephone", "avocats", "employeur", "modération", "ambassadeurs"])
def test_the_list_of_what_changed_never_comes_before_the_page_it_quotes(site, page, query):
    """'What changed' quotes every rule and contact added: it ranks below the pages that hold them, so that a reader
    looking for a phone number gets the crisis page first, not the whole list of changes shown unmarked."""
    url, _ = site
    results = found(page, url + "draft/index.html", query)
    assert results and not results[0][0].split("?")[0].endswith("/changes.html"), (query, results)


def test_the_added_forms_are_shown_to_no_reader(site, page):
    """A result found by a form the page does not write shows the page's own words, never the added ones."""
    url, _ = site
    found(page, url + "draft/index.html", "telephone")
    shown = page.locator(".md-search-result").inner_text()
    assert "Téléphone" in shown or "téléphone" in shown
    assert "telephones" not in shown and TEXT_FORMS not in shown and TITLE_FORMS not in shown


def test_the_index_and_its_inlined_copy_carry_the_same_forms(site):
    _, folder = site
    index = json.loads((folder / "draft" / site_search.INDEX).read_text(encoding="utf-8"))
    inlined = (folder / "draft" / site_search.INLINED).read_text(encoding="utf-8")
    assert json.loads(inlined.removeprefix("var __index = ")) == index
    assert index["config"]["separator"] == site_search.SEPARATOR and index["config"]["pipeline"] == []
    contacts = next(doc for doc in index["docs"] if doc["location"] == "crisis.html#contacts-de-crise")
    assert "telephone" in contacts[TEXT_FORMS].split() and "Téléphone" in contacts["text"]


def test_enriching_twice_gives_the_same_index(site, tmp_path):
    _, folder = site
    copy = tmp_path / "draft"
    (copy / "search").mkdir(parents=True)
    (copy / site_search.INDEX).write_bytes((folder / "draft" / site_search.INDEX).read_bytes())
    forms = {site_search.FORMS: [["message d'attente", "messages d'attente"]]}
    site_search.enrich(copy, forms)
    before = (copy / site_search.INDEX).read_text(encoding="utf-8")
    site_search.enrich(copy, forms)
    assert (copy / site_search.INDEX).read_text(encoding="utf-8") == before


def test_words_split_as_the_browser_splits_them():
    assert site_search.words("Cabinet d'avocats, message d’attente ; l'employeur's <b>Téléphone</b>") == [
        "cabinet", "d", "avocats", "message", "d", "attente", "l", "employeur", "téléphone"]


def test_a_glossary_term_brings_its_other_forms(tmp_path):
    index = {"config": {"lang": ["fr"]}, "docs": [
        {"location": "a.html", "title": "A", "text": "<p>Publier le message d'attente validé (coulisses).</p>"},
        {"location": "b.html", "title": "B", "text": "<p>Rien à voir.</p>"}]}
    (tmp_path / "search").mkdir()
    site_search.write_index(tmp_path, index)
    site_search.enrich(tmp_path, {site_search.FORMS: [["message d'attente", "messages d'attente"]]})
    docs = json.loads((tmp_path / site_search.INDEX).read_text(encoding="utf-8"))["docs"]
    # the glossary term's other form; a word without its accent; a word after a bracket, which a word typed
    # (matched as the start of an indexed word) would not find; not the words the browser finds already
    assert {"messages", "valide", "coulisses"} <= set(docs[0][TEXT_FORMS].split())
    assert not {"message", "publier", "attente"} & set(docs[0][TEXT_FORMS].split())
    assert "messages" not in docs[1].get(TEXT_FORMS, "").split()


# What Zensical's own search finds with these settings (its index is its own: only the separator is read; see the
# README for what it does not find: French plurals, a glossary term's aliases).
ZENSICAL = [("draft/", "attente", "crisis.html"), ("draft/", "telephone", "crisis.html#contacts-de-crise"),
            ("draft/", "avocat", "comments.html"), ("draft/", "employeur", "personal_use.html"),
            ("en/draft/", "lawyers", "comments.html"), ("en/draft/", "phones", "crisis.html#crisis-contacts"),
            ("en/draft/", "holding statements", "crisis.html")]


@pytest.mark.parametrize("prefix, query, expected", ZENSICAL, ids=[p + q for p, q, _ in ZENSICAL])
def test_zensical_finds_the_same_words_where_its_search_can(zensical_site, page, prefix, query, expected):
    url, _ = zensical_site
    results = found(page, url + prefix + "index.html", query)
    assert _holds(results, expected), (query, results)
