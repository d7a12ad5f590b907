"""Export: the editorial calendar as an iCalendar file (.ics) that people import in their agenda."""
from __future__ import annotations

import hashlib
import os
from datetime import datetime, timedelta, timezone

from icalendar import Calendar, Event

from .model import EditorialCalendar


def _stamp() -> datetime:
    """The file's timestamp: SOURCE_DATE_EPOCH when set, so that a rebuild gives the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime(2000, 1, 1, tzinfo=timezone.utc)


def calendar_ics(calendar: EditorialCalendar, organisation: str, network_name, type_label) -> bytes:
    """The entries of the calendar as all-day events; each keeps its id, so re-importing updates it."""
    ical = Calendar()
    ical.add("prodid", "-//playbook//editorial calendar//EN")
    ical.add("version", "2.0")
    ical.add("x-wr-calname", f"{organisation} — {calendar.year}")
    domain = hashlib.sha256(organisation.encode("utf-8")).hexdigest()[:12]
    for entry in sorted(calendar.entries, key=lambda e: (e.date, e.id)):
        event = Event()
        event.add("uid", f"{entry.id}@{domain}.playbook")
        event.add("dtstamp", _stamp())
        event.add("dtstart", entry.date)
        event.add("dtend", (entry.end or entry.date) + timedelta(days=1))  # the end of an all-day event is exclusive
        event.add("summary", entry.title)
        details = [type_label(entry.type)] if entry.type else []
        if entry.networks:
            details.append(", ".join(network_name(n) for n in entry.networks))
        if entry.description:
            details.append(" ".join(entry.description.split()))
        event.add("description", "\n".join(details))
        if entry.networks:
            event.add("categories", [network_name(n) for n in entry.networks])
        ical.add_component(event)
    return ical.to_ical()
