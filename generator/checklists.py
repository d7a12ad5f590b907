"""A Markdown extension for checklists that remember: each box gets a label and a stable key.

The label (the item's own text) lets screen readers and keyboard users know what they tick; the
key (a hash of that text) is what the theme's script stores in the browser, so that a ticked box
stays ticked after a reload, and follows its item if items are reordered.
"""
from __future__ import annotations

import hashlib
import xml.etree.ElementTree as etree
from html import escape

from markdown import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE


def _own_text(item: etree.Element) -> str:
    """The item's text, without the text of a list nested in it nor the stashed checkbox."""
    parts = [item.text or ""]
    for child in item:
        if child.tag not in ("ul", "ol"):
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return " ".join(HTML_PLACEHOLDER_RE.sub("", "".join(parts)).split())


class _Label(Treeprocessor):
    """pymdownx.tasklist stores each checkbox as raw HTML; this adds the label and key to that HTML."""

    def run(self, root: etree.Element) -> None:
        for item in root.iter("li"):
            if "task-list-item" not in item.get("class", ""):
                continue
            holder = item if item.text and HTML_PLACEHOLDER_RE.search(item.text) else next(iter(item), None)
            match = HTML_PLACEHOLDER_RE.search(holder.text or "") if holder is not None else None
            if match is None:
                continue
            index = int(match.group(1))
            html = self.md.htmlStash.rawHtmlBlocks[index]
            text = _own_text(item)
            key = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
            self.md.htmlStash.rawHtmlBlocks[index] = html.replace(
                '<input type="checkbox"', f'<input type="checkbox" aria-label="{escape(text, quote=True)}" '
                f'data-item="{key}"', 1)


class ChecklistExtension(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802 (Markdown's API)
        md.treeprocessors.register(_Label(md), "playbook_checklists", 1)  # after pymdownx.tasklist (25)


def makeExtension(**kwargs) -> ChecklistExtension:  # noqa: N802 (how Markdown finds an extension)
    return ChecklistExtension(**kwargs)
