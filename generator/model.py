"""Model stage: the charter as typed objects. The models are the schema.

Every item that other parts refer to has an `id` and a `kind`; a field that refers to another
item is annotated with `Ref(kind)`. The validate stage reads those annotations to check every
reference, so adding a reference needs nothing more than the annotation.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, ClassVar, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator


@dataclass(frozen=True)
class Ref:
    """Marks a field whose value is the id of an item of `kind`."""

    kind: str


Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
Text = Annotated[str, StringConstraints(min_length=1)]
Markdown = str  # block text: paragraphs, lists, emphasis
Visibility = Literal["public", "restricted"]

AudienceRef = Annotated[str, Ref("audience")]
NetworkRef = Annotated[str, Ref("network")]
KpiRef = Annotated[str, Ref("kpi")]
RoleRef = Annotated[str, Ref("role")]
TemplateRef = Annotated[str, Ref("template")]
CrisisLevelRef = Annotated[str, Ref("crisis_level")]


class Strict(BaseModel):
    """Base of every content model: unknown keys are errors, numbers are accepted as text."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True)


class Item(Strict):
    """Something other parts can refer to by its id."""

    kind: ClassVar[str] = ""
    id: Id
    visibility: Visibility = "public"


class Term(Strict):
    """A lexicon entry: shown in the glossary and as a tooltip wherever the term appears."""

    term: Text
    definition: Text
    example: str = ""
    aliases: list[Text] = []


# --- charter.yml -------------------------------------------------------------------------------

class Charter(Strict):
    """The charter's identity: what it is, who it applies to, who owns it."""

    title: Text
    summary: Markdown
    applies_to: list[Text] = Field(min_length=1)
    owner: RoleRef
    contact: str = ""
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


class NetworkEditorial(Strict):
    network: NetworkRef
    mix: dict[str, int] = Field(min_length=1)
    rhythm: Rhythm
    address: Optional[Address] = None
    formats: list[Text] = []

    @model_validator(mode="after")
    def _mix_adds_up(self) -> "NetworkEditorial":
        for name, share in self.mix.items():
            if not 0 <= share <= 100:
                raise ValueError(f"the share of '{name}' is {share} %, it must be between 0 and 100")
        total = sum(self.mix.values())
        if total != 100:
            raise ValueError(f"the content mix adds up to {total} %, it must add up to 100 %")
        return self


class Value(Strict):
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


# --- comments.yml -----------------------------------------------------------------------------

CommentAction = Literal["reply", "reply_private", "hide", "delete", "escalate", "ignore"]


class ReplyTemplate(Item):
    kind: ClassVar[str] = "template"
    title: Text
    text: Markdown


class CommentCategory(Item):
    kind: ClassVar[str] = "comment_category"
    name: Text
    description: Markdown
    examples: list[Text] = []
    action: CommentAction
    owner: RoleRef
    escalate_to: Optional[RoleRef] = None
    template: Optional[TemplateRef] = None
    notes: Markdown = ""

    @model_validator(mode="after")
    def _escalation_has_a_target(self) -> "CommentCategory":
        if self.action == "escalate" and not self.escalate_to:
            raise ValueError("the action is 'escalate' but 'escalate_to' names no role")
        return self


class ResponseTime(Strict):
    network: NetworkRef
    target_minutes: int = Field(ge=1)
    hours: Text
    outside_hours: str = ""


class DecisionNode(Strict):
    """A yes/no question; each branch names another question or a comment category."""

    id: Id
    question: Text
    if_yes: Id
    if_no: Id


class DecisionTree(Strict):
    start: Id
    nodes: list[DecisionNode] = Field(min_length=1)


class CommentPolicy(Strict):
    introduction: Markdown = ""
    principles: list[Text] = Field(min_length=1)
    categories: list[CommentCategory] = Field(min_length=1)
    response_times: list[ResponseTime] = Field(min_length=1)
    templates: list[ReplyTemplate] = []
    decision_tree: DecisionTree


# --- personal_use.yml -------------------------------------------------------------------------

class PersonalRule(Item):
    kind: ClassVar[str] = "personal_rule"
    title: Text
    topic: Literal["disclosure", "confidentiality", "tone", "approval", "security", "legal", "other"] = "other"
    text: Markdown
    requires_approval: bool = False


class Example(Strict):
    kind: Literal["do", "dont"]
    text: Text
    why: str = ""


class PersonalUse(Strict):
    introduction: Markdown = ""
    scope: Markdown
    rules: list[PersonalRule] = Field(min_length=1)
    examples: list[Example] = []


# --- crisis.yml -------------------------------------------------------------------------------

class CrisisAction(Strict):
    do: Text
    owner: RoleRef
    within_minutes: Optional[int] = Field(default=None, ge=0)


class EscalationStep(Strict):
    role: RoleRef
    within_minutes: int = Field(ge=0)


class CrisisLevel(Item):
    kind: ClassVar[str] = "crisis_level"
    name: Text
    severity: int = Field(ge=1, le=5)
    criteria: list[Text] = Field(min_length=1)
    examples: list[Text] = []
    lead: RoleRef
    escalation: list[EscalationStep] = Field(min_length=1)
    actions: list[CrisisAction] = Field(min_length=1)

    @model_validator(mode="after")
    def _escalation_in_order(self) -> "CrisisLevel":
        delays = [step.within_minutes for step in self.escalation]
        if delays != sorted(delays):
            raise ValueError("the escalation steps must be listed in order of their maximum delay")
        return self


class HoldingStatement(Item):
    kind: ClassVar[str] = "holding_statement"
    level: CrisisLevelRef
    situation: Text
    text: Markdown
    networks: list[NetworkRef] = []


class Contact(Strict):
    role: RoleRef
    name: Text
    phone: str = ""
    email: str = ""
    backup: str = ""
    visibility: Visibility = "public"


class Review(Strict):
    within_days: int = Field(ge=1)
    steps: list[Text] = Field(min_length=1)


class CrisisPlaybook(Strict):
    introduction: Markdown = ""
    levels: list[CrisisLevel] = Field(min_length=1)
    holding_statements: list[HoldingStatement] = Field(min_length=1)
    review: Review
    contacts: list[Contact] = Field(min_length=1)

    @model_validator(mode="after")
    def _severities_differ(self) -> "CrisisPlaybook":
        seen: dict[int, str] = {}
        for level in self.levels:
            if level.severity in seen:
                raise ValueError(f"levels '{seen[level.severity]}' and '{level.id}' have the same severity "
                                 f"{level.severity}")
            seen[level.severity] = level.id
        return self


# --- kpis.yml ---------------------------------------------------------------------------------

KpiType = Literal["roi", "roa", "roni", "engagement", "reach", "conversion", "satisfaction", "other"]
Frequency = Literal["realtime", "daily", "weekly", "monthly", "quarterly", "yearly"]


class Kpi(Item):
    kind: ClassVar[str] = "kpi"
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

class Person(Strict):
    name: Text
    email: str = ""
    phone: str = ""
    visibility: Visibility = "public"


class Role(Item):
    kind: ClassVar[str] = "role"
    title: Text
    team: str = ""
    description: Markdown = ""
    responsibilities: list[Text] = Field(min_length=1)
    people: list[Person] = []
    approves: bool = False


class RaciActivity(Strict):
    process: Text
    activity: Text
    responsible: list[RoleRef] = Field(min_length=1)
    accountable: RoleRef
    consulted: list[RoleRef] = []
    informed: list[RoleRef] = []


class Organisation(Strict):
    introduction: Markdown = ""
    roles: list[Role] = Field(min_length=1)
    raci: list[RaciActivity] = Field(min_length=1)


# --- listening.yml ----------------------------------------------------------------------------

class WatchItem(Item):
    kind: ClassVar[str] = "watch"
    subject: Text
    type: Literal["brand", "product", "competitor", "keyword", "person", "topic"]
    terms: list[Text] = Field(min_length=1)
    where: list[Text] = Field(min_length=1)
    tools: list[Text] = Field(min_length=1)
    frequency: Frequency
    owner: RoleRef


class Finding(Strict):
    where: Text
    who: Text
    about: Text
    tone: Literal["positive", "neutral", "negative", "mixed"]
    volume: Literal["low", "medium", "high"] = "medium"
    notes: str = ""


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
        months = (self.next_due.year - self.date.year) * 12 + self.next_due.month - self.date.month
        if not 6 <= months <= 12:
            raise ValueError(f"the next audit is due {months} months after this one; an image audit is "
                             "renewed every 6 to 12 months")
        return self


class Listening(Strict):
    introduction: Markdown = ""
    watch: list[WatchItem] = Field(min_length=1)
    audit: Audit


# --- networks/*.yml ---------------------------------------------------------------------------

ChecklistMoment = Literal["setup", "daily", "weekly", "monthly", "before_publishing", "after_publishing",
                          "incident", "other"]


class Checklist(Item):
    kind: ClassVar[str] = "checklist"
    title: Text
    when: ChecklistMoment
    items: list[Text] = Field(min_length=1)


class Network(Item):
    kind: ClassVar[str] = "network"
    name: Text
    handle: str = ""
    url: str = ""
    purpose: Markdown
    audiences: list[AudienceRef] = []
    logic: Markdown
    etiquette: list[Text] = Field(min_length=1)
    rules: list[Text] = []
    lexicon: list[Term] = Field(min_length=1)
    checklists: list[Checklist] = Field(min_length=1)


# --- pages/*.md and site_config.yml -----------------------------------------------------------

class PageMeta(Strict):
    """Front matter of a free page."""

    title: Text
    order: int = 100
    description: str = ""
    visibility: Visibility = "public"


class Company(Strict):
    name: Text
    short_name: str = ""


class SiteConfig(Strict):
    organisation: Company
    language: Literal["fr", "en"]
    networks: list[NetworkRef] = Field(min_length=1)
    site_name: str = ""
    content_dir: str = "content"
    output_dir: str = "site"
    theme_dir: str = ""
    mkdocs: dict[str, Any] = {}


# The content files a playbook is made of: file stem -> the model of its content.
PARTS: dict[str, type[Strict]] = {
    "charter": Charter,
    "objectives": Objectives,
    "audiences": Audiences,
    "editorial": EditorialLine,
    "comments": CommentPolicy,
    "personal_use": PersonalUse,
    "crisis": CrisisPlaybook,
    "kpis": Kpis,
    "roles": Organisation,
    "listening": Listening,
}


@dataclass
class Page:
    """A free Markdown page written by the authors."""

    slug: str
    meta: PageMeta
    body: str


@dataclass
class Playbook:
    """The whole validated charter, ready to render."""

    config: SiteConfig
    charter: Charter
    objectives: Objectives
    audiences: Audiences
    editorial: EditorialLine
    comments: CommentPolicy
    personal_use: PersonalUse
    crisis: CrisisPlaybook
    kpis: Kpis
    roles: Organisation
    listening: Listening
    networks: list[Network]
    pages: list[Page]

    @property
    def active_networks(self) -> list[Network]:
        by_id = {n.id: n for n in self.networks}
        return [by_id[i] for i in self.config.networks if i in by_id]
