"""A playbook with releases builds into one versioned site: selector, banners, sign-off, changes, PDF, cache."""
from __future__ import annotations

import json
import shutil
import stat
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.commands import build, release
from generator.diagnostics import PlaybookError

from .conftest import copy_tree, edit
from .test_build import snapshot


@pytest.fixture
def released(_released_starter_built, tmp_path) -> Path:
    """The starter with releases 1.0 and 2.0 and a draft that differs from 2.0 (conftest.release_twice), a copy
    of the one built once for the run, its site and its cache of the releases built for the team with it: the test
    may change it; its builds for the team reuse the releases."""
    return copy_tree(_released_starter_built.root, tmp_path / "starter")


@pytest.fixture
def released_unbuilt(_released_starter, tmp_path) -> Path:
    """`released` never built: no site, nothing cached."""
    return copy_tree(_released_starter, tmp_path / "starter")


def html(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_every_version_has_its_folder_and_the_selector_file(released_starter_built):
    site = released_starter_built.site
    for folder in ("1.0", "2.0", "draft", "latest"):
        assert (site / folder / "index.html").is_file(), folder
    entries = json.loads(html(site, "versions.json"))
    assert [e["version"] for e in entries] == ["2.0", "1.0", "draft"]  # the releases newest first, the draft last
    assert [e["aliases"] for e in entries] == [["latest"], [], []]
    assert all(e["title"] for e in entries)
    assert 'url=latest/index.html' in html(site, "index.html")
    # latest is the release in force
    assert html(site, "latest/index.html") == html(site, "2.0/index.html")


def test_banners(released_starter_built):
    site = released_starter_built.site
    assert "Version 2.0 in force — approved on 2026-06-01 by Claire Martin, Chief executive" in html(site, "2.0/kpis.html")
    old = html(site, "1.0/networks/linkedin.html")
    assert "Version 1.0 of 2026-01-15 — no longer in force" in old
    assert 'href="../../latest/networks/linkedin.html"' in old
    draft = html(site, "draft/index.html")
    assert "Draft — not approved" in draft and "Draft-Title" in draft
    assert "Draft-Title" not in html(site, "2.0/index.html")


def test_signoff_and_changes_pages(released_starter_built):
    site = released_starter_built.site
    signoff = html(site, "2.0/signoff.html")
    from generator.releases import list_releases
    manifest = list_releases(released_starter_built.root)[-1].manifest
    for text in ("Claire Martin", "Chief executive", "2026-06-01", manifest.content_hash, "charter-2.0.pdf"):
        assert text in signoff
    changes = html(site, "2.0/changes.html")
    assert "Changes since version 1.0" in changes and "30 min" in changes
    assert "First approved version" in html(site, "1.0/changes.html")
    draft_changes = html(site, "draft/changes.html")
    assert "Changes since version 2.0" in draft_changes and "Draft-Title" in draft_changes
    assert not (site / "draft" / "signoff.html").exists()


def test_release_pdf_holds_the_release_text(released_starter_built):
    site = released_starter_built.site
    pdf = site / "2.0" / "charter-2.0.pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert len(PdfReader(pdf).pages) >= 5
    for expected in ("Social media charter of Your organisation", "Claire Martin", "Chief executive", "2026-06-01",
                     "Engagement rate", "LinkedIn"):
        assert expected in text, expected
    assert "Draft-Title" not in text


@pytest.mark.slow
def test_frozen_releases_are_not_rebuilt(released_unbuilt, monkeypatch, tmp_path):
    released = released_unbuilt
    first = build.run(released)
    assert first.reused == []
    record = tmp_path / "built"  # written by the build's worker (a list would stay in its process)
    from generator import builder
    original = builder.build_into

    def recorded(*args, **kwargs):
        with record.open("a", encoding="utf-8") as out:
            out.write(f"{args[0]}\n")
        return original(*args, **kwargs)
    monkeypatch.setattr(builder, "build_into", recorded)
    edit(released / "content" / "charter.yml", "Draft-Title", "Draft-Title-2")
    second = build.run(released)
    assert second.reused == ["1.0", "2.0"]
    assert record.read_text(encoding="utf-8").splitlines() == [str(released.resolve())]  # only the draft
    assert "Draft-Title-2" in html(second.output, "draft/index.html")
    assert html(second.output, "2.0/kpis.html") == html(first.output, "2.0/kpis.html")


def test_a_tampered_release_stops_the_build(released):
    site = build.run(released).output
    before = snapshot(site)
    target = released / "releases" / "1.0" / "content" / "roles.yml"
    target.chmod(target.stat().st_mode | stat.S_IWUSR)
    target.write_text(target.read_text(encoding="utf-8").replace("Communication director", "Boss"), encoding="utf-8")
    with pytest.raises(PlaybookError) as caught:
        build.run(released)
    assert [d.file for d in caught.value.diagnostics] == ["releases/1.0/content/roles.yml"]
    assert snapshot(site) == before


def test_an_edit_of_the_published_site_does_not_reach_the_cache(released):
    site = build.run(released).output
    page = site / "1.0" / "index.html"
    page.write_text(page.read_text(encoding="utf-8") + "<!-- edited by hand -->", encoding="utf-8")
    rebuilt = build.run(released, released / "elsewhere")
    assert "1.0" in rebuilt.reused
    assert "edited by hand" not in (rebuilt.output / "1.0" / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_team_and_staff_builds_keep_their_own_cache(released):
    build.run(released)
    build.run(released, released / "staff", audience="staff")
    again = build.run(released)
    assert again.reused == ["1.0", "2.0"]


def test_out_refuses_a_folder_playbook_did_not_write(released, tmp_path):
    foreign = tmp_path / "important"
    foreign.mkdir()
    (foreign / "thesis.txt").write_text("years of work", encoding="utf-8")
    with pytest.raises(PlaybookError) as caught:
        build.run(released, foreign)
    assert "did not write" in caught.value.diagnostics[0].message
    assert (foreign / "thesis.txt").read_text(encoding="utf-8") == "years of work"
    built = build.run(released, tmp_path / "fresh").output
    build.run(released, built)  # a site playbook published can be replaced


def test_a_user_theme_applies_to_releases_too(starter):
    edit(starter / "site_config.yml", "# theme_dir: theme", "theme_dir: theme")
    (starter / "theme" / "strings").mkdir(parents=True)
    (starter / "theme" / "strings" / "en.yml").write_text("nav:\n  glossary: Words\n", encoding="utf-8")
    release.run(starter, "1.0", "Claire Martin", "CEO", date(2026, 1, 15))
    site = build.run(starter).output
    assert ">Words<" in html(site, "1.0/index.html") or "Words" in html(site, "1.0/glossary.html")


@pytest.mark.slow
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_release_that_no_longer_validates_is_named(released, jobs):
    before = snapshot(build.run(released).output)
    target = released / "releases" / "1.0" / "content" / "kpis.yml"
    target.chmod(target.stat().st_mode | stat.S_IWUSR)
    from generator import releases as owner
    # as if an older playbook had accepted it: edit the file and re-seal its manifest
    target.write_text(target.read_text(encoding="utf-8").replace("frequency: monthly", "frequency: fortnightly", 1),
                      encoding="utf-8")
    manifest_path = released / "releases" / "1.0" / "manifest.json"
    manifest_path.chmod(0o644)
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["files"]["content/kpis.yml"] = owner.file_hash(target)
    manifest["content_hash"] = owner.content_hash(manifest)
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    later = released / "releases" / "2.0" / "manifest.json"
    later.chmod(0o644)
    second = json.loads(later.read_text(encoding="utf-8"))
    second["previous_hash"] = manifest["content_hash"]
    second["content_hash"] = owner.content_hash(second)
    later.write_text(json.dumps(second), encoding="utf-8")
    from generator import anchor
    anchor.write(released / "releases", [anchor.link(r.manifest) for r in owner.list_releases(released)])
    # published as its approval page alone (tests/test_old_releases.py), with a warning at the file and line;
    # with 2 jobs, the warning comes from another process, its place intact
    built = build.run(released, jobs=jobs)
    assert any(d.file == "releases/1.0/content/kpis.yml" and "fortnightly" in d.message and d.line
               and d.severity == "warning" for d in built.warnings)
    assert snapshot(released / "site") != before


@pytest.mark.parametrize("audience", ["team", "staff"])
def test_the_plan_knows_the_pages_of_the_release_in_force_before_building(released, audience):
    from generator import builder
    from generator.releases import list_releases
    expected = builder.in_force_pages(released, list_releases(released), ["en"], audience)["en"]
    site = build.run(released, released / f"site-{audience}", audience).output
    built = tuple(sorted(p.relative_to(site / "latest").as_posix() for p in (site / "latest").rglob("*.html")))
    assert expected == built


@pytest.mark.slow
def test_a_pool_of_processes_that_breaks_leaves_the_versions_to_this_process(released, monkeypatch):
    from concurrent.futures.process import BrokenProcessPool

    from generator import builder

    def broken(*args, **kwargs):
        raise BrokenProcessPool("a worker was killed")
    monkeypatch.setattr(builder, "_in_pool", broken)
    shutil.rmtree(released / ".playbook", ignore_errors=True)  # every release to build
    built = build.run(released, jobs=2)
    assert sorted(built.versions) == ["1.0", "2.0", "draft"]
    assert (built.output / "1.0" / "index.html").is_file()
