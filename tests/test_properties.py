"""Property-based tests: whatever the author writes, load and validate answer with located diagnostics.

(a) The loader, given any text or any bytes, returns plain data or raises PlaybookError whose
    diagnostics name the file with a line and a column >= 1; it never raises anything else.
(b) The validator, given any YAML-shaped data in place of one file of the starter, returns a
    playbook or raises PlaybookError whose diagnostics point at lines that exist in their files.
"""
from __future__ import annotations

import copy
import dataclasses
import datetime
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from generator.diagnostics import PlaybookError
from generator.load import Source, Sources, load_project, load_yaml, parse_yaml
from generator.model import Network
from generator.parts import PARTS
from generator.model.schema import unwrap
from generator.resources import scaffold_dir
from generator.validate import validate

PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
TODAY = datetime.date(2026, 11, 27)
PLAIN = (dict, list, str, bytes, int, float, bool, type(None), datetime.date)  # bytes: !!binary


# --- (a) the loader -----------------------------------------------------------------------------

# Pieces of YAML that exercise the parser's corners: structure, anchors, tags, documents, odd bytes.
FRAGMENTS = [
    "key: value", "- item", "  ", "    ", "\t", "\n", "\r\n", "\r", ": ", ":", "-", "? ", "[", "]", "{", "}",
    ",", "#", "# comment", "&a ", "*a", "<<: *a", "<<: [*a, *b]", "&b {x: 1}", "!!python/name:os.system",
    "!!python/object/apply:os.system ['true']", "!!binary aGk=", "!!set {a}", "!include x.yml", "!!str 3",
    "!!int x", "!!timestamp now", "---", "...", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "|", ">-", "'", '"',
    "'it''s'", '"\\x41\\u00e9"', '"\\q"', "2026-02-30", "2026-09-01 10:00:00", "yes", "NO", "~", "null",
    ".inf", "0x1F", "0o17", "1_000", "1e3", "\ufeff", "\x00", "\x85", "\u2028", "\x1b", "é", "日本",
    "id: a", "audiences:", "objectives:\n  - id: x\n    kpis: [a, b]", "a: 1\na: 2",
]
yaml_like_text = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=st.sampled_from(list(":-[]{},#&*!|>'\"%@`? \t\n\r\\ab1é")), max_size=120),
    st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join),
    st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("\n".join),
)


@st.composite
def damaged_yaml(draw) -> bytes:
    """YAML-like text with a few arbitrary bytes (often not UTF-8) slipped in somewhere."""
    raw = draw(yaml_like_text).encode("utf-8")
    at = draw(st.integers(0, len(raw)))
    return raw[:at] + draw(st.binary(min_size=1, max_size=4)) + raw[at:]


bytes_like_yaml = st.one_of(
    st.binary(max_size=300),
    yaml_like_text.map(lambda t: t.encode("utf-8")),
    damaged_yaml(),
    yaml_like_text.map(lambda t: b"\xef\xbb\xbf" + t.encode("utf-8")),  # with a byte order mark
)


def _check_located(error: PlaybookError, display: str) -> None:
    assert error.diagnostics, "a PlaybookError must carry at least one diagnostic"
    for d in error.diagnostics:
        assert d.file == display, d
        assert d.line >= 1 and d.column >= 1, d


def _check_plain(value: Any) -> None:
    assert isinstance(value, PLAIN), type(value)
    if isinstance(value, dict):
        for key, item in value.items():
            assert isinstance(key, str), type(key)
            _check_plain(item)
    elif isinstance(value, list):
        for item in value:
            _check_plain(item)


def _check_source(source: Source) -> None:
    _check_plain(source.data)
    for line, column in [*source.marks.values(), *source.key_marks.values()]:
        assert line >= 1 and column >= 1


@PROPERTY
@given(text=yaml_like_text)
def test_parse_yaml_never_crashes(text):
    source = Source(path=Path("content/part.yml"), display="content/part.yml")
    try:
        parse_yaml(text, source)
    except PlaybookError as error:
        _check_located(error, "content/part.yml")
    else:
        _check_source(source)


@PROPERTY
@given(raw=bytes_like_yaml)
def test_load_yaml_never_crashes(raw, tmp_path):
    path = tmp_path / "part.yml"
    path.write_bytes(raw)
    try:
        source = load_yaml(path, "content/part.yml")
    except PlaybookError as error:
        _check_located(error, "content/part.yml")
    else:
        _check_source(source)


# --- (b) the validator --------------------------------------------------------------------------

STARTER = load_project(scaffold_dir("en"))  # read only: every example replaces one file in memory


def _vocabulary() -> tuple[list[str], list[str]]:
    """Every key the models know, and every word they expect (ids of the starter, allowed values)."""
    keys: set[str] = set()
    words: set[str] = set()
    seen: set[type] = set()

    def visit(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.add(model)
        for name, info in model.model_fields.items():
            keys.add(name)
            for part in unwrap(info.annotation):
                if isinstance(part, type) and issubclass(part, BaseModel):
                    visit(part)
                elif getattr(part, "__origin__", None) is None and get_args(part) and all(
                        isinstance(a, str) for a in get_args(part)):
                    words.update(get_args(part))  # Literal[...]

    for model in [*(part.model for part in PARTS), Network]:
        visit(model)

    def ids(value: Any) -> None:
        if isinstance(value, dict):
            for key in ("id", "start", "if_yes", "if_no"):
                if isinstance(value.get(key), str):
                    words.add(value[key])
            for item in value.values():
                ids(item)
        elif isinstance(value, list):
            for item in value:
                ids(item)

    for source in STARTER.all():
        ids(source.data)
    return sorted(keys), sorted(words)


KEYS, WORDS = _vocabulary()
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(-5, 130), st.floats(), st.text(max_size=12),
    st.dates(), st.datetimes(), st.sampled_from(WORDS),
)
yaml_data = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), children, max_size=5),
    ),
    max_leaves=20,
)


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, prefix + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out += _paths(item, prefix + (i,))
    return out


@st.composite
def mutated(draw, data: Any) -> Any:
    """The starter's data with a few subtrees replaced, removed or duplicated."""
    data = copy.deepcopy(data)
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(data)[1:]  # not the whole file: the other branch of replaced_file() does that
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        last = path[-1]
        action = draw(st.sampled_from(["replace", "word", "remove", "duplicate"]))
        if action == "replace":
            parent[last] = draw(yaml_data)
        elif action == "word":  # another id or allowed value: dangling references, loops, duplicates
            parent[last] = draw(st.sampled_from(WORDS))
        elif action == "remove":
            del parent[last]
        elif isinstance(parent, list):
            parent.insert(last, copy.deepcopy(parent[last]))
        else:
            parent[last] = [parent[last], copy.deepcopy(parent[last])]
    return data


TARGETS = [*(("part", part.stem) for part in PARTS if part.required), ("network", 0), ("network", 1), ("config", None)]


@st.composite
def replaced_file(draw) -> tuple[tuple, Any]:
    target = draw(st.sampled_from(TARGETS))
    original = _source(STARTER, target).data
    # mostly the starter with a few changes (they reach the cross-file checks), sometimes anything
    data = draw(st.one_of(yaml_data, *[mutated(original)] * 3))
    return target, data


def _source(sources: Sources, target: tuple) -> Source:
    kind, key = target
    return sources.parts[key] if kind == "part" else sources.networks[key] if kind == "network" else sources.config


def _with(sources: Sources, target: tuple, source: Source) -> Sources:
    kind, key = target
    if kind == "part":
        return dataclasses.replace(sources, parts={**sources.parts, key: source})
    if kind == "network":
        networks = list(sources.networks)
        networks[key] = source
        return dataclasses.replace(sources, networks=networks)
    return dataclasses.replace(sources, config=source)


LINES = {source.display: len(source.path.read_text(encoding="utf-8").splitlines()) for source in STARTER.all()}


@PROPERTY
@given(case=replaced_file())
def test_validate_never_crashes_and_points_inside_the_file(case):
    target, data = case
    old = _source(STARTER, target)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    lines = {**LINES, old.display: max(1, len(text.splitlines()))}
    source = Source(path=old.path, display=old.display)
    try:
        parse_yaml(text, source)
    except PlaybookError as error:  # e.g. a key '<<' that YAML reads as a merge
        _check_located(error, old.display)
        return
    try:
        playbook, warnings = validate(_with(STARTER, target, source), today=TODAY)
    except PlaybookError as error:
        diagnostics = error.diagnostics
        assert any(d.severity == "error" for d in diagnostics)
    else:
        diagnostics = warnings
        assert playbook.config is not None
    for d in diagnostics:
        assert d.file in lines, d
        assert 1 <= d.line <= lines[d.file], f"{d} (the file has {lines[d.file]} lines)"
        assert d.column >= 1, d


def test_the_starter_itself_is_valid():
    playbook, warnings = validate(STARTER, today=TODAY)
    assert playbook.networks and not warnings


@pytest.mark.parametrize("text", ["a: [1, 2\n", "\ta: 1\n", "a: 1\n---\nb: 2\n", "a: !!python/name:os.system\n"])
def test_known_errors_are_located(text):
    with pytest.raises(PlaybookError) as caught:
        parse_yaml(text, Source(path=Path("x.yml"), display="content/x.yml"))
    _check_located(caught.value, "content/x.yml")


@pytest.mark.parametrize("text", [
    pytest.param("date: !!timestamp soon\n", id="timestamp-tag-on-a-word"),
    pytest.param("approved: !!bool maybe\n", id="bool-tag-on-a-word"),
    pytest.param("minutes: !!int\n", id="empty-int-tag"),
    pytest.param("share: !!float\n", id="empty-float-tag"),
    pytest.param("&a [*a]\n", id="alias-inside-its-anchor"),
    pytest.param("base: &a\n  <<: *a\n  x: 1\n", id="mapping-merging-itself"),
    pytest.param("a: " + "[" * 1000 + "]" * 1000 + "\n", id="thousand-nested-lists"),
])
def test_inputs_that_once_crashed_the_loader_are_located_errors(text):
    with pytest.raises(PlaybookError) as caught:
        parse_yaml(text, Source(path=Path("x.yml"), display="content/x.yml"))
    _check_located(caught.value, "content/x.yml")
