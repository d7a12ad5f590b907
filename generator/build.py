"""Build stage: the one place that calls the engine, MkDocs (with Material) or Zensical, to turn rendered
Markdown into HTML.

Both read the same generated mkdocs.yml, templates and overrides: the choice (`engine` in site_config.yml,
or --engine) changes only which of them runs here. The preview's server is MkDocs' in both cases: it only
serves a folder and rebuilds it through `build_html`.
"""
from __future__ import annotations

import contextlib
import errno
import io
import json
import logging
import os
import socket
from contextlib import redirect_stderr
from pathlib import Path
from typing import Any, Callable, Iterator

import jinja2

from . import audit, page_clock, search, zensical_engine
from .diagnostics import Diagnostic, PlaybookError
from .theme import sandboxed, template_error
from .message import Message


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


def _in_templates(exc: BaseException) -> bool:
    """Whether an error happened while a template ran (Jinja puts template frames under the template's file)."""
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith((".html", ".j2", ".xml")):
            return True
        tb = tb.tb_next
    return False


def _override_error(exc: Exception, work: Path, user_theme: tuple[Path, str] | None) -> PlaybookError:
    """An error in a theme template, named by the file it came from: the user's theme folder, or the built-in one."""
    return template_error(exc, None, shown=_shown(work, user_theme))


def _shown(work: Path, user_theme: tuple[Path, str] | None) -> Callable[[Path], str]:
    """How a file of the overrides copied into the sources in `work` is named to the user."""
    copied = (work / "overrides").resolve()

    def shown(path: Path) -> str:
        path = path.resolve()
        if not path.is_relative_to(copied):
            return str(path)
        rel = path.relative_to(copied).as_posix()
        if user_theme is not None and (user_theme[0] / "overrides" / rel).is_file():
            return f"{user_theme[1]}/overrides/{rel}"
        return f"themes/default/overrides/{rel}"
    return shown


MKDOCS, ZENSICAL = "mkdocs", "zensical"
ENGINES = (MKDOCS, ZENSICAL)  # the first is the default
# the libraries whose versions shape the pages each engine builds (the cache key of releases includes them)
LIBRARIES = {MKDOCS: ("mkdocs", "mkdocs-material", "snowballstemmer"), ZENSICAL: ("zensical",)}  # search.py
WORK_FILES = zensical_engine.WORK_FILES  # what an engine writes beside the sources it reads (MkDocs: nothing)


def require(engine: str) -> None:
    """Fail with what to install when `engine` cannot run here (Zensical is an optional dependency)."""
    if engine == ZENSICAL:
        zensical_engine.require()


def gaps(engine: str, config: Any | None, languages: list[str]) -> list[Diagnostic]:
    """What a site in `languages` built with `engine` lacks, as warnings; at `engine` in site_config.yml (`config`,
    read with positions) when it chose that engine there (see zensical_engine.GAPS)."""
    return zensical_engine.gaps(config, languages) if engine == ZENSICAL else []


def build_html(config_file: Path, site_dir: Path, user_theme: tuple[Path, str] | None = None,
               incremental: bool = False, engine: str = MKDOCS) -> list[str]:
    """Run `engine` on `config_file`, writing HTML into `site_dir`, then check the pages and add their security
    policy; returns the engine's warnings. Zensical's own cache, kept beside `config_file`, stands for
    `incremental` (see zensical_engine)."""
    if engine == ZENSICAL:
        messages = zensical_engine.build(config_file, site_dir, _shown(config_file.parent, user_theme))
    else:
        messages = _mkdocs(config_file, site_dir, user_theme, incremental)
    outside = audit.outside_requests(site_dir)
    if outside:
        raise PlaybookError([Diagnostic(
            "outside-request", Message("outside-request.the-built-page-would-load", page=page, url=url),
            hint=Message("outside-request.the-site-makes-no-request"))
            for page, url in outside])
    audit.add_policy(site_dir)
    return messages


def _mkdocs(config_file: Path, site_dir: Path, user_theme: tuple[Path, str] | None = None,
            incremental: bool = False) -> list[str]:
    """Run MkDocs on `config_file`, writing HTML into `site_dir`; returns MkDocs' warnings.

    `user_theme` (its folder, and its name in site_config.yml) names the files of template errors.
    With `incremental`, `site_dir` holds the site built before from the same mkdocs.yml and theme, with the
    times of its files kept: only the pages whose Markdown is newer than their HTML are built again (MkDocs'
    "dirty" build), and the search index keeps the entries of the other pages. The preview uses it; it is
    right only when nothing but the Markdown of pages changed (the navigation is in mkdocs.yml)."""
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
            page_clock.install(config)
            previous = _search_index(site_dir) if incremental else None
            build(config, dirty=incremental)
            if previous is not None:
                _merge_search_index(site_dir, previous)
            search.enrich(site_dir, config["extra"])
    except RecursionError as exc:
        if not _in_templates(exc):  # Markdown itself, on a text nested past Python's limit: the build finds which
            raise PlaybookError([too_deep(page_clock.current())]) from None
        raise _override_error(exc, config_file.parent, user_theme) from None
    except jinja2.TemplateError as exc:  # Material's templates, or the overrides of a user's theme folder
        raise _override_error(exc, config_file.parent, user_theme) from None
    except MkDocsException as exc:
        # MkDocs logs the reason of a configuration error, then raises a bare "Aborted"
        reasons = handler.errors or [str(exc)]
        raise PlaybookError([Diagnostic("mkdocs", Message("mkdocs.mkdocs-refused-a-setting", reason=reason),
                                        hint=Message("mkdocs.check-the-mkdocs-settings-in"))
                             for reason in reasons]) from None
    finally:
        logger.removeHandler(handler)
    return [message for message in handler.messages if not message.startswith(DIRTY)]


def too_deep(page: str) -> Diagnostic:
    """A page whose Markdown nests past Python's limit; the build then looks for the text (slow_text.locate)."""
    return Diagnostic("markdown-too-deep", Message("markdown-too-deep.the-markdown-of-the-page", page=page or '?'),
                      hint=Message("markdown-too-deep.look-for-a-text-nested"))


DIRTY = "A 'dirty' build"  # MkDocs' warning at every incremental build, which the preview does on purpose
SEARCH_INDEX = search.INDEX


def _search_index(site_dir: Path) -> dict | None:
    try:
        return json.loads((site_dir / SEARCH_INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _merge_search_index(site_dir: Path, previous: dict) -> None:
    """After an incremental build, the search plugin has indexed only the pages it built: put back the entries
    of the other pages from the index before, each page's entries where they were."""
    fresh = _search_index(site_dir)
    if fresh is None:
        return
    def page(doc: dict) -> str:
        return str(doc.get("location", "")).partition("#")[0]
    rebuilt: dict[str, list[dict]] = {}
    for doc in fresh.get("docs", []):
        rebuilt.setdefault(page(doc), []).append(doc)
    built, docs = set(rebuilt), []
    for doc in previous.get("docs", []):
        # an old entry of a page built again gives way to its new entries, all put where its first one stood
        docs += [doc] if page(doc) not in built else rebuilt.pop(page(doc), [])
    fresh["docs"] = docs + [doc for entries in rebuilt.values() for doc in entries]
    search.write_index(site_dir, fresh)  # with the offline plugin's copy, read from a folder (file://)


def serve(site_dir: Path, rebuild: Callable[[], None], watched: Callable[[], list[Path]], host: str, port: int,
          first_build: Callable[[], None] = lambda: None, ready: Callable[[str], None] = lambda url: None) -> None:
    """Serve `site_dir` with live reload on host:port until interrupted.

    The address is taken first, so that a port in use is reported before anything is built; then
    `first_build` runs, `ready` is told the address, and `rebuild` runs whenever a file under one of the
    paths `watched()` returns (asked again on every poll) is added, changed or removed. `rebuild` must
    not raise: MkDocs' server would leave every request waiting for a site that never comes.
    """
    from watchdog.observers.polling import PollingObserverVFS

    server = _server(rebuild, host, port, site_dir)
    try:
        first_build()
        # The sources are watched from a folder above them all, listed down to them only: a watch set on
        # a folder itself dies with that folder, and `git checkout` or `git stash` replace whole folders.
        server.observer = PollingObserverVFS(os.stat, _only(watched), polling_interval=0.2)
        server.watch(os.path.commonpath([str(path) for path in watched()]))
        ready(server.url)
        with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C is how a reader stops the preview
            server.serve()
    finally:
        server.shutdown()


ADDRESS = "serve-address"  # the code of the diagnostics of an address the preview cannot listen on


def _server(rebuild: Callable[[], None], host: str, port: int, site_dir: Path) -> Any:
    """MkDocs' live-reload server, already listening on host:port (or a PlaybookError saying why it cannot)."""
    from mkdocs.livereload import LiveReloadServer

    class Server(LiveReloadServer):
        """Listens as soon as it is made: `serve` must not bind a second time."""

        def server_bind(self) -> None:
            if not getattr(self, "bound", False):
                super().server_bind()
                self.bound = True

        def server_activate(self) -> None:
            if not getattr(self, "active", False):
                super().server_activate()
                self.active = True

    server = Server(builder=rebuild, host=host, port=port, root=str(site_dir))
    try:
        server.server_bind()
        server.server_activate()
    except (OSError, OverflowError) as exc:
        server.server_close()
        raise _address_error(exc, host, port) from None
    return server


def _address_error(exc: Exception, host: str, port: int) -> PlaybookError:
    """Why the preview cannot listen on host:port, and what to do instead."""
    code = getattr(exc, "errno", None)
    if isinstance(exc, socket.gaierror):
        message = Message("build.the-host-name-is-not", host=host)
        hint = Message("build.use-host-127-0-0")
    elif code == errno.EADDRINUSE:
        message = Message("build.port-is-already-in-use", port=port, host=host)
        hint = Message("build.for-instance-playbook-serve-port", port=port + 1 if port < 65535 else 8000)
    elif code == errno.EACCES and port < 1024:
        message = Message("build.port-on-is-reserved-to", port=port, host=host)
        hint = Message("build.choose-a-port-from-1024")
    elif code == errno.EACCES:
        message = Message("build.this-computer-does-not-allow", port=port, host=host)
        hint = Message("build.choose-another-port-with-port")
    elif code == errno.EADDRNOTAVAIL:
        message = Message("build.is-not-an-address-of", host=host)
        hint = Message("build.use-host-127-0-0-2")
    else:
        reason = getattr(exc, "strerror", None) or str(exc)
        message = Message("build.the-preview-cannot-listen-on", host=host, port=port, reason=reason)
        hint = Message("build.choose-another-address-with-host")
    return PlaybookError([Diagnostic(ADDRESS, message, hint=hint)])


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _only(watched: Callable[[], list[Path]]) -> Callable[[str], Iterator[os.DirEntry]]:
    """A folder listing for the watcher: in the folders above the watched paths, only the entries that are
    or lead to one of them (so that the output folder, .git or a virtual environment are never walked)."""
    def listdir(folder: str) -> Iterator[os.DirEntry]:
        paths = [os.path.abspath(path) for path in watched()]
        with os.scandir(folder) as found:
            entries = list(found)
        if any(_inside(folder, path) for path in paths):
            return iter(entries)
        return iter([entry for entry in entries if any(_inside(path, entry.path) for path in paths)])
    return listdir
