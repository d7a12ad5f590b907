"""The nine steps of defining a social media strategy and the four obstacles to it, as the charter covers them.

The strategy page shows each step with where the charter answers it and what it says, in a few words; the
readiness report checks each step and each obstacle (RULES, as readiness.py reads them): a part the charter does
not have leaves a check "not covered yet", never an error.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Callable, Optional

STEPS = ["objective", "target_audiences", "existing_actions", "added_value", "channels", "editorial_line",
         "success_indicators", "roles_organisation", "obstacles_to_actions"]
OBSTACLES = ["top_management", "strategy", "roi_kpis", "organisation"]


def _obstacle(kind: str) -> Callable[[Any, date], list[str]]:
    """An obstacle of this kind is named, with its mitigation and its owner (which the model requires)."""
    return lambda pb, today: [] if any(o.type == kind for o in pb.strategy.obstacles) else ["strategy.yml"]


def _audiences_off_their_networks(pb: Any, today: date) -> list[str]:
    """'objective: audience' where an objective aims at an audience on none of the networks it uses."""
    audiences = {a.id: a for a in pb.audiences.audiences}
    return [f"{o.title}: {audiences[a].name}" for o in pb.objectives.objectives for a in o.audiences
            if a in audiences and not set(audiences[a].where) & set(o.networks)]


def _objectives_without_action(pb: Any, today: date) -> list[str]:
    named = {o for action in pb.strategy.actions for o in action.objectives}
    return [o.title for o in pb.objectives.objectives if o.id not in named]


def _actions_without_obstacle(pb: Any, today: date) -> list[str]:
    if not pb.strategy.obstacles:
        return ["strategy.yml"]
    named = {a for obstacle in pb.strategy.obstacles for a in obstacle.actions}
    return [a.name for a in pb.strategy.actions if a.id not in named]


def _roles_without_time(pb: Any, today: date) -> list[str]:
    """The roles held by named people to whom the latest year of resources.yml gives no time."""
    latest = max(pb.resources.years, key=lambda y: y.year)
    given = {p.role for p in latest.people}
    return [r.title for r in pb.roles.roles if r.people and r.id not in given]


# (step, check, the parts it reads, what it finds missing), as readiness.RULES
RULES: list[tuple[str, str, tuple[str, ...], Callable[[Any, date], list[str]]]] = [
    ("objective", "objectives_prioritised", ("objectives",),
     lambda pb, today: [o.title for o in pb.objectives.objectives if o.priority is None]),
    ("target_audiences", "audiences_on_channels", ("objectives", "audiences"), _audiences_off_their_networks),
    ("existing_actions", "actions_listed", ("strategy",), lambda pb, today: [] if pb.strategy.actions else ["actions"]),
    ("existing_actions", "offline_and_online", ("strategy",),
     lambda pb, today: sorted({"offline", "online"} - {a.type for a in pb.strategy.actions})),
    ("existing_actions", "objectives_build_on_actions", ("strategy", "objectives"), _objectives_without_action),
    ("added_value", "added_value_written", ("networks",),
     lambda pb, today: [n.name for n in pb.official_networks if not n.added_value]),
    ("channels", "networks_serve_objectives", ("objectives", "networks"),
     lambda pb, today: [n.name for n in pb.official_networks
                        if not any(n.id in o.networks for o in pb.objectives.objectives)]),
    ("editorial_line", "values_stated", ("editorial",), lambda pb, today: [] if pb.editorial.values else ["values"]),
    ("success_indicators", "indicators_measured", ("kpis", "results"),
     lambda pb, today: [k.name for k in pb.kpis.kpis if k.id not in {i.kpi for i in pb.results.indicators}]),
    ("roles_organisation", "actions_owned", ("strategy",),
     lambda pb, today: [a.name for a in pb.strategy.actions if a.owner is None]),
    ("roles_organisation", "time_planned", ("roles", "resources"), _roles_without_time),
    ("obstacles_to_actions", "obstacles_per_action", ("strategy",), _actions_without_obstacle),
    ("top_management", "obstacle_top_management", ("strategy",), _obstacle("top_management")),
    ("top_management", "charter_approved", ("roles",),
     lambda pb, today: [] if any(r.approves for r in pb.roles.roles) else ["approves"]),
    ("strategy", "obstacle_strategy", ("strategy",), _obstacle("strategy")),
    ("roi_kpis", "obstacle_roi_kpis", ("strategy",), _obstacle("roi_kpis")),
    ("organisation", "obstacle_organisation", ("strategy",), _obstacle("organisation")),
    ("organisation", "budget_this_year", ("resources",),
     lambda pb, today: [] if any(y.year == today.year for y in pb.resources.years) else [str(today.year)]),
]


@dataclass
class StepView:
    """One of the nine steps as the strategy page shows it."""

    step: str
    path: str  # the page that answers it, or "" for the strategy page itself
    text: Optional[str]  # what the charter says, in a few words; None where it does not cover the step


def _count(words: dict, key: str, n: int) -> str:
    forms = words["counts"][key]
    return (forms["one"] if n == 1 else forms["many"]).format(n=n)


def _texts(pb: Any, words: dict) -> dict[str, tuple[str, Optional[str]]]:
    """(page, text or None) of each step."""
    objectives, strategy, kpis = pb.objectives, pb.strategy, pb.kpis
    said: dict[str, tuple[str, Optional[str]]] = {}
    said["objective"] = ("objectives.md", objectives and _count(words, "objectives", len(objectives.objectives)))
    said["target_audiences"] = ("audiences.md", pb.audiences and _count(words, "audiences",
                                                                       len(pb.audiences.audiences)))
    actions = strategy.actions if strategy is not None else []
    said["existing_actions"] = ("", words["actions"].format(offline=sum(a.type == "offline" for a in actions),
                                                            online=sum(a.type == "online" for a in actions))
                                if actions else None)
    networks = pb.official_networks
    written = sum(bool(n.added_value) for n in networks)
    said["added_value"] = ("", words["added_value"].format(n=written, total=len(networks)) if written else None)
    said["channels"] = ("", _count(words, "networks", len(networks)) if networks else None)
    said["editorial_line"] = ("editorial.md", pb.editorial and _count(words, "pillars", len(pb.editorial.pillars)))
    followed = len(pb.results.indicators) if pb.results is not None else 0
    said["success_indicators"] = ("kpis.md", kpis and _count(words, "kpis", len(kpis.kpis))
                                  + (words["followed"].format(n=followed) if followed else ""))
    said["roles_organisation"] = ("roles.md", pb.roles and _count(words, "roles", len(pb.roles.roles)))
    obstacles = strategy.obstacles if strategy is not None else []
    said["obstacles_to_actions"] = ("", _count(words, "obstacles", len(obstacles))
                                    + words["kinds"].format(n=len({o.type for o in obstacles})) if obstacles else None)
    return said


def overview(pb: Any, strings: dict) -> list[StepView]:
    """The nine steps, each with the page of the charter that answers it and what it says there in a few words."""
    said = _texts(pb, strings["strategy"])
    return [StepView(step, *said[step]) for step in STEPS]
