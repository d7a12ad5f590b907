"""A part of the charter declared outside the package (tests/toy_part): registered, it is validated, built, compared
and released like a built-in part, with its own template and strings, without a line of generator/ changed."""
from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from generator import parts
from generator.commands import build, diff, release
from generator.diagnostics import PlaybookError
from generator.load import load_project
from generator.messages import translate
from generator.readiness import assess
from generator.render import render
from generator.resources import scaffold_dir
from generator.validate import validate

from . import toy_part
from .conftest import copy_playbook, edit


@pytest.fixture
def toy():
    """The toy part in the registry for one test, after the built-in ones."""
    parts.register(toy_part.PART)
    yield toy_part.PART
    parts.unregister(toy_part.PART.stem)


@pytest.fixture
def with_hashtags(starter: Path) -> Path:
    shutil.copy(toy_part.EXAMPLE, starter / "content" / "hashtags.yml")
    return starter


def _freeze(root: Path, version: str, when: str) -> release.releases.Release:
    return release.run(root, version, "Claire Martin", "Directrice générale", date.fromisoformat(when))


def test_without_its_declaration_the_file_is_no_part(with_hashtags):
    with pytest.raises(PlaybookError) as caught:
        validate(load_project(with_hashtags))
    assert [(d.code, d.file) for d in caught.value.diagnostics] == [("unknown-file", "content/hashtags.yml")]


def test_its_model_checks_its_file_at_the_authors_line_in_both_languages(toy, with_hashtags):
    edit(with_hashtags / "content" / "hashtags.yml", "  - id: events\n", "  - id: Events!\n")
    with pytest.raises(PlaybookError) as caught:
        validate(load_project(with_hashtags))
    [found] = caught.value.diagnostics
    assert (found.file, found.line, found.column) == ("content/hashtags.yml", 6, 9)
    assert found.message == "'Events!' is not a valid id"
    assert translate(found, "fr")[0].message == "'Events!' n'est pas un id valide"  # the built-in parts' catalog


def test_it_joins_the_readiness_report_and_the_names_other_pages_link_to(toy, with_hashtags):
    playbook, _ = validate(load_project(with_hashtags))
    assert playbook.parts["hashtags"].hashtags[1].tag == "#ExampleLive"
    [check] = [c for c in assess(playbook).checks if c.name == "hashtags_explained"]
    assert (check.step, check.missing) == ("content", ["#ExampleLive"])
    assert ("hashtag", "team", "#LifeAtExample", toy) in parts.named_items(playbook)


def test_it_is_built_compared_and_released_with_its_template_and_strings(toy, with_hashtags):
    root = with_hashtags
    first = _freeze(root, "1.0", "2026-03-02")
    assert (first.folder / "content" / "hashtags.yml").is_file()
    edit(root / "content" / "hashtags.yml", "    tag: \"#ExampleLive\"\n",
         "    tag: \"#ExampleLive\"\n    use: Live coverage of our events.\n")
    edit(root / "content" / "hashtags.yml", "hashtags:\n", "hashtags:\n  - id: jobs\n    tag: \"#JoinExample\"\n")
    lines = diff.run(root, "1.0", "draft")
    assert lines == ["Our hashtags: added “#JoinExample”",
                     "Our hashtags › #ExampleLive — use: — → Live coverage of our events."]
    second = _freeze(root, "1.1", "2026-06-01")
    assert second.manifest.changes == lines
    site = build.run(root, jobs=2).output  # its releases built by worker processes, which register it again
    page = next(site.rglob("hashtags.html"))
    html = page.read_text(encoding="utf-8")
    assert "Our hashtags" in html and "#JoinExample" in html and "What for" in html
    assert "Live coverage of our events." in html
    home = (page.parent / "index.html").read_text(encoding="utf-8")
    assert 'href="hashtags.html"' in home  # in the menu
    onboarding = (page.parent / "onboarding.html").read_text(encoding="utf-8")
    assert "Our hashtags" in onboarding  # a part that says nothing of the path is read in the first month
    changes = json.dumps(second.manifest.changes, ensure_ascii=False)
    assert "#JoinExample" in changes


def test_its_page_its_menu_entry_and_its_check_speak_the_playbooks_language(toy, tmp_path):
    root = copy_playbook(scaffold_dir("fr"), tmp_path / "fr")
    shutil.copy(toy_part.EXAMPLE, root / "content" / "hashtags.yml")
    playbook, _ = validate(load_project(root))
    site = render(playbook)
    page = site.page("hashtags.md")
    assert page.title == "Nos hashtags" and page.text.startswith("# Nos hashtags")
    assert "**Pour quoi" in page.text and "Encore à expliquer" in page.text
    assert "[#ExampleLive](#hashtag-events)" in page.text  # its context: the hashtags still to explain, linked
    charter = next(entry for entry in site.config["nav"] if "La charte" in entry)["La charte"]
    assert charter[-1] == {"Nos hashtags": "hashtags.md"}  # registered last, in the charter's section
    assert "Chaque hashtag dit à quoi il sert" in site.page("readiness.md").text
