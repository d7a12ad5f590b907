"""Diagnostics: what went wrong in the author's input, as data, and how to show it.

Every stage reports problems as `Diagnostic` values; a stage that cannot go on raises
`PlaybookError` carrying all of them. Only the command line turns them into text and an exit code.
"""
from __future__ import annotations

import difflib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    """One problem, located in a source file (line and column are 1-based; 0 means unknown)."""

    code: str
    message: str
    file: str = ""
    line: int = 0
    column: int = 0
    hint: str = ""
    severity: str = ERROR

    @property
    def where(self) -> str:
        if not self.file:
            return "playbook"
        if not self.line:
            return self.file
        return f"{self.file}:{self.line}:{self.column}"


class PlaybookError(Exception):
    """Raised when a stage cannot go on; carries every diagnostic found so far."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = list(diagnostics)
        super().__init__("; ".join(f"{d.where}: {d.message}" for d in self.diagnostics))


@dataclass
class Report:
    """Collects diagnostics during a stage, so that all of them are shown at once."""

    items: list[Diagnostic] = field(default_factory=list)
    # Beside the list, for a de-duplication in constant time: a translation just begun gives tens of
    # thousands of warnings, which a search of the list would compare with each other.
    _seen: set[Diagnostic] = field(default_factory=set, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        unique = list(dict.fromkeys(self.items))  # the first of each, in order
        self.items[:] = unique
        self._seen.update(unique)

    def add(self, diagnostic: Diagnostic) -> None:
        if diagnostic not in self._seen:
            self._seen.add(diagnostic)
            self.items.append(diagnostic)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        for d in diagnostics:
            self.add(d)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == WARNING]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise PlaybookError(self.items)


def did_you_mean(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str:
    """A hint naming the closest candidate, or an empty string when none is close."""
    matches = difflib.get_close_matches(str(word), [str(c) for c in candidates], n=1, cutoff=cutoff)
    return f"did you mean '{matches[0]}'?" if matches else ""


def _source_line(path: Path, line: int, cache: dict[Path, list[str] | None] | None = None) -> str | None:
    """Line `line` of `path`; `cache` keeps each file's lines, read once for all the diagnostics in it."""
    cache = {} if cache is None else cache
    if path not in cache:
        try:
            cache[path] = path.read_text(encoding="utf-8-sig", errors="replace").splitlines()
        except OSError:
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
    from .messages import translate, word  # here: messages reads its catalog with the loader, which needs this module

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
    from .messages import tr, word

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
                   + tr(f"{len(found)} text(s) of this file are not translated yet, the first here", language))
    out.append(f"  {word('hint', language)}: " + tr(f"{len(missing)} missing translations in all; 'playbook check -v' "
                                                    "shows each one with its line, and 'playbook check --format json' "
                                                    "lists them for a tool", language))
    return out


def format_json(diagnostics: Iterable[Diagnostic], language: str = "en") -> str:
    """Render diagnostics as a JSON document for pipelines: `message` and `hint` in `language`, `code` (the stable
    key for a tool) and `severity` as they are."""
    from .messages import translate

    return json.dumps({"diagnostics": [asdict(translate(d, language)[0]) for d in diagnostics]},
                      ensure_ascii=False, indent=2)
