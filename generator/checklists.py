"""A Markdown extension for checklists that remember: each box gets a label and a stable key.

The label (the item's own text) lets screen readers and keyboard users know what they tick; the
key is what the theme's script stores in the browser, so that a ticked box stays ticked after a
reload, and follows its item if items are reordered.

A page template gives a box its key with `box_marker` right after `- [ ] `: a hash of the box's
checklist and of its text in the charter (`box_key`), the same on every page and in every version,
so that the onboarding path counts the boxes ticked on a network page, and a box whose text did not
change stays ticked from one release to the next. A box without a marker (one written in a free
page) is keyed by a hash of its text, and kept for its page only. A marker of several keys
(`steps_marker`) makes a box that stands for a whole checklist: ticked when all its boxes are.
"""
from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as etree
from html import escape
from typing import Iterable

from markdown import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE
from markupsafe import Markup

_MARKER = re.compile(r"^<!--pb-(box|steps) ([0-9a-f ]+)-->$")


def box_key(scope: str, text: str) -> str:
    """The key of a box: its checklist (or step kind) and its text, spaces folded; not the version."""
    folded = " ".join(str(text).split())
    return hashlib.sha256(f"{scope}\n{folded}".encode("utf-8")).hexdigest()[:16]


def box_marker(scope: str, text: str) -> Markup:
    """What a template writes after `- [ ] ` to give the box its key."""
    return Markup(f"<!--pb-box {box_key(scope, text)}-->")


def steps_marker(keys: Iterable[str]) -> Markup:
    """A box standing for several boxes (a checklist on the onboarding path), by their keys."""
    return Markup(f"<!--pb-steps {' '.join(keys)}-->")


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

    def marker(self, item: etree.Element) -> tuple[str, str] | None:
        """The kind and keys of the marker a template wrote in the item, taken out of the page."""
        texts = [item.text or ""] + [t for child in item if child.tag not in ("ul", "ol")
                                     for t in (child.text or "", child.tail or "")]
        for match in HTML_PLACEHOLDER_RE.finditer(" ".join(texts)):
            index = int(match.group(1))
            found = _MARKER.match(self.md.htmlStash.rawHtmlBlocks[index])
            if found:
                self.md.htmlStash.rawHtmlBlocks[index] = ""
                return found.group(1), found.group(2)
        return None

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
            marker = self.marker(item)
            if marker is None:  # kept for its page only (see playbook.js)
                key = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
                data = f'class="playbook-local" data-item="{key}"'
            else:
                data = f'data-{"item" if marker[0] == "box" else "items"}="{marker[1].strip()}"'
            self.md.htmlStash.rawHtmlBlocks[index] = html.replace(
                '<input type="checkbox"', f'<input type="checkbox" aria-label="{escape(text, quote=True)}" {data}', 1)


class ChecklistExtension(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802 (Markdown's API)
        md.treeprocessors.register(_Label(md), "playbook_checklists", 1)  # after pymdownx.tasklist (25)


def makeExtension(**kwargs) -> ChecklistExtension:  # noqa: N802 (how Markdown finds an extension)
    return ChecklistExtension(**kwargs)
