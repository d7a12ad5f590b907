"""The example site as its readers use it, on a phone (390 × 844) and a laptop (1366 × 900): every page of every
version and language it builds fits the screen's width, its wide tables scroll inside a frame, and the header's
controls never run over one another."""
from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

from .test_browser import distinct_pages, readable_pages

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}


class _Logged(http.server.SimpleHTTPRequestHandler):
    """Serves the site and notes every request with its status, favicon lookups included."""

    log: list[tuple[str, int]]

    def log_request(self, code="-", size="-"):
        self.log.append((self.path, int(getattr(code, "value", code))))

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served(_example_built):
    """The whole example site (built once for the run, conftest.py) served on localhost: (address, folder, the
    server's request log)."""
    site = _example_built.site
    log: list[tuple[str, int]] = []
    handler = type("Handler", (_Logged,), {"log": log})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", site, log
    server.shutdown()


# What one page measures of itself once the theme's scripts have run: the page's width against the window's, the
# tables wider than their scrolling frame that show no frame, and the boxes of the header's controls.
MEASURE = """() => {
  const box = e => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top,
                                                                bottom: r.bottom, width: r.width}; };
  const unframed = [...document.querySelectorAll('article table')].filter(table => {
    const wrap = table.closest('.md-typeset__scrollwrap');
    if (!wrap) return table.scrollWidth > table.parentElement.clientWidth + 1;
    return wrap.scrollWidth > wrap.clientWidth + 1 && !wrap.closest('.playbook-scroll--wide');
  }).map(table => (table.querySelector('th') || table).textContent.trim().slice(0, 40));
  const controls = {};
  for (const [name, selector] of [['menu', '.md-header__inner > label[for="__drawer"]'],
                                  ['title', '.md-header__topic:first-child > .md-ellipsis'],
                                  // the version's label as shown: its button reaches 44 px over the room around it
                                  ['version', '.md-header__topic:first-child .md-version__current > span'],
                                  ['language', '.md-header__option'],
                                  ['search', '.md-header__inner > label[for="__search"]'],
                                  ['search field', '.md-header__inner > .md-search .md-search__form']]) {
    const element = [...document.querySelectorAll(selector)]
      .find(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden');
    if (element) {
      controls[name] = box(element);
    }
  }
  // the smallest text of each figure shown, in CSS px as shown, and whether a figure wider than its frame says so
  const figures = [...document.querySelectorAll('article .playbook-diagram svg')].filter(svg => svg.getClientRects().length).map(svg => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const sizes = [...svg.querySelectorAll('text')].map(t => parseFloat(t.getAttribute('font-size')));
    const frame = svg.closest('.playbook-diagram');
    const box = frame.closest('.playbook-scroll');
    const button = box && box.querySelector(':scope > .playbook-figure-size');
    return {smallest: Math.min(...sizes) * scale, enlarge: !!(button && !button.hidden && button.getClientRects().length),
            unframed: frame.scrollWidth > frame.clientWidth + 1 && !frame.closest('.playbook-scroll--wide')};
  });
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, unframed, controls, figures,
          title: (document.querySelector('.md-header__topic:first-child > .md-ellipsis') || {}).textContent};
}"""


def measure(page, address: str) -> dict:
    page.goto(address, wait_until="load")
    # every page of the example is versioned: wait for the selector (built from versions.json) and its labels
    page.wait_for_selector(".md-version__current .playbook-version__long", state="attached", timeout=10000)
    page.wait_for_function("document.fonts.status === 'loaded'")
    return page.evaluate(MEASURE)


def overlaps(controls: dict) -> list[tuple[str, str]]:
    names = sorted(controls)
    return [(a, b) for i, a in enumerate(names) for b in names[i + 1:]
            if min(controls[a]["right"], controls[b]["right"]) - max(controls[a]["left"], controls[b]["left"]) > 0.5
            and min(controls[a]["bottom"], controls[b]["bottom"]) - max(controls[a]["top"], controls[b]["top"]) > 0.5]


def every_page(served) -> list[str]:
    _, site, _ = served
    pages = distinct_pages(site)  # latest/ holds the bytes of 2.0: measured once
    assert len(pages) >= 100 and len(readable_pages(site)) - len(pages) >= 20  # 1.0, 2.0 and the draft in French,
    return pages                                                               # and the English draft


# each screen's measure of every page is a unit of work of its own under pytest -n (tests/scheduling.py): the
# longest of the suite, they run beside each other and beside the rest of this module
@pytest.mark.parametrize("viewport", [pytest.param(PHONE, id="phone", marks=pytest.mark.xdist_group("reading-phone")),
                                      pytest.param(LAPTOP, id="laptop", marks=pytest.mark.xdist_group("reading-laptop"))])
def test_every_page_fits_the_screen_and_frames_its_wide_tables(served, browser, viewport):
    url, _, _ = served
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    overflowing, unframed, crossed, figures = [], [], [], 0
    for path in every_page(served):
        found = measure(page, url + path)
        figures += len(found["figures"])
        if found["scrollWidth"] > found["innerWidth"]:
            overflowing.append((path, found["scrollWidth"]))
        if found["unframed"]:
            unframed.append((path, found["unframed"]))
        if overlaps(found["controls"]):  # the header's controls, on a phone as on a laptop
            crossed.append((path, overlaps(found["controls"]), found["controls"]))
        if viewport is PHONE:
            small = [figure for figure in found["figures"] if figure["smallest"] < 12 or figure["unframed"]]
            assert not small, (path, small)  # a figure's text is read at 12 CSS px at least, its frame says it scrolls
            assert {"menu", "title", "version", "language", "search"} <= set(found["controls"]), (path, found)
            assert found["controls"]["title"]["width"] >= 120, (path, found["controls"]["title"])
        else:  # on a wide screen a figure takes the column's width: drawn under 12 px, it offers to be enlarged
            small = [figure for figure in found["figures"] if figure["smallest"] < 11.95 and not figure["enlarge"]]
            assert not small, (path, small)
    context.close()
    assert overflowing == [] and unframed == [] and crossed == []
    assert figures >= 12  # the decision tree, escalation chains and content mix of each version were measured


def test_a_figure_drawn_small_on_a_laptop_is_enlarged_to_readable_text_and_back(served, browser):
    url, _, _ = served
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    found = measure(page, url + "draft/crisis.html")
    chains = found["figures"][0]
    assert chains["smallest"] < 12 and chains["enlarge"], chains  # the escalation chains fit the column, text small
    button = page.locator(".playbook-figure-size").first
    assert button.get_attribute("aria-pressed") == "false"
    button.focus()
    page.keyboard.press("Enter")
    enlarged = page.evaluate(MEASURE)
    assert enlarged["figures"][0]["smallest"] >= 11.95, enlarged["figures"]
    assert enlarged["scrollWidth"] <= enlarged["innerWidth"]  # the figure scrolls in its frame, not the page
    assert not enlarged["figures"][0]["unframed"]
    assert button.get_attribute("aria-pressed") == "true" and button.inner_text() != "Agrandir la figure"
    button.click()
    assert page.evaluate(MEASURE)["figures"][0]["smallest"] < 12
    assert button.inner_text() == "Agrandir la figure"
    context.close()


def test_the_results_page_fits_a_phone_with_its_charts_tables_and_statuses(served, browser):
    url, _, _ = served
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    for path, statuses in (("draft/results.html", {"Dans la cible", "En retard", "Pas de données"}),
                           ("en/draft/results.html", {"On track", "Behind", "No data"})):
        found = measure(page, url + path)
        assert found["scrollWidth"] <= found["innerWidth"], (path, found["scrollWidth"])
        charts = page.locator("article .playbook-result .playbook-chart svg")
        assert charts.count() == 6 == len(found["figures"]), path  # every indicator measured at least once
        assert all(figure["smallest"] >= 12 and not figure["unframed"] for figure in found["figures"]), found
        # beside each chart, its values as a table, read by screen readers and printed; the status is in words
        assert page.locator("article .playbook-result table").count() == 6
        assert set(page.locator("article .playbook-result-status").all_inner_texts()) == statuses
        box = charts.first.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    context.close()


@pytest.mark.parametrize("width", [320, 360, 390])
def test_the_header_fits_down_to_320_pixels(served, browser, width):
    url, _, _ = served
    context = browser.new_context(viewport={"width": width, "height": 700})
    page = context.new_page()
    for path in ("latest/index.html", "1.0/crisis.html", "draft/roles.html", "en/draft/index.html"):
        found = measure(page, url + path)
        assert overlaps(found["controls"]) == [], (path, found["controls"])
        assert found["scrollWidth"] <= width, path
        # the site's name may end in an ellipsis, but a readable part of it stays
        assert found["controls"]["title"]["width"] >= 0.25 * width, (path, found["controls"]["title"])
        assert found["controls"]["version"]["right"] <= found["controls"]["language"]["left"], path
    context.close()


def test_the_entry_page_declares_the_site_icon(served, browser):
    """Without an icon of its own, the page at the site's root made browsers ask for /favicon.ico: a 404."""
    url, site, log = served
    assert '<link rel="icon" href="latest/assets/images/favicon.png">' in (site / "index.html").read_text()
    assert (site / "latest" / "assets" / "images" / "favicon.png").is_file()
    for locale in ("fr-FR", "en-GB"):
        context = browser.new_context(locale=locale)
        page = context.new_page()
        del log[:]
        page.goto(url)
        page.wait_for_url("**/latest/index.html")
        page.wait_for_load_state("load")
        context.close()
        assert [entry for entry in log if entry[1] >= 400] == [], locale
        assert ("/favicon.ico", 404) not in log


def test_a_plain_request_for_favicon_ico_at_the_root_gets_the_sites_icon(served):
    """Feed readers, bookmarks and old browsers ask for /favicon.ico whatever the page declares: the root has it,
    an icon made from the entry version's own."""
    import io
    import urllib.request

    from PIL import Image

    url, site, log = served
    with urllib.request.urlopen(url + "favicon.ico") as answer:
        assert answer.status == 200
        body = answer.read()
    with Image.open(io.BytesIO(body)) as icon:
        assert icon.format == "ICO" and (32, 32) in icon.info["sizes"]
    with Image.open(site / "latest" / "assets" / "images" / "favicon.png") as declared, \
            Image.open(io.BytesIO(body)) as icon:
        icon.size = (48, 48)
        big = icon.convert("RGBA")
        # the same picture: the declared icon brought to 48 px differs from it by little on average
        small = declared.convert("RGBA").resize((48, 48))
        diff = sum(abs(a - b) for a, b in zip(big.tobytes(), small.tobytes()))
        assert diff / (48 * 48 * 4) < 16


def test_an_icon_pillow_cannot_read_gives_no_favicon_ico_and_no_failure(tmp_path):
    from generator.versions import write_favicon
    (tmp_path / "latest").mkdir()
    (tmp_path / "latest" / "icon.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # a PNG's signature and nothing else
    (tmp_path / "favicon.ico").write_bytes(b"an older build's")
    write_favicon(tmp_path, "latest/icon.png")
    assert not (tmp_path / "favicon.ico").exists()


def _font_families(pdf: Path) -> set[str]:
    from pypdf import PdfReader
    families = set()
    for page in PdfReader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            name = str(font.get_object()["/BaseFont"]).lstrip("/")
            families.add(name.split("+")[-1].split("-")[0].split(",")[0])
    return families


def test_printed_pages_use_one_font_keep_headings_with_what_follows_and_print_no_button(served, browser, tmp_path):
    from pypdf import PdfReader
    url, _, _ = served
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    for path, gone in (("latest/signoff.html", "Télécharger la version PDF"),  # the PDF button
                       ("latest/onboarding.html", "Tout décocher"),  # the checklists' reset button
                       ("latest/crisis.html", "Rechercher")):  # the header's search field
        page.goto(url + path, wait_until="networkidle")
        page.emulate_media(media="print")
        pdf = tmp_path / (Path(path).stem + ".pdf")
        page.pdf(path=str(pdf), format="A4")
        # the running header (the version) is in the body's font, not in the browser's serif; code (the content's
        # fingerprint) keeps its monospace font
        text_fonts = {family for family in _font_families(pdf) if "Mono" not in family}
        assert len(text_fonts) == 1 and not any("Serif" in family for family in text_fonts), (path, text_fonts)
        text = "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
        assert gone not in text, path
        assert "2.0" in text
        rules = page.evaluate("""() => ({
          headings: [...document.querySelectorAll('article h2, article h3')].map(h => getComputedStyle(h).breakAfter),
          figures: [...document.querySelectorAll('article .playbook-diagram, article figure, article tr')]
                     .map(f => getComputedStyle(f).breakInside),
          controls: [...document.querySelectorAll('button, .md-button, .md-header, .md-clipboard')]
                      .filter(b => b.getClientRects().length).map(b => b.outerHTML.slice(0, 80))})""")
        assert set(rules["headings"]) == {"avoid"}, path
        assert set(rules["figures"]) <= {"avoid"}, path
        assert rules["controls"] == [], path
        page.emulate_media(media="screen")
    context.close()


def test_opened_from_the_folder_search_works_and_the_banner_explains_the_missing_menu(served, browser):
    _, site, _ = served
    page = browser.new_page(viewport=LAPTOP)
    page.goto((site / "latest" / "index.html").as_uri(), wait_until="load")
    assert "opened from a folder" in page.inner_text(".playbook-status") or \
        "ouvert depuis un dossier" in page.inner_text(".playbook-status")
    page.click("input.md-search__input")
    page.keyboard.type("confidentialité")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    assert page.eval_on_selector_all(".md-search-result__item", "items => items.length") >= 1
    served_page = browser.new_page(viewport=LAPTOP)  # over HTTP the menu is there and the note is not shown
    served_page.goto(served[0] + "latest/index.html", wait_until="load")
    assert served_page.is_hidden(".playbook-status__file")
    page.close()
    served_page.close()
