"""The build plan: every version of every language a build publishes, computed before anything is built.

A plan is pure data. Each `Job` says everything its build needs to know about the rest of the site
(its banner, the language switcher's links, the pages of the release in force its banner may open,
its cache key), so that the jobs are independent of one another: they may run in any order, or at
once. What a job cannot know without checking releases (the changes of a release since the one
before it, when they must be compared anew) is left to the job, which checks that release anyway.
"""
from __future__ import annotations

import hashlib
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from . import versions
from .audience import TEAM
from .message import Message
from .model.language import LANGUAGE_NAMES
from .releases import Release

ROOT = "."  # the folder of the main language's site, from the root of the whole site
# what MkDocs writes as HTML besides the pages: Material's page for an address that is not found
STATIC_PAGES = ("404.html",)


@dataclass(frozen=True)
class Job:
    """One version of one language: where it goes, what it says of itself, and how it is cached."""

    step: int  # its place in the plan, from 1: the [k/n] of its progress line
    language: str
    name: str  # a release number, or 'draft'
    folder: str  # where it is built, relative to the root of the whole site ('.', 'en', '2.0', 'en/draft')
    info: versions.VersionInfo
    alternates: tuple[dict, ...]  # Material's language switcher (see `alternates`)
    label: str  # what its progress line calls it: 'release 2.0', 'en: draft' (Messages), 'en'
    release: Release | None = None  # None for the draft
    key: str = ""  # the cache key of a release; the draft is never cached
    # the folder of the version the changes are counted from, when they are compared at build time (the draft,
    # or a release whose sealed lines do not apply); None when `info.changes` is already what the pages say
    compare_with: Path | None = None

    @property
    def frozen(self) -> bool:
        """A release, built with the theme frozen in it; the draft is built with the working theme."""
        return self.release is not None


@dataclass(frozen=True)
class Index:
    """What is written into one language's folder once every job is done: latest/, versions.json, index.html."""

    language: str
    folder: str
    infos: tuple[versions.VersionInfo, ...]  # the releases oldest first, then the draft
    entry_languages: tuple[str, ...]  # the languages the entry page may open (the main language's only)
    home: str  # the version the entry page opens
    latest_from: str | None  # the release in force, copied as latest/, when it is published in this language


@dataclass(frozen=True)
class Plan:
    """What one build publishes: the languages, the releases published in each, and the jobs that build them."""

    languages: tuple[str, ...]  # the main one first
    published: dict[str, tuple[Release, ...]]
    current: Release | None  # the release in force, whatever its languages
    drafted: tuple[str, ...]  # the languages of the draft; a release may have others
    jobs: tuple[Job, ...] = ()
    indexes: tuple[Index, ...] = ()

    @property
    def main(self) -> str:
        return self.languages[0]

    @property
    def versioned(self) -> bool:
        return self.current is not None

    def home(self, language: str) -> str:
        """The version a reader of `language` is sent to: the release in force, else the draft, else the newest."""
        if self.current in self.published[language]:
            return versions.LATEST
        return versions.DRAFT if language in self.drafted else self.published[language][-1].version

    def site_root(self, language: str, version: str | None) -> str:
        """Where one version of one language is, from the root of the whole site: the main language at the root
        (so that adding a translation moves no address), each other one in a folder of its own."""
        parts = ([] if language == self.main else [language]) + ([version] if version else [])
        return posixpath.join(*parts) if parts else ROOT

    def alternates(self, language: str, version: str | None) -> list[dict]:
        """Material's language switcher for one version in one language: where each language's site is, from the
        root of this one, and whether the same page is there (same version) or only its home page."""
        if len(self.languages) < 2:
            return []
        here = self.site_root(language, version)
        alternates = []
        for other in self.languages:
            entry = {"name": LANGUAGE_NAMES[other], "lang": other, "link": "", "same_page": True}
            if other != language:
                names = {r.version for r in self.published[other]} | (
                    {versions.DRAFT} if other in self.drafted else set())
                target = version
                if self.current is not None and version == self.current.version and \
                        self.current in self.published[other]:
                    target = versions.LATEST  # the release in force, as latest/: a reader who switches stays up to date
                elif version is not None and version not in names:  # not published in that language
                    entry["same_page"] = False
                    target = self.home(other)
                entry["link"] = posixpath.relpath(self.site_root(other, target), here) + "/"
            alternates.append(entry)
        return alternates


def html_pages(paths: Iterable[str]) -> tuple[str, ...]:
    """The HTML files MkDocs writes for rendered pages (`use_directory_urls: False`: `a/b.md` is `a/b.html`),
    with the pages it adds of its own, sorted: the pages of a built version, without building it."""
    return tuple(sorted({posixpath.splitext(path)[0] + ".html" for path in paths} | set(STATIC_PAGES)))


def languages_of(drafted: Sequence[str], known: Sequence[Release]) -> list[str]:
    """The languages a site is published in: the draft's (the main one first), then any a release still has."""
    languages = list(drafted) + [language for release in known for language in release.languages
                                 if language in LANGUAGE_NAMES]
    return list(dict.fromkeys(languages))


def make_plan(drafted: Sequence[str], known: Sequence[Release], audience: str = TEAM, fingerprint: str = "",
              in_force_pages: dict[str, tuple[str, ...]] | None = None) -> Plan:
    """The plan of a build: the draft's languages (the main one first), the releases oldest first, the audience,
    what shapes every built page besides a release's own files (`fingerprint`, in the cache keys), and the
    rendered pages of the release in force in each language it is published in (see `html_pages`).

    A language the draft no longer has keeps its approved releases published."""
    languages = languages_of(drafted, known)
    plan = Plan(tuple(languages), {language: tuple(r for r in known if language in r.languages)
                                   for language in languages},
                known[-1] if known else None, tuple(drafted))
    if not known:
        jobs = [Job(step, language, versions.DRAFT, plan.site_root(language, None), _unreleased(),
                    tuple(plan.alternates(language, None)), language)
                for step, language in enumerate(languages, 1)]
        return Plan(plan.languages, plan.published, None, plan.drafted, tuple(jobs))
    jobs: list[Job] = []
    indexes = []
    for language in languages:  # the main one first
        made = _versions_of(plan, language, audience, fingerprint, in_force_pages or {}, len(jobs))
        jobs += made
        in_force_here = plan.current in plan.published[language]
        in_force = [other for other in languages if plan.current in plan.published[other]]
        indexes.append(Index(language, plan.site_root(language, None), tuple(job.info for job in made),
                             tuple(in_force) if language == plan.main else (), plan.home(language),
                             plan.current.version if in_force_here else None))
    return Plan(plan.languages, plan.published, plan.current, plan.drafted, tuple(jobs), tuple(indexes))


def _unreleased() -> versions.VersionInfo:
    """What a site without releases says of itself: no selector, no banner of approval, no changes page."""
    return versions.VersionInfo(name=versions.DRAFT, state="draft", versioned=False)


def _versions_of(plan: Plan, language: str, audience: str, fingerprint: str,
                 in_force_pages: dict[str, tuple[str, ...]], done: int) -> list[Job]:
    """The jobs of one language: every release published in it, oldest first, then the draft if it has it."""
    known = plan.published[language]
    prefix = f"{language}: " if len(plan.languages) > 1 else ""
    in_force_here = plan.current in known
    # where the banner's "see the version in force" leads, from this language's folder: its own latest/, else
    # the main language's, when this language has no release in force
    latest = versions.LATEST if in_force_here else (
        posixpath.relpath(plan.site_root(plan.main, versions.LATEST), plan.site_root(language, None))
        if plan.current in plan.published[plan.main] else "")
    pages = in_force_pages.get(language if in_force_here else plan.main, ())
    jobs = []
    for index, release in enumerate(known):
        manifest = release.manifest
        state = "current" if release is plan.current else "outdated"
        alternates = plan.alternates(language, manifest.version)
        # the release in force links to no other version: its banner needs no list of pages
        in_force = () if state == "current" else pages
        key = f"{audience}-{language}-" + hashlib.sha256(
            f"{manifest.content_hash}\0{state}\0{latest}\0{fingerprint}\0{alternates}\0{in_force}\0{release.signed_by}"
            .encode()).hexdigest()
        previous = known[index - 1] if index else None
        changes, compare_with = _release_changes(release, previous, audience, language)
        info = versions.VersionInfo(
            name=manifest.version, state=state, approved_by=manifest.approved_by, role=manifest.role,
            date=manifest.date.isoformat(), content_hash=manifest.content_hash,
            previous=previous.version if previous else "", chained_to=manifest.previous or "", changes=changes,
            pdf=f"charter-{manifest.version}" + ("" if language == plan.main else f"-{language}") + ".pdf",
            latest=latest, in_force_pages=in_force, signed_by=release.signed_by)
        jobs.append(Job(done + len(jobs) + 1, language, manifest.version, plan.site_root(language, manifest.version),
                        info, tuple(alternates),
                        Message("build.label-release", prefix=prefix, version=manifest.version), release, key,
                        compare_with))
    if language in plan.drafted:  # else only its approved releases stay published
        last = known[-1] if known else None
        info = versions.VersionInfo(name=versions.DRAFT, state="draft", previous=last.version if last else "",
                                    latest=latest, in_force_pages=pages)
        jobs.append(Job(done + len(jobs) + 1, language, versions.DRAFT, plan.site_root(language, versions.DRAFT),
                        info, tuple(plan.alternates(language, versions.DRAFT)),
                        Message("build.label-draft", prefix=prefix), compare_with=last.folder if last else None))
    return jobs


def _release_changes(release: Release, previous: Release | None, audience: str,
                     language: str) -> tuple[tuple[str, ...], Path | None]:
    """What a release's pages say changed, or the release to compare it with when the sealed lines do not apply.

    The manifest's sentences are in the release's main language, for the team, since the release before it.
    They are the team's wording: another audience never gets them, even where nothing is compared (the first
    release in its language)."""
    manifest = release.manifest
    if audience == TEAM and language == release.languages[0] and \
            (previous.version if previous else None) == manifest.previous:
        return tuple(manifest.changes), None
    if previous is None:
        return (tuple(manifest.changes) if audience == TEAM else ()), None
    return (), previous.folder
