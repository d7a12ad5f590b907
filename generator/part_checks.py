"""Checks that belong to one part of the charter, beyond what its model checks by itself.

Each takes the part's source (to report at the author's line), its validated model, the report and
today's date; the registry of parts (parts.py) says which part runs which. They run on the main
language only: ids, branches and dates are the same in every language.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from .diagnostics import WARNING, Report, did_you_mean
from .load import Source
from .model.policies import CommentPolicy
from .model.steering import Listening


def decision_tree(source: Source, comments: CommentPolicy, report: Report, today: date) -> None:
    """Every branch of the moderation decision tree leads somewhere, without loops, and every category is reached."""
    tree = comments.decision_tree
    if tree is None:  # a charter may give its categories without a tree to reach them
        return
    base = ("decision_tree",)
    nodes: dict[str, tuple[int, Any]] = {}
    categories = {c.id for c in comments.categories}
    for i, node in enumerate(tree.nodes):
        if node.id in nodes:
            report.add(source.diagnostic(base + ("nodes", i, "id"), "duplicate-id",
                                         f"the question id '{node.id}' is used twice in the decision tree"))
        else:
            nodes[node.id] = (i, node)
        if node.id in categories:
            report.add(source.diagnostic(base + ("nodes", i, "id"), "duplicate-id",
                                         f"'{node.id}' is both a question and a comment category",
                                         "give the question another id"))
    for i, node in enumerate(tree.nodes):
        for branch in ("if_yes", "if_no"):
            target = getattr(node, branch)
            if target not in nodes and target not in categories:
                hint = did_you_mean(target, [*nodes, *categories]) or \
                    "a branch names another question of the tree or a comment category"
                report.add(source.diagnostic(base + ("nodes", i, branch), "unknown-reference",
                                             f"'{target}' is neither a question of the tree nor a comment category",
                                             hint))
    if tree.start not in nodes:
        report.add(source.diagnostic(base + ("start",), "unknown-reference",
                                     f"the tree starts at '{tree.start}', which is not one of its questions",
                                     did_you_mean(tree.start, nodes)))
        return
    # Depth-first walk from the start: finds loops and what can never be reached.
    reached: set[str] = set()

    def visit(node_id: str, path: list[str]) -> None:
        if node_id in path:
            i = nodes[node_id][0]
            report.add(source.diagnostic(base + ("nodes", i, "id"), "decision-loop",
                                         f"the decision tree loops: {' -> '.join(path + [node_id])}",
                                         "every path must end on a comment category"))
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
                                         f"the question '{node_id}' cannot be reached from '{tree.start}'",
                                         "link it from another question or remove it", severity=WARNING))
    for i, category in enumerate(comments.categories):
        if category.id not in reached:
            report.add(source.diagnostic(("categories", i, "id"), "unreachable",
                                         f"no answer of the decision tree leads to the category '{category.id}'",
                                         "add a branch of the decision tree that ends on it", severity=WARNING))


def audit_due(source: Source, listening: Listening, report: Report, today: date) -> None:
    """The next image audit is not overdue."""
    if listening.audit.next_due < today:
        report.add(source.diagnostic(
            ("audit", "next_due"), "audit-overdue",
            f"the next image audit was due on {listening.audit.next_due.isoformat()}",
            "run a new audit and record its findings and date", severity=WARNING))
