"""The staff site: every restricted entry is absent from every file, not hidden."""
from __future__ import annotations

import gzip
from datetime import date
from pathlib import Path

import pytest
from pydantic import BaseModel
from pypdf import PdfReader

from generator.audience import STAFF, for_audience
from generator.commands import build
from generator.load import load_project
from generator.validate import validate


def _texts(value, inside_restricted: bool = False, found=None):
    """Every text of a playbook, split into (restricted, public)."""
    found = found if found is not None else (set(), set())
    if isinstance(value, BaseModel):
        restricted = inside_restricted or getattr(value, "visibility", "public") == "restricted"
        for name in type(value).model_fields:
            if name != "visibility":
                _texts(getattr(value, name), restricted, found)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _texts(item, inside_restricted, found)
    elif isinstance(value, dict):
        for item in value.values():
            _texts(item, inside_restricted, found)
    elif isinstance(value, str) and len(value) >= 6:
        found[0 if inside_restricted else 1].add(value.strip())
    return found


def secrets(root: Path) -> set[str]:
    """Texts that only restricted entries hold, in the draft and every release, in every language: none may
    reach the staff site."""
    folders = [root] + sorted(p for p in (root / "releases").glob("*") if p.is_dir())
    restricted, public = set(), set()
    for folder in folders:
        sources = load_project(folder)
        main, _ = validate(sources, today=date(2026, 11, 27))
        for language in main.config.languages:
            playbook, _ = validate(sources, today=date(2026, 11, 27), language=language)
            restricted |= _texts(list(vars(playbook).values()))[0]
            public |= _texts(list(vars(for_audience(playbook, STAFF)).values()))[1]
    return {text for text in restricted if not any(text in other for other in public)}


def every_text(site: Path) -> str:
    chunks = []
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        if path.suffix == ".pdf":
            chunks += [page.extract_text() for page in PdfReader(path).pages]
        elif path.suffix == ".gz":
            chunks.append(gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace"))
        else:
            chunks.append(path.read_bytes().decode("utf-8", errors="replace"))
    return "\n".join(chunks)


@pytest.fixture(scope="module")
def both_sites(tmp_path_factory):
    from generator.resources import example_dir

    from .conftest import copy_playbook
    root = copy_playbook(example_dir(), tmp_path_factory.mktemp("audience"))
    team = build.run(root, root / "team-site").output
    staff = build.run(root, root / "staff-site", audience=STAFF).output
    return root, team, staff


def test_restricted_values_are_absent_from_every_staff_file(both_sites):
    root, team, staff = both_sites
    values = secrets(root)
    assert len(values) >= 15, "the example marks crisis contacts and a holding statement restricted"
    staff_text, team_text = every_text(staff), every_text(team)
    leaked = sorted(v for v in values if v in staff_text)
    assert leaked == []
    # the same values are in the team's site, so the check above can fail
    assert sum(v in team_text for v in values) >= len(values) * 0.8


def test_staff_site_still_has_the_public_charter(both_sites):
    _, _, staff = both_sites
    crisis = (staff / "latest" / "crisis.html").read_text(encoding="utf-8")
    assert "Niveaux de crise" in crisis and "Vigilance" in crisis
    assert (staff / "draft" / "networks" / "tiktok.html").is_file()
    crisis = (staff / "en" / "draft" / "crisis.html").read_text(encoding="utf-8")
    assert "Crisis levels" in crisis and "Watch" in crisis


def test_unknown_audience_is_refused(starter):
    from generator.diagnostics import PlaybookError
    with pytest.raises(PlaybookError) as caught:
        build.run(starter, audience="everyone")
    assert caught.value.diagnostics[0].code == "audience"


def test_restricted_network_page_and_references(starter):
    from .conftest import edit
    edit(starter / "content" / "networks" / "instagram.yml", "id: instagram", "id: instagram\nvisibility: restricted")
    (starter / "content" / "pages" / "internal.md").write_text(
        "---\ntitle: Internal notes\nvisibility: restricted\n---\nSecret-Internal-Notes\n", encoding="utf-8")
    staff = build.run(starter, starter / "staff", audience=STAFF).output
    assert not (staff / "networks" / "instagram.html").exists()
    assert not (staff / "pages" / "internal.html").exists()
    text = every_text(staff)
    assert "Secret-Internal-Notes" not in text and "Internal notes" not in text
    assert "networks/instagram.html" not in text
    team = build.run(starter, starter / "team").output
    assert (team / "networks" / "instagram.html").is_file() and "Secret-Internal-Notes" in every_text(team)
