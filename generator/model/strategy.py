"""The strategy parts: charter.yml, objectives.yml, audiences.yml, editorial.yml."""
from __future__ import annotations

from datetime import date
from typing import ClassVar, Literal, Optional

from pydantic import Field, model_validator

from .base import (At, dial, AudienceRef, Email, Entry, Item, KpiRef, Markdown, Name, NetworkRef, Phone, Prose, RoleRef, Strict,
                   Term, Text)


# --- charter.yml -------------------------------------------------------------------------------

class RelatedPolicy(Entry):
    """Another internal policy the charter goes with (a code of conduct, an IT security policy)."""

    key: ClassVar[str] = "title"
    title: Text
    reference: Prose = ""  # its number, or where to find it
    url: str = ""


ContactType = Literal["person", "team", "channel", "mailbox", "hotline"]


class ContactPoint(Entry):
    """Whom to ask or tell: a person, a team, a chat channel, a shared mailbox or a hotline."""

    key: ClassVar[str] = "name"
    enum_groups: ClassVar[dict[str, str]] = {"type": "contact_type"}
    name: Name
    type: Optional[ContactType] = None
    purpose: Prose = ""  # what to contact it for
    email: Email = ""
    phone: Phone = ""
    url: str = ""  # a chat channel's or an intranet page's address

    @property
    def dial(self) -> str:
        return dial(self.phone)


class Charter(Strict):
    """The charter's identity: what it is, who it applies to and who not, who owns it, when it takes effect, what
    follows a breach and how to report one, what goes with it."""

    title: Text
    summary: Markdown
    applies_to: list[Text] = Field(min_length=1)
    exceptions: list[Text] = []  # whom or what it does not cover
    owner: Optional[RoleRef] = None
    contact: Prose = ""
    contacts: list[ContactPoint] = []
    effective_date: Optional[date] = None
    review_date: Optional[date] = None
    amendments: Markdown = ""  # how the charter may be changed
    sanctions: Markdown = ""  # the consequences of a breach
    reporting: Markdown = ""  # how to report a breach
    commitments: list[Text] = []  # what the organisation commits to in return (no retaliation...)
    related_policies: list[RelatedPolicy] = []
    lexicon: list[Term] = []

    @model_validator(mode="after")
    def _review_after_effect(self) -> "Charter":
        date, other = self.review_date, self.effective_date
        if date and other and date < other:
            raise At(("review_date",), f"the review date {date} comes before the date the charter takes effect, {other}")
        return self


# --- objectives.yml, audiences.yml -------------------------------------------------------------

ObjectiveKind = Literal["notoriety", "sales", "customer_relation", "recruitment", "employer_brand",
                        "internal_communication", "prospecting", "loyalty", "public_relations", "other"]


class Objective(Item):
    kind: ClassVar[str] = "objective"
    title: Text
    category: ObjectiveKind
    description: Markdown = ""
    priority: Optional[Literal["high", "medium", "low"]] = None  # unset: none is shown
    audiences: list[AudienceRef] = Field(min_length=1)
    networks: list[NetworkRef] = Field(min_length=1)
    kpis: list[KpiRef] = Field(min_length=1)


class Objectives(Strict):
    introduction: Markdown = ""
    objectives: list[Objective] = Field(min_length=1)


class Audience(Item):
    kind: ClassVar[str] = "audience"
    name: Text
    description: Markdown = ""
    why: Markdown
    expectations: list[Text] = Field(min_length=1)
    where: list[NetworkRef] = []


class Audiences(Strict):
    introduction: Markdown = ""
    audiences: list[Audience] = Field(min_length=1)


# --- editorial.yml ----------------------------------------------------------------------------

Address = Literal["formal", "informal"]


class Rhythm(Strict):
    """`posts` publications every `every` `per` (1 every 2 days, 3 per week...)."""

    posts: int = Field(ge=1)
    per: Literal["day", "week", "month"]
    every: int = Field(default=1, ge=1)
    best_times: list[Text] = []


class NetworkEditorial(Entry):
    key: ClassVar[str] = "network"
    network: NetworkRef
    mix: dict[str, int] = Field(min_length=1)
    rhythm: Rhythm
    address: Optional[Address] = None
    formats: list[Text] = []

    @model_validator(mode="after")
    def _mix_adds_up(self) -> "NetworkEditorial":
        for name, share in self.mix.items():
            if not 0 <= share <= 100:
                raise At(("mix", name), f"the share of '{name}' is {share} %, it must be between 0 and 100")
        total = sum(self.mix.values())
        if total != 100:
            raise ValueError(f"the content mix adds up to {total} %, it must add up to 100 %")
        return self


class Value(Entry):
    key: ClassVar[str] = "name"
    name: Text
    meaning: Text


class Pillar(Item):
    kind: ClassVar[str] = "pillar"
    name: Text
    description: Markdown
    examples: list[Text] = []


class EditorialLine(Strict):
    introduction: Markdown = ""
    voice: Markdown
    address: Address
    tone: list[Text] = Field(min_length=1)
    values: list[Value] = []
    pillars: list[Pillar] = Field(min_length=1)
    networks: list[NetworkEditorial] = Field(min_length=1)
    never_publish: list[Text] = Field(min_length=1)
