"""The editorial calendar: an optional part, a page, and an .ics file people import in their agenda."""
from __future__ import annotations

from datetime import date

import pytest
from icalendar import Calendar

from generator.commands import build
from generator.diagnostics import PlaybookError
from generator.load import load_project
from generator.validate import validate

from .conftest import edit


def events(site, folder=""):
    data = (site / folder / "calendar.ics").read_bytes()
    return list(Calendar.from_ical(data).walk("VEVENT"))


def test_calendar_page_and_ics(starter):
    site = build.run(starter).output
    page = (site / "calendar.html").read_text(encoding="utf-8")
    assert "Open day at our premises" in page and 'href="calendar.ics"' in page
    found = {str(e["uid"]).split("@")[0]: e for e in events(site)}
    assert set(found) == {"new-year", "open-day", "autumn-campaign"}
    campaign = found["autumn-campaign"]
    assert campaign["dtstart"].dt == date(2027, 10, 4)
    assert campaign["dtend"].dt == date(2027, 10, 30)  # all-day events end the day after
    assert str(campaign["summary"]) == "Autumn campaign"
    assert "Instagram" in str(campaign["description"])


def test_calendar_is_optional(starter):
    (starter / "content" / "calendar.yml").unlink()
    site = build.run(starter).output
    assert not (site / "calendar.html").exists() and not (site / "calendar.ics").exists()


def test_same_calendar_same_bytes(starter, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    first = (build.run(starter, tmp_path / "a").output / "calendar.ics").read_bytes()
    second = (build.run(starter, tmp_path / "b").output / "calendar.ics").read_bytes()
    assert first == second


def test_restricted_dates_stay_out_of_the_staff_calendar(starter):
    edit(starter / "content" / "calendar.yml", "    title: Autumn campaign\n",
         "    title: Autumn campaign\n    visibility: restricted\n")
    staff = build.run(starter, starter / "staff", audience="staff").output
    assert "Autumn campaign" not in (staff / "calendar.ics").read_text(encoding="utf-8")
    assert "Autumn campaign" not in (staff / "calendar.html").read_text(encoding="utf-8")
    team = build.run(starter).output
    assert "Autumn campaign" in (team / "calendar.ics").read_text(encoding="utf-8")


@pytest.mark.parametrize("old, new, code, message", [
    ("    end: 2027-10-29", "    end: 2027-09-29", "invalid", "before it starts"),
    ("  - month: 9", "  - month: 1", "invalid", "month 1 has two themes"),
    ("    pillar: expertise", "    pillar: expertize", "unknown-reference", "no pillar has the id 'expertize'"),
    ("    date: 2027-06-12", "    date: 2027-06-31", "yaml-value", "2027-06-31"),
])
def test_calendar_mistakes_are_located(starter, old, new, code, message):
    path = starter / "content" / "calendar.yml"
    edit(path, old, new)
    with pytest.raises(PlaybookError) as caught:
        validate(load_project(starter), today=date(2026, 11, 27))
    [problem] = [d for d in caught.value.diagnostics if d.code == code]
    assert message in problem.message and problem.file == "content/calendar.yml"
    assert path.read_text(encoding="utf-8").splitlines()[problem.line - 1].strip() == new.strip()


def test_example_draft_has_the_calendar_and_releases_do_not(example_built):
    site = example_built.site
    assert len(events(site, "draft")) == 13
    assert len(events(site / "en", "draft")) == 13
    assert not (site / "2.0" / "calendar.html").exists()
    changes = (site / "draft" / "changes.html").read_text(encoding="utf-8")
    assert "Calendrier éditorial" in changes
