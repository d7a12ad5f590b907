"""The sources of one version's site: what the engine reads to build it.

Rendering a validated playbook for an audience and a language gives its pages, the theme overrides and
mkdocs.yml; beside the pages go the files a reader downloads (the calendar, the release's sealed PDF). They are
written into a folder for the engine. The preview keeps that folder from one build to the next and
rewrites only the files whose bytes changed, so that the engine can tell which pages to build again.
"""
from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

from . import approval_only, project, versions
from .audience import TEAM, for_audience, site_for_audience
from .diagnostics import Diagnostic
from .load import CONFIG_FILE, load_yaml
from .model import Playbook
from .parts import PARTS, title_of
from .pdf import print_pdf
from .render import UNRELEASED, render, write
from .theme import frozen_theme, user_theme


@dataclass
class Sources:
    config_file: Path  # mkdocs.yml
    pages: int
    user_theme: tuple[Path, str] | None  # the theme folder applied, and its name in site_config.yml
    version: versions.VersionInfo  # as the pages show it (a draft proposed for approval: with its PDF's name)
    strings: dict  # the labels the pages are written with
    title: str  # the charter's title, in the pages' language
    language: str
    to_print: bool = False  # the version's PDF is to be printed from its built pages (sealed PDFs are copied)

    def print_pdf(self, site_dir: Path) -> None:
        """Print the version's PDF from its pages built into `site_dir`, when it has one to print."""
        if self.to_print:
            print_pdf(site_dir, self.version, self.strings, self.title, self.language, site_dir / self.version.pdf)


def write_sources(root: Path, checked: project.Checked, dest: Path, version: versions.VersionInfo = UNRELEASED,
                  frozen: bool = False, audience: str = TEAM, language: str | None = None,
                  alternates: list[dict] | None = None) -> Sources:
    """Render one version of a validated playbook, for an audience, in a language (by default the main one),
    and write its sources into `dest` (an empty folder).

    With `frozen`, `root` is a release: it is rendered with the theme frozen in it when it was approved, else
    with the built-in theme; the working folder's theme, which nobody approved for it, never applies."""
    config = checked.playbook.config
    theme = frozen_theme(root, config.theme_dir) if frozen else user_theme(root, config.theme_dir)
    playbook = for_audience(checked.in_language(language or config.language), audience)
    if not version.is_release and playbook.config.proposal is not None:  # the draft as the release it is meant to be
        proposal = playbook.config.proposal
        suffix = "" if playbook.lang == config.language else f"-{playbook.lang}"
        version = replace(version, proposed=proposal.version, proposed_approver=str(proposal.approver),
                          pdf=f"charter-{proposal.version}-proposal{suffix}.pdf")
    site = site_for_audience(render(playbook, theme, version, alternates), audience)
    strings = site.strings
    config_file = write(site, dest)
    docs = dest / "docs"
    for part in PARTS:  # the files a part adds beside the pages (calendar.ics)
        model = playbook.parts.get(part.stem)
        for name, data in (part.files(model, playbook, strings) if part.files and model is not None else {}).items():
            (docs / name).write_bytes(data)
    to_print = bool(version.pdf) and not _sealed_pdf(root if frozen else None, playbook, audience, version, docs)
    return Sources(config_file, len(site.pages), (theme, config.theme_dir) if theme else None, version, strings,
                   title_of(playbook), playbook.lang, to_print)


def _sealed_pdf(release: Path | None, playbook: Playbook, audience: str, version: versions.VersionInfo,
                docs: Path) -> bool:
    """A release's PDF beside its pages: the one sealed in its folder when it was approved (the team's, in its main
    language), byte for byte, if it has one. Else the PDF is printed from the built pages (builder.py), and an
    empty file holds its place meanwhile, so that the pages' links to it lead somewhere when they are built."""
    sealed = release / approval_only.pdf_name(version.name) if release is not None else None
    if sealed is not None and sealed.is_file() and audience == TEAM and playbook.lang == playbook.config.language:
        shutil.copyfile(sealed, docs / version.pdf)
        return True
    (docs / version.pdf).write_bytes(b"")
    return False


def locate_setting(root: Path, diagnostic: Diagnostic) -> Diagnostic:
    """Point an error of the engine about a setting at that setting in site_config.yml."""
    match = re.search(r"Config value '([\w.]+)'", diagnostic.message)
    if diagnostic.code != "mkdocs" or match is None:
        return diagnostic
    config = load_yaml(root / CONFIG_FILE, CONFIG_FILE)
    located = config.diagnostic(("mkdocs", *match.group(1).split(".")), diagnostic.code, diagnostic.message,
                                diagnostic.hint, key=True)
    return located if ("mkdocs", match.group(1).split(".")[0]) in config.key_marks else diagnostic


def sync(fresh: Path, kept: Path, engines: tuple[str, ...] = ()) -> set[str]:
    """Make the folder `kept` hold what the folder `fresh` holds, moving in only the files whose bytes differ
    (the others keep their time) and removing what `fresh` no longer has; `fresh` is used up. Returns the
    paths (relative, with '/') that were added, changed or removed. The names of `engines`, at the top of `kept`,
    are what the engine writes beside the sources (its cache): left alone."""
    changed = set()
    new = {path.relative_to(fresh).as_posix() for path in fresh.rglob("*") if path.is_file()}
    old = {path.relative_to(kept).as_posix() for path in kept.rglob("*") if path.is_file()
           and path.relative_to(kept).parts[0] not in engines} if kept.is_dir() else set()
    for rel in sorted(new):
        source, target = fresh / rel, kept / rel
        if rel in old and source.read_bytes() == target.read_bytes():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
        changed.add(rel)
    for rel in sorted(old - new):
        (kept / rel).unlink()
        changed.add(rel)
    shutil.rmtree(fresh, ignore_errors=True)
    return changed
