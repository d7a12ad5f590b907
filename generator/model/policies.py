"""The policy parts: comments.yml, personal_use.yml, crisis.yml."""
from __future__ import annotations

import typing
from typing import ClassVar, Literal, Optional, Union

from pydantic import Field, model_validator

from .base import (At, CrisisLevelRef, Email, Entry, Id, Item, Markdown, Name, NetworkRef, Phone, Prose, RoleChoice,
                   RoleRef, Strict, TemplateRef, Text)


# --- comments.yml -----------------------------------------------------------------------------

CommentAction = Literal["reply", "reply_private", "hide", "delete", "escalate", "ignore"]
BUILT_IN_ACTIONS: tuple[str, ...] = typing.get_args(CommentAction)


class ActionDefinition(Item):
    """An action on a comment beyond the built-in ones ('report to the platform', 'pass to the mayor's office'),
    with its own name."""

    kind: ClassVar[str] = "comment_action"
    name: Text
    description: Prose = ""


class ReplyTemplate(Item):
    kind: ClassVar[str] = "template"
    title: Text
    text: Markdown


class CommentCategory(Item):
    kind: ClassVar[str] = "comment_category"
    name: Text
    description: Markdown
    examples: list[Text] = []
    action: Union[CommentAction, Id]  # a built-in action, or the id of one defined under `actions`
    owner: Optional[RoleRef] = None
    escalate_to: Optional[RoleRef] = None
    template: Optional[TemplateRef] = None
    notes: Markdown = ""

    @model_validator(mode="after")
    def _escalation_has_a_target(self) -> "CommentCategory":
        if self.action == "escalate" and not self.escalate_to:
            raise ValueError("the action is 'escalate' but 'escalate_to' names no role")
        return self


class ResponseTime(Entry):
    key: ClassVar[str] = "network"
    network: NetworkRef
    target_minutes: int = Field(ge=1)
    hours: Text
    outside_hours: Prose = ""


class DecisionNode(Strict):
    """A yes/no question; each branch names another question or a comment category."""

    key: ClassVar[str] = "id"
    id: Id
    question: Text
    if_yes: Id
    if_no: Id


class DecisionTree(Strict):
    start: Id
    nodes: list[DecisionNode] = Field(min_length=1)


class CommentPolicy(Strict):
    introduction: Markdown = ""
    principles: list[Text] = []
    categories: list[CommentCategory] = []
    response_times: list[ResponseTime] = []
    templates: list[ReplyTemplate] = []
    actions: list[ActionDefinition] = []  # actions beyond the built-in ones
    decision_tree: Optional[DecisionTree] = None

    @model_validator(mode="after")
    def _says_something(self) -> "CommentPolicy":
        if not self.principles and not self.categories:
            raise ValueError("a comment policy needs at least its principles or its categories of comments")
        defined = [a.id for a in self.actions]
        for i, action in enumerate(defined):
            if action in BUILT_IN_ACTIONS:
                raise At(("actions", i, "id"), f"'{action}' is already a built-in action: give yours another id")
        for i, category in enumerate(self.categories):
            if category.action not in BUILT_IN_ACTIONS and category.action not in defined:
                raise At(("categories", i, "action"), f"'{category.action}' is neither a built-in action "
                         f"({', '.join(BUILT_IN_ACTIONS)}) nor one defined under 'actions'")
        return self

    def action_name(self, action: str, built_in: dict[str, str]) -> str:
        """What an action is called: its own name if the charter defines it, else its label in `built_in`."""
        return next((a.name for a in self.actions if a.id == action), None) or built_in.get(action, action)


# --- personal_use.yml -------------------------------------------------------------------------

RuleTopic = Literal["disclosure", "confidentiality", "tone", "approval", "security", "legal", "other"]


class PersonalRule(Item):
    """A rule, kept in the author's order: a do, a don't or a plain rule, for everyone or for one group of staff,
    one country or one entity; rules that give a topic are grouped under it."""

    kind: ClassVar[str] = "personal_rule"
    enum_groups: ClassVar[dict[str, str]] = {"do_or_dont": "kind"}
    title: Text
    do_or_dont: Optional[Literal["do", "dont"]] = None  # unset: a rule that is neither a do nor a don't
    topic: Optional[RuleTopic] = None
    only_for: Prose = ""  # one group of staff (spokespeople...), one country or one entity; empty: everyone
    text: Markdown = ""
    requires_approval: bool = False
    approver: Optional[RoleChoice] = None  # who approves, when the rule requires approval


class Example(Entry):
    key: ClassVar[str] = "text"
    kind: Literal["do", "dont"]
    text: Text
    why: Prose = ""


class PersonalUse(Strict):
    introduction: Markdown = ""
    scope: Markdown = ""
    rules: list[PersonalRule] = Field(min_length=1)
    examples: list[Example] = []


# --- crisis.yml -------------------------------------------------------------------------------

class CrisisAction(Entry):
    key: ClassVar[str] = "do"
    do: Text
    owner: RoleRef
    within_minutes: Optional[int] = Field(default=None, ge=0)


class EscalationStep(Entry):
    key: ClassVar[str] = "role"
    role: RoleChoice
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


class Contact(Entry):
    key: ClassVar[str] = "role"
    role: RoleRef
    name: Name
    phone: Phone = ""
    email: Email = ""
    backup: Prose = ""


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
        for i, level in enumerate(self.levels):
            if level.severity in seen:
                raise At(("levels", i, "severity"), f"levels '{seen[level.severity]}' and '{level.id}' have the same "
                         f"severity {level.severity}")
            seen[level.severity] = level.id
        return self
