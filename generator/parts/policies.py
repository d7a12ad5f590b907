"""The policies: the moderation of comments, the personal use of social media, the crisis playbook."""
from __future__ import annotations

import typing
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Optional

from markupsafe import Markup

from . import NETWORKS, Names, Part, Reference, Rule
from .. import crisis_calls, diagrams
from ..diagnostics import WARNING, Report, did_you_mean
from ..model.base import dial
from ..model.policies import (CommentCategory, CommentPolicy, CrisisPlaybook, DecisionNode, DecisionTree,
                              PersonalRule, PersonalUse, RuleTopic)
from ..wording import one_line, within_text
from ..message import Message

if TYPE_CHECKING:
    from ..load import Source
    from ..page_context import Helpers


def comments_context(policy: CommentPolicy, helpers: Helpers) -> dict[str, Any]:
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


def decision_tree(source: Source, comments: CommentPolicy, report: Report, today: date) -> None:
    """Every branch of the moderation decision tree leads somewhere, without loops, and every category is reached.

    Run on the main language only: ids and branches are the same in every language."""
    tree = comments.decision_tree
    if tree is None:  # a charter may give its categories without a tree to reach them
        return
    base = ("decision_tree",)
    nodes: dict[str, tuple[int, Any]] = {}
    categories = {c.id for c in comments.categories}
    for i, node in enumerate(tree.nodes):
        if node.id in nodes:
            report.add(source.diagnostic(base + ("nodes", i, "id"), "duplicate-id",
                                         Message("duplicate-id.the-question-id-is-used", id=node.id)))
        else:
            nodes[node.id] = (i, node)
        if node.id in categories:
            report.add(source.diagnostic(base + ("nodes", i, "id"), "duplicate-id",
                                         Message("duplicate-id.is-both-a-question-and", id=node.id),
                                         Message("duplicate-id.give-the-question-another-id")))
    for i, node in enumerate(tree.nodes):
        for branch in ("if_yes", "if_no"):
            target = getattr(node, branch)
            if target not in nodes and target not in categories:
                hint = did_you_mean(target, [*nodes, *categories]) or \
                    Message("unknown-reference.a-branch-names-another-question")
                report.add(source.diagnostic(base + ("nodes", i, branch), "unknown-reference",
                                             Message("unknown-reference.is-neither-a-question-of", id=target),
                                             hint))
    if tree.start not in nodes:
        report.add(source.diagnostic(base + ("start",), "unknown-reference",
                                     Message("unknown-reference.the-tree-starts-at-which", id=tree.start),
                                     did_you_mean(tree.start, nodes)))
        return
    # Depth-first walk from the start: finds loops and what can never be reached.
    reached: set[str] = set()

    def visit(node_id: str, path: list[str]) -> None:
        if node_id in path:
            i = nodes[node_id][0]
            report.add(source.diagnostic(base + ("nodes", i, "id"), "decision-loop",
                                         Message("decision-loop.the-decision-tree-loops",
                                                 path=' -> '.join(path + [node_id])),
                                         Message("decision-loop.every-path-must-end-on")))
            return
        reached.add(node_id)
        if node_id in nodes:
            node = nodes[node_id][1]
            for target in (node.if_yes, node.if_no):
                if target in nodes or target in categories:
                    visit(target, path + [node_id])

    visit(tree.start, [])
    for node_id, (i, _) in nodes.items():
        if node_id not in reached:
            report.add(source.diagnostic(base + ("nodes", i, "id"), "unreachable",
                                         Message("unreachable.the-question-cannot-be-reached", id=node_id,
                                                 start=tree.start),
                                         Message("unreachable.link-it-from-another-question"), severity=WARNING))
    for i, category in enumerate(comments.categories):
        if category.id not in reached:
            report.add(source.diagnostic(("categories", i, "id"), "unreachable",
                                         Message("unreachable.no-answer-of-the-decision", id=category.id),
                                         Message("unreachable.add-a-branch-of-the"), severity=WARNING))


def _branch(value: str, comparison: Any) -> Optional[str]:
    """A branch of the decision tree names a question, or a comment category (which may be restricted)."""
    return None if (DecisionNode, value) in comparison.ids else "comment_category"


COMMENTS = Part(
    "comments", CommentPolicy,
    names=(Names("template", "templates", "title"), Names("comment_category", "categories", "name")), context=comments_context, check=decision_tree, onboarding=("day_1", 2),
    rules=(Rule("policies", "response_times", ("comments", NETWORKS),
                lambda pb, today: [n.name for n in pb.official_networks
                                   if n.id not in {r.network for r in pb.comments.response_times}], rank=1),
           Rule("policies", "reply_templates", ("comments",),
                lambda pb, today: [c.name for c in pb.comments.categories
                                   if c.action in ("reply", "reply_private") and not c.template], rank=2),
           Rule("interaction", "escalation_path", ("comments",),
                lambda pb, today: [] if any(c.action == "escalate" for c in pb.comments.categories)
                else ["comments.yml"], rank=1),
           Rule("interaction", "quick_answers", ("comments",),
                lambda pb, today: [] if any(r.target_minutes <= 60 for r in pb.comments.response_times)
                else ["comments.yml"], rank=2)),
    # a built-in action (labelled), or one the charter defines
    references=(Reference(DecisionNode, "if_yes", _branch), Reference(DecisionNode, "if_no", _branch),
                Reference(DecisionTree, "start", _branch),
                Reference(CommentCategory, "action", lambda value, comparison: "comment_action"
                          if ("comment_action", value) in comparison.names else None)))


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


def personal_use_context(_: PersonalUse, helpers: Helpers) -> dict[str, Any]:
    """The rules grouped by topic; and the topics in a fixed order, for the copies of the page template in theme
    folders made before rules kept their order."""
    return {"rule_groups": rule_groups,
            "rule_topics": [topic for topic in typing.get_args(RuleTopic) if topic is not None]}


PERSONAL_USE = Part(
    "personal_use", PersonalUse, names=(Names("personal_rule", "rules", "title"),),
    context=personal_use_context, onboarding=("day_1", 1),
    rules=(Rule("policies", "approval_rule", ("personal_use",),
                lambda pb, today: [] if any(r.requires_approval for r in pb.personal_use.rules)
                else ["personal_use.yml"], rank=3),))


def crisis_context(playbook: CrisisPlaybook, helpers: Helpers) -> dict[str, Any]:
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


CRISIS = Part(
    "crisis", CrisisPlaybook, names=(Names("crisis_level", "levels", "name"),),
    context=crisis_context, onboarding=("month_1", 1),
    rules=(Rule("policies", "holding_statements", ("crisis",),
                lambda pb, today: [lv.name for lv in pb.crisis.levels
                                   if not any(h.level == lv.id for h in pb.crisis.holding_statements)], rank=4),))
