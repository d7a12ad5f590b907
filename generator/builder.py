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
import shutil
import tempfile
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path
from typing import Callable

from . import build as engine
from . import approval_only, bounds, cache, changelog, page_clock, parts, project, publish, releases
from . import slow_text, versions, workers
from .audience import TEAM, for_audience, site_for_audience
from .diagnostics import Diagnostic, PlaybookError
from .render import UNRELEASED, render
from .model import SiteConfig
from .plan import ROOT, Index, Job, Plan, html_pages, languages_of, make_plan
from .resources import PACKAGE, theme_dir
from .sources import locate_setting, write_sources
from .theme import frozen_theme, load_strings
from .validate import source_paths
from .message import Message

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
        reason = Message("output-dir.the-output-folder-cannot-be", reason=getattr(exc, 'strerror', None) or exc)
    if reason:
        raise PlaybookError([Diagnostic("output-dir", reason,
                                        hint=Message("output-dir.choose-another-folder-for-out"))])
    return output


def build_into(root: Path, checked: project.Checked, site_dir: Path, version: versions.VersionInfo = UNRELEASED,
               frozen: bool = False, audience: str = TEAM, language: str | None = None,
               alternates: list[dict] | None = None, engine_name: str = engine.MKDOCS) -> Built:
    """Render and build one version of a validated playbook, for an audience, in a language (by default the
    main one), into `site_dir` (an empty folder), with `engine_name`. See `sources.write_sources` for `frozen`."""
    with tempfile.TemporaryDirectory(prefix="playbook-src-") as work:
        written = write_sources(root, checked, Path(work), version, frozen, audience, language, alternates)
        try:
            messages = engine.build_html(written.config_file, site_dir, written.user_theme, engine=engine_name)
        except PlaybookError as exc:
            raise PlaybookError([locate_setting(root, d) for d in exc.diagnostics]) from None
    written.print_pdf(site_dir)  # from the pages just built
    warnings = checked.warnings + [Diagnostic("mkdocs", m, severity="warning") for m in messages]
    return Built(site_dir, written.pages, warnings)


def write_draft_sources(root: Path, draft: project.Checked, known: list[releases.Release], dest: Path,
                        audience: str = TEAM) -> dict[str, Path]:
    """The engine's sources of the draft, in each of its languages, into `dest/<language>/`, exactly as `build_all`
    hands them to the engine (its banners, what changed since the release in force, its language switch); returns
    each language's mkdocs.yml. Nothing is built."""
    pages = in_force_pages(root, known, languages_of(draft.languages, known), audience)
    written = {}
    for job in make_plan(draft.languages, known, audience, "", pages).jobs:
        if job.release is not None:
            continue
        info = job.info
        if job.compare_with is not None:
            info = replace(info, changes=_changes(root, job.compare_with, draft, audience, job.language))
        (dest / job.language).mkdir(parents=True)
        written[job.language] = write_sources(root, draft, dest / job.language, info, audience=audience,
                                              language=job.language, alternates=list(job.alternates)).config_file
    return written


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


def _engine_fingerprint(engine_name: str = engine.MKDOCS) -> str:
    """What, besides a release's own files, shapes its built pages: code, built-in theme, the engine and the
    versions of its libraries (MkDocs and Material, or Zensical).

    A release's own theme is among its files, which its content hash covers; the working folder's theme
    shapes no release, so that editing it rebuilds the draft only."""
    folders = [PACKAGE, theme_dir()]
    names = (*engine.LIBRARIES[engine_name], "markdown", "pymdown-extensions", "weasyprint")
    libraries = f"{engine_name}:" + ",".join(f"{name}={metadata.version(name)}" for name in names)
    return hashlib.sha256((_tree_hash(*folders) + libraries).encode()).hexdigest()


def _changes(root: Path, old: Path, new: project.Checked, audience: str, language: str,
             release: Path | None = None) -> tuple[str, ...]:
    """What changed from the release in `old` to `new` (the draft, or the release in `release`), as `audience`
    may read it, in `language`: in the main language, the changes made to translations only too.

    A release's changes are told with its own theme's labels: `release` is where diff looks for them."""
    try:
        before = project.check(old, root)
    except PlaybookError:  # approved under an earlier format: published as its approval page, nothing to compare
        return (approval_only.not_comparable(old.name, language),)
    labels = release or root
    if language == new.playbook.config.language:
        return tuple(changelog.all_lines(before, new, labels, audience))
    return tuple(changelog.lines(for_audience(before.in_language(language), audience),
                            for_audience(new.in_language(language), audience), labels))


def quiet(message: str, detail: bool = False) -> None:
    """The default progress reporter: says nothing."""


def in_force_pages(root: Path, known: list[releases.Release], languages: list[str],
                   audience: str) -> dict[str, tuple[str, ...]]:
    """The HTML pages of the release in force in each language it is published in, from its rendered pages:
    where the banners of the other versions may link to it. Nothing is built."""
    if not known:
        return {}
    current = known[-1]
    try:
        checked = project.check(current.folder, root)
    except PlaybookError:  # approved under an earlier format: its approval page only
        return {language: html_pages(approval_only.PAGES) for language in current.languages if language in languages}
    theme = frozen_theme(current.folder, checked.playbook.config.theme_dir)
    info = versions.VersionInfo(name=current.version, state="current")
    return {language: html_pages(page.path for page in site_for_audience(render(
                for_audience(checked.in_language(language), audience), theme, info), audience).pages)
            for language in current.languages if language in languages}


def build_all(root: Path, draft: project.Checked, known: list[releases.Release], staging: Path, audience: str,
              log: Progress, jobs: int = 1, engine_name: str = engine.MKDOCS) -> Built:
    """Every language of the draft and of the releases, into `staging`, with `engine_name`: the plan first, then
    its jobs, `jobs` at a time (see `run_jobs`), then the folders that depend on them all (latest/, versions.json,
    index.html)."""
    fingerprint = _engine_fingerprint(engine_name) if known else ""
    pages = in_force_pages(root, known, languages_of(draft.languages, known), audience)
    plan = make_plan(draft.languages, known, audience, fingerprint, pages)
    done = run_jobs(root, plan, draft, staging, audience, log, jobs, engine_name)
    if (staging / MAIN_WORK).is_dir():  # the main language of a site without releases: see _build_dir
        for path in sorted((staging / MAIN_WORK).iterdir()):
            path.rename(staging / path.name)
        (staging / MAIN_WORK).rmdir()
    for index in plan.indexes:
        _write_index(staging / index.folder, index)
    if known:
        cache.prune(root, audience, {job.key for job in plan.jobs if job.key})
    total = Built(staging, sum(d.pages for d in done.values()), list(draft.warnings))
    seen = set(total.warnings)
    total.warnings += [w for job in plan.jobs for w in done[job.step].warnings if not (w in seen or seen.add(w))]
    prefix = (lambda job: f"{job.language}: ") if len(plan.languages) > 1 else (lambda job: "")
    total.versions = [prefix(job) + job.name for job in plan.jobs] if known else []
    total.reused = [prefix(job) + job.name for job in plan.jobs if done[job.step].reused]
    return total


def _write_index(folder: Path, index: Index) -> None:
    """latest/ (a copy of the release in force, by hard links), versions.json and the entry page of one language."""
    if index.latest_from is not None:
        _link_tree(folder / index.latest_from, folder / versions.LATEST)
    # the version selector names every release and its approval: in the built-in words, which no theme changes
    versions.write_index(folder, list(index.infos), load_strings(index.language), list(index.entry_languages),
                         index.home)


MAIN_WORK = ".main"  # where the main language of a site without releases is built, beside the other languages


def _build_dir(staging: Path, job: Job) -> Path:
    """Where a job builds: its folder, but for the main language's site at the root, which is built apart and moved
    up afterwards, as MkDocs empties the folder it builds into (the other languages' folders are inside)."""
    return staging / (MAIN_WORK if job.folder == ROOT else job.folder)


@dataclass(frozen=True)
class Done:
    """What one job did. Plain data, as it comes back from another process: a PlaybookError does not cross that
    boundary whole, its diagnostics (frozen dataclasses) do."""

    step: int
    pages: int = 0
    reused: bool = False  # copied from the cache
    seconds: float = 0.0
    warnings: tuple[Diagnostic, ...] = ()  # MkDocs' warnings about the draft
    errors: tuple[Diagnostic, ...] = ()  # why the job failed
    approval_only: bool = False  # a release today's playbook cannot show: its approval page alone
    slowest: tuple[str, float] = ("", 0.0)  # its page that took longest to build, and its seconds


def run_job(root: Path, job: Job, draft: project.Checked | None, staging: Path, audience: str,
            engine_name: str = engine.MKDOCS) -> Done:
    """Build one version of the plan into its folder of `staging` (a release from its own frozen folder, and into
    the cache) with `engine_name`; `draft` is the checked draft, needed by the draft's jobs only."""
    started = time.perf_counter()
    page_clock.job(job.step)
    try:
        try:
            checked = draft if job.release is None else project.check(job.release.folder, root)
        except PlaybookError as exc:  # a release approved under an earlier format: never the draft
            errors = [d for d in exc.diagnostics if d.severity == "error"] or exc.diagnostics
            return _approval_only(job, errors, staging, audience, started, engine_name)
        info = job.info
        if job.compare_with is not None:
            info = replace(info, changes=_changes(root, job.compare_with, checked, audience, job.language,
                                                  job.release.folder if job.release else None))
        # a release is built with the theme it was approved with, which is sealed with it: today's theme could
        # make an approved page say anything, the name of its approver included
        built = build_into(job.release.folder if job.release else root, checked, _build_dir(staging, job), info,
                           frozen=job.frozen, audience=audience, language=job.language,
                           alternates=list(job.alternates), engine_name=engine_name)
        if job.release is not None:
            cache.store(root, job.key, _build_dir(staging, job))
    except PlaybookError as exc:
        return Done(job.step, errors=tuple(exc.diagnostics))
    finally:
        page_clock.stop()  # between pages: a job that failed in one leaves no clock running
    warnings = () if job.release else tuple(built.warnings[len(checked.warnings):])
    return Done(job.step, built.pages, False, time.perf_counter() - started, warnings, slowest=page_clock.slowest())


def _approval_only(job: Job, problems: list[Diagnostic], staging: Path, audience: str,
                   started: float, engine_name: str) -> Done:
    """A release today's playbook refuses, published as its approval page, with one warning. It is not cached: the
    warning must be given at every build, and the page is quickly built."""
    manifest = job.release.manifest
    # the sealed lines are the team's wording: staff never read them; another language reads them as sealed
    changes = job.info.changes if job.compare_with is None else tuple(manifest.changes) if audience == TEAM else None
    pages = approval_only.build(job.release, job.info, problems, _build_dir(staging, job), job.language, audience,
                                list(job.alternates), changes, engine_name)
    warning = approval_only.warning(manifest.version, problems)
    return Done(job.step, pages, False, time.perf_counter() - started, (warning,), approval_only=True)


def default_jobs() -> int:
    """As many jobs at once as this process may use processors."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every system
        return os.cpu_count() or 1


def run_jobs(root: Path, plan: Plan, draft: project.Checked, staging: Path, audience: str, log: Progress,
             jobs: int = 1, engine_name: str = engine.MKDOCS) -> dict[int, Done]:
    """Every job of the plan: releases copied from the cache here, the others built `jobs` at a time in worker
    processes, which the build watches (see workers.py): a page over bounds.PAGE_SECONDS stops the build. Progress
    lines come in the order of the plan; the first job to fail stops the build with its diagnostics."""
    done: dict[int, Done] = {}
    report = _Reporter(plan, log)
    todo = []
    for job in plan.jobs:
        if job.release is not None and cache.restore(root, job.key, _build_dir(staging, job)):
            done[job.step] = Done(job.step, reused=True)
        else:
            todo.append(job)
    report(done)
    steps = {job.step: job for job in plan.jobs}
    context = workers.context(several=jobs > 1 and len(todo) > 1)
    try:
        if todo and context is not None:
            try:
                with workers.clock_folder() as clock:
                    _in_pool(root, todo, draft, staging, audience, min(jobs, len(todo)), done, report, engine_name,
                             (context, clock))
            except BrokenProcessPool:  # a worker killed (memory) or unable to start: what is left is built here
                log(Message("build.the-pool-stopped"), True)
        for job in todo:
            if job.step not in done:
                done[job.step] = _checked(run_job(root, job, draft, staging, audience, engine_name))
                report(done)
    # the text to blame is looked for once no worker is left: a page over the bound (its worker killed), or one
    # whose Markdown nests too deep
    except workers.Late as late:
        raise PlaybookError(slow_text.locate(root, steps[late.late.step], late.late.page)) from None
    except _Failed as failed:
        raise PlaybookError(slow_text.located(root, steps[failed.step], failed.diagnostics)) from None
    return done


def _in_pool(root: Path, todo: list, draft: project.Checked, staging: Path, audience: str, jobs: int,
             done: dict[int, Done], report: "_Reporter", engine_name: str, workplace: tuple) -> None:
    """Build the jobs of `todo` `jobs` at a time in a pool of processes started with `workplace`'s context, their
    clocks in its folder, filling `done` as they finish; a page over the bound raises workers.Late."""
    context, clock = workplace
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=workers.start,
                             initargs=(os.getpid(), str(clock), parts.outside())) as pool:
        futures = [pool.submit(run_job, root, job, draft if job.release is None else None, staging, audience,
                               engine_name)
                   for job in todo]
        try:
            pending = set(futures)
            while pending:
                finished, pending = wait(pending, timeout=workers.POLL, return_when=FIRST_COMPLETED)
                for future in finished:
                    result = _checked(future.result())
                    done[result.step] = result
                    report(done)
                workers.watch(clock, bounds.PAGE_SECONDS)
        except BaseException:  # a failure: the jobs not started yet never start, those running are stopped
            for future in futures:
                future.cancel()
            workers.stop_all(pool)
            raise


class _Failed(PlaybookError):
    """The errors of a job, raised again on this side, with the step of the job."""

    def __init__(self, step: int, diagnostics: list[Diagnostic]) -> None:
        super().__init__(diagnostics)
        self.step = step


def _checked(done: Done) -> Done:
    """The result of a job that succeeded; the error of one that failed, as _Failed."""
    if done.errors:
        raise _Failed(done.step, list(done.errors))
    return done


class _Reporter:
    """Prints the progress line of each finished job, in the order of the plan."""

    def __init__(self, plan: Plan, log: Progress) -> None:
        self.plan, self.log, self.next = plan, log, 0
        # a site of one version in one language says nothing but its summary
        self.silent = not plan.versioned and len(plan.jobs) == 1

    def __call__(self, done: dict[int, Done]) -> None:
        steps = len(self.plan.jobs)
        while self.next < steps and self.plan.jobs[self.next].step in done:
            job = self.plan.jobs[self.next]
            result = done[job.step]
            self.next += 1
            if self.silent:
                continue
            said = dict(step=job.step, steps=steps, label=job.label)
            if result.reused:
                self.log(Message("build.reused-from-the-cache", **said))
                continue
            if result.approval_only:
                self.log(Message("build.approval-page-only", **said))
                continue
            self.log(Message("build.built-release", pages=result.pages, **said) if job.release is not None else
                     Message("build.built", pages=result.pages, **said))
            if job.key:
                self.log(Message("build.seconds-cache-key", seconds=f"{result.seconds:.2f}", key=job.key[:12]), True)
            else:
                self.log(f"    {result.seconds:.2f} s", True)
            if result.slowest[0]:  # how far the pages stand from bounds.PAGE_SECONDS
                self.log(Message("build.slowest-page", page=result.slowest[0], seconds=f"{result.slowest[1]:.2f}"), True)
