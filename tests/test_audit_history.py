"""Several image audits: the last one compared with the one before it, on the listening page and in the PDF."""
from __future__ import annotations

from datetime import date

import pytest

from generator.audit_history import compare
from generator.diagnostics import PlaybookError
from generator.load import load_project
from generator.model.steering import Audit, Finding
from generator.render import render
from generator.theme import load_strings
from generator.validate import validate

from .conftest import edit

TODAY = date(2026, 11, 27)
EARLIER = """
previous_audits:
  - date: 2025-03-10
    next_due: 2025-09-10
    conducted_by: community-manager
    share_of_voice: 12.5
    scope: The same places, a year earlier.
    summary: Few mentions, most of them neutral.
    findings:
      - where: instagram 
        who: Partners
        about: Events
        tone: neutral
        volume: low
      - where: Local press
        who: Journalists
        about: Our anniversary
        tone: positive
"""


def _audit(day: str, *findings: tuple[str, str, str]) -> Audit:
    return Audit(date=day, next_due=f"{int(day[:4]) + 1}{day[4:]}", conducted_by="r", scope="s", summary="s",
                 findings=[Finding(where=w, who="people", about="us", tone=tone, volume=volume)
                           for w, tone, volume in findings])


def test_places_are_matched_by_name_and_the_new_and_vanished_ones_are_told_apart():
    before = _audit("2025-01-10", ("LinkedIn", "neutral", "low"), ("Forums", "negative", None))
    after = _audit("2026-01-10", ("TikTok", "positive", "high"), ("linkedin ", "positive", "low"))
    changes = compare(after, before)
    assert [(c.where, c.before is not None, c.now is not None) for c in changes] == [
        ("TikTok", False, True), ("linkedin ", True, True), ("Forums", True, False)]
    assert changes[1].changed("tone") and not changes[1].changed("volume")


def _starter_with_history(starter):
    listening = starter / "content" / "listening.yml"
    listening.write_text(listening.read_text(encoding="utf-8") + EARLIER, encoding="utf-8")
    edit(listening, "  conducted_by: social-media-manager\n", "  conducted_by: social-media-manager\n"
         "  share_of_voice: 20\n")
    return validate(load_project(starter), today=TODAY)[0]


def test_the_listening_page_compares_the_last_audit_with_the_previous_one(starter):
    text = render(_starter_with_history(starter)).page("listening.md").text
    assert "- **Share of voice:** 12.5% → 20%" in text
    assert "### Compared with the audit of 10 March 2025" in text
    rows = text.split("### Compared with the audit of 10 March 2025")[1]
    # places matched by name whatever their capitals; what changed reads before → now
    assert "| Instagram | Partners → Customers | Events → Our products and advice | Neutral → Positive | " \
           "Low → High |" in rows
    assert "| Review sites (new place) | Unhappy customers | Delivery times | Negative | Low |" in rows
    assert "| Local press (no longer found) | Journalists | Our anniversary | Positive | — |" in rows


def test_an_earlier_audit_dated_after_the_last_one_is_refused_at_its_date(starter):
    listening = starter / "content" / "listening.yml"
    listening.write_text(listening.read_text(encoding="utf-8") + EARLIER.replace("2025-03-10", "2027-03-10")
                         .replace("2025-09-10", "2027-09-10"), encoding="utf-8")
    with pytest.raises(PlaybookError) as caught:
        validate(load_project(starter), today=TODAY)
    [problem] = [d for d in caught.value.diagnostics if d.severity == "error"]
    assert problem.message.startswith("this earlier audit is dated 2027-03-10, not before the last audit (")
    line = listening.read_text(encoding="utf-8").splitlines().index("  - date: 2027-03-10") + 1
    assert (problem.file, problem.line, problem.column) == ("content/listening.yml", line, 11)


def test_the_example_keeps_two_audits():
    from generator.resources import example_dir
    playbook = validate(load_project(example_dir()), today=TODAY)[0]
    assert playbook.listening.previous_audit.date == date(2025, 6, 20)
    text = render(playbook).page("listening.md").text
    assert "- **Part de voix\u00a0:** 24\u00a0% → 31\u00a0%" in text and "| Pinterest (n'apparaît plus) |" in text


def test_diff_names_an_earlier_audit_by_its_date(starter, tmp_path):
    from generator.changes import compare, describe

    from .conftest import copy_playbook
    old = validate(load_project(copy_playbook(starter, tmp_path / "old")), today=TODAY)[0]
    strings = load_strings("en")
    lines = [describe(c, strings) for c in compare(old, _starter_with_history(starter), strings)]
    assert lines == ["Listening and image audit › Last image audit — share of voice: — → 20",
                     "Listening and image audit › Earlier audits: added “2025-03-10”"], lines
