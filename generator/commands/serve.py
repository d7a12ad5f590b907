"""playbook serve: preview the draft in one language, rebuilt after every change of a source (see
generator/preview.py), until interrupted."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from .. import build as engine
from ..diagnostics import Diagnostic, PlaybookError
from ..preview import Preview


def run(root: Path, host: str, port: int, report: Callable[[PlaybookError], None], language: str | None = None,
        ready: Callable[[str], None] = lambda url: None, engine_name: str | None = None,
        warn: Callable[[list[Diagnostic]], None] = lambda warnings: None) -> None:
    """Serve the draft of the playbook of `root`, in `language` (by default the main one), on host:port until
    interrupted, built with `engine_name` (by default the engine of site_config.yml); `ready` is told the
    address once the first build is served, and `warn` what the chosen engine's site lacks.

    The first build must succeed (its errors are raised). After that, a change that breaks the playbook
    is reported with `report` and the last good site stays served.
    """
    preview = Preview(root.resolve(), language, report, engine_name, warn)
    try:
        engine.serve(preview.site_dir, preview.rebuild, preview.sources, host, port,
                     first_build=preview.first_build, ready=ready)
    finally:
        preview.close()
