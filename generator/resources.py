"""Where the files that ship with playbook are: the built-in theme, the example, the scaffolds.

In a source checkout (or an editable install) they sit beside the package; a wheel carries them
inside the package, under `_data`.
"""
from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    for candidate in (PACKAGE.parent / name, PACKAGE / "_data" / name):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"playbook is installed without its '{name}' files")


def theme_dir() -> Path:
    """The built-in theme: page templates, UI strings and Material overrides."""
    return _shipped("themes") / "default"


def example_dir() -> Path:
    """The folder holding the example playbook (site_config.yml and content/)."""
    return _shipped("content").parent


def scaffold_dir(language: str, minimal: bool = False) -> Path:
    """The starter playbook that 'playbook init' copies, in one language: the full one (every part of the charter),
    or the minimal one (the charter, its personal-use and comment policies, and their networks)."""
    return PACKAGE / "scaffolds" / ("minimal" if minimal else "") / language
