"""The planning parts: strategy.yml (the existing communication actions and the obstacles to them) and
resources.yml (the people, time and money given to social media, year by year)."""
from __future__ import annotations

from typing import Annotated, ClassVar, Literal, Optional

from pydantic import Field, model_validator

from .base import At, Entry, Item, Markdown, NetworkRef, ObjectiveRef, Prose, Ref, RoleRef, Strict, Text, Visibility
from .base import number, whole
from ..message import Message, MessageError

ActionRef = Annotated[str, Ref("action")]

# --- strategy.yml ------------------------------------------------------------------------------


class Action(Item):
    """A communication action the organisation already runs, offline or online, that social media build on."""

    kind: ClassVar[str] = "action"
    enum_groups: ClassVar[dict[str, str]] = {"type": "action_type"}
    name: Text = Field(examples=["Trade fair stand", {"fr": "Salon professionnel", "en": "Trade fair"}])
    """The action's name."""
    type: Literal["offline", "online"] = Field(examples=["offline"])
    """offline (a fair, a shop event, a printed catalogue) or online (the website, a newsletter)."""
    description: Markdown = ""
    """Optional (Markdown): what the action is, and what social media add to it."""
    owner: Optional[RoleRef] = Field(None, examples=["communication-director"])
    """Optional: the id of the role that runs it (roles.yml)."""
    objectives: list[ObjectiveRef] = Field([], examples=[["notoriety", "sales"]])
    """Optional: the ids of the objectives that build on it (objectives.yml)."""
    networks: list[NetworkRef] = Field([], examples=[["linkedin"]])
    """Optional: the ids of the networks that relay it (content/networks/)."""


ObstacleType = Literal["top_management", "strategy", "roi_kpis", "organisation"]


class Obstacle(Entry):
    """What stands in the way of an action or an objective, how it is overcome and who sees to it."""

    key: ClassVar[str] = "title"
    enum_groups: ClassVar[dict[str, str]] = {"type": "obstacle_type"}
    title: Text = Field(examples=["No budget for sponsored posts"])
    """The obstacle, in a few words."""
    type: ObstacleType = Field(examples=["organisation"])
    """Which of the four obstacles it is: top_management, strategy, roi_kpis (return on investment and indicators)
    or organisation (resources, processes, budget)."""
    aspect: Optional[Literal["resources", "processes", "budget"]] = None
    """Optional, for an obstacle of organisation: resources, processes or budget."""
    description: Markdown = ""
    """Optional (Markdown): how it shows itself."""
    actions: list[ActionRef] = Field([], examples=[["trade-fair"]])
    """The ids of the actions it stands in the way of (actions, above); give actions, objectives or both."""
    objectives: list[ObjectiveRef] = Field([], examples=[["notoriety"]])
    """The ids of the objectives it stands in the way of (objectives.yml); give actions, objectives or both."""
    mitigation: Markdown
    """How it is overcome (Markdown)."""
    owner: RoleRef = Field(examples=["communication-director"])
    """The id of the role that sees to the mitigation (roles.yml)."""

    @model_validator(mode="after")
    def _in_the_way_of_something(self) -> "Obstacle":
        if self.aspect is not None and self.type != "organisation":
            raise At(("aspect",), Message("planning.aspect-applies-to-an-obstacle", type=self.type),
                     key=True)
        if not self.actions and not self.objectives:
            raise MessageError(Message("planning.say-what-this-obstacle-stands"))
        return self


class Strategy(Strict):
    """strategy.yml: the communication actions the organisation already runs, which objectives build on them, and
    the obstacles to them with their mitigation and owner."""

    introduction: Markdown = ""
    """Optional (Markdown): the text shown above the strategy."""
    actions: list[Action] = []
    """Optional: the existing communication actions, offline and online."""
    obstacles: list[Obstacle] = []
    """Optional: the obstacles to the actions and objectives."""


# --- resources.yml -----------------------------------------------------------------------------

Currency = Literal["EUR", "USD", "GBP", "CHF", "CAD"]


class TimeGiven(Entry):
    """The time a role gives to social media: a share of its working time, or hours a week or a month."""

    key: ClassVar[str] = "role"
    role: RoleRef = Field(examples=["community-manager"])
    """The id of the role (roles.yml)."""
    share_of_time: Optional[number(0, 100, above=True)] = Field(None, examples=[50])
    """The share of its working time, in % (100 for a full-time post); or give hours_per_week or hours_per_month."""
    hours_per_week: Optional[number(0, 80, above=True)] = Field(None, examples=[4])
    """Hours a week; or give share_of_time or hours_per_month."""
    hours_per_month: Optional[number(0, 350, above=True)] = Field(None, examples=[6])
    """Hours a month; or give share_of_time or hours_per_week."""
    note: Prose = ""
    """Optional: what the time is spent on."""

    @model_validator(mode="after")
    def _one_measure_of_time(self) -> "TimeGiven":
        given = [name for name in ("share_of_time", "hours_per_week", "hours_per_month")
                 if getattr(self, name) is not None]
        if not given:
            raise MessageError(Message("planning.say-how-much-time-the"))
        if len(given) > 1:
            raise At((given[1],), Message("planning.the-role-s-time-is", first=given[0], second=given[1]),
                     key=True)
        return self


BudgetCategory = Literal["tools", "content", "campaigns", "training", "other"]
# how often an amount is spent, and how many times a year
TIMES_A_YEAR = {"once": 1, "monthly": 12, "quarterly": 4, "yearly": 1}


class BudgetLine(Entry):
    """An amount spent on social media: a tool, content production, a paid campaign..."""

    key: ClassVar[str] = "name"
    enum_groups: ClassVar[dict[str, str]] = {"category": "budget_category"}
    category: BudgetCategory = Field(examples=["tools"])
    """tools, content (production), campaigns (paid), training or other."""
    name: Text = Field(examples=["Scheduling and analytics tool"])
    """What the money is for."""
    amount: number(0, 1e12) = Field(examples=[1200, 49.9])
    """The amount, in the file's currency, each time it is spent (each month for a monthly line)."""
    frequency: Literal["once", "monthly", "quarterly", "yearly"] = "yearly"
    """Optional: once, monthly, quarterly or yearly (the default): how often the amount is spent in the year."""
    note: Prose = ""
    """Optional: what it covers, who supplies it."""

    @property
    def yearly(self) -> float:
        """What it costs in the year."""
        return self.amount * TIMES_A_YEAR[self.frequency]


class BudgetYear(Entry):
    """One year of resources: the time each role gives, and what is spent."""

    key: ClassVar[str] = "year"
    year: whole(2000, 2100) = Field(examples=[2026])
    """The year, such as 2026."""
    people: list[TimeGiven] = []
    """Optional: the time each role gives."""
    lines: list[BudgetLine] = []
    """Optional: the amounts spent: tools, content production, paid campaigns, training, other."""


class Resources(Strict):
    """resources.yml: the people, time and money given to social media, year by year. Team-only unless it says
    `visibility: public`."""

    visibility: Visibility = "restricted"
    """restricted (the default): the whole part is left out of the site built for all staff; public: staff read it
    too, but for its entries marked restricted."""
    introduction: Markdown = ""
    """Optional (Markdown): the text shown above the resources."""
    currency: Currency = Field(examples=["EUR"])
    """The currency of every amount: EUR, USD, GBP, CHF or CAD."""
    years: list[BudgetYear] = Field(min_length=1)
    """The years planned, each once: at least one."""

    @model_validator(mode="after")
    def _each_year_once(self) -> "Resources":
        for i, year in enumerate(self.years):
            if any(other.year == year.year for other in self.years[:i]):
                raise At(("years", i, "year"), Message("planning.the-year-is-given-twice", year=year.year))
        return self
