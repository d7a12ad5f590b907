"""The steering parts: kpis.yml, roles.yml, listening.yml."""
from __future__ import annotations

from datetime import date
from typing import ClassVar, Literal, Optional

from pydantic import Field, model_validator

from .base import At, Entry, Item, Markdown, Name, NetworkRef, Prose, RoleChoice, RoleRef, Strict, Text, choices

# --- kpis.yml ---------------------------------------------------------------------------------

KpiType = Literal["roi", "roa", "roni", "engagement", "reach", "conversion", "satisfaction", "other"]
Frequency = Literal["realtime", "daily", "weekly", "monthly", "quarterly", "yearly"]


class Kpi(Item):
    kind: ClassVar[str] = "kpi"
    enum_groups: ClassVar[dict[str, str]] = {"type": "kpi_type"}
    name: Text
    type: KpiType
    definition: Markdown
    formula: Text
    target: Text
    frequency: Frequency
    owner: RoleRef
    source: Text
    networks: list[NetworkRef] = []


class Kpis(Strict):
    introduction: Markdown = ""
    kpis: list[Kpi] = Field(min_length=1)


# --- roles.yml --------------------------------------------------------------------------------

class Person(Entry):
    key: ClassVar[str] = "name"
    name: Name
    email: str = ""
    phone: str = ""


class Role(Item):
    kind: ClassVar[str] = "role"
    title: Text
    team: Prose = ""
    description: Markdown = ""
    responsibilities: list[Text] = Field(min_length=1)
    people: list[Person] = []
    approves: bool = False


class RaciActivity(Entry):
    key: ClassVar[str] = "activity"
    process: Text
    activity: Text
    responsible: list[RoleRef] = Field(min_length=1)
    accountable: RoleChoice  # one role, or a list: any one of them
    consulted: list[RoleRef] = []
    informed: list[RoleRef] = []

    @property
    def accountables(self) -> list[str]:
        return choices(self.accountable)


class Organisation(Strict):
    introduction: Markdown = ""
    roles: list[Role] = Field(min_length=1)
    raci: list[RaciActivity] = Field(min_length=1)


# --- listening.yml ----------------------------------------------------------------------------

class WatchItem(Item):
    kind: ClassVar[str] = "watch"
    enum_groups: ClassVar[dict[str, str]] = {"type": "watch_type"}
    subject: Text
    type: Literal["brand", "product", "competitor", "keyword", "person", "topic"]
    terms: list[Text] = Field(min_length=1)
    where: list[Text] = Field(min_length=1)
    tools: list[Text] = Field(min_length=1)
    frequency: Frequency
    owner: RoleRef


class Finding(Entry):
    key: ClassVar[str] = "where"
    where: Text
    who: Text
    about: Text
    tone: Literal["positive", "neutral", "negative", "mixed"]
    volume: Optional[Literal["low", "medium", "high"]] = None
    notes: Prose = ""


class Audit(Strict):
    date: date
    next_due: date
    conducted_by: RoleRef
    scope: Markdown
    summary: Markdown
    findings: list[Finding] = Field(min_length=1)
    actions: list[Text] = []

    @model_validator(mode="after")
    def _next_audit_in_six_to_twelve_months(self) -> "Audit":
        if self.next_due <= self.date:
            raise At(("next_due",), f"the next audit ({self.next_due.isoformat()}) comes before this audit's date "
                     f"({self.date.isoformat()})")
        months = (self.next_due.year - self.date.year) * 12 + self.next_due.month - self.date.month
        if not 6 <= months <= 12:
            raise At(("next_due",), f"the next audit is due {months} months after this one; an image audit is "
                     "renewed every 6 to 12 months")
        return self


class Listening(Strict):
    introduction: Markdown = ""
    watch: list[WatchItem] = Field(min_length=1)
    audit: Audit
