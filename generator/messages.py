"""Diagnostics in the playbook's language, translated where they are printed.

A message is a `Message` (message.py): a key and its parameters, rendered with the template of its key
in the language's catalog (`catalogs/en.yml`, `catalogs/fr.yml`). This module finds the language of a
playbook, and translates a diagnostic for the printer. No English text is matched: a text that is not a
Message is shown as it is (a file name, a value the user typed), and `translate` says that its catalog
did not cover it, which the tests use to make sure that every message is said by key.
"""
from __future__ import annotations

import argparse
import os
import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import replace
from pathlib import Path

from .diagnostics import Diagnostic, PlaybookError
from .files import read_bytes
from .message import Message, catalog_data, outside, render

LANGUAGES = ("fr", "en")
CATALOGS = Path(__file__).parent / "catalogs"
FORCE_VARIABLE = "PLAYBOOK_LANG"  # forces the language of messages, e.g. for a support request
_LANGUAGE_LINE = re.compile(r"""^language:[ \t]*(['"]?)(fr|en)\1[ \t]*(?:#.*)?$""", re.M)
_CONFIG_BYTES = 65536  # language: is near the top; a huge or broken file is not read further


def translate_text(text: str, language: str) -> tuple[str, bool]:
    """`text` in `language`, and whether its catalog covered it: a Message by its key; any other text is shown as it
    is, covered only when empty or in English."""
    if isinstance(text, Message):
        return render(text.key, text.params, language)
    return str(text), language == "en" or not text


def translate(diagnostic: Diagnostic, language: str) -> tuple[Diagnostic, bool]:
    """`diagnostic` with its message and hint in `language`, and whether both were covered by the catalog."""
    message, message_ok = translate_text(diagnostic.message, language)
    hint, hint_ok = translate_text(diagnostic.hint, language)
    return replace(diagnostic, message=message, hint=hint), message_ok and hint_ok


def tr(text: str, language: str) -> str:
    """`text` in `language` where the catalog has it, else as it is: for the lines the command line prints."""
    return translate_text(text, language)[0]


_USAGE_LANGUAGE: ContextVar[str] = ContextVar("usage_language", default="en")


@contextmanager
def argparse_language(language: str):
    """While the command line is read: argparse's own words ('the following arguments are required: %s') in
    `language`, by the exact lookup of its format strings in the catalog's `outside:` table (argparse asks each
    through gettext, whose name it holds as `argparse._`); and `said` in the same language."""
    table, original = outside(language), argparse._
    argparse._ = lambda text: table.get(text, original(text))
    token = _USAGE_LANGUAGE.set(language)
    try:
        yield
    finally:
        argparse._ = original
        _USAGE_LANGUAGE.reset(token)


def said(message: Message) -> str:
    """`message` in the language of the command line being read (for argparse's type errors, which keep only a
    text)."""
    return message.in_language(_USAGE_LANGUAGE.get())


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
