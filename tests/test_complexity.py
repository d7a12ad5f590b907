"""Markdown that would take minutes to build, or nest past Python's recursion, is refused where it is written.

Each bound gives its diagnostic at the file, line and column of the text, nothing is built, and a
text just under the bound is accepted; ordinary Markdown is never refused. No timing here: the
figures come from benchmarks/pathological_markdown.py.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from generator import complexity
from generator.commands import build
from generator.diagnostics import PlaybookError
from generator.load import load_project
from generator.messages import translate
from generator.resources import example_dir, scaffold_dir
from generator.validate import validate

from .conftest import copy_playbook, edit

CODES = {"markdown-too-slow", "markdown-too-deep"}
HEAD = "---\ntitle: A page\n---\nIntro.\n\n"  # the text under test starts on line 6


def page(starter: Path, text: str) -> None:
    (starter / "content" / "pages" / "x.md").write_text(HEAD + text, encoding="utf-8")


def refused(root: Path) -> list:
    """The diagnostics of `root` about Markdown's cost, each translated into French as a check."""
    with pytest.raises(PlaybookError) as caught:
        validate(load_project(root))
    found = [d for d in caught.value.diagnostics if d.code in CODES]
    for diagnostic in found:
        assert translate(diagnostic, "fr")[1], f"no French for: {diagnostic.message} / {diagnostic.hint}"
    return found


def accepted(root: Path) -> None:
    validate(load_project(root))  # raises if anything is refused


def brackets(n: int) -> str:
    return "[" * n + "x](y)"


def test_brackets_that_open_no_link_are_refused_at_the_paragraph_and_nothing_is_built(starter):
    page(starter, brackets(5000))
    [problem] = refused(starter)
    assert (problem.file, problem.line, problem.column, problem.code) == ("content/pages/x.md", 6, 1, "markdown-too-slow")
    assert problem.message == ("this paragraph holds 5000 '[' that no ']' closes, or that stand inside another '[', "
                               "or '](' that no ')' closes: Markdown reads the rest of the paragraph for each of them, "
                               "which would take minutes to build")
    assert problem.hint.startswith("a paragraph of 5005 characters may hold at most 3996 of them; write a '[' that "
                                   "opens no link as '\\['")
    with pytest.raises(PlaybookError):
        build.run(starter)
    assert not (starter / "site").exists()


def test_brackets_just_under_the_budget_are_accepted(starter):
    page(starter, brackets(4400))
    accepted(starter)


@pytest.mark.parametrize("text", ["![a" * 3000, "[[a]" * 3000, "[a](" * 4000, "[" * 4000 + "a" + "]" * 4000,
                                  "*[" * 5000])
def test_every_shape_of_bracket_markdown_reads_again_is_counted(starter, text):
    page(starter, text)
    [problem] = refused(starter)
    assert problem.code == "markdown-too-slow" and problem.line == 6 and "'['" in problem.message


def test_escaped_brackets_and_brackets_in_code_cost_nothing(starter):
    page(starter, "\\[" * 20000 + "\n\n`" + "[" * 20000 + "`\n\n```\n" + "[" * 20000 + "\n```\n")
    accepted(starter)


def backticks(tail: int) -> str:
    """199 runs of backticks of different lengths, none closed, then `tail` letters."""
    return "".join("`" * i + " a " for i in range(1, 200)) + "b" * tail


def test_backtick_runs_that_nothing_closes_are_refused(starter):
    page(starter, backticks(90000))
    [problem] = refused(starter)
    assert (problem.line, problem.column, problem.code) == (6, 1, "markdown-too-slow")
    assert problem.message.startswith("this paragraph holds 199 runs of backticks that no run of the same length closes")


def test_backtick_runs_just_under_the_budget_are_accepted(starter):
    page(starter, backticks(75000))
    accepted(starter)


def test_lines_that_split_a_paragraph_again_and_again_are_refused(starter):
    page(starter, "a\n***\n" * 1900)
    [problem] = refused(starter)
    assert (problem.line, problem.column) == (7, 1)
    assert problem.message.startswith("this paragraph holds 1900 lines that start another block inside the paragraph")
    assert problem.hint.endswith("leave an empty line before each of them")
    page(starter, "a\n***\n" * 1800)
    accepted(starter)


def test_paragraphs_each_within_budget_are_refused_when_the_playbook_adds_up_to_minutes(starter):
    page(starter, "\n\n".join([brackets(4400)] * 2))
    (starter / "content" / "pages" / "y.md").write_text(HEAD + brackets(4000), encoding="utf-8")
    [problem] = refused(starter)
    assert (problem.file, problem.line, problem.column) == ("content/pages/x.md", 6, 1)
    assert problem.message.startswith("the paragraphs of the playbook hold so many '['")
    assert problem.hint.endswith("this paragraph holds 4400 of them")
    (starter / "content" / "pages" / "y.md").write_text(HEAD + brackets(100), encoding="utf-8")
    accepted(starter)


def test_a_yaml_text_is_refused_at_its_value(starter):
    edit(starter / "content" / "kpis.yml", "definition: Share of the people",
         f"definition: Share {'[' * 5000} of the people")
    [problem] = refused(starter)
    assert (problem.file, problem.line, problem.column, problem.code) == ("content/kpis.yml", 20, 17, "markdown-too-slow")


@pytest.mark.parametrize("over, under, line, column, start", [
    ("- a\n" + " " * 101 + "b\n", "- a\n" + " " * 100 + "b\n", 7, 1, "this line is indented by 101 columns"),
    ("> " * 51 + "a\n", "> " * 50 + "a\n", 6, 1, "this line opens 51 quotes inside one another"),
    ("a\n: b\n" * 101, "a\n: b\n" * 100, 6, 1, "this paragraph holds 101 definition lines"),
    ("*a " * 101 + "b" + " a*" * 101, "*a " * 100 + "b" + " a*" * 100, 6, 301,
     "this paragraph opens 101 emphasis marks inside one another"),
])
def test_nesting_beyond_each_bound_is_refused_and_at_the_bound_accepted(starter, over, under, line, column, start):
    page(starter, over)
    [problem] = refused(starter)
    assert (problem.file, problem.line, problem.column, problem.code) == ("content/pages/x.md", line, column,
                                                                          "markdown-too-deep")
    assert problem.message.startswith(start)
    page(starter, under)
    accepted(starter)


@pytest.mark.parametrize("source", [example_dir(), scaffold_dir("en"), scaffold_dir("fr")], ids=["example", "en", "fr"])
def test_ordinary_markdown_is_never_refused(tmp_path, source):
    root = copy_playbook(source, tmp_path / "playbook")
    validate(load_project(root))
    texts = [p.read_text(encoding="utf-8") for p in (root / "content").rglob("*.*")]
    assert not [problem for text in texts for problem in complexity.check_text(text)[0]]


def test_headings_beyond_the_bound_are_refused_at_the_first_one_too_many(starter):
    have = sum(len(complexity._headings(source.body)) for source in load_project(starter).pages)
    assert have  # the starter's own page has headings: they count too
    page(starter, "".join(f"## Part {i}\n\n" for i in range(complexity.MAX_HEADINGS + 1)))
    [problem] = refused(starter)
    assert (problem.file, problem.line, problem.column, problem.code) == (
        "content/pages/x.md", 6 + 2 * (complexity.MAX_HEADINGS - have), 1, "markdown-too-slow")
    assert problem.message.startswith(f"the playbook's texts hold more than {complexity.MAX_HEADINGS} headings")
    page(starter, "".join(f"Part {i}\n---\n\n" for i in range(complexity.MAX_HEADINGS - have)))
    accepted(starter)


def terms_in(root: Path) -> int:
    sources = load_project(root)
    return sum(1 + len(term.get("aliases", [])) for source in [*sources.parts.values(), *sources.networks]
               for term in source.data.get("lexicon", []))


def lexicon(starter: Path, extra: int) -> None:
    """The starter's charter with `extra` more terms, first in its lexicon."""
    terms = "".join(f"  - term: term {i}\n    definition: Term number {i}.\n" for i in range(extra))
    edit(starter / "content" / "charter.yml", "lexicon:\n", "lexicon:\n" + terms)


def test_terms_beyond_the_bound_are_refused_at_the_first_one_too_many(starter):
    lexicon(starter, complexity.MAX_TERMS + 1)
    [problem] = refused(starter)
    assert (problem.file, problem.line, problem.column, problem.code) == (
        "content/charter.yml", 34 + 2 * complexity.MAX_TERMS, 11, "markdown-too-slow")
    assert problem.message.startswith(f"the lexicons hold more than {complexity.MAX_TERMS} terms and aliases")


def test_terms_at_the_bound_are_accepted(starter):
    lexicon(starter, complexity.MAX_TERMS - terms_in(starter))
    accepted(starter)


@pytest.mark.parametrize("entry, line, column", [
    ("  - term: " + "aa " * 30 + "end\n    definition: d\n", 34, 11),
    ("  - term: short\n    aliases: [ok, " + "b" * 61 + "]\n    definition: d\n", 35, 19),
    ("  - term:\n      fr: court\n      en: " + "c" * 61 + "\n    definition: d\n", 36, 11),
])
def test_a_term_too_long_to_look_for_in_every_page_is_refused(starter, entry, line, column):
    edit(starter / "content" / "charter.yml", "lexicon:\n", "lexicon:\n" + entry)
    (problem,) = refused(starter)
    assert (problem.file, problem.line, problem.column) == ("content/charter.yml", line, column)
    assert "a term or an alias of a lexicon may hold at most 60" in problem.message


def test_a_term_of_sixty_characters_is_accepted(starter):
    edit(starter / "content" / "charter.yml", "lexicon:\n", "lexicon:\n  - term: " + "d" * 60 + "\n    definition: d\n")
    accepted(starter)
