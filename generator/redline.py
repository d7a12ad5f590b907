"""A changed text shown word by word: what was deleted and what was inserted.

A redline is written in wdiff's plain form, `[-deleted words-]{+inserted words+}`, which reads as it is in
a terminal or a log, and which each reader turns into its own marks: colours on a terminal, `<del>` and
`<ins>` on the "What changed" pages, struck and underlined words in the PDF. Long texts show only the
sentences that changed, each whole, with "…" where unchanged sentences are left out.
"""
from __future__ import annotations

import difflib
import html
import re
from typing import Callable

DELETED = ("[-", "-]")
INSERTED = ("{+", "+}")
GAP = "…"
# A sentence ends at . ! ? or ; followed by a space, or at a line break (a list item, a paragraph).
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")
_TOKEN = re.compile(r"\w+|[^\w\s]|\s+")
_MARK = re.compile(r"\[-(.*?)-\]|\{\+(.*?)\+\}", re.DOTALL)


def _sentences(text: str) -> list[str]:
    """The sentences of a text, each on one line; Markdown list marks and headings kept as written."""
    parts = [" ".join(part.split()) for part in _SENTENCE.split(text.strip())]
    return [part for part in parts if part]


def _words(old: str, new: str) -> str:
    """Two sentences (or runs of them) compared word by word; changes apart by a space only are one change."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    runs: list[list] = []  # [op, deleted, inserted] or ["equal", text, text]
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        before, after = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal" and not (before.isspace() and runs and runs[-1][0] != "equal"):
            runs.append(["equal", before, after])
        elif runs and runs[-1][0] != "equal":  # a change, or a space between two changes: joined to the last one
            runs[-1][1] += before
            runs[-1][2] += after
        else:
            runs.append(["changed", before, after])
    out = []
    for op, before, after in runs:
        if op == "equal":
            out.append(before)
        else:  # a space that ended up last belongs to what follows
            trail = before[len(before.rstrip()):] if after.endswith(before[len(before.rstrip()):]) else ""
            out.append(_marked(before[:len(before) - len(trail)], DELETED) +
                       _marked(after[:len(after) - len(trail)], INSERTED) + trail)
    return "".join(out)


def _marked(text: str, marks: tuple[str, str]) -> str:
    """`text` between `marks`, the spaces around it left outside so that the words stay apart."""
    core = text.strip()
    if not core:
        return text
    lead, trail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
    return f"{lead}{marks[0]}{core}{marks[1]}{trail}"


def redline(old: str, new: str) -> str:
    """What changed from `old` to `new`, word by word, in the changed sentences only ('' if nothing did)."""
    a, b = _sentences(old), _sentences(new)
    if [t for t in _TOKEN.findall(" ".join(a)) if not t.isspace()] == \
            [t for t in _TOKEN.findall(" ".join(b)) if not t.isspace()]:
        return ""  # the same words: only the layout changed
    pieces: list[str] = []
    last_end = 0
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for op, i1, i2, j1, j2 in opcodes:
        if op == "equal":
            continue
        if i1 > last_end or (pieces == [] and j1 > 0):  # unchanged sentences left out before this change
            pieces.append(GAP)
        if op == "replace":
            pieces.append(_words(" ".join(a[i1:i2]), " ".join(b[j1:j2])))
        elif op == "delete":
            pieces.append(_marked(" ".join(a[i1:i2]), DELETED))
        else:
            pieces.append(_marked(" ".join(b[j1:j2]), INSERTED))
        last_end = i2
    if last_end < len(a) and opcodes[-1][0] == "equal":
        pieces.append(GAP)
    return " ".join(pieces)


def is_redline(text: str) -> bool:
    return bool(_MARK.search(text))


def to_html(text: str, escape: Callable[[str], str] = html.escape) -> str:
    """A redline as HTML: `<del>` and `<ins>` around the words, everything else escaped by `escape` (the spaces
    around each piece kept, whatever `escape` does with them)."""
    def escaped(piece: str) -> str:
        core = piece.strip()
        if not core:
            return piece
        return piece[:len(piece) - len(piece.lstrip())] + str(escape(core)) + piece[len(piece.rstrip()):]

    out, at = [], 0
    for match in _MARK.finditer(text):
        out.append(escaped(text[at:match.start()]))
        if match.group(1) is not None:
            out.append(f"<del>{escaped(match.group(1))}</del>")
        else:
            out.append(f"<ins>{escaped(match.group(2))}</ins>")
        at = match.end()
    out.append(escaped(text[at:]))
    return "".join(out)


def rewritten(text: str, deleted: Callable[[str], str], inserted: Callable[[str], str]) -> str:
    """A redline whose marked words are written by `deleted` and `inserted` (given the words, marks and all);
    the rest of the text as it is."""
    return _MARK.sub(lambda m: deleted(m.group(0)) if m.group(1) is not None else inserted(m.group(0)), text)


def to_terminal(text: str) -> str:
    """A redline for a colour terminal: deleted words red and struck through, inserted ones green and underlined;
    the marks stay, so that the line still reads without colour."""
    return rewritten(text, lambda words: f"\x1b[31;9m{words}\x1b[0m", lambda words: f"\x1b[32;4m{words}\x1b[0m")


def parts(text: str) -> list[tuple[str, str]]:
    """A redline as (kind, text) pieces, kind being 'same', 'deleted' or 'inserted': for JSON and the PDF."""
    out, at = [], 0
    for match in _MARK.finditer(text):
        if match.start() > at:
            out.append(("same", text[at:match.start()]))
        out.append(("deleted", match.group(1)) if match.group(1) is not None else ("inserted", match.group(2)))
        at = match.end()
    if at < len(text):
        out.append(("same", text[at:]))
    return out
