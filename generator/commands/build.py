"""playbook build: every release and the draft, rendered, built with MkDocs, then published in one swap.

A playbook without releases is built as one site. With releases, each version gets its own
folder (`1.0/`, `2.0/`, `draft/`), `latest/` holds the release in force, and `versions.json` feeds
Material's version selector. Frozen releases never change: their built folders are cached by
content hash and copied back on the next build.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Callable

from .. import build as engine
from .. import publish, releases, versions
from ..audience import TEAM, for_audience
from ..diagnostics import Diagnostic, PlaybookError
from ..load import CONFIG_FILE, load_yaml
from ..export import write_pdf
from ..ics import calendar_ics
from ..render import UNRELEASED, load_strings, render, write
from ..model import SiteConfig
from ..resources import PACKAGE, theme_dir
from ..validate import source_paths
from . import check, diff

CACHE = Path(".playbook") / "cache" / "releases"
# Reports progress: (message, detail); a detail is shown only with --verbose.
Progress = Callable[..., None]


@dataclass
class Built:
    output: Path
    pages: int
    warnings: list[Diagnostic]
    versions: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)  # releases copied from the cache


def output_dir(root: Path, config: SiteConfig, override: Path | None) -> Path:
    """Where the site goes: `--out` if given, else `output_dir` of site_config.yml (checked by validation)."""
    output = (override if override is not None else root / config.output_dir).resolve()
    reason = publish.refusal(output, root, source_paths(root, config))
    if reason:
        raise PlaybookError([Diagnostic("output-dir", reason, hint="choose another folder for --out, such as 'site'")])
    return output


def user_theme(root: Path, configured: str) -> Path | None:
    if not configured:
        return None
    folder = (root / configured).resolve()
    if not folder.is_dir():
        raise PlaybookError([Diagnostic("theme-dir", f"the theme folder '{configured}' does not exist",
                                        "site_config.yml", hint="create it, or remove theme_dir from site_config.yml")])
    return folder


def build_into(root: Path, checked: check.Checked, site_dir: Path, version: versions.VersionInfo = UNRELEASED,
               theme_root: Path | None = None, audience: str = TEAM) -> Built:
    """Render and build one version of a validated playbook, for an audience, into `site_dir` (an empty folder)."""
    config = checked.playbook.config
    theme = user_theme(theme_root or root, config.theme_dir)
    playbook = for_audience(checked.playbook, audience)
    site = render(playbook, theme, version)
    strings = load_strings(config.language, theme)
    with tempfile.TemporaryDirectory(prefix="playbook-src-") as work:
        config_file = write(site, Path(work))
        if playbook.calendar is not None:
            names = {n.id: n.name for n in playbook.networks}
            (Path(work) / "docs" / "calendar.ics").write_bytes(calendar_ics(
                playbook.calendar, config.organisation.name, lambda n: names.get(n, strings["label"]["restricted"]),
                lambda kind: strings["enum"]["calendar_type"].get(kind, kind)))
        if version.pdf:
            write_pdf(playbook, version, strings, Path(work) / "docs" / version.pdf)
        try:
            messages = engine.build_html(config_file, site_dir)
        except PlaybookError as exc:
            raise PlaybookError([_locate_setting(root, d) for d in exc.diagnostics]) from None
    warnings = checked.warnings + [Diagnostic("mkdocs", m, severity="warning") for m in messages]
    return Built(site_dir, len(site.pages), warnings)


def _locate_setting(root: Path, diagnostic: Diagnostic) -> Diagnostic:
    """Point an error of MkDocs about a setting at that setting in site_config.yml."""
    match = re.search(r"Config value '([\w.]+)'", diagnostic.message)
    if diagnostic.code != "mkdocs" or match is None:
        return diagnostic
    config = load_yaml(root / CONFIG_FILE, CONFIG_FILE)
    located = config.diagnostic(("mkdocs", *match.group(1).split(".")), diagnostic.code, diagnostic.message,
                                diagnostic.hint, key=True)
    return located if ("mkdocs", match.group(1).split(".")[0]) in config.key_marks else diagnostic


def _link_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or links not allowed: copy instead
        shutil.copy2(source, target)


def _link_tree(source: Path, target: Path) -> None:
    """Copy a built site by hard links: built files are never modified in place, only replaced."""
    shutil.copytree(source, target, copy_function=_link_copy)


def _tree_hash(*folders: Path) -> str:
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _engine_fingerprint(root: Path, theme_dir_name: str) -> str:
    """What, besides a release's own files, shapes its built pages: code, theme, MkDocs and Material."""
    folders = [PACKAGE, theme_dir()]
    theme = user_theme(root, theme_dir_name)
    if theme is not None:
        folders.append(theme)
    libraries = ",".join(f"{name}={metadata.version(name)}" for name in ("mkdocs", "mkdocs-material", "markdown",
                                                                          "pymdown-extensions", "reportlab"))
    return hashlib.sha256((_tree_hash(*folders) + libraries).encode()).hexdigest()


def _changes(root: Path, old: Path, new: check.Checked, audience: str) -> tuple[str, ...]:
    """What changed from the release in `old` to `new`, as `audience` may read it."""
    before = for_audience(check.run(old, root).playbook, audience)
    return tuple(diff.lines(before, for_audience(new.playbook, audience), root))


def _quiet(message: str, detail: bool = False) -> None:
    """The default progress reporter: says nothing."""


def _build_versions(root: Path, draft: check.Checked, known: list[releases.Release], staging: Path,
                    audience: str, log: Progress = _quiet) -> Built:
    fingerprint = _engine_fingerprint(root, draft.playbook.config.theme_dir)
    cache = root / CACHE
    infos: list[versions.VersionInfo] = []
    used: set[str] = set()
    warnings = list(draft.warnings)
    reused: list[str] = []
    pages = 0
    for index, release in enumerate(known):
        manifest = release.manifest
        state = "current" if index == len(known) - 1 else "outdated"
        key = audience + "-" + hashlib.sha256(f"{manifest.content_hash}\0{state}\0{fingerprint}".encode()).hexdigest()
        used.add(key)
        checked = None if (cache / key).is_dir() else check.run(release.folder, root)
        info = versions.VersionInfo(
            name=manifest.version, state=state, approved_by=manifest.approved_by, role=manifest.role,
            date=manifest.date.isoformat(), content_hash=manifest.content_hash, previous=manifest.previous or "",
            # the manifest's sentences may name restricted entries: recount them for staff
            changes=tuple(manifest.changes) if audience == TEAM or checked is None or index == 0
            else _changes(root, known[index - 1].folder, checked, audience),
            pdf=f"charter-{manifest.version}.pdf")
        infos.append(info)
        target = staging / manifest.version
        if checked is None:
            # copied, not linked: a published file edited in place must not change the cache
            shutil.copytree(cache / key, target)
            reused.append(manifest.version)
            log(f"[{index + 1}/{len(known) + 1}] release {manifest.version}: reused from the cache")
            continue
        # the theme of the working folder applies to every version, so that all look alike
        started = time.perf_counter()
        built = build_into(release.folder, checked, target, info, theme_root=root, audience=audience)
        log(f"[{index + 1}/{len(known) + 1}] release {manifest.version}: built ({built.pages} pages)")
        log(f"    {time.perf_counter() - started:.2f} s, cache key {key[:12]}", True)
        pages += built.pages
        cache.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=cache) as tmp:
            shutil.copytree(target, Path(tmp) / "site")
            (Path(tmp) / "site").rename(cache / key)
    for stale in (cache.iterdir() if cache.is_dir() else []):  # built by older code or for a former state
        if stale.name not in used and stale.name.startswith(f"{audience}-"):  # each audience keeps its own
            shutil.rmtree(stale, ignore_errors=True)
    latest = known[-1]
    draft_info = versions.VersionInfo(name=versions.DRAFT, state="draft", previous=latest.version,
                                      changes=_changes(root, latest.folder, draft, audience))
    infos.append(draft_info)
    started = time.perf_counter()
    built = build_into(root, draft, staging / versions.DRAFT, draft_info, audience=audience)
    log(f"[{len(known) + 1}/{len(known) + 1}] draft: built ({built.pages} pages)")
    log(f"    {time.perf_counter() - started:.2f} s", True)
    pages += built.pages
    warnings += built.warnings[len(draft.warnings):]
    _link_tree(staging / latest.version, staging / versions.LATEST)
    strings = load_strings(draft.playbook.config.language, user_theme(root, draft.playbook.config.theme_dir))
    versions.write_index(staging, infos, strings)
    return Built(staging, pages, warnings, [i.name for i in infos], reused)


def run(root: Path, out: Path | None = None, audience: str = TEAM, log: Progress = _quiet) -> Built:
    """Build the site and publish it; on any error the previously published site is left as it was."""
    root = root.resolve()
    draft = check.run(root)  # fail before touching the output folder
    for_audience(draft.playbook, audience)  # an unknown audience fails here too
    problems = releases.verify(root)
    if problems:
        raise PlaybookError(problems)
    known = releases.list_releases(root)
    output = output_dir(root, draft.playbook.config, out)
    publish.clean_leftovers(output)
    with publish.staging(output) as staging:
        log(f"building for the {audience} audience into {output}" if known else "building the site", True)
        built = (_build_versions(root, draft, known, staging, audience, log) if known
                 else build_into(root, draft, staging, audience=audience))
        publish.mark(staging)
        publish.swap_in(staging, output)
    built.output = output
    return built
