"""Migrations: releases approved under an older content format, brought up to today's before validation.

The models are the schema, and they change: a part becomes optional, a field is renamed, a new part of the
method arrives. An approved release never changes (its files are sealed), so a change of the models that would
refuse what an older release holds comes with a migration here: a function that takes the loaded raw data of a
release (its `Sources`: site_config.yml, the parts, the networks, the free pages, before validation) in format N
and changes it in place into format N+1. Positions stay keyed by path, so a problem left after a migration is
still named at its line in releases/X/.

Each manifest records the format it was approved under (`schema`); a manifest without it was approved under the
first one. A release whose format is older than today's goes through every migration from its own; one that
still does not validate is published as its approval page alone (`approval_only.py`).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from .load import Sources

FIRST = 1  # the format of every release approved before manifests recorded theirs
MANIFEST = "manifest.json"

# In order: MIGRATIONS[0] takes format 1 to 2, MIGRATIONS[1] format 2 to 3... Empty: the format is still the first.
MIGRATIONS: list[Callable[[Sources], None]] = []


def current() -> int:
    """Today's content format, which `playbook release` records in the manifest."""
    return FIRST + len(MIGRATIONS)


def schema_of(release: Path) -> int:
    """The format release folder `release` was approved under, from its manifest (checked by `verify`)."""
    try:
        schema = json.loads((release / MANIFEST).read_text(encoding="utf-8")).get("schema", FIRST)
    except (OSError, ValueError, AttributeError):
        return FIRST
    return schema if isinstance(schema, int) and not isinstance(schema, bool) and schema >= FIRST else FIRST


def migrate(sources: Sources, release: Path) -> Sources:
    """The loaded data of `release` brought to today's format, by the migrations from its own onwards."""
    for step in MIGRATIONS[schema_of(release) - FIRST:]:
        step(sources)
    return sources
