"""What a part of the charter adds to the templates' context: its figures and its lookups.

Each part may declare a `context` function (in the registry of parts) that takes the part's model and a
`Helpers` (the playbook, the strings, the id -> name lookup) and returns names for the templates. The
names stay those the built-in templates (and any theme's own copies of them) already use.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from .parts import PARTS


@dataclass(frozen=True)
class Helpers:
    """What a part's context may read besides its own model."""

    playbook: Any  # the whole Playbook: a page may cross parts (the KPIs name the objectives they measure)
    strings: dict
    name: Callable[[str, str], str]  # (kind, id) -> the name shown, or the restricted label


def contexts(helpers: Helpers) -> dict[str, Any]:
    """The names every part the playbook has adds to the templates' context, in registry order."""
    names: dict[str, Any] = {}
    for part in PARTS:
        model = helpers.playbook.parts[part.stem]
        if part.context is not None and model is not None:
            names.update(part.context(model, helpers))
    return names
