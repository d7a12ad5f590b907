"""Build stage: the one place that calls MkDocs, to turn rendered Markdown into HTML.

Another engine that reads the same plain mkdocs.yml could be put behind `build_html` and `serve`.
"""
from __future__ import annotations

import contextlib
import io
import logging
from contextlib import redirect_stderr
from pathlib import Path
from typing import Callable

from .diagnostics import Diagnostic, PlaybookError


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        (self.errors if record.levelno >= logging.ERROR else self.messages).append(record.getMessage())


def build_html(config_file: Path, site_dir: Path) -> list[str]:
    """Run MkDocs on `config_file`, writing HTML into `site_dir`; returns MkDocs' warnings."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        with redirect_stderr(io.StringIO()):
            config = load_config(config_file=str(config_file), site_dir=str(site_dir))
            build(config)
    except MkDocsException as exc:
        # MkDocs logs the reason of a configuration error, then raises a bare "Aborted"
        reasons = handler.errors or [str(exc)]
        raise PlaybookError([Diagnostic("mkdocs", f"MkDocs refused a setting: {reason}",
                                        hint="check the 'mkdocs' settings in site_config.yml")
                             for reason in reasons]) from None
    finally:
        logger.removeHandler(handler)
    return handler.messages


def serve(site_dir: Path, rebuild: Callable[[], None], watched: list[Path],
          host: str, port: int) -> None:
    """Serve `site_dir` with live reload; `rebuild` runs when a watched path changes."""
    from mkdocs.livereload import LiveReloadServer

    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(site_dir))
    for path in watched:
        server.watch(str(path))
    try:
        with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C is how a reader stops the preview
            server.serve()
    finally:
        server.shutdown()
