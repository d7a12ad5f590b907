"""The editorial calendar: the theme of each month and the dates that matter, also given as a calendar file."""
from __future__ import annotations

from typing import Any

from . import Part, Rule
from ..ics import calendar_ics
from ..model.calendar import EditorialCalendar


def calendar_file(calendar: EditorialCalendar, playbook: Any, strings: dict) -> dict[str, bytes]:
    """calendar.ics, for a calendar application, beside the pages."""
    names = {n.id: n.name for n in playbook.networks}
    return {"calendar.ics": calendar_ics(
        calendar, playbook.config.organisation.name, lambda n: names.get(n, strings["label"]["restricted"]),
        lambda kind: strings["enum"]["calendar_type"].get(kind, kind))}


# not in the PDF yet: the release PDF predates the calendar
CALENDAR = Part("calendar", EditorialCalendar, required=False, onboarding=("month_1", 5), files=calendar_file,
                rules=(Rule("distribution", "calendar", ("calendar",), lambda pb, today: [], rank=1),))
