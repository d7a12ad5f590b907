"""The editorial calendar (calendar.yml, optional): themes of the months and the dates that matter."""
from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar, Literal, Optional

from pydantic import Field, model_validator

from .base import At, Entry, Item, Markdown, NetworkRef, Ref, Strict, Text
from .base import whole
from ..message import Message

PillarRef = Annotated[str, Ref("pillar")]


class MonthTheme(Entry):
    """The theme that gives its colour to the publications of a month."""

    key: ClassVar[str] = "month"
    month: whole(1, 12) = Field(examples=[9])
    """The month, from 1 (January) to 12 (December); one theme a month at most."""
    theme: Text
    """The theme."""
    description: Markdown = ""
    """Optional (Markdown): what the theme covers."""


class CalendarEntry(Item):
    """A campaign, an event or a key date, on one day or over several."""

    kind: ClassVar[str] = "calendar_entry"
    enum_groups: ClassVar[dict[str, str]] = {"type": "calendar_type"}
    title: Text
    """Its title."""
    type: Optional[Literal["campaign", "event", "key_date", "launch", "internal"]] = None
    """Optional: campaign, event, key_date, launch or internal; when left out, no type is shown."""
    date: Annotated[date, Field(examples=["2026-03-08"])]  # `date = Field(...)` would shadow the type
    """The day it happens, or starts, written YYYY-MM-DD."""
    end: Optional[date] = Field(None, examples=["2026-03-14"])
    """Optional: the last day, written YYYY-MM-DD, for an entry over several days; not before `date`."""
    networks: list[NetworkRef] = Field([], examples=[["instagram", "linkedin"]])
    """Optional: the ids of the networks concerned (content/networks/)."""
    pillar: Optional[PillarRef] = Field(None, examples=["behind-the-scenes"])
    """Optional: the id of the content pillar it belongs to (editorial.yml)."""
    description: Markdown = ""
    """Optional (Markdown): what it is about."""

    @model_validator(mode="after")
    def _ends_after_it_starts(self) -> "CalendarEntry":
        if self.end is not None and self.end < self.date:
            raise At(("end",), Message("calendar.ends-on-before-it-starts", title=self.title, end=self.end.isoformat(),
                                       start=self.date.isoformat()))
        return self


class EditorialCalendar(Strict):
    """calendar.yml (optional): the theme of each month and the dates that matter in the year."""

    introduction: Markdown = ""
    """Optional (Markdown): the text shown above the calendar."""
    year: whole(2000, 2100) = Field(examples=[2026])
    """The year the calendar covers."""
    themes: list[MonthTheme] = []
    """Optional: the theme of each month, one a month at most."""
    entries: list[CalendarEntry] = Field(min_length=1)
    """The campaigns, events and key dates: at least one."""

    @model_validator(mode="after")
    def _one_theme_a_month(self) -> "EditorialCalendar":
        seen: set[int] = set()
        for i, theme in enumerate(self.themes):
            if theme.month in seen:
                raise At(("themes", i, "month"), Message("calendar.month-has-two-themes", month=theme.month))
            seen.add(theme.month)
        return self
