"""The strategy parts: charter.yml, objectives.yml, audiences.yml, editorial.yml."""
from __future__ import annotations

from datetime import date
from typing import ClassVar, Literal, Optional

from pydantic import Field, model_validator

from .base import (At, dial, AudienceRef, Email, Entry, Item, KpiRef, Markdown, Name, NetworkRef, Phone, Prose, RoleRef, Strict,
                   Term, Text, whole)
from ..message import Message, MessageError


# --- charter.yml -------------------------------------------------------------------------------

class RelatedPolicy(Entry):
    """Another internal policy the charter goes with (a code of conduct, an IT security policy)."""

    key: ClassVar[str] = "title"
    title: Text
    """Its title."""
    reference: Prose = ""
    """Optional: its number, or where to find it."""
    url: str = ""
    """Optional: its address, which the site links to."""


ContactType = Literal["person", "team", "channel", "mailbox", "hotline"]


class ContactPoint(Entry):
    """Whom to ask or tell: a person, a team, a chat channel, a shared mailbox or a hotline."""

    key: ClassVar[str] = "name"
    enum_groups: ClassVar[dict[str, str]] = {"type": "contact_type"}
    name: Name = Field(examples=["Communication team", "#social-media"])
    """Its name: a person's, a team's, a channel's or a mailbox's."""
    type: Optional[ContactType] = None
    """Optional: person, team, channel, mailbox or hotline; when left out, no type is shown."""
    purpose: Prose = ""
    """Optional: what to contact it for."""
    email: Email = Field("", examples=["social@example.org"])
    """Optional: an e-mail address."""
    phone: Phone = Field("", examples=["+33 1 45 67 01 23"])
    """Optional: a phone number: digits, with an optional leading + and spaces, dots, dashes or brackets."""
    url: str = ""
    """Optional: a chat channel's or an intranet page's address."""

    @property
    def dial(self) -> str:
        return dial(self.phone)


class Charter(Strict):
    """The charter's identity: what it is, who it applies to and who not, who owns it, when it takes effect, what
    follows a breach and how to report one, what goes with it."""

    title: Text = Field(examples=["Social media charter",
                                 {"fr": "Charte des réseaux sociaux", "en": "Social media charter"}])
    """The charter's title, shown on the home page."""
    summary: Markdown
    """A few paragraphs (Markdown): why the charter exists and what it contains."""
    applies_to: list[Text] = Field(min_length=1, examples=[["All employees", "Interns and temporary staff"]])
    """Who must follow the charter: at least one line."""
    exceptions: list[Text] = []
    """Optional: whom or what the charter does not cover."""
    owner: Optional[RoleRef] = Field(None, examples=["communication-director"])
    """Optional: the id of the role (roles.yml) that owns and updates the charter."""
    contact: Prose = ""
    """Optional: whom to contact with a question about the charter, in a sentence."""
    contacts: list[ContactPoint] = []
    """Optional: the people, teams, channels, mailboxes and hotlines to ask or to tell."""
    effective_date: Optional[date] = Field(None, examples=["2025-09-01"])
    """Optional: the date the charter takes effect, written YYYY-MM-DD."""
    review_date: Optional[date] = Field(None, examples=["2026-09-01"])
    """Optional: the date of its next review, written YYYY-MM-DD; not before the effective date."""
    amendments: Markdown = ""
    """Optional (Markdown): how the charter may be changed."""
    sanctions: Markdown = ""
    """Optional (Markdown): the consequences of a breach."""
    reporting: Markdown = ""
    """Optional (Markdown): how to report a breach."""
    commitments: list[Text] = []
    """Optional: what the organisation commits to in return (no retaliation against who reports a breach...)."""
    related_policies: list[RelatedPolicy] = []
    """Optional: other internal policies the charter goes with."""
    lexicon: list[Term] = []
    """Optional: the general lexicon, shown in the glossary and as tooltips (a network's own terms go in its file)."""

    @model_validator(mode="after")
    def _review_after_effect(self) -> "Charter":
        date, other = self.review_date, self.effective_date
        if date and other and date < other:
            raise At(("review_date",), Message("strategy.the-review-date-comes-before", date=date, other=other))
        return self


# --- objectives.yml, audiences.yml -------------------------------------------------------------

ObjectiveKind = Literal["notoriety", "sales", "customer_relation", "recruitment", "employer_brand",
                        "internal_communication", "prospecting", "loyalty", "public_relations", "other"]


class Objective(Item):
    """What social media are for: an objective, with the audiences, networks and KPIs that serve it."""

    kind: ClassVar[str] = "objective"
    title: Text
    """The objective, in a few words."""
    category: ObjectiveKind = Field(examples=["employer_brand"])
    """The kind of objective: notoriety, sales, customer_relation, recruitment, employer_brand,
    internal_communication, prospecting, loyalty, public_relations or other."""
    description: Markdown = ""
    """Optional (Markdown): what the objective means in practice."""
    priority: Optional[Literal["high", "medium", "low"]] = None
    """Optional: high, medium or low; when left out, no priority is shown."""
    audiences: list[AudienceRef] = Field(min_length=1, examples=[["young-graduates"]])
    """The ids of the audiences it addresses (audiences.yml): at least one."""
    networks: list[NetworkRef] = Field(min_length=1, examples=[["linkedin", "instagram"]])
    """The ids of the networks that serve it (content/networks/): at least one."""
    kpis: list[KpiRef] = Field(min_length=1, examples=[["engagement-rate"]])
    """The ids of the KPIs that measure it (kpis.yml): at least one."""


class Objectives(Strict):
    """objectives.yml: what social media are for."""

    introduction: Markdown = ""
    """Optional (Markdown): the text shown above the objectives."""
    objectives: list[Objective] = Field(min_length=1)
    """The objectives: at least one."""


class Audience(Item):
    """An audience: who is addressed on social media, why, what they expect and where to find them."""

    kind: ClassVar[str] = "audience"
    name: Text
    """The audience's name."""
    description: Markdown = ""
    """Optional (Markdown): who they are."""
    why: Markdown
    """Why this audience matters to the organisation (Markdown)."""
    expectations: list[Text] = Field(min_length=1)
    """What they expect from the organisation: at least one line."""
    where: list[NetworkRef] = Field([], examples=[["linkedin"]])
    """Optional: the ids of the networks where they are reached (content/networks/)."""


class Audiences(Strict):
    """audiences.yml: who is addressed on social media."""

    introduction: Markdown = ""
    """Optional (Markdown): the text shown above the audiences."""
    audiences: list[Audience] = Field(min_length=1)
    """The audiences: at least one."""


# --- editorial.yml ----------------------------------------------------------------------------

Address = Literal["formal", "informal"]


class Rhythm(Strict):
    """How often to publish on a network: `posts` publications every `every` `per` (3 per week, 1 every 2 days...)."""

    posts: whole(1, 1_000) = Field(examples=[3])
    """How many publications: a whole number, at least 1."""
    per: Literal["day", "week", "month"]
    """The period: day, week or month."""
    every: whole(1, 366) = Field(default=1, examples=[2])
    """Optional: 2 means every 2 days, weeks or months (1 when left out)."""
    best_times: list[Text] = Field([], examples=[["Tuesday 8:00-10:00", "Thursday 12:00-14:00"]])
    """Optional: the best times to publish."""


class NetworkEditorial(Entry):
    """The editorial line on one network: its content mix, its rhythm, and optionally its address and formats."""

    key: ClassVar[str] = "network"
    network: NetworkRef = Field(examples=["linkedin"])
    """The id of the network (content/networks/)."""
    # a share is from 0 to 100, as _mix_adds_up says in its words; the type keeps out a number of 400 digits
    mix: dict[str, whole(-1_000, 1_000)] = Field(min_length=1, examples=[{"conversation": 40, "sharing": 30, "promotion": 30}])
    """The share of each kind of content, in % (0 to 100); the shares add up to 100. The kinds are words of your
    choice; conversation, sharing, promotion, information and entertainment get a translated label."""
    rhythm: Rhythm
    """How often to publish there."""
    address: Optional[Address] = None
    """Optional: formal or informal; when left out, the address of the editorial line."""
    formats: list[Text] = Field([], examples=[["Carousel", "Short video"]])
    """Optional: the formats used there."""

    @model_validator(mode="after")
    def _mix_adds_up(self) -> "NetworkEditorial":
        for name, share in self.mix.items():
            if not 0 <= share <= 100:
                raise At(("mix", name), Message("strategy.the-share-of-is-it", name=name, share=share))
        total = sum(self.mix.values())
        if total != 100:
            raise MessageError(Message("strategy.the-content-mix-adds-up", total=total))
        return self


class Value(Entry):
    """A value the publications must reflect, with what it means in practice."""

    key: ClassVar[str] = "name"
    name: Text
    """The value, in a word or two."""
    meaning: Text
    """What it means in practice."""


class Pillar(Item):
    """A content pillar: a recurring theme of the publications."""

    kind: ClassVar[str] = "pillar"
    name: Text
    """The pillar's name."""
    description: Markdown
    """What it covers (Markdown)."""
    examples: list[Text] = []
    """Optional: examples of publications."""


class EditorialLine(Strict):
    """editorial.yml: how the organisation speaks, about what, how often, and what it never publishes."""

    introduction: Markdown = ""
    """Optional (Markdown): the text shown above the editorial line."""
    voice: Markdown
    """The organisation's voice, in a few sentences (Markdown)."""
    address: Address = Field(examples=["informal"])
    """The default form of address: formal or informal; a network may set its own."""
    tone: list[Text] = Field(min_length=1, examples=[["warm", "precise", "never ironic"]])
    """A few words that describe the tone: at least one."""
    values: list[Value] = []
    """Optional: the values the publications must reflect."""
    pillars: list[Pillar] = Field(min_length=1)
    """The content pillars: at least one."""
    networks: list[NetworkEditorial] = Field(min_length=1)
    """The editorial line of each network: at least one."""
    never_publish: list[Text] = Field(min_length=1)
    """What is never published, whatever the network: at least one line."""
