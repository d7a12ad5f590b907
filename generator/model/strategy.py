"""The strategy parts: charter.yml, objectives.yml, audiences.yml, editorial.yml."""
from __future__ import annotations

from typing import ClassVar, Literal, Optional

from pydantic import Field, model_validator

from .base import (At, Entry, AudienceRef, Item, KpiRef, Markdown, NetworkRef, Prose, RoleRef, Strict, Term, Text)


# --- charter.yml -------------------------------------------------------------------------------

class Charter(Strict):
    """The charter's identity: what it is, who it applies to, who owns it."""

    title: Text
    summary: Markdown
    applies_to: list[Text] = Field(min_length=1)
    owner: Optional[RoleRef] = None
    contact: Prose = ""
    lexicon: list[Term] = []


# --- objectives.yml, audiences.yml -------------------------------------------------------------

ObjectiveKind = Literal["notoriety", "sales", "customer_relation", "recruitment", "employer_brand",
                        "internal_communication", "prospecting", "loyalty", "public_relations", "other"]


class Objective(Item):
    kind: ClassVar[str] = "objective"
    title: Text
    category: ObjectiveKind
    description: Markdown = ""
    priority: Literal["high", "medium", "low"] = "medium"
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
