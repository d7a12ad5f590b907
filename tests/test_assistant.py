"""The step-by-step assistants as their readers use them, with the keyboard alone, on the example built in French and
in English: every outcome of the moderation decision tree and every crisis level is reached, and shows what the
charter says of it. One browser for the whole module, on the example's build the whole run shares."""
from __future__ import annotations

import contextlib
import functools
import http.server
import re
import threading
from datetime import date

import pytest

from generator.load import load_project
from generator.model.base import choices
from generator.render import render
from generator.resources import scaffold_dir
from generator.theme import load_strings
from generator.validate import validate
from generator.wording import duration_text

from .conftest import copy_playbook, read_only

TODAY = date(2026, 11, 27)
VISIBLE = ".playbook-assistant__step:not([hidden])"


def flat(text: str) -> str:
    return " ".join(text.split())


def unmarked(markdown: str) -> str:
    """A short Markdown text as it reads: its emphasis marks left out."""
    return flat(re.sub(r"[*_`]", "", markdown))


# --- on the page as written: no decision tree, no assistant -------------------------------------------------------

@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_comment_policy_without_a_decision_tree_has_no_assistant(tmp_path, language):
    minimal, _ = validate(load_project(copy_playbook(scaffold_dir(language, minimal=True), tmp_path / "minimal")),
                          today=TODAY)
    full, _ = validate(load_project(copy_playbook(scaffold_dir(language), tmp_path / "full")), today=TODAY)
    assert minimal.comments.decision_tree is None and full.comments.decision_tree is not None
    without, with_tree = render(minimal).page("comments.md").text, render(full).page("comments.md").text
    assert "playbook-assistant" not in without
    assert 'id="assistant-comments"' in with_tree
    assert 'id="assistant-crisis"' in render(full).page("crisis.md").text


# --- in the browser ----------------------------------------------------------------------------------------------

class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site(_example_built, request):
    """The example built once for the whole run (conftest.py), served on localhost: (the address of its French
    draft, the playbook in each language); these tests only read it. The English draft is at en/ + the same path."""
    sources = load_project(_example_built.root)
    playbooks = {lang: validate(sources, language=lang)[0] for lang in ("fr", "en")}
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_Quiet, directory=str(_example_built.site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with read_only(_example_built.root, request):
        yield f"http://127.0.0.1:{server.server_address[1]}/", playbooks
    server.shutdown()


@contextlib.contextmanager
def opened(browser, address: str, errors: list[str]):
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(address)
    try:
        yield page
    finally:
        context.close()


def focused(page, selector: str) -> bool:
    return page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector)


def tab_to(page, selector: str, limit: int = 400) -> int:
    """Press Tab until the element with focus matches `selector`; how many presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if focused(page, selector):
            return presses
    raise AssertionError(f"Tab never reached {selector}")


def answer(page, kind: str, key: str) -> None:
    """From the question shown, Tab to its yes or no button and press it with `key` (Enter or Space)."""
    tab_to(page, f"{VISIBLE} .playbook-assistant__answer--{kind}", limit=6)
    page.keyboard.press(key)


def shown(page) -> str:
    return page.locator(VISIBLE).get_attribute("id")


def clipboard(page) -> str:
    return page.evaluate("navigator.clipboard.readText()")


def paths(tree) -> dict[str, list[str]]:
    """The answers that lead from the first question to each outcome of a decision tree (the first such path)."""
    nodes = {n.id: n for n in tree.nodes}
    found: dict[str, list[str]] = {}
    queue = [(tree.start, [])]
    seen = set()
    while queue:
        current, answers = queue.pop(0)
        if current not in nodes:
            found.setdefault(current, answers)
            continue
        if current in seen:
            continue
        seen.add(current)
        queue += [(nodes[current].if_yes, answers + ["yes"]), (nodes[current].if_no, answers + ["no"])]
    return found


def role_names(playbook, role) -> list[str]:
    titles = {r.id: r.title for r in playbook.roles.roles}
    return [titles[r] for r in choices(role)]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_outcome_of_the_decision_tree_with_the_keyboard(site, browser, lang):
    address, playbooks = site
    playbook, strings = playbooks[lang], load_strings(lang)
    policy = playbook.comments
    categories = {c.id: c for c in policy.categories}
    templates = {t.id: t for t in policy.templates}
    networks = {n.id: n.name for n in playbook.networks}
    times = policy.response_times
    routes = paths(policy.decision_tree)
    assert set(routes) == set(categories), "the example's tree reaches every category"
    errors: list[str] = []
    with opened(browser, address + ("" if lang == "fr" else "en/") + "draft/comments.html", errors) as page:
        root = page.locator("#assistant-comments")
        assert root.is_visible() and root.get_attribute("role") == "region"
        assert page.locator("#assistant-comments .playbook-assistant__status").get_attribute("role") == "status"
        tab_to(page, f"{VISIBLE} .playbook-assistant__answer--yes")  # from the top of the page, as a reader would
        page.keyboard.press("Shift+Tab")
        for i, (leaf, route) in enumerate(sorted(routes.items())):
            for step, kind in enumerate(route):
                answer(page, kind, "Enter" if step % 2 else " ")
                expected = f"assistant-comments-{'c-' + leaf if step == len(route) - 1 else 'q-'}"
                assert shown(page).startswith(expected), (leaf, route, step)
                assert focused(page, f"{VISIBLE} .playbook-assistant__focus"), "focus moves to the new step"
            category = categories[leaf]
            outcome = flat(page.locator(VISIBLE).inner_text())
            assert shown(page) == f"assistant-comments-c-{leaf}"
            assert flat(category.name) in outcome
            assert policy.action_name(category.action, strings["enum"]["action"]) in outcome
            for role in role_names(playbook, category.owner) + role_names(playbook, category.escalate_to):
                assert role in outcome, (leaf, role)
            assert category.name in page.locator("#assistant-comments .playbook-assistant__status").inner_text()
            answers = page.locator("#assistant-comments .playbook-assistant__path li")
            assert answers.count() == len(route)
            if category.action == "ignore":
                assert not page.locator(f"{VISIBLE} .playbook-assistant__choice").count()
            else:  # the reader picks the network: each outcome another one, so that every network is tried
                network = times[i % len(times)]
                tab_to(page, f"#assistant-comments-net-{network.network}", limit=40)
                page.keyboard.press(" " if i % 2 else "Enter")
                button = page.locator(f"#assistant-comments-net-{network.network}")
                assert button.inner_text() == networks[network.network]
                assert button.get_attribute("aria-pressed") == "true"
                detail = page.locator(f"#assistant-comments-net-{network.network}-detail")
                assert detail.is_visible()
                within = strings["assistant"]["reply_within"].format(duration=duration_text(network.target_minutes,
                                                                                            strings))
                assert within in detail.inner_text()
                assert flat(network.hours) in flat(detail.inner_text())
            if category.template:
                tab_to(page, f"{VISIBLE} .playbook-assistant__copy", limit=40)
                page.keyboard.press("Enter")
                page.wait_for_function("() => /✓/.test(document.activeElement.textContent)")
                # the template as the page shows it below (the charter's Markdown, its emphasis made bold)
                written = page.locator(f"#template-{category.template} + .admonition").inner_text()
                assert flat(clipboard(page)) == flat(written), leaf
                assert unmarked(templates[category.template].text)[:40] in flat(written)
                copied = page.locator(f"{VISIBLE} .playbook-assistant__copy").inner_text()
                assert strings["assistant"]["copied"] in copied
            else:
                assert not page.locator(f"{VISIBLE} .playbook-assistant__copy").count()
            page.keyboard.press("Escape")  # start again
            assert shown(page) == f"assistant-comments-q-{policy.decision_tree.start}"
            assert focused(page, f"{VISIBLE} .playbook-assistant__focus")
            assert page.locator("#assistant-comments .playbook-assistant__path").is_hidden()
    assert not errors, errors


def test_back_and_start_again_with_the_keyboard(site, browser):
    address, playbooks = site
    tree = playbooks["en"].comments.decision_tree
    nodes = {n.id: n for n in tree.nodes}
    second = nodes[tree.start].if_no
    third = nodes[second].if_no
    errors: list[str] = []
    with opened(browser, address + "en/draft/comments.html", errors) as page:
        back = page.locator("#assistant-comments .playbook-assistant__back")
        restart = page.locator("#assistant-comments .playbook-assistant__restart")
        assert back.is_disabled() and restart.is_disabled()  # nothing to go back to yet
        assert restart.get_attribute("aria-keyshortcuts") == "Escape"
        tab_to(page, f"{VISIBLE} .playbook-assistant__answer--no")
        page.keyboard.press("Enter")
        answer(page, "no", "Enter")
        assert shown(page) == f"assistant-comments-q-{third}"
        assert page.locator(f"{VISIBLE} .playbook-assistant__count").inner_text().endswith("3")
        tab_to(page, "#assistant-comments .playbook-assistant__back", limit=10)
        page.keyboard.press("Enter")
        assert shown(page) == f"assistant-comments-q-{second}"
        assert focused(page, f"{VISIBLE} .playbook-assistant__focus")
        assert page.locator("#assistant-comments .playbook-assistant__path li").count() == 1
        assert flat(nodes[tree.start].question) in flat(page.locator(
            "#assistant-comments .playbook-assistant__path li").inner_text())
        tab_to(page, "#assistant-comments .playbook-assistant__restart", limit=10)
        page.keyboard.press(" ")
        assert shown(page) == f"assistant-comments-q-{tree.start}"
        assert focused(page, f"{VISIBLE} .playbook-assistant__focus")
        assert back.is_disabled() and page.locator("#assistant-comments .playbook-assistant__path").is_hidden()
        page.emulate_media(media="print")
        assert page.locator("#assistant-comments").is_hidden()  # on paper, the tree written out stands for it
        assert page.locator("#question-" + tree.start).count() == 1
    assert not errors, errors


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_crisis_triage_reaches_every_level_with_the_keyboard(site, browser, lang):
    address, playbooks = site
    playbook, strings = playbooks[lang], load_strings(lang)
    crisis = playbook.crisis
    levels = sorted(crisis.levels, key=lambda level: -level.severity)
    errors: list[str] = []
    with opened(browser, address + ("" if lang == "fr" else "en/") + "draft/crisis.html", errors) as page:
        tab_to(page, f"{VISIBLE} .playbook-assistant__answer--yes")
        page.keyboard.press("Shift+Tab")
        for depth, level in enumerate([*levels, None]):
            for above in levels[:depth]:
                assert shown(page) == f"assistant-crisis-q-{above.id}"
                assert all(flat(c) in flat(page.locator(VISIBLE).inner_text()) for c in above.criteria)
                answer(page, "no", "Enter")
            if level is None:  # no level applies
                assert shown(page) == "assistant-crisis-none"
                assert strings["assistant"]["no_level"] in page.locator(VISIBLE).inner_text()
                break
            answer(page, "yes", " ")
            assert shown(page) == f"assistant-crisis-c-{level.id}"
            assert focused(page, f"{VISIBLE} .playbook-assistant__focus")
            outcome = flat(page.locator(VISIBLE).inner_text())
            assert flat(level.name) in outcome
            assert role_names(playbook, level.lead)[0] in outcome
            for step in level.escalation:
                assert all(name in outcome for name in role_names(playbook, step.role))
                assert duration_text(step.within_minutes, strings) in outcome
            assert all(flat(action.do) in outcome for action in level.actions)
            statements = [h for h in crisis.holding_statements if h.level == level.id]
            copies = page.locator(f"{VISIBLE} .playbook-assistant__copy")
            assert copies.count() == len(statements)
            if statements:
                tab_to(page, f"{VISIBLE} .playbook-assistant__copy", limit=60)
                page.keyboard.press("Enter")
                page.wait_for_function("() => /✓/.test(document.activeElement.textContent)")
                assert flat(clipboard(page)).startswith(unmarked(statements[0].text)[:40])
                shown_text = page.locator(f"{VISIBLE} .playbook-assistant__text").first.inner_text()
                assert flat(clipboard(page)) == flat(shown_text)
            chain = [step.role if isinstance(step.role, list) else [step.role] for step in level.escalation]
            for contact in crisis.contacts:  # the level's chain, each to call with one tap at each of their steps
                call = page.locator(f"{VISIBLE} .playbook-calls a[href^='tel:']", has_text=contact.phone)
                assert call.count() == sum(contact.role in roles for roles in chain), contact.role
                if call.count():
                    assert re.fullmatch(r"tel:\+?[0-9]+", call.first.get_attribute("href"))
            page.keyboard.press("Escape")
            assert shown(page) == f"assistant-crisis-q-{levels[0].id}"
    assert not errors, errors


def test_no_serious_accessibility_violation_at_an_outcome(site, browser):
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    address, _ = site
    axe = axe_module.Axe()
    problems, errors = [], []
    for path, answers in (("comments.html", ["no", "no", "yes"]), ("crisis.html", ["no", "yes"])):
        region = "#assistant-" + path.removesuffix(".html")  # the rest of the page has its own test (test_browser)
        with opened(browser, address + "draft/" + path, errors) as page:
            for kind in answers:
                page.locator(f"{VISIBLE} .playbook-assistant__answer--{kind}").click()
            choice = page.locator(f"{VISIBLE} .playbook-assistant__choice")
            if choice.count():
                choice.first.click()
            violations = axe.run(page, region).response["violations"]
            problems += [(path, v["id"], v["nodes"][0]["html"][:120]) for v in violations
                         if v["impact"] in ("serious", "critical")]
    assert problems == [] and not errors, (problems, errors)
