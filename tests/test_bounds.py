"""Bounds, not predictions: sizes refused where they are written, and a page that takes too long to build stops the
build at the text to blame, its worker killed, nothing published.

The time bound is lowered here (bounds.PAGE_SECONDS, read by the build, not by its workers) so that a hostile page
stops within seconds; no timing is asserted. The figures come from benchmarks/pathological_markdown.py.
"""
from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path

import pytest

from generator import bounds, page_clock
from generator.commands import build
from generator.diagnostics import PlaybookError
from generator.load import load_project
from generator.messages import translate
from generator.resources import example_dir, scaffold_dir
from generator.validate import validate

from .conftest import copy_playbook, edit

HEAD = "---\ntitle: A page\n---\nIntro.\n\n"  # the text under test starts on line 6
SLOW = "[a](" * 10000  # 40,000 characters Python-Markdown reads over and over: well over a minute alone
DEEP = "*a " * 3000 + "b" + " a*" * 3000  # emphasis inside emphasis, past Python's recursion


def page(root: Path, text: str, name: str = "x") -> None:
    (root / "content" / "pages" / f"{name}.md").write_text(HEAD + text, encoding="utf-8")


def refused(root: Path, *codes: str) -> list:
    """The diagnostics of `root`'s validation with one of `codes`, each translated into French as a check."""
    with pytest.raises(PlaybookError) as caught:
        validate(load_project(root))
    return french([d for d in caught.value.diagnostics if d.code in codes])


def french(found: list) -> list:
    for diagnostic in found:
        assert translate(diagnostic, "fr")[1], f"no French for: {diagnostic.message} / {diagnostic.hint}"
    return found


def accepted(root: Path) -> None:
    validate(load_project(root))  # raises if anything is refused


def children() -> list[str]:
    """The processes this one started that still exist (zombies included), but multiprocessing's resource tracker,
    which a spawned worker starts once for the life of this process."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == os.getpid() and "resource_tracker" not in command:
                found.append(f"{entry.name} {command}")
    return found


def stopped(root: Path, jobs: int = 1) -> list:
    """The diagnostics of a build that fails, after checking it published nothing and left no worker running."""
    with pytest.raises(PlaybookError) as caught:
        build.run(root, jobs=jobs)
    assert not (root / "site").exists()
    assert not multiprocessing.active_children()
    assert not children()
    return french(caught.value.diagnostics)


# --- sizes ------------------------------------------------------------------------------------------

def test_a_yaml_text_over_the_bound_is_refused_at_its_value(starter):
    kpis = starter / "content" / "kpis.yml"
    edit(kpis, "definition: Share of the people reached by a post who interacted with it.",
         "definition: " + "a" * bounds.MAX_TEXT_CHARS + " share")
    [problem] = refused(starter, "text-too-long")
    assert (problem.file, problem.line, problem.column) == ("content/kpis.yml", 20, 17)
    assert problem.message == (f"this text holds {bounds.MAX_TEXT_CHARS + 6} characters: a text of a YAML file may "
                               f"hold at most {bounds.MAX_TEXT_CHARS}")
    assert "free page" in problem.hint


def test_a_yaml_text_at_the_bound_and_a_longer_free_page_are_accepted(starter):
    edit(starter / "content" / "kpis.yml", "definition: Share of the people reached by a post who interacted with it.",
         "definition: " + "a" * bounds.MAX_TEXT_CHARS)
    page(starter, "A long page. " * (bounds.MAX_TEXT_CHARS // 4))  # bounded as a file (MAX_FILE_BYTES)
    accepted(starter)


def test_the_size_bounds_are_read_from_one_place():
    from generator import files, load
    assert files.MAX_FILE_BYTES is load.MAX_FILE_BYTES is bounds.MAX_FILE_BYTES
    assert files.MAX_PLAYBOOK_BYTES is bounds.MAX_PLAYBOOK_BYTES


@pytest.mark.parametrize("source", [example_dir(), scaffold_dir("en"), scaffold_dir("fr")], ids=["example", "en", "fr"])
def test_ordinary_playbooks_are_within_every_bound(tmp_path, source):
    validate(load_project(copy_playbook(source, tmp_path / "playbook")))


def terms_in(root: Path) -> int:
    sources = load_project(root)
    return sum(1 + len(term.get("aliases", [])) for source in [*sources.parts.values(), *sources.networks]
               for term in source.data.get("lexicon", []))


def lexicon(starter: Path, extra: int) -> None:
    """The starter's charter with `extra` more terms, first in its lexicon."""
    terms = "".join(f"  - term: term {i}\n    definition: Term number {i}.\n" for i in range(extra))
    edit(starter / "content" / "charter.yml", "lexicon:\n", "lexicon:\n" + terms)


def test_terms_beyond_the_bound_are_refused_at_the_first_one_too_many(starter):
    lexicon(starter, bounds.MAX_TERMS + 1)
    [problem] = refused(starter, "markdown-too-slow")
    assert (problem.file, problem.line, problem.column, problem.code) == (
        "content/charter.yml", 34 + 2 * bounds.MAX_TERMS, 11, "markdown-too-slow")
    assert problem.message.startswith(f"the lexicons hold more than {bounds.MAX_TERMS} terms and aliases")


def test_terms_at_the_bound_are_accepted(starter):
    lexicon(starter, bounds.MAX_TERMS - terms_in(starter))
    accepted(starter)


@pytest.mark.parametrize("entry, line, column", [
    ("  - term: " + "aa " * 30 + "end\n    definition: d\n", 34, 11),
    ("  - term: short\n    aliases: [ok, " + "b" * 61 + "]\n    definition: d\n", 35, 19),
    ("  - term:\n      fr: court\n      en: " + "c" * 61 + "\n    definition: d\n", 36, 11),
])
def test_a_term_too_long_to_look_for_in_every_page_is_refused(starter, entry, line, column):
    edit(starter / "content" / "charter.yml", "lexicon:\n", "lexicon:\n" + entry)
    (problem,) = refused(starter, "markdown-too-slow")
    assert (problem.file, problem.line, problem.column) == ("content/charter.yml", line, column)
    assert "a term or an alias of a lexicon may hold at most 60" in problem.message


def test_a_term_of_sixty_characters_is_accepted(starter):
    edit(starter / "content" / "charter.yml", "lexicon:\n", "lexicon:\n  - term: " + "d" * 60 + "\n    definition: d\n")
    accepted(starter)


# --- time -------------------------------------------------------------------------------------------

def test_the_clock_tells_a_page_over_the_bound_and_nothing_between_pages(tmp_path, monkeypatch):
    monkeypatch.setattr(page_clock, "_folder", tmp_path)
    page_clock.job(3)
    page_clock.start("kpis.md")
    assert page_clock.current() == "kpis.md"
    assert page_clock.overdue(tmp_path, 60) is None
    started = time.process_time()
    while time.process_time() - started < 0.1:  # a page at work, in processor time
        pass
    late = page_clock.overdue(tmp_path, 0.05)
    assert (late.pid, late.step, late.page) == (os.getpid(), 3, "kpis.md") and late.seconds > 0.05
    assert page_clock.in_progress(tmp_path).page == "kpis.md"
    page_clock.stop()
    assert page_clock.overdue(tmp_path, 0.0) is None and page_clock.current() == ""
    assert page_clock.in_progress(tmp_path) is None
    assert page_clock.slowest()[0] == "kpis.md"


def test_a_page_that_waits_is_stopped_on_the_clock(tmp_path, monkeypatch):
    monkeypatch.setattr(page_clock, "_folder", tmp_path)
    page_clock.start("waiting.md")
    time.sleep(0.3)  # no processor time: stopped at WALL_FACTOR times the bound
    assert page_clock.overdue(tmp_path, 0.25) is None
    assert page_clock.overdue(tmp_path, 0.3 / page_clock.WALL_FACTOR).page == "waiting.md"
    page_clock.stop()


def test_a_page_over_the_time_bound_stops_the_build_at_its_text(starter, monkeypatch):
    monkeypatch.setattr(bounds, "PAGE_SECONDS", 2.0)
    accepted(starter)
    page(starter, "A paragraph.\n\n" + SLOW + "\n\nAnother one.\n")
    [problem] = stopped(starter)
    assert (problem.file, problem.line, problem.column, problem.code) == ("content/pages/x.md", 8, 1,
                                                                          "markdown-too-slow")
    assert problem.message == ("the page pages/x.html (en) took more than 2 s to build, and this text alone takes as "
                               "long: Markdown reads some of its marks over and over")
    assert problem.hint.startswith("look in it for many '[' that open no link")


def test_a_slow_yaml_text_stops_a_build_of_two_languages_at_its_value(starter, monkeypatch):
    """Two jobs at once, in a pool of spawned workers: the one on the slow page is killed, and the other too."""
    monkeypatch.setattr(bounds, "PAGE_SECONDS", 2.0)
    edit(starter / "site_config.yml", "language: en\n", "language: en\ntranslations: [fr]\n")
    edit(starter / "content" / "kpis.yml", "definition: Share of the people reached by a post who interacted with it.",
         "definition: Share " + SLOW[:bounds.MAX_TEXT_CHARS - 6])
    [problem] = stopped(starter, jobs=2)
    assert (problem.file, problem.line, problem.column, problem.code) == ("content/kpis.yml", 20, 17,
                                                                          "markdown-too-slow")
    assert problem.message.startswith("the page kpis.html (")


def test_markdown_nested_past_pythons_limit_stops_the_build_at_its_text(starter):
    page(starter, "A paragraph.\n\n" + DEEP + "\n")
    [problem] = stopped(starter)
    assert (problem.file, problem.line, problem.column, problem.code) == ("content/pages/x.md", 8, 1,
                                                                          "markdown-too-deep")
    assert problem.message.startswith("the page pages/x.html (en) cannot be built: this text nests too deep")


# What the former predictions refused (generator/complexity.py): each is now built, within the bound.
FORMERLY_REFUSED = {
    "brackets": "[" * 5000 + "x](y)", "images": "![a" * 3000, "nested": "[[a]" * 3000, "targets": "[a](" * 4000,
    "closed": "[" * 4000 + "a" + "]" * 4000, "abbreviations": "*[" * 5000,
    "backticks": "".join("`" * i + " a " for i in range(1, 200)) + "b" * 90000, "splits": "a\n***\n" * 1900,
    "two": "\n\n".join(["[" * 4400 + "x](y)"] * 2), "indent": "- a\n" + " " * 101 + "b\n", "quotes": "> " * 51 + "a\n",
    "definitions": "a\n: b\n" * 101, "emphasis": "*a " * 101 + "b" + " a*" * 101,
    "headings": "".join(f"## Part {i}\n\n" for i in range(5001)),
    "escaped": "\\[" * 20000 + "\n\n`" + "[" * 20000 + "`\n\n```\n" + "[" * 20000 + "\n```\n",
}


@pytest.mark.slow
def test_what_the_predictions_refused_is_built_within_the_bound(starter):
    for name, text in FORMERLY_REFUSED.items():
        page(starter, text, name)
    edit(starter / "content" / "kpis.yml", "definition: Share of the people", f"definition: Share {'[' * 5000} of")
    built = build.run(starter)
    assert all((built.output / "pages" / f"{name}.html").is_file() for name in FORMERLY_REFUSED)
    assert not children()
