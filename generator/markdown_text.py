"""A field text's Markdown means what its author sees: no line of it silently becomes a heading, a rule or a quote.

An editor wraps a sentence where the line is full, and the next line may then start with a mark that
Markdown reads as structure: `# Title` makes a heading of the line, `---` under a line makes that line a
heading, `>` cuts the paragraph into a quote, `: ` turns the lines before into terms of a definition list.
In a field text (a rule, a description: anything but a free page of `pages/`, whose headings are
legitimate) none of these is what the author meant. One reading of the lines (`findings`) serves both
sides: the check warns at the line (`warnings`), and the page shows the line as written (`as_written`).

- `#word` (no space) is text everywhere, free pages included: the site reads headings with
  `pymdownx.saneheaders`, which wants a space after the '#'s, as most Markdown readers do.
- `# Title` (also after a list item's or a quote's mark), and a line underlined with `===` or `---`: a heading would break the page's outline (the
  part's and the rule's titles), so the line is shown as written and `check` warns.
- `---`, `***` or `___` alone: shown as written, warned.
- a line starting with `>` in the middle of a paragraph: shown as written, warned; a run of several
  `>` lines is a quote the author wrote, and stays one. A line starting with `: ` after a paragraph of
  two lines or more: shown as written, warned (after a single line, it is the definition of a term).
- a line starting with `- `, `* `, `+ ` or `1. ` in the middle of a paragraph: with a second such line
  further in the paragraph, it is a list the author wrote, and becomes one (Markdown wants an empty line
  before it); alone, it stays in the sentence (as Markdown shows it) and is warned.
Lines inside fenced code blocks and lines indented four spaces or more are left alone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator

from .characters import _strings
from .diagnostics import WARNING, Diagnostic
from .message import Message

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# as pymdownx.saneheaders reads it, a space after the '#'s; also at the start of a list item or a quote's line
HEADING = re.compile(r"^(?: {0,3}(?:[-*+]|\d+\.)[ ]+| {0,3}>[ ]?)*( {0,3})(#{1,6})(?= )")
UNDERLINE = re.compile(r"^(=+|-+)[ ]*$")  # Python-Markdown's setext underline: at the start of the line
RULE = re.compile(r"^ {0,3}(?:(?:-[ ]{0,2}){3,}|(?:_[ ]{0,2}){3,}|(?:\*[ ]{0,2}){3,})$")
LIST = re.compile(r"^ {0,3}(?:[-*+]|\d+\.)[ ]+\S")
QUOTE = re.compile(r"^ {0,3}>")
DEFINITION = re.compile(r"^ {0,3}:[ ]{1,3}\S")
CODE = re.compile(r"^(?: {4}|\t)")
# What a kept mark is written as: its character entity, which Markdown shows as the character and
# never reads as a mark (`=` and `:` have no backslash escape).
ENTITY = {c: f"&#{ord(c)};" for c in "#-=*_>:"}

HEADING_CODE = "heading-in-text"
RULE_CODE = "rule-in-text"
LINE_CODE = "structure-in-paragraph"


@dataclass(frozen=True)
class Finding:
    line: int  # index of the line in the text
    column: int  # index of its mark in the line
    kind: str  # heading, underline, rule, quote, definition, list (warned); list-run (made a list, silently)


def _blocks(lines: list[str]) -> Iterator[tuple[int, bool]]:
    """Each line's index, and whether it is inside a fenced code block (the fences included)."""
    fence: str | None = None
    for i, line in enumerate(lines):
        opening = FENCE.match(line)
        if fence is None and opening:
            fence = opening.group(1)
            yield i, True
            continue
        if fence is not None and re.match(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*$", line):
            fence = None
            yield i, True
            continue
        yield i, fence is not None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def findings(text: str) -> list[Finding]:
    """The lines of a field text that Markdown would read as structure its author did not mean."""
    lines = text.split("\n")
    found: list[Finding] = []
    items_after = _items_after(lines)
    before = "blank"  # what the line before is: blank, paragraph, list, quote, code
    for i, fenced in _blocks(lines):
        line = lines[i]
        if fenced:
            before = "code"
            continue
        if not line.strip():
            before = "blank"
        elif CODE.match(line) and before in ("blank", "code"):
            before = "code"
        elif HEADING.match(line):
            mark = HEADING.match(line).start(2)
            found.append(Finding(i, mark, "heading"))
            inside = line[:mark].strip()[:1]  # a heading in a list item or a quote: the list or quote goes on
            before = "paragraph" if not inside else "quote" if inside == ">" else "list"
        elif before == "paragraph" and UNDERLINE.match(line):
            found.append(Finding(i, 0, "underline"))
        elif RULE.match(line):
            found.append(Finding(i, _indent(line), "rule"))
            before = "paragraph"
        elif before == "paragraph":
            before = _in_paragraph(lines, i, items_after, found)
        elif LIST.match(line) or QUOTE.match(line):
            before = "list" if LIST.match(line) else "quote"
        elif before not in ("list", "quote"):  # a line after a list item or a quote's line continues it
            before = "paragraph"
    return found


def _items_after(lines: list[str]) -> list[bool]:
    """For each line, whether a line further in its paragraph starts like a list item (one pass, from the end)."""
    after, seen = [False] * len(lines), False
    for i in range(len(lines) - 1, -1, -1):
        after[i] = seen
        seen = bool(lines[i].strip()) and (seen or bool(LIST.match(lines[i])))
    return after


def _in_paragraph(lines: list[str], i: int, items_after: list[bool], found: list[Finding]) -> str:
    """Read line `i`, which follows a line of a paragraph; return what it makes the line."""
    line = lines[i]
    if LIST.match(line):
        if items_after[i]:  # several items: a list the author wrote
            found.append(Finding(i, _indent(line), "list-run"))
            return "list"
        found.append(Finding(i, _indent(line), "list"))
    elif QUOTE.match(line):
        if i + 1 < len(lines) and QUOTE.match(lines[i + 1]):  # several lines of a quote: the author wrote a quote
            return "quote"
        found.append(Finding(i, _indent(line), "quote"))
    elif DEFINITION.match(line) and not DEFINITION.match(lines[i - 1]) and i >= 2 and lines[i - 2].strip():
        # after a paragraph of two lines or more: a wrapped sentence (a term is one line)
        found.append(Finding(i, _indent(line), "definition"))
    return "paragraph"


def as_written(text: str) -> str:
    """A field text's Markdown in which every line reads as its author wrote it (see the module's docstring)."""
    lines = text.split("\n")
    apart: set[int] = set()  # the lines an empty line is put before
    for finding in findings(text):
        line = lines[finding.line]
        if finding.kind == "list-run":
            apart.add(finding.line)
        elif finding.kind != "list":
            mark = line[finding.column]
            lines[finding.line] = line[:finding.column] + ENTITY[mark] + line[finding.column + 1:]
    return "\n".join(f"\n{line}" if i in apart else line for i, line in enumerate(lines))


def inline_as_written(text: str) -> str:
    """A text on one line (a list item, a heading's text) whose '# ' at the start is shown as written."""
    heading = HEADING.match(text)
    if heading is None:
        return text
    mark = heading.start(2)
    return text[:mark] + ENTITY["#"] + text[mark + 1:]


def _excerpt(line: str, limit: int = 30) -> str:
    line = line.strip()
    return line if len(line) <= limit else line[:limit] + "…"


def _message(kind: str, line: str) -> tuple[str, Message, Message]:
    """The code, message and hint of a finding on `line`."""
    mark = line.strip()[0]
    shown = _excerpt(line)
    if kind == "heading":
        return (HEADING_CODE, Message("markdown-text.would-be-a-heading", shown=shown),
                Message("markdown-text.no-headings"))
    if kind == "underline":
        return (HEADING_CODE, Message("markdown-text.underline-would-make-a-heading", mark=mark),
                Message("markdown-text.remove-the-line-of", mark=mark))
    if kind == "rule":
        return RULE_CODE, Message("markdown-text.would-draw-a-line", shown=shown), Message("markdown-text.remove-it")
    first = line.strip().split(" ")[0]
    if kind == "list":
        return (LINE_CODE, Message("markdown-text.starts-like-a-list-item", shown=shown),
                Message("markdown-text.move-to-start-a-list", first=first))
    if kind == "quote":
        return (LINE_CODE, Message("markdown-text.would-cut-the-paragraph", shown=shown),
                Message("markdown-text.move-to-quote", first=first))
    return (LINE_CODE, Message("markdown-text.would-make-terms", shown=shown),
            Message("markdown-text.move-for-a-definition", first=first))


def _text_warnings(source: Any, loc: tuple, text: str) -> Iterator[Diagnostic]:
    start = source.literal.get(loc)
    lines = text.split("\n")
    for finding in findings(text):
        if finding.kind == "list-run":
            continue
        code, message, hint = _message(finding.kind, lines[finding.line])
        if start is not None:  # a literal block text: its lines are the file's lines
            yield Diagnostic(code, message, source.display, start[0] + finding.line,
                             start[1] + finding.column, hint, severity=WARNING)
        else:  # folded or quoted: at the value, the line quoted in the message
            yield source.diagnostic(loc, code, message, hint, severity=WARNING)


def warnings(sources: Any) -> list[Diagnostic]:
    """A warning at every line of a field text that would not read as written (free pages' bodies are Markdown)."""
    found: list[Diagnostic] = []
    for source in [sources.config, *sources.parts.values(), *sources.networks, *sources.pages]:
        for loc, text in _strings(source.data):
            if source is sources.config and loc[:1] == ("mkdocs",):
                continue  # MkDocs settings, not texts
            if "\n" in text or text.lstrip(" ")[:1] in ("#", "-", "*", "_"):
                found.extend(_text_warnings(source, loc, text))
    return found
