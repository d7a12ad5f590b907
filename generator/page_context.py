"""What each part of the charter adds to the templates' context: its figures and its lookups.

Each function takes the part's model and a `Helpers` (the playbook, the strings, the id -> name lookup)
and returns names for the templates; the registry of parts (parts.py) says which part adds which.
The names stay those the built-in templates (and any theme's own copies of them) already use.
"""
from __future__ import annotations

import typing
from dataclasses import dataclass
from typing import Any, Callable

from markupsafe import Markup

from . import audit_history, budget, crisis_calls, diagrams, strategy_steps
from .model.base import dial
from .model.mobilisation import Ambassadors
from .model.planning import Resources, Strategy
from .model.policies import CommentPolicy, CrisisPlaybook, PersonalRule, PersonalUse, RuleTopic
from .model.results import Results
from .model.steering import Kpis, Listening
from .results_view import results_views
from .model.strategy import EditorialLine
from .wording import collation_key, one_line, within_text


@dataclass(frozen=True)
class Helpers:
    """What a part's context may read besides its own model."""

    playbook: Any  # the whole Playbook: a page may cross parts (the KPIs name the objectives they measure)
    strings: dict
    name: Callable[[str, str], str]  # (kind, id) -> the name shown, or the restricted label


def editorial(line: EditorialLine, helpers: Helpers) -> dict[str, Any]:
    """The content mix figure, and each network's editorial line for its network page."""
    enum, label = helpers.strings["enum"], helpers.strings["label"]
    return {
        "editorial_by_network": {n.network: n for n in line.networks},
        "mix_diagram": lambda: Markup(diagrams.content_mix(
            line, lambda n: helpers.name("network", n), lambda k: enum["mix"].get(k, k.capitalize()), label["mix"])),
    }


def comments(policy: CommentPolicy, helpers: Helpers) -> dict[str, Any]:
    """The moderation decision tree figure, and each network's response time for its network page."""
    strings = helpers.strings
    enum, label = strings["enum"], strings["label"]
    categories = {c.id: c for c in policy.categories}

    def action_name(action: str) -> str:
        return policy.action_name(action, enum["action"])

    def action_of(category: str) -> str:
        return action_name(categories[category].action) if category in categories else ""

    return {
        "action_name": action_name,
        # the questions in the figure's order, which numbers them: the text version follows it
        "tree_nodes": ([{n.id: n for n in policy.decision_tree.nodes}[i] for i in diagrams.question_order(policy)]
                       if policy.decision_tree is not None else []),
        "response_by_network": {r.network: r for r in policy.response_times},
        "tree_diagram": lambda: Markup(diagrams.decision_tree(
            policy, lambda c: helpers.name("comment_category", c), action_of, label["if_yes"], label["if_no"],
            label["decision_tree"])),
    }


def personal_use(_: PersonalUse, helpers: Helpers) -> dict[str, Any]:
    """The rules grouped by topic; and the topics in a fixed order, for the copies of the page template in theme
    folders made before rules kept their order."""
    return {"rule_groups": rule_groups,
            "rule_topics": [topic for topic in typing.get_args(RuleTopic) if topic is not None]}


@dataclass
class RuleGroup:
    topic: str | None
    rules: list[PersonalRule]


def rule_groups(rules: list[PersonalRule]) -> list[RuleGroup]:
    """The rules in the author's order, those of one topic together where the first of them stands; rules without
    a topic each where they stand."""
    groups: list[RuleGroup] = []
    by_topic: dict[str, RuleGroup] = {}
    for rule in rules:
        if rule.topic is None:
            if groups and groups[-1].topic is None:
                groups[-1].rules.append(rule)
            else:
                groups.append(RuleGroup(None, [rule]))
        elif rule.topic in by_topic:
            by_topic[rule.topic].rules.append(rule)
        else:
            by_topic[rule.topic] = RuleGroup(rule.topic, [rule])
            groups.append(by_topic[rule.topic])
    return groups


def crisis(playbook: CrisisPlaybook, helpers: Helpers) -> dict[str, Any]:
    """The escalation chains figure, what a contact's tel: link dials, and whom to call in what order (the call
    card opens with the mildest level's chain, the triage ends with its level's)."""
    strings = helpers.strings
    return {"escalation_diagram": lambda: Markup(diagrams.escalation(
        playbook, lambda r: helpers.name("role", r), lambda m: within_text(m, strings, strings["calls"]["at_most"]),
        strings["label"]["escalation"])),
            "dial": dial,
            "call_first_level": crisis_calls.first_level(playbook),
            "call_chain": lambda level: crisis_calls.chain(playbook, level),
            "holding_anchor": lambda level: crisis_calls.holding_anchor(playbook, level),
            "backup_pieces": crisis_calls.backup_pieces,
            "one_line": lambda text: one_line(str(text))}


def kpis(indicators: Kpis, helpers: Helpers) -> dict[str, Any]:
    """For each KPI, the objectives it measures; the KPIs by type, the types in the order of their names in the
    charter's language ('Autre', 'Engagement', 'Portée' in French), each type's KPIs in the charter's order."""
    objectives = helpers.playbook.objectives.objectives
    names = helpers.strings["enum"]["kpi_type"]
    groups: dict[str, list] = {}
    for k in indicators.kpis:
        groups.setdefault(k.type, []).append(k)
    ordered = sorted(groups.items(), key=lambda group: collation_key(names.get(group[0], group[0].capitalize())))
    return {"kpi_objectives": {k.id: [o.id for o in objectives if k.id in o.kpis] for k in indicators.kpis},
            "kpi_groups": ordered}


def results(measured: Results, helpers: Helpers) -> dict[str, Any]:
    """Each indicator followed with its status, its chart and its values, and a summary per objective."""
    return results_views(measured, helpers.playbook, helpers.strings)


def listening(part: Listening, helpers: Helpers) -> dict[str, Any]:
    """The last image audit compared, place by place, with the one before it (none without an earlier audit), and
    its share of voice (with the earlier one's, when it changed)."""
    return audit_history.in_words(part, helpers.strings, helpers.playbook.lang)


def ambassadors(_: Ambassadors, helpers: Helpers) -> dict[str, Any]:
    """The training sessions by id, to show those the ambassadors take with their format and length (none when the
    charter has no training.yml, or for a session this audience may not read)."""
    training = helpers.playbook.parts.get("training")
    return {"training_sessions": {s.id: s for s in training.sessions} if training is not None else {}}


def strategy(part: Strategy, helpers: Helpers) -> dict[str, Any]:
    """The nine steps as the charter covers them, the actions each objective builds on, the obstacles by kind."""
    pb = helpers.playbook
    objectives = pb.objectives.objectives if pb.objectives is not None else []
    return {"strategy_steps": strategy_steps.overview(pb, helpers.strings),
            "actions_by_objective": [(o.id, [a for a in part.actions if o.id in a.objectives]) for o in objectives],
            "actions_alone": [a for a in part.actions if not set(a.objectives) & {o.id for o in objectives}],
            "obstacles_by_type": [(kind, [o for o in part.obstacles if o.type == kind])
                                  for kind in strategy_steps.OBSTACLES if any(o.type == kind for o in part.obstacles)]}


def resources(part: Resources, helpers: Helpers) -> dict[str, Any]:
    """Each year with its totals by category and overall, and amounts and times as the language writes them."""
    language, words = helpers.playbook.lang, helpers.strings["budget"]
    return {"budget_years": budget.budget_views(part),
            "money": lambda amount: budget.money(amount, part.currency, language),
            "line_amount": lambda line: budget.line_amount(line, part.currency, words, language),
            "time_given": lambda person: budget.time_text(person, words, language)}
