"""playbook serve: build into a private folder and serve it, rebuilding when a source changes."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Callable

from .. import build as engine
from ..diagnostics import Diagnostic, PlaybookError
from ..load import CONFIG_FILE
from ..model.language import in_words
from . import build, check


def run(root: Path, host: str, port: int, report: Callable[[PlaybookError], None], language: str | None = None) -> None:
    """Serve the draft of the playbook of `root`, in `language` (by default the main one), on host:port until
    interrupted.

    A change that breaks the playbook is reported with `report` and the last good site stays served.
    """
    root = root.resolve()
    checked = check.run(root)  # the first build must succeed
    language = language or checked.playbook.config.language
    if language not in checked.languages:
        raise PlaybookError([Diagnostic("language", f"the site is not published in {in_words(language)}",
                                        CONFIG_FILE, hint=f"add '{language}' to translations in {CONFIG_FILE}")])
    workdir = Path(tempfile.mkdtemp(prefix="playbook-serve-"))
    site_dir = workdir / "site"

    def rebuild() -> None:
        try:
            fresh = check.run(root)
            staging = workdir / "next"
            shutil.rmtree(staging, ignore_errors=True)
            staging.mkdir()
            build.build_into(root, fresh, staging, language=language)
        except PlaybookError as exc:
            report(exc)
            return
        shutil.rmtree(site_dir, ignore_errors=True)
        staging.rename(site_dir)

    site_dir.mkdir()
    build.build_into(root, checked, site_dir, language=language)
    content = root / checked.playbook.config.content_dir
    watched = [root / CONFIG_FILE, content]
    if checked.playbook.config.theme_dir:
        watched.append(root / checked.playbook.config.theme_dir)
    try:
        engine.serve(site_dir, rebuild, watched, host, port)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
