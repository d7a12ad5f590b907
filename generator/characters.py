"""Characters no charter needs: control characters and the invisible marks that reorder text.

A double-quoted YAML string can hold any character through its escapes (`"\\x1b"`, `"\\0"`), and a
text pasted from elsewhere can carry a right-to-left override (U+202E) that makes a rule read
differently from what it says. None of them belongs in a page, a PDF or a terminal, so they are
refused where they are written, rather than removed without a word.
"""
from __future__ import annotations

import re
from typing import Any, Iterator

from .diagnostics import Diagnostic
from .message import Message, MessageError

# C0 controls but tab, line feed and carriage return; DEL and the C1 controls; the bidirectional
# embeddings, overrides and isolates (marks such as U+200E, which only state a direction, are fine).
REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
NAMES = {0x00: "NUL", 0x07: "BEL (bell)", 0x08: "BS (backspace)", 0x1b: "ESC (escape)", 0x7f: "DEL",
         0x202a: "LEFT-TO-RIGHT EMBEDDING", 0x202b: "RIGHT-TO-LEFT EMBEDDING", 0x202c: "POP DIRECTIONAL FORMATTING",
         0x202d: "LEFT-TO-RIGHT OVERRIDE", 0x202e: "RIGHT-TO-LEFT OVERRIDE", 0x2066: "LEFT-TO-RIGHT ISOLATE",
         0x2067: "RIGHT-TO-LEFT ISOLATE", 0x2068: "FIRST STRONG ISOLATE", 0x2069: "POP DIRECTIONAL ISOLATE"}
def removal_hint(char: str) -> Message:
    """How to remove an invisible character: by its code, which an editor's search finds."""
    return Message("invisible-character.remove-it", code=f"{ord(char):04X}")


def describe(char: str) -> Message | str:
    """A refused character as a reader can find it: its code point and name."""
    code = ord(char)  # a character's Unicode name is shown as Unicode writes it, in every language
    return f"U+{code:04X} {NAMES[code]}" if code in NAMES else Message("characters.control-character",
                                                                       code=f"{code:04X}")


def first_refused(text: str) -> re.Match | None:
    """The first character of `text` that no charter needs, if any."""
    return REFUSED.search(text)


def check_text(text: str) -> str:
    """`text`, or ValueError naming its first refused character (for values typed on the command line)."""
    match = first_refused(text)
    if match:
        raise MessageError(Message("characters.it-holds-an-invisible-character", char=describe(match.group())))
    return text


def _strings(data: Any, loc: tuple = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():  # a key with such a character is an unknown key already
            yield from _strings(value, loc + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, loc + (i,))


def check_sources(sources: Any) -> list[Diagnostic]:
    """Every refused character of the playbook's files, at its value (or its line, in a page's text)."""
    found: list[Diagnostic] = []
    for source in [sources.config, *sources.parts.values(), *sources.networks, *sources.pages]:
        for loc, text in _strings(source.data):
            if source is sources.config and loc[:1] == ("mkdocs",):
                continue  # the MkDocs settings' own checks refuse these and more (mkdocs_checks.FORBIDDEN_TEXT)
            match = first_refused(text)
            if match:
                found.append(source.diagnostic(
                    loc, "invisible-character",
                    Message("invisible-character.this-text-holds-an-invisible-2", char=describe(match.group()),
                            n=match.start() + 1), removal_hint(match.group())))
        match = first_refused(source.body or "")
        if match:
            before = source.body[:match.start()]
            line = source.body_line + before.count("\n")
            column = match.start() - (before.rfind("\n") + 1) + 1
            found.append(Diagnostic("invisible-character", Message("invisible-character.this-text-holds-an-invisible",
                                                                   char=describe(match.group())), source.display, line,
                                                                   column,
                                    removal_hint(match.group())))
    return found
