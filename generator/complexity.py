"""Markdown that would take minutes to build: refused where it is written, with what to change.

Python-Markdown reads some shapes over and over. For each `[` it looks for the `]` that closes it
through the rest of the paragraph, character by character, and then for the `)` of a `](`; for each
run of backticks, for a run of the same length; for each line inside a paragraph that starts
another kind of block (a heading, a rule, an abbreviation, a reference...), it cuts the paragraph
and reads the rest again. A paragraph of `[[[[...` is thus read once per bracket: 10,000 of them
took 15 s to build, 20,000 a minute, and a page at the size bound would take hours.

Each text (a YAML string, a page's body) is measured in one pass, paragraph by paragraph: the
characters Markdown would read again are the number of such marks times the paragraph's length.
A paragraph, and the whole playbook, may cost at most a budget measured to build in a few seconds
(benchmarks/pathological_markdown.py prints the figures). Deep nesting (lists, quotes, definition
lines, emphasis) makes Markdown recurse until Python stops it, so its depth is bounded too.
Fenced code is skipped: Markdown shows it as written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator

from .characters import _strings
from .diagnostics import Diagnostic

# Characters Markdown may read again for one paragraph, and for all the texts of the playbook (small
# files could each hold a paragraph at its budget). Python-Markdown reads about 7 million of them a
# second on a 2-core machine: a paragraph at the budget takes about 3 s, a playbook at its budget 6 s.
PARAGRAPH_BUDGET = 20_000_000
PLAYBOOK_BUDGET = 40_000_000
# Nesting beyond these makes Python-Markdown recurse past Python's limit in a build.
MAX_INDENT = 100  # columns of indentation of a line: 25 levels of 4 spaces
MAX_QUOTES = 50  # '>' opening one line
MAX_DEFINITIONS = 100  # definition lines (': ...') in one paragraph
MAX_EMPHASIS = 100  # emphasis marks opened inside one another
# Headings of the playbook's texts. Material's search plugin looks up each heading of a page among all the
# others (plugin.py, _find_toc_by_id), so a page's build grows with the square of its headings: 8,000
# took 6 s, 30,000 over a minute. A part's items add headings of their own, bounded by the file size.
MAX_HEADINGS = 5000
# Terms and aliases of all the lexicons. Each becomes an abbreviation appended to every page, which
# Markdown parses as a block of its own and looks for in every text of the page; the glossary page
# holds every term, so its build grows with the square of them: 2,000 terms took 14 s, 3,000 32 s.
MAX_TERMS = 1000
# Characters of one term or alias. The abbreviations make one regular expression whose alternatives share
# only their common start: long terms that share a long start are each tried in full at every word of every
# page (983 terms of 300 characters took 95 s on a 450 KB page). A term is a word or a short phrase.
MAX_TERM_CHARS = 60

_FENCE = re.compile(r"^[ \t>]*(`{3,}|~{3,})")
_TOKEN = re.compile(r"\\[\s\S]|`+|!?\[|\]\(?|[()]")
# A line that Python-Markdown splits a paragraph at: a heading, a rule, an abbreviation, a reference,
# a definition, an admonition or details block, a fence, a block attribute list.
_SPLITTER = re.compile(r"^ {0,3}(?:#{1,6}(?:[ \t]|$)|([*_-])[ \t]*(?:\1[ \t]*){2,}$|\*\[|\[[^\]\n]*\]:|:[ \t]"
                       r"|!!!|\?\?\?|`{3,}|~{3,}|\{:)", re.M)
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)|(?<=\n) {0,3}(?:=+|-+)[ \t]*$", re.M)
_DEFINITION = re.compile(r"^ {0,3}:[ \t]", re.M)
_QUOTES = re.compile(r"^[ \t]*(?:>[ \t]*)+", re.M)
_EMPHASIS = re.compile(r"(?<!\\)([*_~^=])\1*")

KINDS = {
    "brackets": ("'[' that no ']' closes, or that stand inside another '[', or '](' that no ')' closes",
                 "write a '[' that opens no link as '\\[' (and '(' after a link as '\\('), or put the text in `code`"),
    "backticks": ("runs of backticks that no run of the same length closes",
                  "close each code span with as many backticks as opened it, or write '\\`'"),
    "splits": ("lines that start another block inside the paragraph (headings, rules, definitions, abbreviations...)",
               "leave an empty line before each of them"),
}


@dataclass
class Cost:
    """What makes one paragraph slow: the marks of each kind and where the first one stands."""

    start: int  # offset of the paragraph in its text
    length: int
    counts: dict[str, int]
    first: dict[str, int]  # offset in the text of the first mark of each kind

    @property
    def total(self) -> int:
        return sum(self.counts.values()) * self.length

    @property
    def kind(self) -> str:
        return max(self.counts, key=lambda k: self.counts[k])


def _paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """(offset, text) of each run of non-empty lines outside fenced code."""
    start, lines, fence, offset = None, [], None, 0
    for line in text.splitlines(keepends=True):
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
        elif opening:
            fence = opening.group(1)
        if fence is not None or opening or not line.strip():
            if lines:
                yield start, "".join(lines)
            start, lines = None, []
        else:
            start = offset if start is None else start
            lines.append(line)
        offset += len(line)
    if lines:
        yield start, "".join(lines)


def _code_spans(runs: list[re.Match]) -> tuple[list[tuple[int, int]], list[int]]:
    """Spans of inline code and the offsets of backtick runs that nothing closes, as Markdown pairs them:
    a run opens code that the next run of the same length closes."""
    following: list[int | None] = [None] * len(runs)
    last: dict[int, int] = {}
    for i in range(len(runs) - 1, -1, -1):  # backwards: the next run of each length, in one pass
        size = len(runs[i].group())
        following[i] = last.get(size)
        last[size] = i
    spans, unmatched, i = [], [], 0
    while i < len(runs):
        j = following[i]
        if j is None:
            unmatched.append(runs[i].start())
            i += 1
        else:
            spans.append((runs[i].start(), runs[j].end()))
            i = j + 1
    return spans, unmatched


def _brackets(tokens: list[re.Match], spans: list[tuple[int, int]]) -> tuple[int, int]:
    """How many brackets Markdown reads the rest of the paragraph for, and the offset of the first."""
    nested, first, opened, targets, s = 0, -1, [], [], 0
    for token in tokens:
        at, mark = token.start(), token.group()
        while s < len(spans) and spans[s][1] <= at:
            s += 1
        if mark[0] in "\\`" or (s < len(spans) and spans[s][0] <= at):
            continue  # an escape, or inside code
        if mark[-1] == "[":
            if opened:
                nested += 1  # read up to the end of the outer one, or of the paragraph
                first = opened[0] if first < 0 else first
            opened.append(-1 if opened else at)  # -1: counted already, whether closed or not
        elif mark[0] == "]":
            if opened:
                opened.pop()
                if mark == "](":
                    targets.append(at)
        elif targets:
            if mark == "(":
                targets.append(at)
            else:
                targets.pop()
    left = [at for at in opened[:1] + targets[:1] if at >= 0]  # the first of what nothing closed
    count = nested + (1 if opened and opened[0] >= 0 else 0) + len(targets)
    return count, min(left + ([first] if first >= 0 else []), default=-1)


def _emphasis_depth(paragraph: str) -> tuple[int, int]:
    """How deep emphasis marks open inside one another (openers still open when closers come), and where."""
    depth, deepest, where, closers = 0, 0, 0, 0
    for match in _EMPHASIS.finditer(paragraph):
        before = paragraph[match.start() - 1] if match.start() else " "
        after = paragraph[match.end()] if match.end() < len(paragraph) else " "
        if not before.isalnum() and not after.isspace():
            depth += 1
            if depth > deepest:
                deepest, where = depth, match.start()
        elif not before.isspace() and not after.isalnum():
            closers += 1
    return min(deepest, closers), where


def measure(text: str) -> Iterator[Cost]:
    """The cost of each paragraph of `text` that Markdown would read more than once."""
    for start, paragraph in _paragraphs(text):
        if not any(c in paragraph for c in "[`#*_-:!?~{"):
            continue  # the common case, decided without a scan
        tokens = list(_TOKEN.finditer(paragraph))
        spans, unmatched = _code_spans([t for t in tokens if t.group()[0] == "`"])
        brackets, first_bracket = _brackets(tokens, spans)
        splits = [m.start() for m in _SPLITTER.finditer(paragraph) if m.start()]
        counts = {"brackets": brackets, "backticks": len(unmatched), "splits": len(splits)}
        if any(counts.values()):
            first = {"brackets": first_bracket, "backticks": unmatched[0] if unmatched else -1,
                     "splits": splits[0] if splits else -1}
            yield Cost(start, len(paragraph), counts, {kind: start + at for kind, at in first.items() if at >= 0})


def _located(text: str, offset: int) -> tuple[int, int]:
    """Line (from 0) and column (from 1) of `offset` in `text`."""
    before = text[:offset]
    return before.count("\n"), offset - (before.rfind("\n") + 1) + 1


def _too_deep(text: str) -> Iterator[tuple[int, str, str]]:
    """(offset, message, hint) of the first nesting of each kind that would exhaust Python's recursion."""
    told: set[str] = set()
    for start, paragraph in _paragraphs(text):
        offset = start
        for line in paragraph.splitlines(keepends=True):
            width = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))
            quotes = _QUOTES.match(line)
            count = quotes.group().count(">") if quotes else 0
            if width > MAX_INDENT and "indent" not in told:
                told.add("indent")
                yield (offset, f"this line is indented by {width} columns: Markdown nests a block in another "
                       f"for every few of them, and cannot go that deep",
                       f"indent a line by at most {MAX_INDENT} columns: nest lists and quotes less deeply")
            if count > MAX_QUOTES and "quotes" not in told:
                told.add("quotes")
                yield (offset, f"this line opens {count} quotes inside one another: Markdown cannot go that deep",
                       f"use at most {MAX_QUOTES} '>' at the start of a line")
            offset += len(line)
        definitions = _DEFINITION.findall(paragraph)
        if len(definitions) > MAX_DEFINITIONS and "definitions" not in told:
            told.add("definitions")
            yield (start, f"this paragraph holds {len(definitions)} definition lines (': ...'): Markdown nests "
                   f"each in the one before, and cannot go that deep",
                   f"leave an empty line between terms: a paragraph may hold at most {MAX_DEFINITIONS} definitions")
        depth, where = _emphasis_depth(paragraph)
        if depth > MAX_EMPHASIS and "emphasis" not in told:
            told.add("emphasis")
            yield (start + where, f"this paragraph opens {depth} emphasis marks inside one another: Markdown "
                   f"cannot go that deep", f"nest at most {MAX_EMPHASIS} emphasis marks ('*', '_') in a paragraph")


def _headings(text: str) -> list[int]:
    """The offsets of the headings of `text`, '#' lines and underlined ones, outside fenced code."""
    return [start + match.start() for start, paragraph in _paragraphs(text)
            if "#" in paragraph or "=" in paragraph or "-" in paragraph for match in _HEADING.finditer(paragraph)]


def _slow(cost: Cost) -> tuple[str, str]:
    """Message and hint for a paragraph over its budget."""
    what, fix = KINDS[cost.kind]
    limit = max(PARAGRAPH_BUDGET // cost.length, 1)
    return (f"this paragraph holds {cost.counts[cost.kind]} {what}: Markdown reads the rest of the paragraph "
            f"for each of them, which would take minutes to build",
            f"a paragraph of {cost.length} characters may hold at most {limit} of them; {fix}")


def check_text(text: str) -> tuple[list[tuple[int, str, str, str]], int, Cost | None]:
    """(offset, code, message, hint) of every problem of one text, the cost of its paragraphs within
    their budget, and the costliest of them."""
    problems = [(offset, "markdown-too-deep", message, hint) for offset, message, hint in _too_deep(text)]
    spent, worst = 0, None
    for cost in measure(text):
        if cost.total > PARAGRAPH_BUDGET:
            problems.append((cost.first[cost.kind], "markdown-too-slow", *_slow(cost)))
            continue
        spent += cost.total
        if worst is None or cost.total > worst.total:
            worst = cost
    return problems, spent, worst


def check_sources(sources: Any) -> list[Diagnostic]:
    """Every text of the playbook's files that Markdown would take minutes to build, or nest too deeply."""
    found: list[Diagnostic] = []
    spent, worst, where, headings = 0, None, None, 0
    for source in [sources.config, *sources.parts.values(), *sources.networks, *sources.pages]:
        texts = [(loc, text) for loc, text in _strings(source.data)
                 if not (source is sources.config and loc[:1] == ("mkdocs",))]  # settings, not Markdown
        if source.body:
            texts.append((None, source.body))
        for loc, text in texts:
            if headings <= MAX_HEADINGS:
                offsets = _headings(text)
                headings += len(offsets)
                if headings > MAX_HEADINGS:  # at the first heading beyond the bound
                    found.append(_at(source, loc, text, offsets[MAX_HEADINGS - headings], "markdown-too-slow",
                                     f"the playbook's texts hold more than {MAX_HEADINGS} headings: the site's "
                                     f"search compares each heading of a page with all the others, which would take "
                                     f"minutes to build", "split the page, or write some of these headings as **bold** text"))
            problems, cost, costliest = check_text(text)
            for offset, code, message, hint in problems:
                found.append(_at(source, loc, text, offset, code, message, hint))
            spent += cost
            if costliest is not None and (worst is None or costliest.total > worst.total):
                worst, where = costliest, (source, loc, text)
    if spent > PLAYBOOK_BUDGET:
        what, fix = KINDS[worst.kind]
        found.append(_at(*where, worst.first[worst.kind], "markdown-too-slow",
                         f"the paragraphs of the playbook hold so many {what} that Markdown would take minutes "
                         f"to build them", f"{fix}; this paragraph holds {worst.counts[worst.kind]} of them"))
    return found + check_glossary(sources)


def check_glossary(sources: Any) -> list[Diagnostic]:
    """The term beyond the bound on the lexicons' terms and aliases, if any."""
    count = 0
    for source in [*sources.parts.values(), *sources.networks]:
        lexicon = source.data.get("lexicon") if isinstance(source.data, dict) else None
        for i, term in enumerate(lexicon if isinstance(lexicon, list) else []):
            aliases = term.get("aliases") if isinstance(term, dict) else None
            count += 1 + (len(aliases) if isinstance(aliases, list) else 0)
            long = _long_term(source, i, term, aliases)
            if long is not None:
                return [long]
            if count > MAX_TERMS:
                return [source.diagnostic(("lexicon", i, "term"), "markdown-too-slow",
                                          f"the lexicons hold more than {MAX_TERMS} terms and aliases: each is a "
                                          f"tooltip that Markdown looks for in every page, which would take minutes "
                                          f"to build", "keep in the lexicons the terms readers need explained")]
    return []


def _long_term(source: Any, index: int, term: Any, aliases: Any) -> Diagnostic | None:
    """A term or alias longer than MAX_TERM_CHARS, at its value (each language of a translated one)."""
    written = [(("term",), term.get("term"))] if isinstance(term, dict) else []
    written += [(("aliases", j), alias) for j, alias in enumerate(aliases if isinstance(aliases, list) else [])]
    for loc, value in written:
        texts = value.items() if isinstance(value, dict) else [((), value)]
        for language, text in texts:
            if isinstance(text, str) and len(text) > MAX_TERM_CHARS:
                at = ("lexicon", index, *loc) + ((language,) if language else ())
                return source.diagnostic(at, "markdown-too-slow", f"this term holds {len(text)} characters: a term "
                                         f"or an alias of a lexicon may hold at most {MAX_TERM_CHARS}",
                                         "a term is a word or a short phrase; say the rest in its definition")
    return None


def _at(source: Any, loc: tuple | None, text: str, offset: int, code: str, message: str, hint: str) -> Diagnostic:
    """A diagnostic at `offset` of a page's body, or at the YAML value that holds the text."""
    if loc is not None:  # a YAML string: at its value (a folded or quoted text has no line of its own)
        return source.diagnostic(loc, code, message, hint)
    line, column = _located(text, offset)
    return Diagnostic(code, message, source.display, source.body_line + line, column, hint)
