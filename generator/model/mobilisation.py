"""The mobilisation parts: training.yml (the training sessions) and ambassadors.yml (the ambassadors programme)."""
from __future__ import annotations

from typing import Annotated, ClassVar, Literal, Optional

from pydantic import Field, model_validator

from .base import At, Entry, Item, KpiRef, Markdown, Name, Prose, Ref, RoleRef, Strict, Text
from .base import whole
from ..message import Message

# --- training.yml -----------------------------------------------------------------------------

TrainingFormat = Literal["workshop", "e_learning", "webinar", "coaching", "role_play", "talk", "other"]
TrainingFrequency = Literal["once", "monthly", "quarterly", "twice_a_year", "yearly", "on_demand"]
# when a newcomer to the team takes it: a group of the onboarding path (onboarding.py)
OnboardingMoment = Literal["day_1", "week_1", "month_1"]


class Material(Entry):
    """A support of a session: a guide, slides, an e-learning module, with its address when it has one."""

    key: ClassVar[str] = "name"
    name: Text = Field(examples=["Ambassador's guide", "LinkedIn e-learning module"])
    """Its name."""
    url: str = Field("", examples=["https://intranet.example.org/guide.pdf"])
    """Optional: its address (an intranet page, a file), which the site links to."""


class TrainingSession(Item):
    """A training session: what it covers, for whom, in which format, how often, how long, who runs it."""

    kind: ClassVar[str] = "training_session"
    enum_groups: ClassVar[dict[str, str]] = {"format": "training_format", "frequency": "training_frequency",
                                             "onboarding": "onboarding_moment"}
    title: Text = Field(examples=["The charter in practice", {"fr": "La charte en pratique",
                                                              "en": "The charter in practice"}])
    """The session's title."""
    covers: list[Text] = Field(min_length=1, examples=[["What the personal-use policy asks", "Securing an account"]])
    """What it covers: at least one line."""
    description: Markdown = ""
    """Optional (Markdown): anything else to know (where it takes place, what to bring)."""
    roles: list[RoleRef] = Field([], examples=[["community-manager", "social-media-manager"]])
    """Optional: the ids of the roles it is for (roles.yml): the communication team's sessions name them."""
    all_staff: bool = False
    """true if it is for every employee (the personal-use policy explained); false when left out."""
    audience: Prose = Field("", examples=["New community managers", "Store managers"])
    """Optional: whom it is for, in words, when roles and all_staff do not say it (new arrivals, managers)."""
    format: TrainingFormat = Field(examples=["workshop"])
    """workshop, e_learning, webinar, coaching, role_play, talk or other."""
    frequency: TrainingFrequency = Field(examples=["once", "yearly"])
    """How often it is given or taken: once, monthly, quarterly, twice_a_year, yearly or on_demand."""
    duration_minutes: Optional[whole(1, 10_080)] = Field(None, examples=[90, 180])
    """Optional: how long it lasts, in minutes (90 = 1 h 30)."""
    owner: Optional[RoleRef] = Field(None, examples=["social-media-manager"])
    """Optional: the id of the role that runs it (roles.yml)."""
    material: list[Material] = []
    """Optional: its supports, each with its name and, when it has one, its address."""
    onboarding: Optional[OnboardingMoment] = Field(None, examples=["day_1", "week_1"])
    """Optional: day_1, week_1 or month_1: when a newcomer to the team takes it; the onboarding path then lists it
    in that group. When left out, the session is not on the onboarding path."""

    @model_validator(mode="after")
    def _says_for_whom(self) -> "TrainingSession":
        if not self.roles and not self.all_staff and not self.audience:
            raise At(("roles",), Message("mobilisation.say-whom-the-session-is"), key=True)
        return self


class Training(Strict):
    """training.yml: the training sessions of the communication team, of the staff and of the ambassadors."""

    introduction: Markdown = ""
    """Optional (Markdown): the text shown above the sessions."""
    sessions: list[TrainingSession] = Field(min_length=1)
    """The training sessions, in the order they are shown: at least one."""


# --- ambassadors.yml --------------------------------------------------------------------------

TrainingSessionRef = Annotated[str, Ref("training_session")]
PersonalRuleRef = Annotated[str, Ref("personal_rule")]


class AmbassadorRule(Entry):
    """A rule ambassadors follow: a do, a don't or neither, possibly restating a rule of the personal-use policy."""

    key: ClassVar[str] = "title"
    enum_groups: ClassVar[dict[str, str]] = {"do_or_dont": "kind"}
    title: Text = Field(examples=["I only share what is already public"])
    """The rule, in a few words."""
    do_or_dont: Optional[Literal["do", "dont"]] = None
    """Optional: do or dont; when left out, the rule is neither a do nor a don't."""
    text: Markdown = ""
    """Optional (Markdown): the rule in full."""
    personal_rule: Optional[PersonalRuleRef] = Field(None, examples=["confidentiality"])
    """Optional: the id of the rule of personal_use.yml it restates or goes further than."""


class Ambassadors(Strict):
    """ambassadors.yml: the ambassadors programme: who may join and how, how they are trained, their rules, how they
    are recognised, who runs it and how it is measured."""

    name: Name = Field("", examples=["Spokespeople"])
    """Optional: the programme's own name, the same in every language unless translated."""
    introduction: Markdown = ""
    """Optional (Markdown): the text shown above the programme: why it exists."""
    owners: list[RoleRef] = Field(min_length=1, examples=[["social-media-manager", "hr"]])
    """The ids of the roles that run the programme (roles.yml): at least one."""
    eligibility: list[Text] = Field(min_length=1, examples=[["Any employee with six months in the company"]])
    """Who may join: at least one line."""
    joining: Markdown = ""
    """Optional (Markdown): how to join, and how to leave."""
    training: list[TrainingSessionRef] = Field([], examples=[["ambassador-basics", "ambassador-refresher"]])
    """Optional: the ids of the training sessions ambassadors take (training.yml), in the order they take them."""
    training_notes: Markdown = ""
    """Optional (Markdown): how ambassadors are trained, beyond the sessions named (on working time, what they get
    at the end)."""
    rules: list[AmbassadorRule] = Field(min_length=1)
    """The rules ambassadors follow, in the order they are shown: at least one."""
    support: list[Text] = []
    """Optional: how the programme keeps ambassadors going day to day (content to share, a chat channel, meetings)."""
    recognition: list[Text] = []
    """Optional: how ambassadors are recognised and thanked."""
    kpis: list[KpiRef] = Field([], examples=[["ambassador-shares"]])
    """Optional: the ids of the indicators the programme is measured by (kpis.yml)."""
    measurement: Markdown = ""
    """Optional (Markdown): how the programme is measured, and what is never measured."""

