"""Build stage: the one place that calls MkDocs, to turn rendered Markdown into HTML.

Another engine that reads the same plain mkdocs.yml could be put behind `build_html` and `serve`.
"""
from __future__ import annotations

import contextlib
import io
import logging
from contextlib import redirect_stderr
from pathlib import Path
from typing import Any, Callable

import jinja2

from .diagnostics import Diagnostic, PlaybookError
from .theme import sandboxed, template_error


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        (self.errors if record.levelno >= logging.ERROR else self.messages).append(record.getMessage())


def _sandbox(theme: Any) -> None:
    """Run the theme's templates (Material's, with the user's overrides) in Jinja's sandbox."""
    make = theme.get_env
    theme.get_env = lambda: sandboxed(make())


def _override_error(exc: Exception, work: Path, user_theme: tuple[Path, str] | None) -> PlaybookError:
    """An error in a theme template, named by the file it came from: the user's theme folder, or the built-in one."""
    copied = (work / "overrides").resolve()

    def shown(path: Path) -> str:
        path = path.resolve()
        if not path.is_relative_to(copied):
            return str(path)
        rel = path.relative_to(copied).as_posix()
        if user_theme is not None and (user_theme[0] / "overrides" / rel).is_file():
            return f"{user_theme[1]}/overrides/{rel}"
        return f"themes/default/overrides/{rel}"
    return template_error(exc, None, shown=shown)


def build_html(config_file: Path, site_dir: Path, user_theme: tuple[Path, str] | None = None) -> list[str]:
    """Run MkDocs on `config_file`, writing HTML into `site_dir`; returns MkDocs' warnings.

    `user_theme` (its folder, and its name in site_config.yml) names the files of template errors."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        with redirect_stderr(io.StringIO()):
            config = load_config(config_file=str(config_file), site_dir=str(site_dir))
            _sandbox(config.theme)
            build(config)
    except (jinja2.TemplateError, RecursionError) as exc:  # Material's templates, or the overrides of a user's theme folder
        raise _override_error(exc, config_file.parent, user_theme) from None
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
