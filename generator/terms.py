"""A Markdown extension that turns the glossary's abbreviations into marks that lead to the glossary.

The render stage appends to each page an abbreviation for every form of the terms marked there, whose title
names the term, and a reference for each term, to its entry on the glossary page with its definition as
title (see glossary.py). Python-Markdown's `abbr` wraps each form found in the text in an `abbr` element;
after it, this extension:

- matches whole terms only: a form is never found inside a longer word, hyphenated ones included;
- removes every mark inside a heading (and so from the table of contents, which `toc` makes after this),
  inside a link, a details' summary, a button or a label, inside an admonition's title (a heading of its
  box), and inside an element of class `pb-no-terms` (the lists of what changed);
- turns each remaining mark of a term into a link to its entry, of class `pb-term`, whose title is the term's
  name then its definition on a second line (Material shows it as the tooltip; the theme's CSS makes the
  first line bold). An abbreviation the author wrote on a page stays an `abbr`.
"""
from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.extensions.abbr import AbbrTreeprocessor
from markdown.treeprocessors import Treeprocessor

from .glossary import REFERENCE_PREFIX

UNMARKED = {"h1", "h2", "h3", "h4", "h5", "h6", "a", "summary", "button", "label"}
UNMARKED_CLASSES = {"pb-no-terms", "admonition-title"}


class _WholeTerms(AbbrTreeprocessor):
    """`abbr`, but a form counts only as a whole term: no letter, digit or hyphen right before or after it."""

    def run(self, root: etree.Element) -> None:
        if not self.abbrs:
            return
        forms = sorted(self.abbrs, key=len, reverse=True)
        self.RE = re.compile(rf"(?<![\w-])(?:{'|'.join(re.escape(form) for form in forms)})(?![\w-])")
        self.iter_element(root)


def _unwrap(parent: etree.Element, index: int) -> None:
    """Replace the child at `index` of `parent` by its text."""
    child = parent[index]
    text = (child.text or "") + (child.tail or "")
    if index == 0:
        parent.text = (parent.text or "") + text
    else:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + text
    parent.remove(child)


class _Marks(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        self._walk(root, marked=True)

    def _walk(self, element: etree.Element, marked: bool) -> None:
        marked = (marked and element.tag not in UNMARKED
                  and not UNMARKED_CLASSES.intersection(element.get("class", "").split()))
        for index in reversed(range(len(element))):
            child = element[index]
            if child.tag != "abbr":
                self._walk(child, marked)
            elif not marked:
                _unwrap(element, index)
            else:
                self._link(child)

    def _link(self, mark: etree.Element) -> None:
        key = mark.get("title", "")
        reference = self.md.references.get((REFERENCE_PREFIX + key).strip().lower())
        if reference is None:  # the author's own abbreviation
            return
        href, definition = reference
        mark.tag = "a"
        mark.attrib.clear()
        mark.set("href", href)
        mark.set("class", "pb-term")
        mark.set("title", f"{html.unescape(key)}\n{html.unescape(definition or '')}")


class TermsExtension(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802 (Markdown's API)
        if "abbr" in md.treeprocessors:
            abbrs = md.treeprocessors["abbr"].abbrs
            md.treeprocessors.register(_WholeTerms(md, abbrs), "abbr", 7)
        # after abbr (7), before toc (5), which copies the headings into the table of contents, and before
        # MkDocs makes links relative (0)
        md.treeprocessors.register(_Marks(md), "playbook_terms", 6)


def makeExtension(**kwargs) -> TermsExtension:  # noqa: N802 (how Markdown finds an extension)
    return TermsExtension(**kwargs)
