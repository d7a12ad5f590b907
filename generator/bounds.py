"""The bounds of a playbook, in one place: how large its files, its texts and its lexicons may be, and how long
one page may take to build.

Python-Markdown reads some shapes of text over and over ('[' that open no link, runs of backticks that nothing
closes, lines that start a block inside a paragraph...): a line of 10,000 '[' takes 17 s to build, 20,000 a
minute. Foreseeing which text would be slow means following the parser, and its next version. Instead, what a
build may spend is bounded without knowing it:

- sizes, refused where they are written (file, line and column): a content file, so a page (MAX_FILE_BYTES),
  the whole playbook (MAX_PLAYBOOK_BYTES), one text of a YAML file (MAX_TEXT_CHARS), the lexicons' terms;
- time, where Markdown runs: every page is built in a worker process that the build watches (workers.py,
  page_clock.py); one that takes more than PAGE_SECONDS stops the build, its worker is killed, and the text that
  is slow alone is named at its file, line and column (slow_text.py).
"""
from __future__ import annotations

from typing import Any

from .characters import _strings
from .diagnostics import Diagnostic
from .message import Message

# A content file is a page (a part, a network, a free page), so its size bounds a page's. They keep a build of the
# largest accepted playbook within a minute on a 2-core machine (benchmarks/largest_input.py): Material's search
# index is quadratic in the headings of a page, so the size of one part is what counts; the whole playbook is
# bounded too, as every part is a page.
MAX_FILE_BYTES = 512 * 1024
MAX_PLAYBOOK_BYTES = 1024 * 1024
# Characters of one text of a YAML file (a description, a rule, a definition): the longest of the example holds
# about 1,000; 20,000 is some ten printed pages. A longer text belongs in a free page of its own.
MAX_TEXT_CHARS = 20_000
# Terms and aliases of all the lexicons. Each becomes an abbreviation that Markdown looks for in every page, so
# they cost time in every page at once (2,000 terms took 14 s to build, 3,000 32 s), which no page's bound sees.
MAX_TERMS = 1000
# Characters of one term or alias: the abbreviations make one regular expression whose alternatives share only
# their common start (983 terms of 300 characters took 95 s on a 450 KB page). A term is a word or a short phrase.
MAX_TERM_CHARS = 60
# Seconds of processor one page may take to build: its Markdown converted, then its HTML written (search index,
# templates); page_clock.WALL_FACTOR times as long on the clock. The slowest page of the example takes 0.08 s, a
# free page at MAX_FILE_BYTES about 9 s (`playbook build --verbose` prints them): a page beyond this bound is
# hostile text, not a long charter.
PAGE_SECONDS = 30.0


def check_sources(sources: Any) -> list[Diagnostic]:
    """Every text of the playbook's YAML files longer than MAX_TEXT_CHARS, at its value, and the first term of the
    lexicons beyond their bounds."""
    found: list[Diagnostic] = []
    for source in [sources.config, *sources.parts.values(), *sources.networks, *sources.pages]:
        for loc, text in _strings(source.data):
            if source is sources.config and loc[:1] == ("mkdocs",):
                continue  # settings, not text (the MkDocs settings' own checks bound them)
            if len(text) > MAX_TEXT_CHARS:
                found.append(source.diagnostic(
                    loc, "text-too-long", Message("text-too-long.this-text-holds-characters-a", count=len(text),
                                                  limit=MAX_TEXT_CHARS), Message("text-too-long.put-a-long-text-in")))
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
                                          Message("markdown-too-slow.the-lexicons-hold-more-than", limit=MAX_TERMS),
                                          Message("markdown-too-slow.keep-in-the-lexicons-the"))]
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
                return source.diagnostic(at, "markdown-too-slow",
                                         Message("markdown-too-slow.this-term-holds-characters-a", n=len(text),
                                                 max=MAX_TERM_CHARS),
                                         Message("markdown-too-slow.a-term-is-a-word"))
    return None
