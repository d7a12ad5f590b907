"""Diagnostics: what went wrong in the author's input, as data.

Every stage reports problems as `Diagnostic` values; a stage that cannot go on raises
`PlaybookError` carrying all of them. Only the command line turns them into text (with
generator/printer.py) and an exit code.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Iterable

from .message import Message

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

    def __reduce__(self):  # crosses a process boundary (a build job) with its diagnostics, not its text
        return (PlaybookError, (self.diagnostics,))


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
    return Message("hint.did-you-mean", word=matches[0]) if matches else ""
