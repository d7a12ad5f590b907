"""The policy parts: comments.yml, personal_use.yml, crisis.yml."""
from __future__ import annotations

import typing
from typing import ClassVar, Literal, Optional, Union

from pydantic import Field, model_validator

from .base import (At, CrisisLevelRef, Email, Entry, Id, Item, Markdown, Name, NetworkRef, Phone, Prose, RoleChoice,
                   RoleRef, Strict, TemplateRef, Text, whole)
from ..message import Message, MessageError


# --- comments.yml -----------------------------------------------------------------------------

CommentAction = Literal["reply", "reply_private", "hide", "delete", "escalate", "ignore"]
BUILT_IN_ACTIONS: tuple[str, ...] = typing.get_args(CommentAction)


class ActionDefinition(Item):
    """An action on a comment beyond the built-in ones ('report to the platform', 'pass to the mayor's office'),
    with its own name."""

    kind: ClassVar[str] = "comment_action"
    name: Text = Field(examples=["Report to the platform"])
    """The action's name, as the categories that use it show it."""
    description: Prose = ""
    """Optional: what the action involves."""


class ReplyTemplate(Item):
    """A reply template: a starting point to adapt, never to paste as it is."""

    kind: ClassVar[str] = "template"
    title: Text
    """Its title."""
    text: Markdown
    """The reply (Markdown); put [brackets] around what must be replaced."""


class CommentCategory(Item):
    """A category of comments: what to do with such a comment, and who does it."""

    kind: ClassVar[str] = "comment_category"
    name: Text
    """The category's name."""
    description: Markdown
    """How to recognise such a comment (Markdown)."""
    examples: list[Text] = []
    """Optional: examples of such comments."""
    action: Union[CommentAction, Id] = Field(examples=["reply", "escalate", "report-to-platform"])
    """What to do: reply (in public), reply_private (in a private message), hide, delete, escalate (hand over to
    the role named by escalate_to) or ignore, or the id of an action defined under `actions`."""
    owner: Optional[RoleRef] = Field(None, examples=["community-manager"])
    """Optional: the id of the role that handles such comments (roles.yml)."""
    escalate_to: Optional[RoleRef] = Field(None, examples=["communication-director"])
    """The id of the role to hand over to (roles.yml); required when the action is escalate."""
    template: Optional[TemplateRef] = Field(None, examples=["thanks"])
    """Optional: the id of a reply template defined under `templates`."""
    notes: Markdown = ""
    """Optional (Markdown): anything else to know."""

    @model_validator(mode="after")
    def _escalation_has_a_target(self) -> "CommentCategory":
        if self.action == "escalate" and not self.escalate_to:
            raise MessageError(Message("policies.the-action-is-escalate-but"))
        return self


class ResponseTime(Entry):
    """How fast comments are answered on one network."""

    key: ClassVar[str] = "network"
    network: NetworkRef = Field(examples=["facebook"])
    """The id of the network (content/networks/)."""
    target_minutes: whole(1, 525_600) = Field(examples=[60, 1440])
    """The longest delay before a first answer, in minutes (60 = 1 hour, 1440 = 1 day)."""
    hours: Text = Field(examples=["Monday to Friday, 9:00-18:00"])
    """When the accounts are monitored."""
    outside_hours: Prose = ""
    """Optional: what happens outside those hours."""


class DecisionNode(Strict):
    """A yes/no question; each branch names another question or a comment category."""

    key: ClassVar[str] = "id"
    id: Id = Field(examples=["q-insult"])
    """The question's id: lower-case letters, digits, '-' and '_'; it must differ from every category's id."""
    question: Text = Field(examples=["Does the comment insult someone?"])
    """The question, answered yes or no."""
    if_yes: Id = Field(examples=["insult"])
    """Where a yes leads: the id of another question or of a comment category."""
    if_no: Id = Field(examples=["q-question"])
    """Where a no leads: the id of another question or of a comment category."""


class DecisionTree(Strict):
    """Yes/no questions that lead to the right comment category; every category is reachable, no path loops."""

    start: Id = Field(examples=["q-insult"])
    """The id of the first question asked."""
    nodes: list[DecisionNode] = Field(min_length=1)
    """The questions: at least one."""


class CommentPolicy(Strict):
    """comments.yml: how comments are answered, hidden or escalated, and how fast."""

    introduction: Markdown = ""
    """Optional (Markdown): the text shown above the comment policy."""
    principles: list[Text] = []
    """The rules every reply follows; the policy needs these or categories, or both."""
    categories: list[CommentCategory] = []
    """The categories of comments, each with its action; the policy needs these or principles, or both."""
    response_times: list[ResponseTime] = []
    """Optional: how fast comments are answered, network by network."""
    templates: list[ReplyTemplate] = []
    """Optional: the reply templates the categories name."""
    actions: list[ActionDefinition] = []
    """Optional: actions beyond the built-in ones (reply, reply_private, hide, delete, escalate, ignore)."""
    decision_tree: Optional[DecisionTree] = None
    """Optional: the yes/no questions that lead a community manager to the right category."""

    @model_validator(mode="after")
    def _says_something(self) -> "CommentPolicy":
        if not self.principles and not self.categories:
            raise MessageError(Message("policies.a-comment-policy-needs-at"))
        defined = [a.id for a in self.actions]
        for i, action in enumerate(defined):
            if action in BUILT_IN_ACTIONS:
                raise At(("actions", i, "id"), Message("policies.is-already-a-built-in", id=action))
        for i, category in enumerate(self.categories):
            if category.action not in BUILT_IN_ACTIONS and category.action not in defined:
                raise At(("categories", i, "action"), Message("policies.is-neither-a-built-in", action=category.action,
                                                              actions=', '.join(BUILT_IN_ACTIONS)))
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
    """The rule, in a few words."""
    do_or_dont: Optional[Literal["do", "dont"]] = None
    """Optional: do or dont; when left out, the rule is neither a do nor a don't."""
    topic: Optional[RuleTopic] = Field(None, examples=["confidentiality"])
    """Optional: disclosure, confidentiality, tone, approval, security, legal or other; rules that give a topic
    are grouped under it."""
    only_for: Prose = Field("", examples=["Spokespeople", "Staff in Germany"])
    """Optional: the one group of staff, country or entity the rule is for; when left out, it is for everyone."""
    text: Markdown = ""
    """Optional (Markdown): the rule in full."""
    requires_approval: bool = False
    """true if what the rule covers needs prior approval; false when left out."""
    approver: Optional[RoleChoice] = Field(None, examples=["communication-director", ["hr-director", "manager"]])
    """Optional: who approves, when the rule requires approval: a role id (roles.yml), or a list of role ids when
    any one of them may approve."""


class Example(Entry):
    """An example of what to do or not to do on one's own accounts."""

    key: ClassVar[str] = "text"
    kind: Literal["do", "dont"]
    """do or dont."""
    text: Text
    """The example."""
    why: Prose = ""
    """Optional: why it is right or wrong."""


class PersonalUse(Strict):
    """personal_use.yml: the rules for staff who talk about their work on their own accounts."""

    introduction: Markdown = ""
    """Optional (Markdown): the text shown above the rules."""
    scope: Markdown = ""
    """Optional (Markdown): whom and what these rules cover."""
    rules: list[PersonalRule] = Field(min_length=1)
    """The rules, in the order they are shown: at least one."""
    examples: list[Example] = []
    """Optional: examples of what to do and not to do."""


# --- crisis.yml -------------------------------------------------------------------------------

class CrisisAction(Entry):
    """Something to do in a crisis of this level, and who does it."""

    key: ClassVar[str] = "do"
    do: Text
    """What to do."""
    owner: RoleRef = Field(examples=["community-manager"])
    """The id of the role that does it (roles.yml)."""
    within_minutes: Optional[whole(0, 525_600)] = Field(default=None, examples=[30])
    """Optional: within how many minutes, 0 for at once; when left out, no delay is set."""


class EscalationStep(Entry):
    """Who is alerted, and within how many minutes."""

    key: ClassVar[str] = "role"
    role: RoleChoice = Field(examples=["communication-director", ["ceo", "deputy-ceo"]])
    """The id of the role alerted (roles.yml), or a list of role ids when any one of them may be."""
    within_minutes: whole(0, 525_600) = Field(examples=[0, 60])
    """Within how many minutes, 0 for at once; the steps are listed from the shortest delay to the longest."""


class CrisisLevel(Item):
    """A level of seriousness: how to recognise it, who leads, who is alerted and how fast, what to do."""

    kind: ClassVar[str] = "crisis_level"
    name: Text
    """The level's name."""
    severity: whole(1, 5) = Field(examples=[2])
    """From 1 (mildest) to 5 (most serious); each level has a severity of its own."""
    criteria: list[Text] = Field(min_length=1)
    """How to recognise this level: at least one line."""
    examples: list[Text] = []
    """Optional: examples of such situations."""
    lead: RoleRef = Field(examples=["communication-director"])
    """The id of the role that leads the response (roles.yml)."""
    escalation: list[EscalationStep] = Field(min_length=1)
    """Who is alerted and within how many minutes, from the shortest delay to the longest: at least one step."""
    actions: list[CrisisAction] = Field(min_length=1)
    """What to do, and by whom: at least one action."""

    @model_validator(mode="after")
    def _escalation_in_order(self) -> "CrisisLevel":
        delays = [step.within_minutes for step in self.escalation]
        if delays != sorted(delays):
            raise MessageError(Message("policies.the-escalation-steps-must-be"))
        return self


class HoldingStatement(Item):
    """A text approved in advance, ready to publish in a crisis."""

    kind: ClassVar[str] = "holding_statement"
    level: CrisisLevelRef = Field(examples=["level-2"])
    """The id of the crisis level it is meant for (under `levels`)."""
    situation: Text
    """The situation it answers."""
    text: Markdown
    """The statement (Markdown)."""
    networks: list[NetworkRef] = Field([], examples=[["facebook", "linkedin"]])
    """Optional: the ids of the networks where it is published (content/networks/)."""


class Contact(Entry):
    """Whom to call in a crisis."""

    key: ClassVar[str] = "role"
    role: RoleRef = Field(examples=["communication-director"])
    """The id of the role this person holds (roles.yml)."""
    name: Name
    """The person's name."""
    phone: Phone = Field("", examples=["+33 6 12 34 56 78"])
    """Optional: a phone number: digits, with an optional leading + and spaces, dots, dashes or brackets."""
    email: Email = ""
    """Optional: an e-mail address."""
    backup: Prose = ""
    """Optional: whom to call when this person cannot be reached."""


class Review(Strict):
    """The review after a crisis."""

    within_days: whole(1, 366) = Field(examples=[15])
    """Within how many days after the crisis the review meets: at least 1."""
    steps: list[Text] = Field(min_length=1)
    """Its steps: at least one."""


class CrisisPlaybook(Strict):
    """crisis.yml: levels of seriousness, who is alerted and how fast, what to do and what to publish."""

    introduction: Markdown = ""
    """Optional (Markdown): the text shown above the crisis playbook."""
    levels: list[CrisisLevel] = Field(min_length=1)
    """The crisis levels, each with a severity of its own: at least one."""
    holding_statements: list[HoldingStatement] = Field(min_length=1)
    """Texts approved in advance: at least one."""
    review: Review
    """The review meeting after a crisis: within how many days, and its steps."""
    contacts: list[Contact] = Field(min_length=1)
    """Whom to call: at least one contact."""

    @model_validator(mode="after")
    def _severities_differ(self) -> "CrisisPlaybook":
        seen: dict[int, str] = {}
        for i, level in enumerate(self.levels):
            if level.severity in seen:
                raise At(("levels", i, "severity"), Message("policies.levels-and-have-the-same",
                                                            first=seen[level.severity], second=level.id,
                                                            severity=level.severity))
            seen[level.severity] = level.id
        return self
