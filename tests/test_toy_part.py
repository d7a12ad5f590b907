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
from generator.validate import validate

from . import toy_part
from .conftest import edit


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
    assert "Events!" in found.message or "id" in found.message
    assert translate(found, "fr")[0].message != found.message  # the same catalog as the built-in parts


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
    site = build.run(root).output
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
