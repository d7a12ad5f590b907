"""The registry of parts: every part declared there has all it needs, and no stage names a part itself."""
from __future__ import annotations

import ast
import dataclasses
import io
import re
import tokenize
from pathlib import Path

import pytest
import yaml

import generator
from generator.model import Playbook, Strict
from generator import readiness
from generator.parts import CHARTER_SECTION, NETWORKS, OWN_ENTRY, PARTS
from generator.resources import example_dir, scaffold_dir, theme_dir
from generator.schema import FOLDER, schemas

# The stages that walk the registry: a part's stem must not appear in their code.
STAGES = ["render.py", "validate.py", "changes.py", "pdf/pages.py", "pdf/document.py", "readiness.py",
          "strategy_steps.py", "onboarding.py", "page_context.py", "changelog.py", "project.py", "audience.py", "schema.py", "glossary.py"]
# The words of the frameworks the readiness report follows (its steps, their groups, the strategy page's words) are
# not parts, even where they share a part's word ("training", "listening", "strategy"); nor are the checks that read
# the network files only (readiness.RULES).
FRAMEWORKS = {"STEPS", "OBSTACLES", "GROUPS", "SECTION", "RULES"}


def _strings(language: str) -> dict:
    return yaml.safe_load((theme_dir() / "strings" / f"{language}.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("part", PARTS, ids=lambda part: part.stem)
def test_every_part_has_its_model_template_strings_examples_and_schema(part):
    assert issubclass(part.model, Strict)
    assert part.nav in (CHARTER_SECTION, OWN_ENTRY)
    if part.page:
        assert (theme_dir() / "pages" / part.template).is_file()
    for language in ("fr", "en"):
        strings = _strings(language)
        assert strings["title"].get(part.title), (language, f"title: {part.title}")
        if part.page and part.nav == OWN_ENTRY:
            assert strings["nav"].get(part.title), (language, f"nav: {part.title}")
    for root in (example_dir(), scaffold_dir("fr"), scaffold_dir("en")):
        assert (root / "content" / part.file).is_file(), root / "content" / part.file
    assert f"{part.stem}.schema.json" in schemas()
    assert (example_dir() / FOLDER / f"{part.stem}.schema.json").is_file()


def test_every_declaration_names_what_its_model_holds():
    for part in PARTS:
        assert part.untitled in ("", *part.model.model_fields), part.stem
        for names in part.names:
            assert names.items in part.model.model_fields, (part.stem, names)


def test_stems_are_unique_and_leave_the_playbook_its_own_attributes():
    stems = [part.stem for part in PARTS]
    assert len(set(stems)) == len(stems)
    own = {field.name for field in dataclasses.fields(Playbook)} | {n for n in dir(Playbook) if not n.startswith("_")}
    assert not own & set(stems)


def _code_words(path: Path) -> list[tuple[int, str]]:
    """(line, word) of the names and string literals of a module's code, leaving out docstrings and comments."""
    source = path.read_text(encoding="utf-8")
    docstrings = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
                    and isinstance(first.value.value, str):
                docstrings.add(first.lineno)
    words = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.NAME or (token.type == tokenize.STRING and token.start[0] not in docstrings):
            words += [(token.start[0], word) for word in re.findall(r"\w+", token.string)]
    return words


def _framework_lines(path: Path) -> set[int]:
    """The lines of a module's frameworks: its top-level assignments of FRAMEWORKS."""
    lines: set[int] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) \
            else []
        if any(isinstance(target, ast.Name) and target.id in FRAMEWORKS for target in targets):
            lines |= set(range(node.lineno, node.end_lineno + 1))
    return lines


@pytest.mark.parametrize("module", STAGES)
def test_stages_name_no_part(module):
    """Adding or renaming a part is done in the registry and the part's own module: these stages only walk it."""
    stems = {part.stem for part in PARTS}
    path = Path(generator.__file__).parent / module
    frameworks = _framework_lines(path)
    found = [(line, word) for line, word in _code_words(path) if word in stems and line not in frameworks]
    assert not found, f"{module} names parts of the charter itself: {found}"


def test_the_checks_of_the_readiness_report_itself_read_only_the_networks():
    """The checks a stage declares itself (left out of the test above) read no part: every other is a part's."""
    assert readiness.RULES and all(rule.reads == (NETWORKS,) for rule in readiness.RULES)
    assert {rule.step for part in PARTS for rule in part.rules} <= set(readiness.STEPS) | set(
        step for _, steps in readiness.GROUPS for step in steps)


def test_a_part_registered_takes_its_place_and_leaves_it_when_unregistered():
    from generator import parts

    before = list(PARTS)
    extra = dataclasses.replace(parts.BY_STEM["crisis"], stem="crisis_drills")
    parts.register(extra, after="crisis")
    try:
        stems = [part.stem for part in PARTS]
        assert stems[stems.index("crisis") + 1] == "crisis_drills" and parts.BY_STEM["crisis_drills"] is extra
        assert parts.site_order().index("crisis_drills") == parts.site_order().index("crisis") + 1
        with pytest.raises(ValueError, match="already registered"):
            parts.register(extra)
    finally:
        parts.unregister("crisis_drills")
    assert PARTS == before and "crisis_drills" not in parts.BY_STEM
