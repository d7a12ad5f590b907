"""Building a site: every release and the draft, in every language, rendered and built with MkDocs into one
folder, which the build command then publishes in one swap.

A playbook without releases is built as one site. With releases, each version gets its own
folder (`1.0/`, `2.0/`, `draft/`), `latest/` holds the release in force, and `versions.json` feeds
Material's version selector. Frozen releases never change: their built folders are cached by
content hash and copied back on the next build.
"""
from __future__ import annotations

import hashlib
import os
import posixpath
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Callable

from . import build as engine
from . import cache, changelog, project, publish, releases, versions
from .audience import TEAM, for_audience
from .diagnostics import Diagnostic, PlaybookError
from .load import CONFIG_FILE, load_yaml
from .export import write_pdf
from .ics import calendar_ics
from .render import UNRELEASED, load_strings, render, write
from .model import SiteConfig
from .model.language import LANGUAGE_NAMES
from .resources import PACKAGE, theme_dir
from .theme import frozen_theme, user_theme
from .validate import source_paths

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
    try:
        output = (override if override is not None else root / config.output_dir).resolve()
        reason = publish.refusal(output, root, source_paths(root, config))
    except (OSError, ValueError) as exc:  # a name the system refuses (too long, a NUL...), a folder it cannot read
        reason = f"the output folder cannot be used: {getattr(exc, 'strerror', None) or exc}"
    if reason:
        raise PlaybookError([Diagnostic("output-dir", reason, hint="choose another folder for --out, such as 'site'")])
    return output


def build_into(root: Path, checked: project.Checked, site_dir: Path, version: versions.VersionInfo = UNRELEASED,
               frozen: bool = False, audience: str = TEAM, language: str | None = None,
               alternates: list[dict] | None = None) -> Built:
    """Render and build one version of a validated playbook, for an audience, in a language (by default the
    main one), into `site_dir` (an empty folder).

    With `frozen`, `root` is a release: it is built with the theme frozen in it when it was approved, else
    with the built-in theme; the working folder's theme, which nobody approved for it, never applies."""
    config = checked.playbook.config
    theme = frozen_theme(root, config.theme_dir) if frozen else user_theme(root, config.theme_dir)
    playbook = for_audience(checked.in_language(language or config.language), audience)
    site = render(playbook, theme, version, alternates)
    strings = load_strings(playbook.lang, theme)
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
            messages = engine.build_html(config_file, site_dir, (theme, config.theme_dir) if theme else None)
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


def _engine_fingerprint() -> str:
    """What, besides a release's own files, shapes its built pages: code, built-in theme, MkDocs and Material.

    A release's own theme is among its files, which its content hash covers; the working folder's theme
    shapes no release, so that editing it rebuilds the draft only."""
    folders = [PACKAGE, theme_dir()]
    libraries = ",".join(f"{name}={metadata.version(name)}" for name in ("mkdocs", "mkdocs-material", "markdown",
                                                                          "pymdown-extensions", "reportlab"))
    return hashlib.sha256((_tree_hash(*folders) + libraries).encode()).hexdigest()


def _changes(root: Path, old: Path, new: project.Checked, audience: str, language: str,
             release: Path | None = None) -> tuple[str, ...]:
    """What changed from the release in `old` to `new` (the draft, or the release in `release`), as `audience`
    may read it, in `language`: in the main language, the changes made to translations only too.

    A release's changes are told with its own theme's labels: `release` is where diff looks for them."""
    before = project.check(old, root)
    labels = release or root
    if language == new.playbook.config.language:
        return tuple(changelog.all_lines(before, new, labels, audience))
    return tuple(changelog.lines(for_audience(before.in_language(language), audience),
                            for_audience(new.in_language(language), audience), labels))


def _site_root(plan: "_Plan", language: str, version: str | None) -> str:
    """Where one version of one language is, from the root of the whole site: the main language at the root
    (so that adding a translation moves no address), each other one in a folder of its own."""
    parts = ([] if language == plan.main else [language]) + ([version] if version else [])
    return posixpath.join(*parts) if parts else "."


def _alternates(plan: "_Plan", language: str, version: str | None) -> list[dict]:
    """Material's language switcher for one version in one language: where each language's site is, from the
    root of this one, and whether the same page is there (same version) or only its home page."""
    if len(plan.languages) < 2:
        return []
    here = _site_root(plan, language, version)
    alternates = []
    for other in plan.languages:
        entry = {"name": LANGUAGE_NAMES[other], "lang": other, "link": "", "same_page": True}
        if other != language:
            names = {r.version for r in plan.published[other]} | ({versions.DRAFT} if other in plan.drafted else set())
            target = version
            if plan.current is not None and version == plan.current.version and plan.current in plan.published[other]:
                target = versions.LATEST  # the release in force, as latest/: a reader who switches stays up to date
            elif version is not None and version not in names:  # this version was not published in that language
                entry["same_page"] = False
                target = plan.home(other)
            entry["link"] = posixpath.relpath(_site_root(plan, other, target), here) + "/"
        alternates.append(entry)
    return alternates


def quiet(message: str, detail: bool = False) -> None:
    """The default progress reporter: says nothing."""


@dataclass
class _Plan:
    """What one build publishes: the languages, and the releases published in each."""

    languages: list[str]  # the main one first
    published: dict[str, list[releases.Release]]
    current: releases.Release | None  # the release in force, whatever its languages
    drafted: list[str] = field(default_factory=list)  # the languages of the draft; a release may have others
    # the pages of the release in force, per language, once built: where a banner's link to it may lead
    in_force_pages: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def main(self) -> str:
        return self.languages[0]

    @property
    def steps(self) -> int:
        return sum(len(found) + (language in self.drafted) for language, found in self.published.items())

    def home(self, language: str) -> str:
        """The version a reader of `language` is sent to: the release in force, else the draft, else the newest."""
        if self.current in self.published[language]:
            return versions.LATEST
        return versions.DRAFT if language in self.drafted else self.published[language][-1].version


def _build_release(root: Path, release: releases.Release, checked: project.Checked, target: Path,
                   info: versions.VersionInfo, audience: str, language: str, alternates: list[dict], key: str,
                   log: Progress, step: str) -> int:
    """Build one release into `target` and keep a copy in the cache under `key`; returns its number of pages."""
    # built with the theme it was approved with, which is sealed with it: today's theme could make an approved
    # page say anything, the name of its approver included
    started = time.perf_counter()
    built = build_into(release.folder, checked, target, info, frozen=True, audience=audience,
                       language=language, alternates=alternates)
    log(f"{step}release {release.version}: built ({built.pages} pages)")
    log(f"    {time.perf_counter() - started:.2f} s, cache key {key[:12]}", True)
    cache.store(root, key, target)
    return built.pages


def _release_changes(root: Path, release: releases.Release, previous: releases.Release | None,
                     checked: project.Checked | None, audience: str, language: str, as_sealed: bool) -> tuple[str, ...]:
    """What a release's pages say changed: the sealed lines where they apply as they are, else compared anew.

    The sealed lines are the team's wording: another audience never gets them, even where nothing is rendered
    from them (a release reused from the cache, or the first one in its language)."""
    if as_sealed:
        return tuple(release.manifest.changes)
    if checked is None or previous is None:
        return tuple(release.manifest.changes) if audience == TEAM else ()
    return _changes(root, previous.folder, checked, audience, language, release.folder)


def _build_versions(root: Path, draft: project.Checked, plan: _Plan, language: str, staging: Path,
                    audience: str, log: Progress, done: int, used: set[str]) -> Built:
    """Every release published in `language`, the draft, `latest/` and versions.json, into `staging`."""
    fingerprint = _engine_fingerprint()
    known = plan.published[language]
    prefix = f"{language}: " if len(plan.languages) > 1 else ""
    warnings: list[Diagnostic] = []
    reused: list[str] = []
    pages = 0
    in_force_here = plan.current in known
    # where the banner's "see the version in force" leads, from this language's folder: its own latest/, else
    # the main language's, when this language has no release in force
    latest = versions.LATEST if in_force_here else (
        posixpath.relpath(_site_root(plan, plan.main, versions.LATEST), _site_root(plan, language, None))
        if plan.current in plan.published[plan.main] else "")
    by_index: dict[int, versions.VersionInfo] = {}
    # the release in force first: the banners of the others link to its pages, and only to those it has
    order = sorted(range(len(known)), key=lambda i: known[i] is not plan.current)
    for step, index in enumerate(order):
        release = known[index]
        manifest = release.manifest
        state = "current" if release is plan.current else "outdated"
        alternates = _alternates(plan, language, manifest.version)
        in_force = plan.in_force_pages.get(language if in_force_here else plan.main, ())
        key = f"{audience}-{language}-" + hashlib.sha256(
            f"{manifest.content_hash}\0{state}\0{latest}\0{fingerprint}\0{alternates}\0{in_force}".encode()).hexdigest()
        used.add(key)
        target = staging / manifest.version
        checked = None if cache.restore(root, key, target) else project.check(release.folder, root)
        previous = known[index - 1] if index else None
        # the manifest's sentences are in the release's main language, for the team, since the release before
        as_sealed = (audience == TEAM and language == release.languages[0]
                     and (previous.version if previous else None) == manifest.previous)
        info = versions.VersionInfo(
            name=manifest.version, state=state, approved_by=manifest.approved_by, role=manifest.role,
            date=manifest.date.isoformat(), content_hash=manifest.content_hash,
            previous=previous.version if previous else "", chained_to=manifest.previous or "",
            changes=_release_changes(root, release, previous, checked, audience, language, as_sealed),
            pdf=f"charter-{manifest.version}" + ("" if language == plan.main else f"-{language}") + ".pdf",
            latest=latest, in_force_pages=in_force)
        by_index[index] = info
        if checked is None:
            reused.append(prefix + manifest.version)
            log(f"[{done + step + 1}/{plan.steps}] {prefix}release {manifest.version}: reused from the cache")
        else:
            pages += _build_release(root, release, checked, target, info, audience, language, alternates, key,
                                    log, f"[{done + step + 1}/{plan.steps}] {prefix}")
        if state == "current":
            plan.in_force_pages[language] = tuple(sorted(p.relative_to(target).as_posix()
                                                         for p in target.rglob("*.html")))
    infos: list[versions.VersionInfo] = [by_index[i] for i in range(len(known))]
    reused = [prefix + r.version for r in known if prefix + r.version in reused]  # oldest first, as versions are
    if language in plan.drafted:  # else only its approved releases stay published
        last = known[-1] if known else None
        draft_info = versions.VersionInfo(
            name=versions.DRAFT, state="draft", previous=last.version if last else "", latest=latest,
            changes=_changes(root, last.folder, draft, audience, language) if last else (),
            in_force_pages=plan.in_force_pages.get(language if in_force_here else plan.main, ()))
        infos.append(draft_info)
        started = time.perf_counter()
        built = build_into(root, draft, staging / versions.DRAFT, draft_info, audience=audience, language=language,
                           alternates=_alternates(plan, language, versions.DRAFT))
        log(f"[{done + len(known) + 1}/{plan.steps}] {prefix}draft: built ({built.pages} pages)")
        log(f"    {time.perf_counter() - started:.2f} s", True)
        pages += built.pages
        warnings += built.warnings[len(draft.warnings):]
    if in_force_here:
        _link_tree(staging / plan.current.version, staging / versions.LATEST)
    # the version selector names every release and its approval: in the built-in words, which no theme changes
    strings = load_strings(language)
    # the entry page opens the reader's language only where an approved version is in force in it
    in_force = [other for other in plan.languages if plan.current in plan.published[other]]
    versions.write_index(staging, infos, strings, in_force if language == plan.main else [], plan.home(language))
    return Built(staging, pages, warnings, [prefix + i.name for i in infos], reused)


def build_all(root: Path, draft: project.Checked, known: list[releases.Release], staging: Path, audience: str,
               log: Progress) -> Built:
    """Every language of the draft and of the releases: the main one at the root, each other one in its own folder.

    A language the draft no longer has keeps its approved releases published."""
    languages = list(draft.languages)
    languages += [language for release in known for language in release.languages
                  if language in LANGUAGE_NAMES and language not in languages]
    languages = list(dict.fromkeys(languages))
    plan = _Plan(languages, {language: [r for r in known if language in r.languages] for language in languages},
                 known[-1] if known else None, list(draft.languages))
    several = len(languages) > 1
    if not known and not several:
        return build_into(root, draft, staging, audience=audience)
    total = Built(staging, 0, list(draft.warnings))
    done = 0
    used: set[str] = set()  # the cached releases this build needs
    for language in languages:  # the main one first: MkDocs empties the folder it builds into
        folder = staging / language if language != plan.main else staging
        if known:
            built = _build_versions(root, draft, plan, language, folder, audience, log, done, used)
            done += len(plan.published[language]) + (language in plan.drafted)
            total.reused += built.reused
            total.versions += built.versions
        else:
            built = build_into(root, draft, folder, audience=audience, language=language,
                               alternates=_alternates(plan, language, None))
            built.warnings = built.warnings[len(draft.warnings):]
            log(f"[{languages.index(language) + 1}/{len(languages)}] {language}: built ({built.pages} pages)")
        total.pages += built.pages
        seen = set(total.warnings)
        total.warnings += [w for w in built.warnings if w not in seen]
    if known:
        cache.prune(root, audience, used)
    return total
