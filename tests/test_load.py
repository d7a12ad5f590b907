"""The load stage: YAML into data, with the position of every value and every read error located."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.diagnostics import PlaybookError
from generator.load import MAX_NODES, load_page, load_yaml


def write(tmp_path: Path, text: str | bytes, name: str = "part.yml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def load(tmp_path: Path, text: str | bytes):
    return load_yaml(write(tmp_path, text), "content/part.yml")


def problems(tmp_path: Path, text: str | bytes):
    with pytest.raises(PlaybookError) as caught:
        load(tmp_path, text)
    return caught.value.diagnostics


def test_values_and_their_positions(tmp_path):
    source = load(tmp_path, "objectives:\n  - id: a\n    kpis: [x, y]\n")
    assert source.data == {"objectives": [{"id": "a", "kpis": ["x", "y"]}]}
    assert source.position(("objectives", 0, "id")) == (2, 9)
    assert source.position(("objectives", 0, "kpis", 1)) == (3, 15)
    assert source.position(("objectives", 0, "kpis"), key=True) == (3, 5)
    # an unknown path falls back to its nearest known parent
    assert source.position(("objectives", 0, "missing")) == (2, 5)


def test_keys_stay_words(tmp_path):
    source = load(tmp_path, "no: 1\nyes: 2\non: 3\n")
    assert source.data == {"no": 1, "yes": 2, "on": 3}


def test_duplicate_key_is_an_error_at_the_second_key(tmp_path):
    [problem] = problems(tmp_path, "a: 1\nb:\n  c: 1\n  c: 2\n")
    assert (problem.code, problem.line, problem.column) == ("duplicate-key", 4, 3)
    assert "'c' appears twice" in problem.message and "line 3" in problem.message


def test_syntax_error_located(tmp_path):
    [problem] = problems(tmp_path, "a: 1\nb: [1, 2\nc: 3\n")
    assert problem.code == "yaml-syntax"
    assert problem.file == "content/part.yml" and (problem.line, problem.column) == (2, 4)
    assert "'[' is never closed" in problem.message


def test_tab_indentation_explained(tmp_path):
    [problem] = problems(tmp_path, "a:\n\t- b\n")
    assert problem.line == 2
    assert "tab" in problem.message and "spaces" in problem.hint


def test_python_tags_refused(tmp_path):
    [problem] = problems(tmp_path, "a: !!python/object/apply:os.system ['echo hi']\n")
    assert problem.code == "yaml-tag" and problem.line == 1


def test_alias_bomb_stops(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    [problem] = problems(tmp_path, "\n".join(lines) + "\n")
    assert problem.code == "yaml-too-big" and f"{MAX_NODES:,}" in problem.message


def test_merge_keys_work(tmp_path):
    source = load(tmp_path, "base: &b {x: 1, y: 2}\nitem:\n  <<: *b\n  y: 3\n")
    assert source.data["item"] == {"x": 1, "y": 3}


def test_not_utf8_located(tmp_path):
    [problem] = problems(tmp_path, "a: ok\nb: caf\xe9\n".encode("latin-1"))
    assert problem.code == "encoding" and (problem.line, problem.column) == (2, 7)


def test_bom_and_windows_line_endings_just_work(tmp_path):
    source = load(tmp_path, "\ufeffa: 1\r\nb: deux\r\n".encode("utf-8"))
    assert source.data == {"a": 1, "b": "deux"}
    assert source.position(("b",)) == (2, 4)


def test_empty_file_gives_no_data(tmp_path):
    assert load(tmp_path, "# only a comment\n").data is None


def test_two_documents_refused(tmp_path):
    [problem] = problems(tmp_path, "a: 1\n---\nb: 2\n")
    assert problem.code == "yaml-documents" and problem.line == 2


def test_page_front_matter_positions(tmp_path):
    path = write(tmp_path, "---\ntitle: Outils\norder: 3\n---\n# Corps\n\nTexte.\n", "outils.md")
    source = load_page(path, "content/pages/outils.md")
    assert source.data == {"title": "Outils", "order": 3}
    assert source.position(("order",)) == (3, 8)
    assert source.body.startswith("# Corps")


def test_page_without_front_matter(tmp_path):
    source = load_page(write(tmp_path, "Just text.\n", "p.md"), "content/pages/p.md")
    assert source.data == {} and source.body == "Just text.\n"


def test_alias_inside_its_own_anchor_is_located(tmp_path):
    [problem] = problems(tmp_path, "items:\n  - &a\n    id: x\n    self: *a\n")
    assert (problem.code, problem.line, problem.column) == ("yaml-recursive", 4, 11)
    assert "*a" in problem.message


def test_too_deep_nesting_is_an_error(tmp_path):
    [problem] = problems(tmp_path, "a: " + "[" * 200 + "]" * 200 + "\n")
    assert problem.code == "yaml-too-deep"


@pytest.mark.parametrize("text, line, column, named", [
    ("a: 1\nb: [x\x00]\n", 2, 6, "U+0000 NUL"),
    ("a: \x07\n", 1, 4, "U+0007 BEL (bell)"),
    ("a: café \ufffe\n", 1, 9, "U+FFFE (not a character)"),
    ("a: x\x7f\n", 1, 5, "U+007F DEL"),
])
def test_a_character_yaml_refuses_is_located_once(tmp_path, text, line, column, named):
    [problem] = problems(tmp_path, text.encode("utf-8"))
    assert (problem.code, problem.line, problem.column) == ("invisible-character", line, column)
    assert problem.message.endswith(named)


def test_a_character_yaml_refuses_in_front_matter_counts_from_the_top_of_the_page(tmp_path):
    path = write(tmp_path, "---\ntitle: A\nsub: \x00\n---\nText\n", "page.md")
    with pytest.raises(PlaybookError) as caught:
        load_page(path, "content/pages/page.md")
    [problem] = caught.value.diagnostics
    assert (problem.line, problem.column) == (3, 6)


def test_the_column_of_a_byte_that_is_not_utf8_counts_characters(tmp_path):
    [problem] = problems(tmp_path, "a: éé ".encode("utf-8") + b"\xff\n")
    assert (problem.code, problem.line, problem.column) == ("encoding", 1, 7)
