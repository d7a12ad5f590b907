"""Diagnostics in the playbook's language, translated where they are printed.

A message is a `Message` (message.py): a key and its parameters, rendered with the template of its key
in the language's catalog (`catalogs/en.yml`, `catalogs/fr.yml`). This module finds the language of a
playbook, and translates a diagnostic for the printer.

The modules not yet written with keys still give English texts, as f-strings; for them, the list
`messages:` of a catalog pairs each English template with its translation, and a text is translated by
matching:

- an English template is compiled into an anchored regular expression, each `{name}` a non-greedy
  group, and the templates with the most fixed text are tried first, so that a specific one
  (`no audience has the id '{id}'`) wins over a general one (`no {kind:kind_de} has the id '{id}'`);
- a placeholder is copied as it is (`{name}`: an id, a file, a value the user typed), translated by
  the whole catalog (`{name:text}`: a fragment in English made by other code, such as `in 'x'` or
  a hint inside a hint), by it when it can be (`{name:maybe}`: the text of an outside library's
  error, left as it is otherwise), or looked up in a table of words (`{name:language}`);
- a message that no template matches is left in English, and `translate` says so, which the tests
  use to make sure that every message has its translation.

Once every module says its messages by key, the matching goes, and `messages:` with it.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from .diagnostics import Diagnostic, PlaybookError
from .files import read_bytes
from .message import Message, catalog_data, render

LANGUAGES = ("fr", "en")
CATALOGS = Path(__file__).parent / "catalogs"
FORCE_VARIABLE = "PLAYBOOK_LANG"  # forces the language of messages, e.g. for a support request
_PLACEHOLDER = re.compile(r"\{(\w+)(?::(\w+))?\}")
_LANGUAGE_LINE = re.compile(r"""^language:[ \t]*(['"]?)(fr|en)\1[ \t]*(?:#.*)?$""", re.M)
_CONFIG_BYTES = 65536  # language: is near the top; a huge or broken file is not read further


@dataclass(frozen=True)
class Entry:
    """One template of a catalog: the English text as a regular expression, and its translation."""

    english: str
    pattern: re.Pattern
    translated: str
    kinds: dict  # placeholder -> how its value is translated: '' (copied), 'text', 'maybe' or a table


@dataclass(frozen=True)
class Catalog:
    entries: tuple[Entry, ...]
    tables: dict  # name -> {English word: translation}
    words: dict  # the printer's own words: 'error', 'warning', 'hint'


def _compile(english: str) -> tuple[re.Pattern, dict]:
    """The anchored pattern of an English template, and the kind of each of its placeholders."""
    parts, kinds, at = [], {}, 0
    for match in _PLACEHOLDER.finditer(english):
        parts.append(re.escape(english[at:match.start()]))
        name, kind = match.group(1), match.group(2) or ""
        parts.append(f"(?P={name})" if name in kinds else f"(?P<{name}>.*?)")
        kinds[name] = kind
        at = match.end()
    parts.append(re.escape(english[at:]))
    return re.compile(r"\A" + "".join(parts) + r"\Z", re.S), kinds


def _fixed_length(english: str) -> int:
    return len(_PLACEHOLDER.sub("", english))


@lru_cache(maxsize=None)
def catalog(language: str) -> Catalog | None:
    """The catalog of `language`, read once; None for English, which needs none."""
    if language == "en" or language not in LANGUAGES:
        return None
    data = catalog_data(language)
    if not data:
        return None
    entries = []
    for item in data.get("messages") or ():
        pattern, kinds = _compile(item["en"])
        entries.append(Entry(item["en"], pattern, item[language], kinds))
    # stable: among templates with as much fixed text, the catalog's order decides
    entries.sort(key=lambda e: -_fixed_length(e.english))
    return Catalog(tuple(entries), data.get("tables", {}), data.get("words", {}))


def _value(value: str, kind: str, cat: Catalog, language: str) -> tuple[str, bool]:
    """A placeholder's value in `language`, and whether it is as translated as it must be."""
    if not kind:
        return value, True
    if kind in ("text", "maybe"):
        text, covered = translate_text(value, language)
        return text, covered or kind == "maybe"
    table = cat.tables.get(kind, {})
    return (table[value], True) if value in table else (value, False)


def translate_text(text: str, language: str) -> tuple[str, bool]:
    """`text` in `language`, and whether its catalog covered it entirely: a Message by its key, an English text
    (from code not yet written with Messages) by matching the English templates (English: always)."""
    if isinstance(text, Message):
        return render(text.key, text.params, language)
    return _matched(str(text), language)


@lru_cache(maxsize=8192)  # a translation just begun repeats the same warnings thousands of times
def _matched(text: str, language: str) -> tuple[str, bool]:
    cat = catalog(language)
    if cat is None or not text:
        return text, True
    partial = None
    for entry in cat.entries:
        match = entry.pattern.match(text)
        if match is None:
            continue
        values, covered = {}, True
        for name, kind in entry.kinds.items():
            values[name], ok = _value(match.group(name), kind, cat, language)
            covered = covered and ok
        result = _PLACEHOLDER.sub(lambda m: values[m.group(1)], entry.translated)
        if covered:
            return result, True
        partial = partial or result  # a more general template may still cover it all
    return (partial, False) if partial is not None else (text, False)


def template_of(text: str, language: str) -> str | None:
    """The English template of the catalog of `language` that `text` matches first, if any."""
    cat = catalog(language)
    return next((e.english for e in cat.entries if e.pattern.match(text)), None) if cat else None


def translate(diagnostic: Diagnostic, language: str) -> tuple[Diagnostic, bool]:
    """`diagnostic` with its message and hint in `language`, and whether both were covered by the catalog."""
    message, message_ok = translate_text(diagnostic.message, language)
    hint, hint_ok = translate_text(diagnostic.hint, language)
    return replace(diagnostic, message=message, hint=hint), message_ok and hint_ok


def tr(text: str, language: str) -> str:
    """`text` in `language` where the catalog has it, else as it is: for the lines the command line prints."""
    return translate_text(text, language)[0]


def word(name: str, language: str) -> str:
    """One of the printer's own words ('error', 'warning', 'hint') in `language`."""
    return (catalog_data(language).get("words") or {}).get(name, name)


def environment_language() -> str:
    """The language the environment asks for (LC_ALL, LC_MESSAGES, then LANG, as POSIX reads them), when it is one
    of the playbook's languages; else English."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            found = value[:2].lower()
            return found if found in LANGUAGES else "en"
    return "en"


def language_of(root: Path | None, default: str | None = None) -> str:
    """The language of messages for the playbook in `root`: PLAYBOOK_LANG if set, else `language:` of its
    site_config.yml (None: no playbook yet), else `default` (by default the environment's, see
    environment_language).

    The file is read as text, not as YAML: it may be the very file that is broken, or huge. A language
    written otherwise than on a line of its own (in a flow mapping, say) falls back to `default`."""
    forced = os.environ.get(FORCE_VARIABLE, "").strip().lower()
    if forced in LANGUAGES:
        return forced
    default = default or environment_language()
    if root is None:
        return default if default in LANGUAGES else "en"
    try:  # read as the loader reads: a pipe or a device in its place is never waited on
        head = read_bytes(root / "site_config.yml", "site_config.yml")[:_CONFIG_BYTES].decode("utf-8-sig",
                                                                                             errors="replace")
    except (OSError, PlaybookError):
        return default
    found = _LANGUAGE_LINE.search(head.replace("\r\n", "\n"))
    return found.group(2) if found else default
