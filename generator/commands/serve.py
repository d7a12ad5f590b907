"""playbook serve: build into a private folder and serve it, rebuilding when a source changes.

A rebuild never stops the preview: whatever goes wrong (a broken file, a file caught half-written, a
folder that `git checkout` is replacing) is reported, the last good site stays served, and the next
change of a source tries again.
"""
from __future__ import annotations

import contextlib
import shutil
import tempfile
from pathlib import Path
from typing import Callable

from .. import build as engine
from .. import builder, project
from ..diagnostics import Diagnostic, PlaybookError
from ..load import CONFIG_FILE
from ..model import SiteConfig
from ..model.language import in_words

REBUILD = "serve-rebuild"  # the code of an unexpected failure of a build of the preview


def run(root: Path, host: str, port: int, report: Callable[[PlaybookError], None], language: str | None = None,
        ready: Callable[[str], None] = lambda url: None) -> None:
    """Serve the draft of the playbook of `root`, in `language` (by default the main one), on host:port until
    interrupted; `ready` is told the address once the first build is served.

    The first build must succeed (its errors are raised). After that, a change that breaks the playbook
    is reported with `report` and the last good site stays served.
    """
    preview = _Preview(root.resolve(), language, report)
    try:
        engine.serve(preview.site_dir, preview.rebuild, preview.sources, host, port,
                     first_build=preview.first_build, ready=ready)
    finally:
        shutil.rmtree(preview.workdir, ignore_errors=True)


class _Preview:
    """The private folder of a preview, and the builds that fill it."""

    def __init__(self, root: Path, language: str | None, report: Callable[[PlaybookError], None]):
        self.root, self.language, self.report = root, language, report
        self.workdir = Path(tempfile.mkdtemp(prefix="playbook-serve-"))
        self.site_dir = self.workdir / "site"
        self.watched = [root / CONFIG_FILE, root / "content"]

    def sources(self) -> list[Path]:
        """The paths whose changes rebuild the preview: site_config.yml, the content and theme folders."""
        return self.watched

    def first_build(self) -> None:
        """Build the site first served; anything that goes wrong stops `serve` with a message."""
        try:
            checked = self._check()
            self.language = self.language or checked.playbook.config.language
            if self.language not in checked.languages:
                raise PlaybookError([Diagnostic(
                    "language", f"the site is not published in {in_words(self.language)}", CONFIG_FILE,
                    hint=f"add '{self.language}' to translations in {CONFIG_FILE}")])
            self.site_dir.mkdir()
            builder.build_into(self.root, checked, self.site_dir, language=self.language)
        except PlaybookError:
            raise
        except Exception as exc:  # a file that cannot be read or written, or a failure of MkDocs itself
            raise unexpected(exc, self.root, "built") from exc

    def rebuild(self) -> None:
        """Build the site again into a staging folder and swap it in; report why it failed instead of raising."""
        try:
            checked = self._check()
            staging = self.workdir / "next"
            shutil.rmtree(staging, ignore_errors=True)
            staging.mkdir()
            builder.build_into(self.root, checked, staging, language=self.language)
            self._swap(staging)
        except PlaybookError as exc:
            self._tell(exc)
        except Exception as exc:  # whatever it is, the server thread must live on and answer requests
            self._tell(unexpected(exc, self.root, "rebuilt"))

    def _check(self) -> project.Checked:
        checked = project.check(self.root)
        # follow site_config.yml: it may name another content or theme folder
        self.watched = _sources(self.root, checked.playbook.config)
        return checked

    def _swap(self, staging: Path) -> None:
        """Replace the served site by the staging one; the old one is put back if the swap fails half-way."""
        old = self.workdir / "old"
        shutil.rmtree(old, ignore_errors=True)
        self.site_dir.rename(old)
        try:
            staging.rename(self.site_dir)
        except OSError:
            old.rename(self.site_dir)
            raise
        shutil.rmtree(old, ignore_errors=True)

    def _tell(self, exc: PlaybookError) -> None:
        with contextlib.suppress(Exception):  # a report that cannot be written must not stop the preview either
            self.report(exc)


def _sources(root: Path, config: SiteConfig) -> list[Path]:
    paths = [root / CONFIG_FILE, root / config.content_dir]
    if config.theme_dir:
        paths.append(root / config.theme_dir)
    return paths


def unexpected(exc: Exception, root: Path, done: str) -> PlaybookError:
    """An error that is no PlaybookError, as a message: the file it names (if any), its reason and what to do.
    `done` is what could not be done to the preview: "built" (the first time) or "rebuilt"."""
    file = ""
    if isinstance(exc, OSError) and exc.filename:
        path = Path(str(exc.filename))
        file = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        reason = exc.strerror or type(exc).__name__
        hint = "the file may have been read while it was being written or moved: save it again"
    else:
        reason = str(exc) or type(exc).__name__
        hint = "check the last change"
    hint += ("; the preview tries again at the next change" if done == "rebuilt" else "") + (
        "; if this goes on, run with PLAYBOOK_DEBUG=1 to see the details, and report them")
    error = PlaybookError([Diagnostic(REBUILD, f"the preview could not be {done}: {reason}", file, hint=hint)])
    error.__cause__ = exc  # the details, for PLAYBOOK_DEBUG
    return error
