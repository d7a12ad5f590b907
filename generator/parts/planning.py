"""The parts of planning: the strategy (the actions and the obstacles to them), and the resources given to it."""
from __future__ import annotations

import typing
from datetime import date
from typing import TYPE_CHECKING, Any, Callable, Optional

from . import Answer, Names, Part, Rule
from .. import budget, strategy_steps
from ..model.planning import ObstacleType, Resources, Strategy

if TYPE_CHECKING:
    from ..page_context import Helpers


def _obstacle(kind: str, rank: int = 1) -> Rule:
    """An obstacle of this kind is named, with its mitigation and its owner (which the model requires)."""
    return Rule(kind, f"obstacle_{kind}", ("strategy",),
                lambda pb, today: [] if any(o.type == kind for o in pb.strategy.obstacles) else ["strategy.yml"], rank)


def _objectives_without_action(pb: Any, today: date) -> list[str]:
    named = {o for action in pb.strategy.actions for o in action.objectives}
    return [o.title for o in pb.objectives.objectives if o.id not in named]


def _actions_without_obstacle(pb: Any, today: date) -> list[str]:
    if not pb.strategy.obstacles:
        return ["strategy.yml"]
    named = {a for obstacle in pb.strategy.obstacles for a in obstacle.actions}
    return [a.name for a in pb.strategy.actions if a.id not in named]


def _actions(part: Strategy, pb: Any, words: dict) -> Optional[str]:
    actions = part.actions
    return words["actions"].format(offline=sum(a.type == "offline" for a in actions),
                                   online=sum(a.type == "online" for a in actions)) if actions else None


def _obstacles(part: Strategy, pb: Any, words: dict) -> Optional[str]:
    obstacles = part.obstacles
    return (strategy_steps.count(words, "obstacles", len(obstacles))
            + words["kinds"].format(n=len({o.type for o in obstacles}))) if obstacles else None


def strategy_context(part: Strategy, helpers: Helpers) -> dict[str, Any]:
    """The nine steps as the charter covers them, the actions each objective builds on, the obstacles by kind."""
    pb = helpers.playbook
    objectives = pb.objectives.objectives if pb.objectives is not None else []
    return {"strategy_steps": strategy_steps.overview(pb, helpers.strings),
            "actions_by_objective": [(o.id, [a for a in part.actions if o.id in a.objectives]) for o in objectives],
            "actions_alone": [a for a in part.actions if not set(a.objectives) & {o.id for o in objectives}],
            "obstacles_by_type": [(kind, [o for o in part.obstacles if o.type == kind])
                                  for kind in strategy_steps.OBSTACLES if any(o.type == kind for o in part.obstacles)]}


STRATEGY = Part(
    "strategy", Strategy, names=(Names("action", "actions", "name"),), untitled="actions",
    context=strategy_context,
    rules=(Rule("existing_actions", "actions_listed", ("strategy",),
                lambda pb, today: [] if pb.strategy.actions else ["actions"], rank=1),
           Rule("existing_actions", "offline_and_online", ("strategy",),
                lambda pb, today: sorted({"offline", "online"} - {a.type for a in pb.strategy.actions}), rank=2),
           Rule("existing_actions", "objectives_build_on_actions", ("strategy", "objectives"),
                _objectives_without_action, rank=3),
           Rule("roles_organisation", "actions_owned", ("strategy",),
                lambda pb, today: [a.name for a in pb.strategy.actions if a.owner is None], rank=1),
           Rule("obstacles_to_actions", "obstacles_per_action", ("strategy",), _actions_without_obstacle),
           *(_obstacle(kind) for kind in typing.get_args(ObstacleType))),
    answers=(Answer("existing_actions", _actions, own_page=False),
             Answer("obstacles_to_actions", _obstacles, own_page=False)))


def _roles_without_time(pb: Any, today: date) -> list[str]:
    """The roles held by named people to whom the latest year of resources.yml gives no time."""
    latest = max(pb.resources.years, key=lambda y: y.year)
    given = {p.role for p in latest.people}
    return [r.title for r in pb.roles.roles if r.people and r.id not in given]


def resources_context(part: Resources, helpers: Helpers) -> dict[str, Any]:
    """Each year with its totals by category and overall, and amounts and times as the language writes them."""
    language, words = helpers.playbook.lang, helpers.strings["budget"]
    money: Callable[[Any], str] = lambda amount: budget.money(amount, part.currency, language)  # noqa: E731
    return {"budget_years": budget.budget_views(part), "money": money,
            "line_amount": lambda line: budget.line_amount(line, part.currency, words, language),
            "time_given": lambda person: budget.time_text(person, words, language)}


# team-only unless the file says otherwise (`visibility` of its model): see audience.py
RESOURCES = Part(
    "resources", Resources, untitled="years", context=resources_context,
    rules=(Rule("roles_organisation", "time_planned", ("roles", "resources"), _roles_without_time, rank=2),
           Rule("organisation", "budget_this_year", ("resources",),
                lambda pb, today: [] if any(y.year == today.year for y in pb.resources.years) else [str(today.year)],
                rank=2)))
