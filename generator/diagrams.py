"""Diagrams drawn at build time as inline SVG: no script, no request, legible in print.

Each function takes part of the model (and the labels to use) and returns the markup of one
figure. The text of every box is also written in the page around the figure, so a figure adds a
way to see, never information that only it holds.
"""
from __future__ import annotations

import math
from html import escape
from typing import Callable

from .model import CommentPolicy, CrisisPlaybook, EditorialLine

FONT = "font-family:-apple-system,BlinkMacSystemFont,Helvetica,Arial,sans-serif"
# Colours that stay apart in grey when printed; every segment also carries its label.
PALETTE = ["#3949ab", "#00897b", "#f9a825", "#d81b60", "#6d4c41", "#546e7a", "#8e24aa", "#43a047", "#ef6c00",
           "#0277bd", "#9e9d24", "#c62828"]
INK = "#212121"
# A figure is never drawn smaller than this many CSS px a unit of its drawing: its smallest text (11 units) is then
# read at 12 CSS px at least, on a phone as on a laptop; a figure wider than the page scrolls in its frame.
READABLE = 12 / 11


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` characters, cut at spaces."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines or [""]


def _clip(lines: list[str], most: int) -> list[str]:
    """At most `most` lines, the last one ending with an ellipsis when text was cut."""
    if len(lines) <= most:
        return lines
    return lines[: most - 1] + [lines[most - 1].rstrip(" ,;:") + "…"]


def _text(x: float, y: float, lines: list[str], size: float = 13, anchor: str = "start", weight: str = "normal",
          fill: str = INK) -> str:
    spans = "".join(f'<tspan x="{x:.1f}" dy="{0 if i == 0 else size * 1.25:.1f}">{escape(line)}</tspan>'
                    for i, line in enumerate(lines))
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" font-weight="{weight}" '
            f'fill="{fill}" style="{FONT}">{spans}</text>')


def _figure(name: str, title: str, width: float, height: float, body: list[str]) -> str:
    ident = f"diagram-{name}"
    return (f'<div class="playbook-diagram">\n<svg xmlns="http://www.w3.org/2000/svg" role="img" '
            f'aria-labelledby="{ident}-title" viewBox="0 0 {width:.0f} {height:.0f}" width="100%" '
            f'style="min-width:{math.ceil(width * READABLE)}px">\n<title id="{ident}-title">{escape(title)}</title>\n'
            f'<defs><marker id="{ident}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
            f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{INK}"/></marker>'
            f'</defs>\n' + "\n".join(body) + "\n</svg>\n</div>")


def content_mix(editorial: EditorialLine, network_name: Callable[[str], str], label: Callable[[str], str],
                title: str) -> str:
    """One stacked bar a network: the share of each kind of content."""
    kinds: list[str] = []
    for entry in editorial.networks:
        kinds += [kind for kind in entry.mix if kind not in kinds]
    colour = {kind: PALETTE[i % len(PALETTE)] for i, kind in enumerate(kinds)}
    left, bar_width, row = 170, 560, 44
    body = []
    for i, entry in enumerate(editorial.networks):
        y = 20 + i * row
        body.append(_text(left - 12, y + 20, [network_name(entry.network)], anchor="end", weight="bold"))
        x = float(left)
        for kind, share in entry.mix.items():
            width = bar_width * share / 100
            body.append(f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="28" fill="{colour[kind]}" '
                        f'stroke="#fff" stroke-width="1"/>')
            if width >= 34:
                body.append(_text(x + width / 2, y + 19, [f"{share} %"], size=12, anchor="middle", weight="bold",
                                  fill="#fff"))
            x += width
    legend_y = 20 + len(editorial.networks) * row + 8
    width = left + bar_width + 20
    x = float(left)
    for kind in kinds:
        step = 34 + 7 * len(label(kind))
        if x + step > width and x > left:  # next line of the legend
            x, legend_y = float(left), legend_y + 22
        body.append(f'<rect x="{x:.1f}" y="{legend_y}" width="14" height="14" fill="{colour[kind]}"/>')
        body.append(_text(x + 20, legend_y + 12, [label(kind)], size=12))
        x += step
    return _figure("mix", title, width, legend_y + 30, body)


def escalation(crisis: CrisisPlaybook, role_name: Callable[[str], str], deadline: Callable[[int], str],
               title: str) -> str:
    """A row a crisis level: who is alerted, in order, and within how long (`deadline`: '≤ 30 min',
    'immédiatement', as wording.within_text words it)."""
    levels = sorted(crisis.levels, key=lambda level: level.severity)
    box_width, gap, left, row = 150, 34, 190, 86
    steps = max(len(level.escalation) for level in levels)
    body = []
    for i, level in enumerate(levels):
        y = 16 + i * row
        shade = ["#fff8e1", "#ffe0b2", "#ffccbc", "#ef9a9a", "#e57373"][min(level.severity, 5) - 1]
        body.append(f'<rect x="4" y="{y}" width="{left - 20}" height="64" rx="6" fill="{shade}" stroke="{INK}"/>')
        body.append(_text(14, y + 26, _wrap(f"{level.severity}. {level.name}", 20), weight="bold"))
        for j, step in enumerate(level.escalation):
            x = left + j * (box_width + gap)
            body.append(f'<rect x="{x}" y="{y}" width="{box_width}" height="64" rx="6" fill="#fff" stroke="{INK}"/>')
            body.append(_text(x + box_width / 2, y + 22, _wrap(role_name(step.role), 20)[:2], size=12,
                              anchor="middle", weight="bold"))
            body.append(_text(x + box_width / 2, y + 56, [deadline(step.within_minutes)], size=12,
                              anchor="middle"))
            start = (left - 16) if j == 0 else (x - gap)
            body.append(f'<line x1="{start}" y1="{y + 32}" x2="{x - 2}" y2="{y + 32}" stroke="{INK}" '
                        f'stroke-width="1.5" marker-end="url(#diagram-escalation-arrow)"/>')
    width = left + steps * (box_width + gap)
    return _figure("escalation", title, width, 16 + len(levels) * row, body)


# An outcome's box says the kind of action by its colour (its words say it too): answer, remove, escalate, let be.
ACTION_FILL = {"reply": "#e8f5e9", "reply_private": "#e8f5e9", "hide": "#ffebee", "delete": "#ffebee",
               "escalate": "#fff3e0", "ignore": "#eceff1"}
OTHER_ACTION_FILL = "#e3f2fd"  # an action of the charter's own


def question_order(policy: CommentPolicy) -> list[str]:
    """The ids of the moderation questions in the order a moderator meets them, breadth first from the start (then
    any the start does not lead to): the figure and the text version number them alike."""
    nodes = {node.id: node for node in policy.decision_tree.nodes}
    order: list[str] = []
    queue = [policy.decision_tree.start]
    while queue:
        current = queue.pop(0)
        if current in nodes and current not in order:
            order.append(current)
            queue += [nodes[current].if_yes, nodes[current].if_no]
    return order + [n for n in nodes if n not in order]


def decision_tree(policy: CommentPolicy, category_name: Callable[[str], str], action_of: Callable[[str], str],
                  yes: str, no: str, title: str) -> str:
    """The moderation questions in a column; each answer ends on a category or leads to another question."""
    nodes = {node.id: node for node in policy.decision_tree.nodes}
    actions = {category.id: category.action for category in policy.categories}
    order = question_order(policy)
    row_of = {node_id: i for i, node_id in enumerate(order)}
    q_left, q_width, box_height, row = 110, 330, 84, 112
    out_left, out_width = q_left + q_width + 90, 350
    body = []
    for i, node_id in enumerate(order):
        node = nodes[node_id]
        y = 14 + i * row
        body.append(f'<rect x="{q_left}" y="{y}" width="{q_width}" height="{box_height}" rx="8" fill="#e8eaf6" '
                    f'stroke="{INK}"/>')
        body.append(_text(q_left + 12, y + 20, _clip(_wrap(f"{i + 1}. {node.question}", 46), 4), size=12.5))
        outcomes = [(yes, node.if_yes), (no, node.if_no)]
        for k, (answer, target) in enumerate(outcomes):
            if target in nodes:
                # to another question: down the left side, into the top of the target
                target_y = 14 + row_of[target] * row
                x = q_left - 30 - 26 * k
                start_y = y + box_height / 2 + (8 if k else -8)
                body.append(f'<path d="M{q_left},{start_y} H{x} V{target_y + box_height / 2 - 8} H{q_left - 2}" '
                            f'fill="none" stroke="{INK}" stroke-width="1.5" '
                            f'marker-end="url(#diagram-tree-arrow)"/>')
                body.append(_text(x - 4, start_y - 4 + (24 if k else 0), [answer], size=11, anchor="end",
                                  weight="bold"))
            else:
                oy = y + (0 if k == 0 else box_height / 2 + 4)
                height = box_height / 2 - 4
                body.append(f'<rect x="{out_left}" y="{oy}" width="{out_width}" height="{height}" rx="6" '
                            f'fill="{ACTION_FILL.get(actions.get(target, ""), OTHER_ACTION_FILL)}" stroke="{INK}"/>')
                body.append(_text(out_left + 10, oy + 16, [_clip(_wrap(category_name(target), 50), 1)[0]], size=12,
                                  weight="bold"))
                body.append(_text(out_left + 10, oy + 32, [action_of(target)], size=11.5))
                mid = oy + height / 2
                body.append(f'<line x1="{q_left + q_width}" y1="{mid}" x2="{out_left - 2}" y2="{mid}" '
                            f'stroke="{INK}" stroke-width="1.5" marker-end="url(#diagram-tree-arrow)"/>')
                body.append(_text(q_left + q_width + 10, mid - 5, [answer], size=11, weight="bold"))
    return _figure("tree", title, out_left + out_width + 10, 14 + len(order) * row, body)
