"""Zensical, the successor of Material for MkDocs by the same team, as the engine of a site: run on the same
generated mkdocs.yml, templates and overrides as MkDocs. Only generator/build.py calls it.

Zensical is a Rust program called from Python: it writes its progress and warnings straight to the process's
standard output and error, reads mkdocs.yml from the folder it builds in, and writes the site into that
folder's `site/` (it refuses a site folder outside the project), beside its cache (`.cache/`). So it builds
beside the sources, and the site is copied from there: the preview, which keeps its sources from one build
to the next, keeps that cache too, and Zensical builds again only what changed.
"""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Iterator

import yaml

from .diagnostics import Diagnostic, PlaybookError
from .message import Message

NAME = "zensical"
CONFIG = "zensical.yml"  # what Zensical reads: mkdocs.yml and its own settings
WORK_FILES = (CONFIG, ".cache", "site")  # beside the sources: its settings, its cache and the site it builds
ANSI = re.compile(r"\x1b\[[0-9;]*m")
WARNING = re.compile(r"^(?:Warning|Error):\s*(.+)$")
PLACE = re.compile(r"\[\s*(\S+:\d+:\d+)\s*\]")
TEMPLATE = re.compile(r"^(.*?)\s*\(in ([^()]+?):(\d+)\)\s*$", re.DOTALL)


def require() -> None:
    """A clear message, not a traceback, when Zensical is chosen but not installed."""
    try:
        import zensical  # noqa: F401
    except ImportError:
        raise PlaybookError([Diagnostic(
            "engine-missing", Message("engine-missing.the-site-is-to-be"),
            hint=Message("engine-missing.install-it-with-pip-install"))]) from None


def version() -> str:
    try:
        return metadata.version(NAME)
    except metadata.PackageNotFoundError:
        return ""


def build(config_file: Path, site_dir: Path, shown: Callable[[Path], str]) -> list[str]:
    """Run Zensical on `config_file` and put the site into `site_dir`; returns its warnings. `shown` names a
    template of the sources' overrides as the user knows it (the theme folder's, or the built-in one)."""
    require()
    import zensical

    work = config_file.parent
    classic = _classic(config_file)
    with _captured() as output:
        try:
            zensical.build(str(classic.resolve()), {"clean": False, "strict": False})
        except Exception as exc:  # a RuntimeError from Rust (a template), a ClickException from its settings
            raise _error(str(exc) or type(exc).__name__, work, shown) from None
        text = output()
    if site_dir.exists():  # the preview's copy of the site before: Zensical rebuilt what changed in its own
        shutil.rmtree(site_dir)
    shutil.copytree(work / "site", site_dir)
    return reported(text)


# What sites built by Zensical (the newest version the package index serves, 0.0.73) lack, that MkDocs with Material gives
# them: told by `check`, and by `build` and `serve`, whenever Zensical is chosen (see README, "Engines").
GAPS = (
    ("Zensical's search dialog speaks English only: its field, its buttons and its messages are not translated "
     "into the site's language",
     "the rest of the site is translated; build with MkDocs (engine: mkdocs) for a search in the site's language"),
)


def gaps(source: Any | None, languages: list[str]) -> list[Diagnostic]:
    """A warning for each of GAPS that a site in `languages` meets (all of them concern languages other than
    English): at `engine` in site_config.yml when `source` (the file read with positions) chose Zensical,
    without a place when --engine did."""
    if languages == ["en"]:
        return []
    if source is not None and isinstance(source.data, dict) and source.data.get("engine") == NAME:
        return [source.diagnostic(("engine",), "engine-gap", message, hint, severity="warning")
                for message, hint in GAPS]
    return [Diagnostic("engine-gap", message, hint=hint, severity="warning") for message, hint in GAPS]


def _classic(config_file: Path) -> Path:
    """mkdocs.yml with Zensical's classic look, Material's, written beside it (mkdocs.yml stays as rendered, which
    the preview compares with its next rendering): readers of a release find the site they know whichever engine
    built it, and the overrides' colours keep the contrast they were checked with."""
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config.setdefault("theme", {})["variant"] = "classic"
    classic = config_file.with_name(CONFIG)
    classic.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return classic


def reported(text: str) -> list[str]:
    """Zensical's warnings, one line each with the place it names: its report is drawn for a terminal."""
    found: list[str] = []
    for line in ANSI.sub("", text).splitlines():
        match = WARNING.match(line.strip())
        if match:
            found.append(match.group(1))
        elif found and (place := PLACE.search(line)) and "(" not in found[-1]:
            found[-1] += f" ({place.group(1)})"
    return found


def _error(reason: str, work: Path, shown: Callable[[Path], str]) -> PlaybookError:
    """Zensical's error as a message: a template's is named by the file the user can open."""
    match = TEMPLATE.match(reason)
    if match:
        message, name, line = match.groups()
        override = work / "overrides" / name
        where = shown(override) if override.is_file() else f"Zensical's template {name}"
        return PlaybookError([Diagnostic(
            "template", Message("template.the-template-failed-with-zensical", where=where, line=line, message=message),
            hint=Message("template.zensical-runs-templates-more-strictly"))])
    return PlaybookError([Diagnostic("zensical", Message("zensical.zensical-could-not-build-the", reason=reason),
                                     hint=Message("zensical.check-the-mkdocs-settings-in"))])


@contextlib.contextmanager
def _captured() -> Iterator[Callable[[], str]]:
    """What Zensical writes to the standard output and error (file descriptors 1 and 2, as Rust writes), kept
    from the terminal and given back as text."""
    with tempfile.TemporaryFile() as sink:
        sys.stdout.flush()
        sys.stderr.flush()
        saved = [os.dup(1), os.dup(2)]
        try:
            for fd in (1, 2):
                os.dup2(sink.fileno(), fd)
            yield lambda: (sink.seek(0), sink.read().decode("utf-8", "replace"))[1]
        finally:
            for fd, copy in zip((1, 2), saved):
                os.dup2(copy, fd)
                os.close(copy)
