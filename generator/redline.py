"""A changed text shown word by word: what was deleted and what was inserted.

A redline is written in wdiff's plain form, `[-deleted words-]{+inserted words+}`, which reads as it is in
a terminal or a log, and which each reader turns into its own marks: colours on a terminal, `<del>` and
`<ins>` on the "What changed" pages, struck and underlined words in the PDF. Long texts show only the
sentences that changed, each whole, with "…" where unchanged sentences are left out.

Sentences, then the words of the changed ones, are matched by `_opcodes`: Python's `difflib` as long as the two
sides are short enough for its matching, quadratic at worst, to be quick (every normal text: its result is
difflib's); beyond, the equal start and end are set aside, words found once on each side anchor the rest (a
patience diff), and a stretch without such anchors is matched window by window. A long text costs about as much
as its length, however it changed.
"""
from __future__ import annotations

import difflib
import html
import re
from bisect import bisect_left
from collections import Counter
from typing import Callable, Sequence

from .wording import one_line

DELETED = ("[-", "-]")
INSERTED = ("{+", "+}")
GAP = "…"
# A sentence ends at . ! ? or ; followed by a space, or at a line break (a list item, a paragraph).
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")
_TOKEN = re.compile(r"\w+|[^\w\s]|\s+")
_MARK = re.compile(r"\[-(.*?)-\]|\{\+(.*?)\+\}", re.DOTALL)
# Two sides whose lengths multiply to at most this are matched by difflib alone (a few milliseconds at worst).
SMALL = 20_000
# Beyond, a stretch without anchors is matched this many tokens (or sentences) of each side at a time.
WINDOW = 80


def _opcodes(a: Sequence[str], b: Sequence[str]) -> list[tuple[str, int, int, int, int]]:
    """How `a` becomes `b`, as difflib's opcodes ('equal', 'replace', 'delete', 'insert' and their ranges)."""
    if len(a) * len(b) <= SMALL:
        return difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    blocks: list[tuple[int, int, int]] = []
    _match(a, b, 0, len(a), 0, len(b), blocks)
    merged: list[list[int]] = []
    for i, j, n in blocks:
        if merged and merged[-1][0] + merged[-1][2] == i and merged[-1][1] + merged[-1][2] == j:
            merged[-1][2] += n
        else:
            merged.append([i, j, n])
    codes, i, j = [], 0, 0
    for ai, bj, n in [*merged, [len(a), len(b), 0]]:
        if i < ai or j < bj:
            codes.append(("replace" if i < ai and j < bj else "delete" if i < ai else "insert", i, ai, j, bj))
        if n:
            codes.append(("equal", ai, ai + n, bj, bj + n))
        i, j = ai + n, bj + n
    return codes


def _match(a: Sequence[str], b: Sequence[str], alo: int, ahi: int, blo: int, bhi: int,
           blocks: list[tuple[int, int, int]]) -> None:
    """The blocks (i, j, size) where a[alo:ahi] and b[blo:bhi] are the same, in order, added to `blocks`."""
    if (ahi - alo) * (bhi - blo) <= SMALL:
        matcher = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
        blocks += [(alo + i, blo + j, n) for i, j, n in matcher.get_matching_blocks() if n]
        return
    start = 0  # the same start and end are set aside
    while alo + start < ahi and blo + start < bhi and a[alo + start] == b[blo + start]:
        start += 1
    end = 0
    while ahi - end > alo + start and bhi - end > blo + start and a[ahi - end - 1] == b[bhi - end - 1]:
        end += 1
    if start:
        blocks.append((alo, blo, start))
    alo, blo, ahi, bhi = alo + start, blo + start, ahi - end, bhi - end
    for i, j in _anchors(a, b, alo, ahi, blo, bhi):
        _match(a, b, alo, i, blo, j, blocks)
        blocks.append((i, j, 1))
        alo, blo = i + 1, j + 1
    _windows(a, b, alo, ahi, blo, bhi, blocks)
    if end:
        blocks.append((ahi, bhi, end))


def _anchors(a: Sequence[str], b: Sequence[str], alo: int, ahi: int, blo: int, bhi: int) -> list[tuple[int, int]]:
    """The tokens found once in a[alo:ahi] and once in b[blo:bhi], as many as keep their order on both sides
    (the longest increasing run of their places, as a patience diff takes it)."""
    in_a, in_b = Counter(a[alo:ahi]), Counter(b[blo:bhi])
    where_b = {token: j for j, token in enumerate(b[blo:bhi], blo) if in_b[token] == 1 and in_a[token] == 1}
    pairs = [(i, where_b[token]) for i, token in enumerate(a[alo:ahi], alo) if token in where_b]
    tops: list[int] = []  # the last j of the best run of each length
    ends: list[int] = []  # the pair each run of each length ends with
    before: list[int] = []  # the pair before each pair in its run
    for index, (_, j) in enumerate(pairs):
        length = bisect_left(tops, j)
        tops[length:length + 1] = [j]
        ends[length:length + 1] = [index]
        before.append(ends[length - 1] if length else -1)
    run, index = [], ends[-1] if ends else -1
    while index >= 0:
        run.append(pairs[index])
        index = before[index]
    return run[::-1]


def _windows(a: Sequence[str], b: Sequence[str], alo: int, ahi: int, blo: int, bhi: int,
             blocks: list[tuple[int, int, int]]) -> None:
    """Two long stretches without anchors, matched by difflib WINDOW tokens of each at a time: the matches that
    end in the first half of either window are kept, and the next window starts after the last of them."""
    half = WINDOW // 2
    while (ahi - alo) * (bhi - blo) > SMALL:
        matcher = difflib.SequenceMatcher(None, a[alo:min(ahi, alo + WINDOW)], b[blo:min(bhi, blo + WINDOW)],
                                          autojunk=False)
        kept = [(i, j, n) for i, j, n in matcher.get_matching_blocks() if n and (i + n <= half or j + n <= half)]
        blocks += [(alo + i, blo + j, n) for i, j, n in kept]
        if kept:
            alo, blo = alo + kept[-1][0] + kept[-1][2], blo + kept[-1][1] + kept[-1][2]
        else:  # nothing alike in the first halves: they are replaced
            alo, blo = min(ahi, alo + half), min(bhi, blo + half)
    _match(a, b, alo, ahi, blo, bhi, blocks)


def _sentences(text: str) -> list[str]:
    """The sentences of a text, each on one line; Markdown list marks and headings kept as written, and no-break
    spaces as the pages keep them."""
    parts = [one_line(part) for part in _SENTENCE.split(text.strip())]
    return [part for part in parts if part]


def _words(old: str, new: str) -> str:
    """Two sentences (or runs of them) compared word by word; changes apart by a space only are one change."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    runs: list[list] = []  # [op, deleted, inserted] or ["equal", text, text]
    for op, i1, i2, j1, j2 in _opcodes(a, b):
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
    opcodes = _opcodes(a, b)
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
    """A redline as (kind, text) pieces, kind being 'same', 'deleted' or 'inserted': for JSON."""
    out, at = [], 0
    for match in _MARK.finditer(text):
        if match.start() > at:
            out.append(("same", text[at:match.start()]))
        out.append(("deleted", match.group(1)) if match.group(1) is not None else ("inserted", match.group(2)))
        at = match.end()
    if at < len(text):
        out.append(("same", text[at:]))
    return out
