"""Texts that a comment cut short: `contact: write to #social-media` is the text "write to".

In YAML, a space then '#' starts a comment, even in the middle of a plain (unquoted) text: the rest of
the line is dropped without a word. The loader notes every comment that starts on the last line of a
plain text or of an empty value (`Source.cut`); this module warns where that comment reads as the
text's own end rather than as a remark: a '#' followed directly by a letter or a digit, as chat
channels (#brand-news), hashtags (#TeamLumen), colours (#3f51b5) and numbers (#1) are written. A
comment written as comments are, '# ' then words (`owner: community-manager  # a role`), is left alone.

Block texts (`|`, `>`) and quoted texts keep their '#'; numbers, dates and booleans are not texts.
"""
from __future__ import annotations

import re

from .diagnostics import WARNING, Diagnostic
from .yaml_source import Source, value_at
from .message import Message

CODE = "text-cut-by-comment"
_TEXT_LIKE = re.compile(r"#\w")  # '#' then a letter, a digit or '_': part of the text, not a remark
LOST_SHOWN = 30  # characters of the lost part named in the message
VALUE_SHOWN = 40  # characters of the text kept in the quoted form of the hint, before its middle is left out


def _shortened(text: str, limit: int, keep_end: int = 0) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - keep_end] + "…" + (text[-keep_end:] if keep_end else "")


def quoted(text: str) -> str:
    """`text` as a quoted YAML text: between double quotes, or single ones when it holds '"' or '\\'."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def warning(source: Source, path: tuple, line: int, column: int, lost: str) -> Diagnostic:
    """The warning at the '#' that ended the text at `path` of `source`."""
    value = value_at(source.data, path)
    kept = value if isinstance(value, str) else ""
    whole = _shortened(kept, VALUE_SHOWN, keep_end=12) + (" " if kept else "") + _shortened(lost, LOST_SHOWN)
    written = quoted(whole)
    if path and isinstance(path[-1], str):
        written = f"{path[-1]}: {written}"
    elif path:
        written = f"- {written}"
    return Diagnostic(CODE, Message("cut-text.the-text-stops-before-put", lost=_shortened(lost, LOST_SHOWN)),
                      source.display, line, column,
                      Message("cut-text.yaml-takes-and-what-follows", written=written), severity=WARNING)


def warnings(source: Source) -> list[Diagnostic]:
    """A warning at every text of `source` that a comment reading as text cut short, in the file's order."""
    return [warning(source, path, line, column, lost)
            for path, (line, column, lost) in sorted(source.cut.items(), key=lambda item: item[1][:2])
            if _TEXT_LIKE.match(lost)]
