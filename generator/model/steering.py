"""The steering parts: kpis.yml, roles.yml, listening.yml."""
from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar, Literal, Optional

from pydantic import Field, model_validator

from .base import At, Entry, Item, Markdown, Name, NetworkRef, Prose, RoleChoice, RoleRef, Strict, Text, choices
from .base import number
from ..message import Message

# --- kpis.yml ---------------------------------------------------------------------------------

KpiType = Literal["roi", "roa", "roni", "engagement", "reach", "conversion", "satisfaction", "other"]
Frequency = Literal["realtime", "daily", "weekly", "monthly", "quarterly", "yearly"]


class Kpi(Item):
    """An indicator: what it measures, how it is computed, what it aims at, who follows it."""

    kind: ClassVar[str] = "kpi"
    enum_groups: ClassVar[dict[str, str]] = {"type": "kpi_type"}
    name: Text = Field(examples=["Engagement rate", {"fr": "Taux d'engagement", "en": "Engagement rate"}])
    """The indicator's name."""
    type: KpiType = Field(examples=["engagement"])
    """The kind of indicator: roi, roa, roni, engagement, reach, conversion, satisfaction or other."""
    definition: Markdown
    """What it measures (Markdown)."""
    formula: Text = Field(examples=["(reactions + comments + shares) / impressions"])
    """How it is computed."""
    target: Text = Field(examples=["4 % a month"])
    """The value aimed at."""
    frequency: Frequency
    """How often it is measured: realtime, daily, weekly, monthly, quarterly or yearly."""
    owner: RoleRef = Field(examples=["community-manager"])
    """The id of the role that follows it (roles.yml)."""
    source: Text
    """Where the figures come from (a tool, a report)."""
    networks: list[NetworkRef] = Field([], examples=[["linkedin", "instagram"]])
    """Optional: the ids of the networks it is measured on (content/networks/)."""


class Kpis(Strict):
    """kpis.yml: the indicators that tell whether the objectives are met."""

    introduction: Markdown = ""
    """Optional (Markdown): the text shown above the indicators."""
    kpis: list[Kpi] = Field(min_length=1)
    """The indicators: at least one."""


# --- roles.yml --------------------------------------------------------------------------------

class Person(Entry):
    """A person who holds the role."""

    key: ClassVar[str] = "name"
    name: Name
    """The person's name."""
    email: str = ""
    """Optional: an e-mail address."""
    phone: str = ""
    """Optional: a phone number."""


class Role(Item):
    """A role: what it does on social media, and the people who hold it; other files name it by its id."""

    kind: ClassVar[str] = "role"
    title: Text = Field(examples=["Community manager"])
    """The role's title."""
    team: Prose = ""
    """Optional: the team it belongs to."""
    description: Markdown = ""
    """Optional (Markdown): what the role is."""
    responsibilities: list[Text] = Field(min_length=1)
    """What it is responsible for: at least one line."""
    people: list[Person] = []
    """Optional: the people who hold it."""
    approves: bool = False
    """true if this role approves the charter; false when left out."""


class RaciActivity(Entry):
    """An activity of a process, with who does it (R), answers for it (A), is consulted (C) and informed (I)."""

    key: ClassVar[str] = "activity"
    process: Text = Field(examples=["Publishing"])
    """The process it belongs to."""
    activity: Text = Field(examples=["Approve a sponsored campaign"])
    """The activity."""
    responsible: list[RoleRef] = Field(min_length=1, examples=[["community-manager"]])
    """The ids of the roles that do the work (roles.yml): at least one."""
    accountable: RoleChoice = Field(examples=["communication-director", ["ceo", "deputy-ceo"]])
    """The id of the role that answers for it, or a list of role ids when any one of them does."""
    consulted: list[RoleRef] = []
    """Optional: the ids of the roles consulted."""
    informed: list[RoleRef] = []
    """Optional: the ids of the roles informed."""

    @property
    def accountables(self) -> list[str]:
        return choices(self.accountable)


class Organisation(Strict):
    """roles.yml: who does what on social media, and the RACI of the processes."""

    introduction: Markdown = ""
    """Optional (Markdown): the text shown above the roles."""
    roles: list[Role] = Field(min_length=1)
    """The roles: at least one."""
    raci: list[RaciActivity] = Field(min_length=1)
    """The RACI: one entry per activity, at least one."""


# --- listening.yml ----------------------------------------------------------------------------

class WatchItem(Item):
    """Something monitored: what, with which words, where, with which tools, how often and by whom."""

    kind: ClassVar[str] = "watch"
    enum_groups: ClassVar[dict[str, str]] = {"type": "watch_type"}
    subject: Text
    """What is monitored."""
    type: Literal["brand", "product", "competitor", "keyword", "person", "topic"]
    """The kind of subject: brand, product, competitor, keyword, person or topic."""
    terms: list[Text] = Field(min_length=1, examples=[["Maison Lumen", "#MaisonLumen"]])
    """The words and spellings searched for: at least one."""
    where: list[Text] = Field(min_length=1)
    """The places searched: at least one."""
    tools: list[Text] = Field(min_length=1)
    """The tools used: at least one."""
    frequency: Frequency
    """How often: realtime, daily, weekly, monthly, quarterly or yearly."""
    owner: RoleRef = Field(examples=["community-manager"])
    """The id of the role in charge (roles.yml)."""


class Finding(Entry):
    """What the audit found in one place: who talks about the organisation there, about what, in which tone."""

    key: ClassVar[str] = "where"
    where: Text
    """The place."""
    who: Text
    """Who talks there."""
    about: Text
    """What they talk about."""
    tone: Literal["positive", "neutral", "negative", "mixed"]
    """The tone: positive, neutral, negative or mixed."""
    volume: Optional[Literal["low", "medium", "high"]] = None
    """Optional: low, medium or high; when left out, no volume is shown."""
    notes: Prose = ""
    """Optional: anything else to know."""


class Audit(Strict):
    """The last image audit: where people talk about the organisation, who, how and about what."""

    key: ClassVar[str] = "date"  # earlier audits are told apart by their dates

    date: Annotated[date, Field(examples=["2025-03-15"])]  # `date = Field(...)` would shadow the type
    """The date of the audit, written YYYY-MM-DD."""
    next_due: date = Field(examples=["2026-03-15"])
    """The date of the next audit, written YYYY-MM-DD: 6 to 12 months after this one."""
    conducted_by: RoleRef = Field(examples=["communication-director"])
    """The id of the role that ran it (roles.yml)."""
    scope: Markdown
    """What it covered (Markdown)."""
    summary: Markdown
    """What it found, in short (Markdown)."""
    findings: list[Finding] = Field(min_length=1)
    """One entry per place: at least one."""
    actions: list[Text] = []
    """Optional: what was decided."""
    share_of_voice: Optional[number(0, 100)] = Field(None, examples=[34])
    """Optional: the organisation's share of the conversation against the competitors watched, in percent."""

    @model_validator(mode="after")
    def _next_audit_in_six_to_twelve_months(self) -> "Audit":
        if self.next_due <= self.date:
            raise At(("next_due",), Message("steering.the-next-audit-comes-before", next=self.next_due.isoformat(),
                                            date=self.date.isoformat()))
        months = (self.next_due.year - self.date.year) * 12 + self.next_due.month - self.date.month
        if not 6 <= months <= 12:
            raise At(("next_due",), Message("steering.the-next-audit-is-due", months=months))
        return self


class Listening(Strict):
    """listening.yml: what is monitored, and the results of the last image audit."""

    introduction: Markdown = ""
    """Optional (Markdown): the text shown above what is monitored."""
    watch: list[WatchItem] = Field(min_length=1)
    """What is monitored: at least one entry."""
    audit: Audit
    """The last image audit."""
    previous_audits: list[Audit] = []
    """Optional: the earlier image audits, kept to measure the way travelled; the page compares the last audit with
    the most recent of them."""

    @model_validator(mode="after")
    def _previous_audits_come_before(self) -> "Listening":
        dates = set()
        for i, audit in enumerate(self.previous_audits):
            if audit.date >= self.audit.date:
                raise At(("previous_audits", i, "date"), Message("steering.this-earlier-audit-is-dated",
                                                                 date=audit.date.isoformat(),
                                                                 last=self.audit.date.isoformat()))
            if audit.date in dates:
                raise At(("previous_audits", i, "date"), Message("steering.two-earlier-audits-are-dated",
                                                                 date=audit.date.isoformat()))
            dates.add(audit.date)
        return self

    @property
    def previous_audit(self) -> Optional[Audit]:
        """The most recent of the earlier audits, which the last one is compared with."""
        return max(self.previous_audits, key=lambda a: a.date, default=None)
