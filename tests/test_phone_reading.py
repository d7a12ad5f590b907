"""Reading the example on a phone (390x844) and a laptop (1366x900) in Chromium, opened from its folder, as built by
each engine where the behaviour is the theme's: tables become cards that fit the screen, the moderation tree is read
as its text on a phone and at 12 px at least on a laptop, targets are large enough for a thumb, nothing floats over
the text, the version's status is said once, and search results keep a table's cells apart."""
from __future__ import annotations

import contextlib
import functools
import http.server
import json
import re
import threading

import pytest

from generator import search as site_search
from generator.search_tables import SEPARATOR, tables

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api")

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}
MIN_TAP = 44  # CSS px, the smallest target a thumb hits reliably
MIN_TEXT = 12  # CSS px, the smallest readable figure text


@pytest.fixture(params=["mkdocs", "zensical"])
def any_engine(request):
    """The example built once by each engine in turn (conftest.py): to read."""
    yield request.getfixturevalue("example_built" if request.param == "mkdocs" else "example_zensical_built")


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def laptop(browser):
    context = browser.new_context(viewport=LAPTOP)
    yield context.new_page()
    context.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def served(site):
    """The site on localhost, on a free port, for what a folder opened in a browser cannot do (the version
    selector reads versions.json): its address."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def open_page(page, site, path: str) -> None:
    page.goto((site / path).as_uri(), wait_until="load")


def box(page, selector: str) -> dict:
    return page.eval_on_selector(selector, "e => { const r = e.getBoundingClientRect(); "
                                           "return {x: r.left, y: r.top, right: r.right, bottom: r.bottom, "
                                           "width: r.width, height: r.height}; }")


# What a reader sees of the page's width: the page's own, and each table's cells, those of a head that only screen
# readers read left aside.
OVERFLOW = """() => {
  const shown = e => e.offsetParent !== null && !(e.closest('thead') && e.closest('thead').getBoundingClientRect().width <= 1);
  const cut = [...document.querySelectorAll('article td, article th')].filter(shown).filter(c => {
    const r = c.getBoundingClientRect(); return r.left < -0.5 || r.right > innerWidth + 0.5; })
    .map(c => c.textContent.trim().slice(0, 40));
  const scrolling = [...document.querySelectorAll('article .md-typeset__scrollwrap, article table')]
    .filter(e => e.scrollWidth > e.clientWidth + 1).length;
  return {page: document.documentElement.scrollWidth, cut, scrolling};
}"""


def test_no_page_of_the_example_scrolls_sideways_on_a_phone(phone, any_engine):
    site = any_engine.site
    pages = sorted(p.relative_to(site).as_posix() for folder in ("draft", "en/draft")
                   for p in (site / folder).rglob("*.html") if p.name != "404.html")
    assert len(pages) > 40
    wide = {}
    for path in pages:
        open_page(phone, site, path)
        seen = phone.evaluate(OVERFLOW)
        if seen["page"] > PHONE["width"] or seen["cut"] or seen["scrolling"]:
            wide[path] = seen
    assert wide == {}


def test_a_table_row_is_a_card_whose_values_carry_their_headings(phone, laptop, any_engine):
    site = any_engine.site
    open_page(phone, site, "draft/comments.html")
    first = phone.locator("article table").first.locator("tbody tr").first
    cells = first.locator("td")
    labels = [cells.nth(i).evaluate("c => getComputedStyle(c, '::before').content") for i in range(cells.count())]
    assert labels == ['"Réseau"', '"Objectif"', '"Heures couvertes"', '"En dehors de ces heures"']
    card, text = first.bounding_box(), first.inner_text()
    assert card["x"] >= 0 and card["x"] + card["width"] <= PHONE["width"]
    assert "X (anciennement Twitter)" in text and "30 min" in text
    for i in range(cells.count()):  # one under the other, each across the card
        assert cells.nth(i).bounding_box()["width"] > card["width"] * 0.8
    # the lexicon of a network: the example, its third column, is read in full
    open_page(phone, site, "draft/networks/instagram.html")
    example = phone.locator("article table td[data-label='Exemple']").first
    assert example.is_visible() and example.bounding_box()["x"] + example.bounding_box()["width"] <= PHONE["width"]
    # on a laptop, a table stays a table
    open_page(laptop, site, "draft/comments.html")
    row = laptop.locator("article table").first.locator("tbody tr").first
    tops = {round(row.locator("td").nth(i).bounding_box()["y"]) for i in range(4)}
    assert len(tops) == 1
    assert laptop.locator("article table thead").first.is_visible()


def test_the_tree_is_read_as_its_text_on_a_phone(phone, any_engine):
    open_page(phone, any_engine.site, "draft/comments.html")
    assert not phone.locator(".playbook-tree").is_visible()
    assert not phone.locator(".playbook-figure-size").first.is_visible()
    outcomes = phone.locator("article li", has_text=re.compile(r"^Si oui →"))
    assert outcomes.count() == 12
    for i in range(outcomes.count()):
        line = outcomes.nth(i).bounding_box()
        assert line["x"] >= 0 and line["x"] + line["width"] <= PHONE["width"]
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


# The figure's texts and lines in its own units: each text's box, each line's ends, each box drawn.
FIGURE = """svg => ({
  scale: svg.getBoundingClientRect().width / svg.viewBox.baseVal.width,
  texts: [...svg.querySelectorAll('text')].map(t => { const b = t.getBBox();
    const lines = [...t.querySelectorAll('tspan')].map(s => s.textContent);
    return {text: lines.length ? lines.join(' ') : t.textContent, size: parseFloat(t.getAttribute('font-size')), x: b.x, y: b.y, right: b.x + b.width,
            bottom: b.y + b.height}; }),
  lines: [...svg.querySelectorAll('line')].map(l => ['x1', 'y1', 'x2', 'y2'].map(a => parseFloat(l.getAttribute(a)))),
  rects: [...svg.querySelectorAll('rect')].map(r => ['x', 'y', 'width', 'height'].map(a => parseFloat(r.getAttribute(a)))),
})"""


def _crosses(text: dict, line: list[float]) -> bool:
    x1, y1, x2, y2 = line
    return (min(x1, x2) - 0.75 < text["right"] and max(x1, x2) + 0.75 > text["x"]
            and min(y1, y2) - 0.75 < text["bottom"] and max(y1, y2) + 0.75 > text["y"])


def test_the_tree_on_a_laptop_is_read_at_12_px_whole_and_its_words_clear_of_its_lines(laptop, example_built):
    open_page(laptop, example_built.site, "draft/comments.html")
    svg = laptop.locator(".playbook-tree svg")
    assert svg.is_visible()
    drawn = svg.evaluate(FIGURE)
    assert min(t["size"] for t in drawn["texts"]) * drawn["scale"] >= MIN_TEXT
    assert svg.bounding_box()["width"] <= laptop.locator("article").bounding_box()["width"] + 0.5  # no sideways scroll
    assert not laptop.locator(".playbook-figure-size").first.is_visible()  # nothing to enlarge
    texts = drawn["texts"]
    assert not [t["text"] for t in texts if t["text"].endswith("…")]  # no outcome cut
    assert "Sollicitation d'un journaliste ou d'un créateur de contenu" in [t["text"] for t in texts]
    for t in texts:
        assert not [line for line in drawn["lines"] if _crosses(t, line)], t["text"]
        inside = [r for r in drawn["rects"] if r[0] <= t["x"] and t["right"] <= r[0] + r[2]
                  and r[1] <= t["y"] and t["bottom"] <= r[1] + r[3]]
        if t["text"] not in ("Si oui", "Si non"):  # a box's text stays in its box; an answer's word is on its line
            assert inside, t["text"]
    for a in texts:  # and no two texts overlap
        for b in texts:
            if a is not b:
                assert not (a["x"] < b["right"] and b["x"] < a["right"] and a["y"] < b["bottom"]
                            and b["y"] < a["bottom"]), (a["text"], b["text"])


# The header's buttons, the version and language selectors and their lists, checklist lines, the reset button.
SELECTORS = [".md-header__button.md-icon", ".md-version__current", ".md-version__link", ".md-select__link",
             "article li.task-list-item", ".playbook-reset"]


def test_targets_are_large_enough_for_a_thumb(phone, any_engine):
    site = any_engine.site
    with served(site) as address:
        phone.goto(address + "draft/onboarding.html", wait_until="networkidle")
        phone.locator(".md-version__current").wait_for()
        sizes = phone.evaluate("""selectors => selectors.map(s => [s, [...document.querySelectorAll(s)]
          .map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })])""", SELECTORS)
    small = {f"{selector} #{i}": size for selector, found in sizes for i, size in enumerate(found)
             if size[0] and (size[0] < MIN_TAP or size[1] < MIN_TAP)}
    assert all(found for _, found in sizes), sizes
    assert small == {}
    open_page(phone, site, "draft/comments.html")
    buttons = phone.locator("article .playbook-assistant button")
    shown = [buttons.nth(i).bounding_box() for i in range(buttons.count()) if buttons.nth(i).is_visible()]
    assert shown and all(b["width"] >= MIN_TAP and b["height"] >= MIN_TAP for b in shown)


def test_tapping_a_checklist_line_ticks_its_box_and_its_link_stays_a_link(phone, any_engine):
    open_page(phone, any_engine.site, "draft/onboarding.html")
    line = phone.locator("article li.task-list-item", has_text="Usage personnel").first
    box = line.locator("input[type=checkbox]")
    line.scroll_into_view_if_needed()
    assert not box.is_checked()
    words = line.bounding_box()
    phone.touchscreen.tap(words["x"] + 8, words["y"] + 12)  # "Lire :", before the link
    assert box.is_checked()
    phone.touchscreen.tap(words["x"] + 8, words["y"] + 12)
    assert not box.is_checked()
    line.locator("a").tap()
    phone.wait_for_url(re.compile(r"personal_use\.html$"))


def test_the_version_is_said_once_on_the_home_page(phone, any_engine):
    site = any_engine.site
    for path, status in (("draft/index.html", "Brouillon — non approuvé"), ("latest/index.html", "Version 2.0 en vigueur")):
        open_page(phone, site, path)
        assert phone.locator("body").inner_text().count(status) == 1, path
        assert status in phone.locator(".md-banner").inner_text()


def test_back_to_top_covers_no_heading(phone, laptop, example_built):
    for page, size in ((phone, PHONE), (laptop, LAPTOP)):
        open_page(page, example_built.site, "draft/comments.html")
        heading = page.locator(".playbook-assistant h2, .playbook-assistant h3, .playbook-assistant p").first
        page.evaluate("window.scrollTo(0, document.body.scrollHeight / 2)")
        heading.evaluate("e => e.scrollIntoView()")
        page.mouse.wheel(0, -300)  # scrolling up shows the button
        page.wait_for_timeout(400)
        top = page.locator(".md-top")
        assert top.is_visible()
        button = top.bounding_box()
        assert button["width"] >= MIN_TAP and button["height"] >= MIN_TAP
        assert button["y"] + button["height"] > size["height"] * 0.8  # in the bottom corner
        text = heading.bounding_box()
        assert button["y"] > text["y"] + text["height"] or button["x"] > text["x"] + text["width"]


def test_search_results_keep_a_tables_cells_apart(example_built):
    folder = example_built.site / "draft"
    index = json.loads((folder / site_search.INDEX).read_text(encoding="utf-8"))
    delays = next(doc for doc in index["docs"] if doc["location"] == "comments.html#delais-de-reponse")
    assert "<p>Réseau · Objectif · Heures couvertes · En dehors de ces heures</p>" in delays["text"]
    assert "<p>X (anciennement Twitter) · 30 min · " in delays["text"]
    kpis = next(doc for doc in index["docs"] if doc["location"] == "kpis.html")
    assert "Indicateurs Type Objectif" not in kpis["text"] and f"Indicateurs{SEPARATOR}Type" in kpis["text"]


def test_a_pages_tables_are_read_cell_by_cell():
    html = ("<p>x</p><table><thead><tr><th>A &amp; B</th><th>C</th></tr></thead><tbody>"
            "<tr><td><a href='#'>one</a>\n two</td><td></td></tr><tr><td>3</td><td><strong>4</strong></td></tr>"
            "</tbody></table><script>var t = '<table>';</script>")
    assert tables(html) == [[["A &amp; B", "C"], ["one two"], ["3", "4"]]]


def test_the_home_pages_first_call_is_on_the_first_screen(phone, any_engine):
    """Without the status said twice and with a shorter title and tighter cards, the crisis card's first number to
    call is on the first screen of a phone, in each version and language."""
    for path in ("draft/index.html", "latest/index.html", "en/draft/index.html"):
        open_page(phone, any_engine.site, path)
        call = phone.locator("article a[href^='tel:']").first.bounding_box()
        assert call["y"] + call["height"] <= PHONE["height"], path
