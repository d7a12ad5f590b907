"""The editorial calendar (calendar.yml, optional): themes of the months and the dates that matter."""
from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar, Literal, Optional

from pydantic import Field, model_validator

from .base import At, Entry, Item, Markdown, NetworkRef, Ref, Strict, Text

PillarRef = Annotated[str, Ref("pillar")]


class MonthTheme(Entry):
    """The theme that gives its colour to the publications of a month."""

    key: ClassVar[str] = "month"
    month: int = Field(ge=1, le=12)
    theme: Text
    description: Markdown = ""


class CalendarEntry(Item):
    """A campaign, an event or a key date, on one day or over several."""

    kind: ClassVar[str] = "calendar_entry"
    enum_groups: ClassVar[dict[str, str]] = {"type": "calendar_type"}
    title: Text
    type: Optional[Literal["campaign", "event", "key_date", "launch", "internal"]] = None
    date: date
    end: Optional[date] = None
    networks: list[NetworkRef] = []
    pillar: Optional[PillarRef] = None
    description: Markdown = ""

    @model_validator(mode="after")
    def _ends_after_it_starts(self) -> "CalendarEntry":
        if self.end is not None and self.end < self.date:
            raise At(("end",), f"'{self.title}' ends on {self.end.isoformat()}, before it starts "
                               f"({self.date.isoformat()})")
        return self


class EditorialCalendar(Strict):
    introduction: Markdown = ""
    year: int = Field(ge=2000, le=2100)
    themes: list[MonthTheme] = []
    entries: list[CalendarEntry] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_theme_a_month(self) -> "EditorialCalendar":
        seen: set[int] = set()
        for i, theme in enumerate(self.themes):
            if theme.month in seen:
                raise At(("themes", i, "month"), f"month {theme.month} has two themes")
            seen.add(theme.month)
        return self
