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
    """The figure's markup; its class names it (playbook-tree...), for the theme's styles."""
    ident = f"diagram-{name}"
    return (f'<div class="playbook-diagram playbook-{name}">\n<svg xmlns="http://www.w3.org/2000/svg" role="img" '
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


# The tree's measures, in units of its drawing. It is drawn narrow enough (about 650 units) that a laptop's column
# (about 690 CSS px) shows its smallest text (12 units) at 12 CSS px at least; a phone shows its text version instead.
TREE = {"question": 300, "outcome": 210, "lane": 12, "gap": 12, "answer_gap": 56,
        "question_size": 13, "name_size": 12.5, "small": 12}


def _lanes(jumps: list[tuple[float, float]]) -> list[int]:
    """A lane of the left gutter for each vertical run (top, bottom), so that no two runs of a lane overlap: the
    shortest runs get the lanes nearest the questions."""
    lanes: list[list[tuple[float, float]]] = []
    chosen = [0] * len(jumps)
    for i in sorted(range(len(jumps)), key=lambda i: jumps[i][1] - jumps[i][0]):
        top, bottom = jumps[i]
        lane = next((n for n, runs in enumerate(lanes) if all(bottom < t or top > b for t, b in runs)), len(lanes))
        if lane == len(lanes):
            lanes.append([])
        lanes[lane].append((top, bottom))
        chosen[i] = lane
    return chosen


def _tree_rows(order: list[str], nodes: dict, category_name: Callable[[str], str],
               action_of: Callable[[str], str]) -> list[dict]:
    """Each question's place: its lines of text, its outcomes' lines (the category's name, then its action), its
    top and its height; nothing is cut, a box grows with its text."""
    rows, y = [], 14.0
    for i, node_id in enumerate(order):
        node = nodes[node_id]
        lines = _wrap(f"{i + 1}. {node.question}", 42)
        outcomes = {k: (_wrap(category_name(target), 27), _wrap(action_of(target), 30))
                    for k, target in enumerate((node.if_yes, node.if_no)) if target not in nodes}
        boxes = {k: 10 + 15.6 * len(names) + 15 * len(done) for k, (names, done) in outcomes.items()}
        height = max(68.0, 18 + 16.25 * len(lines), sum(boxes.values()) + 4 * (len(boxes) - 1))
        rows.append({"node": node, "lines": lines, "outcomes": outcomes, "boxes": boxes, "y": y, "height": height})
        y += height + TREE["gap"]
    return rows


def decision_tree(policy: CommentPolicy, category_name: Callable[[str], str], action_of: Callable[[str], str],
                  yes: str, no: str, title: str) -> str:
    """The moderation questions in a column; each answer ends on a category, on the right, or leads to another
    question, by a lane of the left gutter into the top of that question. Every answer's word sits where no line
    runs: beside the question, above its own line. The texts come in reading order, question by question."""
    nodes = {node.id: node for node in policy.decision_tree.nodes}
    actions = {category.id: category.action for category in policy.categories}
    order = question_order(policy)
    rows = _tree_rows(order, nodes, category_name, action_of)
    row_of = {node_id: row for node_id, row in zip(order, rows)}
    # each question another one leads to has one lane, from its highest source to its own top
    sources: dict[str, list[float]] = {}
    for row in rows:
        for k, target in enumerate((row["node"].if_yes, row["node"].if_no)):
            if target in nodes:
                row.setdefault("stubs", {})[k] = row["y"] + row["height"] - (34 if k == 0 else 12)
                sources.setdefault(target, []).append(row["stubs"][k])
    entry = {target: row_of[target]["y"] + 14 for target in sources}
    lanes = _lanes([(min(found + [entry[t]]), max(found + [entry[t]])) for t, found in sources.items()])
    gutter = 8 + TREE["lane"] * (max(lanes, default=-1) + 1)
    lane_x = {target: gutter - 6 - lane * TREE["lane"] for target, lane in zip(sources, lanes)}
    q_left = gutter + 4 + 7 * max(len(yes), len(no)) + 8
    out_left = q_left + TREE["question"] + TREE["answer_gap"]
    body = []
    for target, found in sources.items():
        x = lane_x[target]
        body.append(_line(x, min(found + [entry[target]]), x, max(found + [entry[target]])))
        body.append(_line(x, entry[target], q_left - 2, entry[target], arrow=True))
    for row in rows:
        body += _tree_row(row, actions, (yes, no), (gutter + 4, q_left, out_left), lane_x)
    return _figure("tree", title, out_left + TREE["outcome"] + 6, rows[-1]["y"] + rows[-1]["height"] + 14 if rows
                   else 40, body)


def _line(x1: float, y1: float, x2: float, y2: float, arrow: bool = False) -> str:
    end = ' marker-end="url(#diagram-tree-arrow)"' if arrow else ""
    return (f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{INK}" stroke-width="1.5"'
            f'{end}/>')


def _tree_row(row: dict, actions: dict, answers: tuple[str, str], columns: tuple[float, float, float],
              lane_x: dict[str, float]) -> list[str]:
    """A question's box, then each answer in turn: the box of the category it ends on, joined by a line under the
    answer's word, or its line to the gutter's lane (`lane_x`) that leads to another question, under its word."""
    label_x, q_left, out_left = columns
    y, height, node = row["y"], row["height"], row["node"]
    q_right = q_left + TREE["question"]
    body = [f'<rect x="{q_left:.1f}" y="{y:.1f}" width="{TREE["question"]}" height="{height:.1f}" rx="8" '
            f'fill="#e8eaf6" stroke="{INK}"/>',
            _text(q_left + 12, y + 20, row["lines"], size=TREE["question_size"])]
    oy = y
    for k, target in enumerate((node.if_yes, node.if_no)):
        if k in row.get("stubs", {}):
            stub = row["stubs"][k]
            body.append(_line(q_left, stub, lane_x[target], stub))
            body.append(_text(label_x, stub - 5, [answers[k]], size=TREE["small"], weight="bold"))
            continue
        (names, done), box = row["outcomes"][k], row["boxes"][k]
        body.append(f'<rect x="{out_left:.1f}" y="{oy:.1f}" width="{TREE["outcome"]}" height="{box:.1f}" rx="6" '
                    f'fill="{ACTION_FILL.get(actions.get(target, ""), OTHER_ACTION_FILL)}" stroke="{INK}"/>')
        body.append(_text(out_left + 8, oy + 17, names, size=TREE["name_size"], weight="bold"))
        body.append(_text(out_left + 8, oy + 17 + 15.6 * len(names), done, size=TREE["small"]))
        mid = oy + box / 2
        body.append(_line(q_right, mid, out_left - 2, mid, arrow=True))
        body.append(_text(q_right + 6, mid - 5, [answers[k]], size=TREE["small"], weight="bold"))
        oy += box + 4
    return body
