"""playbook schema: export the JSON Schema of every content file, for editors."""
from __future__ import annotations

from pathlib import Path

from ..schema import FOLDER, write_schemas


def run(root: Path, out: Path | None = None) -> list[Path]:
    """Write the schemas into `out` (default: the playbook's `schemas/` folder)."""
    return write_schemas(out if out is not None else root.resolve() / FOLDER)
