"""A crisis on a phone: the example site built once, served on localhost, read in Chromium at 390x844 (and 1366x900).

The crisis page opens with whom to call now, in the order of the mildest level's escalation chain, as tel: buttons
large enough for a thumb; the triage ends with its level's chain right under the level's name; the home page's
crisis card shows the first call; a delay of 0 reads 'immédiatement' in the site, its search index and its PDF."""
from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from datetime import date
from pathlib import Path

import pytest

from generator.crisis_calls import backup_pieces
from generator.load import load_project
from generator.model.base import dial
from generator.validate import validate

from .conftest import read_only

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api")

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
ZERO_MINUTES = re.compile(r"(?<![0-9])0[\s\u00a0\u202f]*min\b")
MIN_TAP = 44  # CSS px, the smallest target a thumb hits reliably


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def example(_example_built, request):
    """The example charter (both languages, every version), built once for the whole run (conftest.py): (its
    folder, its site folder), which these tests only read."""
    with read_only(_example_built.root, request):
        yield _example_built.root, _example_built.site


@pytest.fixture(scope="module")
def address(example):
    """The built site served on localhost, on a free port."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_Quiet, directory=str(example[1])))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/draft/"
    server.shutdown()


@pytest.fixture(scope="module")
def crisis(example):
    """The example's crisis part, as the site's draft reads it."""
    playbook, _ = validate(load_project(example[0]), today=date.today())
    return playbook.crisis


def numbers(crisis, level) -> list[str]:
    """What the level's chain dials, in its order: each step's contacts, their phone then their backup's numbers."""
    dialled = []
    for step in level.escalation:
        roles = step.role if isinstance(step.role, list) else [step.role]
        for contact in (c for role in roles for c in crisis.contacts if c.role == role):
            dialled += [dial(contact.phone)] if contact.phone else []
            dialled += [piece.dial for piece in backup_pieces(contact.backup) if piece.dial]
    return dialled


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def tel_links(page, scope: str = "body") -> list[dict]:
    """The tel: links shown in `scope`, in the page's order, with their box on the screen."""
    return page.eval_on_selector_all(f"{scope} a[href^='tel:']", """links => links
        .filter(a => a.offsetParent !== null)
        .map(a => { const r = a.getBoundingClientRect();
                    return {dial: a.getAttribute('href').slice(4), top: r.top, bottom: r.bottom,
                            width: r.width, height: r.height}; })""")


def test_the_first_screen_says_whom_to_call_in_escalation_order(phone, address, crisis):
    phone.goto(address + "crisis.html", wait_until="networkidle")
    shown = [link for link in tel_links(phone) if link["bottom"] <= PHONE["height"]]
    assert shown, "no number to call on the first screen of the crisis page"
    mildest = min(crisis.levels, key=lambda level: level.severity)
    expected = numbers(crisis, mildest)
    assert [link["dial"] for link in shown] == expected[:len(shown)]
    for link in tel_links(phone, "#crisis-call-first"):
        assert link["width"] >= MIN_TAP and link["height"] >= MIN_TAP, link
    # the backups are numbers to dial too, and the holding statement is one tap away
    assert [link["dial"] for link in tel_links(phone, "#crisis-call-first")] == expected
    holding = phone.locator("#crisis-call-first a[href^='#holding-statement-']").first
    target = holding.get_attribute("href")
    holding.click()
    assert phone.locator(target).is_visible()
    assert phone.locator(target).bounding_box()["y"] < PHONE["height"]


def test_the_directory_stays_lower_with_its_backups_dialled(phone, address, crisis):
    phone.goto(address + "crisis.html", wait_until="networkidle")
    card = phone.locator("#crisis-call-first").bounding_box()
    directory = phone.locator("h2", has_text=re.compile("Contacts")).bounding_box()
    assert directory["y"] > card["y"] + card["height"]
    backups = [piece.dial for c in crisis.contacts for piece in backup_pieces(c.backup) if piece.dial]
    listed = phone.eval_on_selector_all("article li li a[href^='tel:']", "links => links.map(a => a.href.slice(4))")
    assert set(backups) <= set(listed)


def triage_to(page, level_id: str) -> None:
    """Answer no until the level's question, then yes, as a reader taps."""
    for _ in range(10):
        question = page.locator(f"#assistant-crisis-q-{level_id}")
        if question.is_visible():
            question.locator(".playbook-assistant__answer--yes").click()
            return
        page.locator(".playbook-assistant__question:visible .playbook-assistant__answer--no").click()
    raise AssertionError(f"the triage never asked about {level_id}")


def test_triage_ends_with_the_levels_chain_under_its_name(phone, address, crisis):
    for level in crisis.levels:
        phone.goto(address + "crisis.html", wait_until="networkidle")
        triage_to(phone, level.id)
        outcome = phone.locator(f"#assistant-crisis-c-{level.id}")
        outcome.wait_for(state="visible")
        name = outcome.locator(".playbook-assistant__focus")
        chain = outcome.locator(".playbook-calls")
        # the chain is the next thing after the level's name, and on the screen with it
        assert name.evaluate("e => e.nextElementSibling.classList.contains('playbook-calls')")
        assert chain.locator("a[href^='tel:']").first.bounding_box()["y"] < PHONE["height"]
        assert [link["dial"] for link in tel_links(phone, f"#assistant-crisis-c-{level.id} .playbook-calls")] \
            == numbers(crisis, level)
        steps = chain.locator(".playbook-calls__within").all_inner_texts()
        assert len(steps) == len(level.escalation)
        for step, text in zip(level.escalation, steps):
            assert ("immédiatement" in text) if step.within_minutes == 0 else re.search(r"\d", text), text


def test_the_home_card_keeps_its_promise(phone, address, crisis):
    phone.goto(address + "index.html", wait_until="networkidle")
    card = phone.locator(".playbook-readers li", has=phone.locator("a[href='crisis.html']"))
    assert "Qui appeler d'abord" in card.inner_text()  # its promise
    mildest = min(crisis.levels, key=lambda level: level.severity)
    first = [link["dial"] for link in tel_links(phone, ".playbook-readers")]
    assert first and first[0] == numbers(crisis, mildest)[0]
    card.locator("a[href$='#crisis-call-first']").click()
    phone.wait_for_load_state("networkidle")
    assert phone.url.endswith("crisis.html#crisis-call-first")
    calls = [link for link in tel_links(phone, "#crisis-call-first") if 0 <= link["top"] < PHONE["height"]]
    assert calls and calls[0]["dial"] == first[0]


def test_at_1366_the_card_fits_its_column(browser, address):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    try:
        page.goto(address + "crisis.html", wait_until="networkidle")
        card = page.locator("#crisis-call-first").bounding_box()
        content = page.locator("article").bounding_box()
        assert card["x"] >= content["x"] and card["x"] + card["width"] <= content["x"] + content["width"] + 1
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        links = tel_links(page, "#crisis-call-first")
        assert links and links[0]["bottom"] <= DESKTOP["height"]
        for link in links:
            assert link["height"] >= MIN_TAP and link["width"] <= card["width"]
    finally:
        context.close()


def test_no_delay_reads_zero_minutes(example, crisis):
    """In every page, the search index and the release PDF: a delay of 0 is 'immédiatement' / 'immediately'."""
    assert any(step.within_minutes == 0 for level in crisis.levels for step in level.escalation)
    site = example[1]
    for path in [*site.rglob("*.html"), *site.rglob("search_index.json")]:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".json":
            text = " ".join(doc["text"] for doc in json.loads(text)["docs"])
        text = re.sub(r"<[^>]+>", " ", text)
        found = ZERO_MINUTES.search(text)
        assert found is None, f"{path.relative_to(site)}: {text[max(found.start() - 60, 0):found.end() + 20]!r}"
    assert "immédiatement" in (site / "draft" / "crisis.html").read_text(encoding="utf-8")
    assert "immediately" in (site / "en" / "draft" / "crisis.html").read_text(encoding="utf-8")
    pypdf = pytest.importorskip("pypdf")
    pdfs = sorted(site.glob("latest/*.pdf"))
    assert pdfs
    for pdf in pdfs:
        text = " ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
        assert ZERO_MINUTES.search(text) is None, pdf.name
        assert "immédiatement" in text, pdf.name
