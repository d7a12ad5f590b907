"""Bounds on what a build must handle: warnings de-duplicated in linear time, sizes of files and playbooks."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.diagnostics import WARNING, Diagnostic, PlaybookError, Report
from generator.printer import format_warnings
from generator.load import MAX_FILE_BYTES, MAX_PLAYBOOK_BYTES, load_project, load_yaml
from generator.validate import validate


def warning(i: int) -> Diagnostic:
    return Diagnostic("missing-translation", f"no English text here ({i})", "content/kpis.yml", i + 1, 3,
                      severity=WARNING)


def test_a_report_of_fifty_thousand_warnings_keeps_their_order_without_duplicates():
    report = Report()
    for i in range(50_000):
        report.add(warning(i))
    report.extend(warning(i) for i in range(0, 50_000, 7))  # already there: ignored
    assert len(report.items) == 50_000
    assert [d.line for d in report.items] == list(range(1, 50_001))
    assert report.warnings == report.items and not report.errors


def test_a_report_made_from_a_list_drops_its_duplicates():
    report = Report([warning(1), warning(2), warning(1)])
    assert report.items == [warning(1), warning(2)]
    report.add(warning(2))
    assert report.items == [warning(1), warning(2)]


def test_many_warnings_in_a_terminal_read_each_file_once(tmp_path, monkeypatch):
    path = tmp_path / "content" / "kpis.yml"
    path.parent.mkdir()
    path.write_text("".join(f"line {i}\n" for i in range(5000)), encoding="utf-8")
    reads = []
    from generator import printer
    original = printer.read_bytes
    monkeypatch.setattr(printer, "read_bytes", lambda path, shown: reads.append(path) or original(path, shown))
    lines = format_warnings([warning(i) for i in range(5000)], tmp_path, every=True)
    assert len(lines) == 5000 and "line 4999" in lines[-1]
    assert len(reads) == 1


def test_a_content_file_over_the_bound_is_refused_at_its_name(starter):
    path = starter / "content" / "kpis.yml"
    path.write_bytes(path.read_bytes() + b"#" * MAX_FILE_BYTES + b"\n")
    with pytest.raises(PlaybookError) as caught:
        validate(load_project(starter))
    [problem] = [d for d in caught.value.diagnostics if d.code == "file-too-big"]
    assert problem.file == "content/kpis.yml"
    assert problem.message.startswith("content/kpis.yml is 513 KB: a content file may hold at most 512 KB")
    assert "split it" in problem.hint


def test_a_file_at_the_bound_is_read(tmp_path):
    path = tmp_path / "kpis.yml"
    path.write_bytes(b"kpis: []\n" + b"#" * (MAX_FILE_BYTES - 10) + b"\n")
    assert load_yaml(path, "kpis.yml").data == {"kpis": []}


def test_a_playbook_over_the_bound_is_refused_naming_its_largest_file(starter):
    pages = starter / "content" / "pages"
    for i in range(MAX_PLAYBOOK_BYTES // (MAX_FILE_BYTES - 1024) + 1):
        (pages / f"long-{i}.md").write_text("---\ntitle: Long\n---\n" + "A sentence.\n" * ((MAX_FILE_BYTES - 1100) // 12),
                                            encoding="utf-8")
    with pytest.raises(PlaybookError) as caught:
        validate(load_project(starter))
    [problem] = [d for d in caught.value.diagnostics if d.code == "playbook-too-big"]
    assert problem.file == "content/" and "a playbook may hold at most 1.0 MB" in problem.message
    assert "the largest file is content/pages/long-" in problem.hint


def _numbers(schema, path=()):
    """Every number or whole number a JSON schema describes, with where it is."""
    if isinstance(schema, dict):
        if schema.get("type") in ("number", "integer"):
            yield path, schema
        for key, value in schema.items():
            yield from _numbers(value, path + (key,))
    elif isinstance(schema, list):
        for i, value in enumerate(schema):
            yield from _numbers(value, path + (i,))


def test_every_number_of_the_content_has_a_lowest_and_a_highest_value():
    from generator.schema import schemas
    found = [(name, path, number) for name, schema in schemas().items() for path, number in _numbers(schema)]
    assert len(found) > 15  # targets, values, budgets, delays, years, orders, shares...
    unbounded = [(name, "/".join(map(str, path))) for name, path, number in found
                 if not ({"minimum", "exclusiveMinimum"} & set(number) and {"maximum", "exclusiveMaximum"} & set(number))]
    assert unbounded == []


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan"), 10 ** 400, "inf", "1e999"])
def test_no_model_takes_a_number_that_cannot_be_drawn(value):
    from pydantic import ValidationError
    from generator.model.planning import BudgetLine
    from generator.model.results import Measure
    from generator.model.site import PageMeta
    for model, field, others in ((Measure, "value", {"period": "2026-01"}), (PageMeta, "order", {"title": "T"}),
                                 (BudgetLine, "amount", {"category": "tools", "name": "A tool"})):
        model.model_validate({**others, field: 12})  # the rest is valid: only the number is refused
        with pytest.raises(ValidationError):
            model.model_validate({**others, field: value})
