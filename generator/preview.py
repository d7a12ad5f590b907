"""The preview of `playbook serve`: the draft in one language, built into a private folder, and built
again after every change of a source, doing as little as it can.

The process stays warm (the engine, Material's templates and the playbook's theme are loaded once), and
the sources the engine reads are kept from one build to the next: after a change, the playbook is
checked and rendered again (a tenth of a second for the example), but only the files whose bytes
changed are rewritten. When only the Markdown of some pages changed, the engine builds only those pages
into a copy of the site served (the other pages, the theme's files and the search entries of the other
pages are kept); when the navigation, mkdocs.yml, the theme or an attached file changed, or the build
before failed, the whole site is built again. A change that changes nothing a reader sees (a comment, a
file saved as it was) builds nothing.

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

from . import build as engine
from . import project
from .diagnostics import Diagnostic, PlaybookError
from .load import CONFIG_FILE, load_yaml
from .model import SiteConfig
from .model.language import in_words
from .sources import locate_setting, sync, write_sources
from .message import Message

REBUILD = "serve-rebuild"  # the code of an unexpected failure of a build of the preview


class Preview:
    """The private folder of a preview, and the builds that fill it: `site/` is served, `src/` holds the
    sources of the site served."""

    def __init__(self, root: Path, language: str | None, report: Callable[[PlaybookError], None],
                 engine_name: str | None = None, warn: Callable[[list[Diagnostic]], None] = lambda warnings: None):
        self.root, self.language, self.report, self.warn = root, language, report, warn
        self.engine = engine_name  # None: the engine of site_config.yml, read at every build
        self.workdir = Path(tempfile.mkdtemp(prefix="playbook-serve-"))
        self.site_dir = self.workdir / "site"
        self.src = self.workdir / "src"
        self.watched = [root / CONFIG_FILE, root / "content"]
        self.whole = True  # the next build builds the whole site: the first one, or the one after a failure
        self.last = "none"  # what the last build did: "whole", "pages" (only some pages) or "none"

    def sources(self) -> list[Path]:
        """The paths whose changes rebuild the preview: site_config.yml, the content and theme folders."""
        return self.watched

    def first_build(self) -> None:
        """Build the site first served; anything that goes wrong stops `serve` with a message."""
        try:
            checked = self._check()
            self.language = self.language or checked.playbook.config.language
            chosen = self.engine or checked.playbook.config.engine
            engine.require(chosen)
            if self.language not in checked.languages:
                raise PlaybookError([Diagnostic(
                    "language", Message("language.the-site-is-not-published", language=in_words(self.language)),
                    CONFIG_FILE,
                    hint=Message("language.add-to-translations-in", language=self.language, file=CONFIG_FILE))])
            self._build(checked)
            self.warn(engine.gaps(chosen, load_yaml(self.root / CONFIG_FILE, CONFIG_FILE), [self.language]))
        except PlaybookError:
            raise
        except Exception as exc:  # a file that cannot be read or written, or a failure of MkDocs itself
            raise unexpected(exc, self.root, "built") from exc

    def rebuild(self) -> None:
        """Build the site again (as little of it as can be) and swap it in; report why it failed instead of
        raising."""
        try:
            self._build(self._check())
        except PlaybookError as exc:
            self._tell(exc)
        except Exception as exc:  # whatever it is, the server thread must live on and answer requests
            self._tell(unexpected(exc, self.root, "rebuilt"))

    def close(self) -> None:
        shutil.rmtree(self.workdir, ignore_errors=True)

    def _check(self) -> project.Checked:
        checked = project.check(self.root)
        # follow site_config.yml: it may name another content or theme folder
        self.watched = _sources(self.root, checked.playbook.config)
        return checked

    def _build(self, checked: project.Checked) -> None:
        whole, self.whole = self.whole, True  # until this build is served
        fresh = self.workdir / "fresh"
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir()
        written = write_sources(self.root, checked, fresh, language=self.language)
        changed = sync(fresh, self.src, engine.WORK_FILES)
        if not whole and not changed:
            self.whole, self.last = False, "none"
            return
        pages = not whole and all(rel.startswith("docs/") and rel.endswith(".md") and (self.src / rel).is_file()
                                  for rel in changed)
        staging = self.workdir / "next"
        shutil.rmtree(staging, ignore_errors=True)
        if pages:  # the times of the files are kept: the engine compares them with the times of the sources
            shutil.copytree(self.site_dir, staging, copy_function=shutil.copy2)
        else:
            staging.mkdir()
        try:
            engine.build_html(self.src / "mkdocs.yml", staging, written.user_theme, incremental=pages,
                              engine=self.engine or checked.playbook.config.engine)
        except PlaybookError as exc:
            raise PlaybookError([locate_setting(self.root, d) for d in exc.diagnostics]) from None
        written.print_pdf(staging)
        self._swap(staging)
        self.whole, self.last = False, "pages" if pages else "whole"

    def _swap(self, staging: Path) -> None:
        """Replace the served site by the staging one; the old one is put back if the swap fails half-way."""
        if not self.site_dir.exists():
            staging.rename(self.site_dir)
            return
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
        hint = Message("preview.the-file-may-have-been")
    else:
        reason = str(exc) or type(exc).__name__
        hint = Message("preview.check-the-last-change")
    hint = (Message("preview.tries-again-if-this-goes-on", hint=hint) if done == "rebuilt" else
            Message("preview.if-this-goes-on", hint=hint))
    said = Message("preview.could-not-be-rebuilt", reason=reason) if done == "rebuilt" else \
        Message("preview.could-not-be-built", reason=reason)
    error = PlaybookError([Diagnostic(REBUILD, said,
                                      file, hint=hint)])
    error.__cause__ = exc  # the details, for PLAYBOOK_DEBUG
    return error
