"""How diagnostics are shown: for a terminal (location, message, the source line with a caret, hint) and as
JSON for pipelines, in the playbook's language."""
from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Iterable

from .diagnostics import ERROR, WARNING, Diagnostic, PlaybookError
from .files import read_bytes
from .messages import tr, translate, word
from .message import Message


def _source_line(path: Path, line: int, cache: dict[Path, list[str] | None] | None = None) -> str | None:
    """Line `line` of `path`; `cache` keeps each file's lines, read once for all the diagnostics in it."""
    cache = {} if cache is None else cache
    if path not in cache:
        try:  # a regular file only: the file a message is about may be a pipe, which would never end
            cache[path] = read_bytes(path, str(path)).decode("utf-8-sig", errors="replace").splitlines()
        except PlaybookError:
            cache[path] = None
    lines = cache[path]
    if lines is not None and 1 <= line <= len(lines):
        return lines[line - 1].replace("\t", " ")
    return None


def format_text(diagnostic: Diagnostic, root: Path | None = None, color: bool = False,
                cache: dict[Path, list[str] | None] | None = None, language: str = "en") -> str:
    """Render one diagnostic for a terminal: location, message, the source line with a caret, hint.

    Pass the same `cache` to format many diagnostics: each file is then read once, not once per line shown.
    The message, the hint and the printer's words are in `language` (see messages.py)."""
    diagnostic = translate(diagnostic, language)[0]
    red, yellow, bold, dim, reset = ("\033[31m", "\033[33m", "\033[1m", "\033[2m", "\033[0m") if color else ("",) * 5
    tint = red if diagnostic.severity == ERROR else yellow
    severity = word(diagnostic.severity, language)
    out = [f"{bold}{diagnostic.where}{reset}: {tint}{severity}{reset}: {diagnostic.message}"]
    if diagnostic.file and diagnostic.line:
        source_path = Path(diagnostic.file)
        if root is not None and not source_path.is_absolute():
            source_path = root / source_path
        text = _source_line(source_path, diagnostic.line, cache)
        if text is not None:
            gutter = f"{diagnostic.line:>4} | "
            out.append(f"{dim}{gutter}{reset}{text}")
            caret_at = max(diagnostic.column - 1, 0)
            out.append(" " * len(gutter) + " " * caret_at + f"{tint}^{reset}")
    if diagnostic.hint:
        out.append(f"  {word('hint', language)}: {diagnostic.hint}")
    return "\n".join(out)


# Beyond this many, missing translations are counted per file in a terminal rather than shown one by one:
# a playbook whose translation has just begun would bury every other message under them.
MANY_TRANSLATIONS = 20


def format_warnings(warnings: list[Diagnostic], root: Path | None = None, every: bool = False,
                    language: str = "en") -> list[str]:
    """The warnings of a run for a terminal, in `language`; many missing translations become one line per file,
    unless `every`."""
    missing = [w for w in warnings if w.code == "missing-translation"]
    cache: dict[Path, list[str] | None] = {}
    if every or len(missing) <= MANY_TRANSLATIONS:
        return [format_text(w, root, cache=cache, language=language) for w in warnings]
    out = [format_text(w, root, cache=cache, language=language) for w in warnings if w.code != "missing-translation"]
    per_file: dict[str, list[Diagnostic]] = {}
    for warning in missing:
        per_file.setdefault(warning.file, []).append(warning)
    for file, found in per_file.items():
        first = found[0]
        out.append(f"{first.where}: {word(WARNING, language)}: "
                   + tr(Message("printer.texts-not-translated-yet", n=len(found)), language))
    out.append(f"  {word('hint', language)}: " + tr(Message("printer.missing-translations-in-all-playbook",
                                                            n=len(missing)), language))
    return out


def format_json(diagnostics: Iterable[Diagnostic], language: str = "en") -> str:
    """Render diagnostics as a JSON document for pipelines: `message` and `hint` in `language`, `code` (the stable
    key for a tool) and `severity` as they are."""
    return json.dumps({"diagnostics": [asdict(translate(d, language)[0]) for d in diagnostics]},
                      ensure_ascii=False, indent=2)
