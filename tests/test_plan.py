"""The build plan: every version of every language, with what each says of itself, computed without building."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator import releases
from generator.plan import html_pages, make_plan
from generator.releases import Manifest, Release

REPO = Path(__file__).resolve().parent.parent
PAGES = ("404.html", "index.html", "kpis.html")


def _release(tmp_path: Path, version: str, languages: list[str], previous: str | None = None) -> Release:
    """A release as the plan sees it: its manifest, and the languages of its frozen site_config.yml."""
    folder = tmp_path / version
    folder.mkdir()
    others = f"translations: [{', '.join(languages[1:])}]\n" if languages[1:] else ""
    (folder / "site_config.yml").write_text(f"language: {languages[0]}\n{others}", encoding="utf-8")
    manifest = Manifest(version=version, approved_by="Claire Martin", role="CEO", date=date(2026, 1, int(version[0])),
                        changes=[f"sealed {version}"], previous=previous, files={}, content_hash=f"hash-{version}")
    return Release(folder, manifest)


@pytest.fixture
def two(tmp_path) -> list[Release]:
    return [_release(tmp_path, "1.0", ["fr"]), _release(tmp_path, "2.0", ["fr"], "1.0")]


def _where(plan) -> list[tuple[str, str, str]]:
    return [(job.language, job.name, job.folder) for job in plan.jobs]


def test_a_draft_alone_is_one_unversioned_site():
    plan = make_plan(["en"], [])
    assert _where(plan) == [("en", "draft", ".")]
    job = plan.jobs[0]
    assert not job.info.versioned and job.alternates == () and not job.frozen and job.key == ""
    assert plan.indexes == ()


def test_a_bilingual_draft_alone_keeps_the_main_language_at_the_root():
    plan = make_plan(["fr", "en"], [])
    assert _where(plan) == [("fr", "draft", "."), ("en", "draft", "en")]
    assert [a["link"] for a in plan.jobs[1].alternates] == ["../", ""]


def test_releases_in_one_language(two):
    plan = make_plan(["fr"], two, in_force_pages={"fr": PAGES})
    assert _where(plan) == [("fr", "1.0", "1.0"), ("fr", "2.0", "2.0"), ("fr", "draft", "draft")]
    assert [job.step for job in plan.jobs] == [1, 2, 3]
    old, current, draft = (job.info for job in plan.jobs)
    assert (old.state, current.state, draft.state) == ("outdated", "current", "draft")
    # the banners of the others link to the pages of the release in force; its own needs none
    assert old.in_force_pages == draft.in_force_pages == PAGES and current.in_force_pages == ()
    assert current.previous == "1.0" and draft.previous == "2.0"
    assert current.changes == ("sealed 2.0",) and plan.jobs[1].compare_with is None
    assert draft.changes == () and plan.jobs[2].compare_with == two[1].folder  # compared when built
    assert [job.frozen for job in plan.jobs] == [True, True, False]
    assert [job.label for job in plan.jobs] == ["release 1.0", "release 2.0", "draft"]
    (index,) = plan.indexes
    assert (index.folder, index.home, index.latest_from) == (".", "latest", "2.0")
    assert [i.name for i in index.infos] == ["1.0", "2.0", "draft"]


def test_the_example_bilingual_draft_with_french_only_releases():
    known = releases.list_releases(REPO)
    plan = make_plan(["fr", "en"], known, in_force_pages={"fr": PAGES})
    assert _where(plan) == [("fr", "1.0", "1.0"), ("fr", "2.0", "2.0"), ("fr", "draft", "draft"),
                            ("en", "draft", "en/draft")]
    english = plan.jobs[3]
    # English has no release in force: its banner sends to the French one, and its pages
    assert english.info.latest == "../latest" and english.info.in_force_pages == PAGES
    # and no release before it in its language: nothing to list as changed
    assert english.label == "en: draft" and english.info.previous == "" and english.compare_with is None
    # the release in force in French switches to the English draft's home page, not the same page
    switch = {a["lang"]: a for a in plan.jobs[1].alternates}
    assert switch["en"]["link"] == "../en/draft/" and not switch["en"]["same_page"]
    assert switch["fr"]["link"] == "" and switch["fr"]["same_page"]
    assert {a["lang"]: a["link"] for a in english.alternates}["fr"] == "../../draft/"
    main, other = plan.indexes
    assert main.entry_languages == ("fr",) and other.entry_languages == ()
    assert (other.folder, other.home, other.latest_from) == ("en", "draft", None)


def test_a_language_the_draft_dropped_keeps_its_releases(tmp_path):
    known = [_release(tmp_path, "1.0", ["fr", "en"]), _release(tmp_path, "2.0", ["fr", "en"], "1.0")]
    plan = make_plan(["fr"], known, in_force_pages={"fr": PAGES, "en": ("404.html", "index.html")})
    assert _where(plan) == [("fr", "1.0", "1.0"), ("fr", "2.0", "2.0"), ("fr", "draft", "draft"),
                            ("en", "1.0", "en/1.0"), ("en", "2.0", "en/2.0")]
    assert plan.home("en") == "latest" and plan.indexes[1].latest_from == "2.0"
    english_old = plan.jobs[3]
    assert english_old.info.in_force_pages == ("404.html", "index.html")  # its own language's release in force
    assert english_old.info.pdf == "charter-1.0-en.pdf" and plan.jobs[0].info.pdf == "charter-1.0.pdf"
    # not the release's main language: its changes are compared, not the sealed French sentences
    assert english_old.info.changes == ("sealed 1.0",) and plan.jobs[4].compare_with == known[0].folder
    # the English draft is gone: switching from the French draft leads to the English release in force
    draft_switch = {a["lang"]: a for a in plan.jobs[2].alternates}
    assert draft_switch["en"]["link"] == "../en/latest/" and not draft_switch["en"]["same_page"]


def test_staff_never_gets_the_sealed_sentences(two):
    team = make_plan(["fr"], two, "team")
    staff = make_plan(["fr"], two, "staff")
    assert team.jobs[0].info.changes == ("sealed 1.0",) and staff.jobs[0].info.changes == ()
    assert team.jobs[1].compare_with is None and staff.jobs[1].compare_with == two[0].folder
    assert all(job.key.startswith("staff-fr-") for job in staff.jobs if job.key)


def test_cache_keys_are_stable_and_differ_where_they_must(two, tmp_path):
    def keys(*args, **kwargs) -> list[str]:
        return [job.key for job in make_plan(*args, **kwargs).jobs]

    first = keys(["fr"], two, "team", "engine", {"fr": PAGES})
    assert first == keys(["fr"], two, "team", "engine", {"fr": PAGES})  # the same inputs, the same keys
    assert first[2] == "" and len(set(first[:2])) == 2
    assert keys(["fr"], two, "team", "other engine", {"fr": PAGES})[:2] != first[:2]
    assert keys(["fr"], two, "staff", "engine", {"fr": PAGES})[0] != first[0]
    # the pages of the release in force change the older releases' banners, not the release in force itself
    moved = keys(["fr"], two, "team", "engine", {"fr": PAGES + ("new.html",)})
    assert moved[0] != first[0] and moved[1] == first[1]
    # a new release puts 2.0 out of force; 1.0, out of force already, links to the same pages
    third = keys(["fr"], two + [_release(tmp_path, "3.0", ["fr"], "2.0")], "team", "engine", {"fr": PAGES})
    assert third[0] == first[0] and third[1] != first[1]
    # a translation of the draft adds a language switcher to every release
    assert keys(["fr", "en"], two, "team", "engine", {"fr": PAGES})[:2] != first[:2]


def test_html_pages_are_the_pages_mkdocs_writes():
    assert html_pages(["index.md", "networks/x.md", "pages/a.b.md"]) == (
        "404.html", "index.html", "networks/x.html", "pages/a.b.html")
