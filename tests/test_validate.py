"""The validate stage: every rule, each reported at the file, line and column the author wrote."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.diagnostics import PlaybookError
from generator.load import load_project
from generator.validate import validate

from .conftest import edit


def line_of(path: Path, text: str) -> int:
    """1-based number of the first line of `path` holding `text`."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line and not line.lstrip().startswith("#"):
            return number
    raise AssertionError(f"{text!r} not in {path}")


def problems(root: Path, today: date | None = None):
    with pytest.raises(PlaybookError) as caught:
        validate(load_project(root), today=today)
    return caught.value.diagnostics


def only(root: Path, code: str):
    found = [d for d in problems(root) if d.code == code and d.severity == "error"]
    assert len(found) == 1, found
    return found[0]


def content(root: Path, name: str) -> Path:
    return root / "content" / name


def test_starter_and_example_are_valid(starter, example):
    for root in (starter, example):
        playbook, warnings = validate(load_project(root), today=date(2026, 11, 27))
        assert not warnings
        assert playbook.active_networks


def test_unknown_key_with_suggestion(starter):
    path = content(starter, "objectives.yml")
    edit(path, "    audiences: [customers, partners]", "    audience: [customers, partners]")
    problem = only(starter, "unknown-key")
    assert (problem.file, problem.line, problem.column) == ("content/objectives.yml", line_of(path, "audience:"), 5)
    assert problem.hint == "did you mean 'audiences'?"


def test_missing_required_key(starter):
    path = content(starter, "objectives.yml")
    edit(path, "    kpis: [engagement-rate]\n", "")
    problem = only(starter, "missing-key")
    assert "'kpis' is missing" in problem.message
    assert problem.line == line_of(path, "id: awareness")


def test_wrong_type_explained(starter):
    path = content(starter, "editorial.yml")
    edit(path, "      posts: 2", "      posts: twice")
    problem = only(starter, "int-parsing")
    assert problem.line == line_of(path, "posts: twice") and "whole number" in problem.message


def test_boolean_word_where_text_expected_is_kept_with_a_warning(starter):
    path = content(starter, "objectives.yml")
    edit(path, "    title: Make the organisation known beyond its home region", "    title: yes")
    playbook, warnings = validate(load_project(starter), today=date(2026, 11, 27))
    assert playbook.objectives.objectives[0].title == "yes"
    [warning] = [w for w in warnings if w.code == "as-written"]
    assert warning.line == line_of(path, "title: yes") and "boolean true" in warning.message
    assert "quotes" in warning.hint


def test_invalid_enum_value_with_suggestion(starter):
    path = content(starter, "objectives.yml")
    edit(path, "category: notoriety", "category: notoriete")
    problem = only(starter, "invalid-value")
    assert problem.line == line_of(path, "category: notoriete")
    assert problem.hint == "did you mean 'notoriety'?"


def test_invalid_id(starter):
    path = content(starter, "objectives.yml")
    edit(path, "  - id: awareness", "  - id: Awareness Goal")
    problem = only(starter, "invalid-id")
    assert problem.line == line_of(path, "id: Awareness Goal")


def test_empty_list(starter):
    path = content(starter, "objectives.yml")
    edit(path, "    kpis: [engagement-rate]", "    kpis: []")
    problem = only(starter, "empty")
    assert problem.line == line_of(path, "kpis: []")


def test_dangling_reference_names_the_known_ids(starter):
    path = content(starter, "objectives.yml")
    edit(path, "    kpis: [engagement-rate]", "    kpis: [engagement-rat]")
    problem = only(starter, "unknown-reference")
    assert (problem.line, problem.column) == (line_of(path, "engagement-rat]"), 12)
    assert "no kpi has the id 'engagement-rat'" in problem.message
    assert problem.hint == "did you mean 'engagement-rate'?"


def test_duplicate_id_points_at_the_first(starter):
    path = content(starter, "audiences.yml")
    edit(path, "  - id: partners", "  - id: customers")
    problem = only(starter, "duplicate-id")
    assert problem.line > line_of(path, "id: customers")
    assert f"content/audiences.yml:{line_of(path, 'id: customers')}" in problem.message


def test_content_mix_must_add_up_to_100(starter):
    path = content(starter, "editorial.yml")
    edit(path, "      promotion: 20", "      promotion: 25")
    problem = only(starter, "invalid")
    assert "adds up to 105 %" in problem.message
    assert problem.line == line_of(path, "- network: linkedin")


def test_escalation_needs_a_target(starter):
    path = content(starter, "comments.yml")
    edit(path, "    escalate_to: communication-director\n", "")
    problem = only(starter, "invalid")
    assert "escalate_to" in problem.message


def test_crisis_escalation_in_order_and_severities_distinct(starter):
    path = content(starter, "crisis.yml")
    edit(path, "    severity: 2", "    severity: 1")
    problem = only(starter, "invalid")
    assert "same severity" in problem.message


def test_audit_cycle_between_6_and_12_months(starter):
    path = content(starter, "listening.yml")
    edit(path, "next_due: 2027-03-01", "next_due: 2028-03-01")
    problem = only(starter, "invalid")
    assert "18 months" in problem.message and problem.file == "content/listening.yml"
    assert problem.line == line_of(path, "next_due:")


def test_overdue_audit_is_a_warning(starter):
    _, warnings = validate(load_project(starter), today=date(2027, 4, 1))
    assert [w.code for w in warnings] == ["audit-overdue"]
    assert warnings[0].line == line_of(content(starter, "listening.yml"), "next_due:")


def test_decision_tree_loops_and_unknown_branches(starter):
    path = content(starter, "comments.yml")
    edit(path, "      if_no: q-abuse", "      if_no: q-spam")
    found = problems(starter)
    loop = [d for d in found if d.code == "decision-loop"]
    assert loop and "q-spam -> q-spam" in loop[0].message
    # the questions after the loop can no longer be reached: warnings, not errors
    assert any(d.code == "unreachable" and d.severity == "warning" for d in found)


def test_decision_tree_branch_must_exist(starter):
    path = content(starter, "comments.yml")
    edit(path, "      if_yes: spam\n", "      if_yes: spamm\n")
    problem = only(starter, "unknown-reference")
    assert problem.line == line_of(path, "if_yes: spamm") and problem.hint == "did you mean 'spam'?"


def test_inactive_network_reference_in_config(starter):
    path = starter / "site_config.yml"
    edit(path, "[linkedin, instagram]", "[linkedin, instagram, tiktok]")
    problem = only(starter, "unknown-reference")
    assert problem.file == "site_config.yml" and problem.line == line_of(path, "tiktok")


def test_unknown_and_missing_files(starter):
    content(starter, "kpis.yml").rename(content(starter, "kpi.yml"))
    content(starter, "charter.yml").rename(content(starter, "charte.yml"))
    found = problems(starter)
    unknown = [d for d in found if d.code == "unknown-file"]
    missing = [d for d in found if d.code == "missing-file"]
    assert [d.file for d in unknown] == ["content/charte.yml", "content/kpi.yml"]
    assert "charter.yml" in unknown[0].hint and "kpis.yml" in unknown[1].hint
    # only the charter is required: the other parts are optional, a misspelt one is only unknown
    assert len(missing) == 1 and "charter.yml" in missing[0].message


def test_a_charter_of_three_parts_is_valid(starter):
    for stem in ("objectives", "audiences", "strategy", "resources", "editorial", "calendar", "crisis", "kpis", "results",
                 "roles", "listening"):
        content(starter, f"{stem}.yml").unlink()
    edit(content(starter, "charter.yml"), "owner: social-media-manager", "")
    comments = content(starter, "comments.yml")
    comments.write_text("\n".join(line for line in comments.read_text(encoding="utf-8").split("\n")
                                  if not line.lstrip().startswith(("owner:", "escalate_to:"))).replace(
        "action: escalate", "action: hide"), encoding="utf-8")
    for network in (starter / "content" / "networks").glob("*.yml"):
        network.write_text("\n".join(line for line in network.read_text(encoding="utf-8").split("\n")
                                     if not line.startswith("audiences:")), encoding="utf-8")
    playbook, warnings = validate(load_project(starter))
    assert warnings == []
    assert [stem for stem, part in playbook.parts.items() if part is not None] == ["charter", "comments", "personal_use"]
    # a part that names what another part defines says which file is missing
    edit(content(starter, "charter.yml"), "\ncontact:", "\nowner: social-media-manager\ncontact:")
    problem = only(starter, "unknown-reference")
    assert "roles.yml" in problem.hint


def test_empty_file(starter):
    content(starter, "audiences.yml").write_text("# nothing yet\n", encoding="utf-8")
    problem = only(starter, "empty-file")
    assert problem.file == "content/audiences.yml" and "audiences" in problem.hint


def test_free_page_front_matter_and_reserved_names(starter):
    pages = starter / "content" / "pages"
    (pages / "glossary.md").write_text("---\ntitle: Mine\n---\nText\n", encoding="utf-8")
    (pages / "extra.md").write_text("---\ntitel: Extra\n---\nText\n", encoding="utf-8")
    found = problems(starter)
    assert any(d.code == "reserved-page" and d.file == "content/pages/glossary.md" for d in found)
    bad = [d for d in found if d.code == "unknown-key"]
    assert bad and bad[0].file == "content/pages/extra.md" and bad[0].line == 2


def test_all_errors_reported_at_once(starter):
    edit(content(starter, "objectives.yml"), "category: notoriety", "category: notoriete")
    edit(content(starter, "roles.yml"), "  - id: customer-service", "  - id: Customer")
    content(starter, "kpis.yml").write_text("kpis:\n  - id: a\n  id: b\n", encoding="utf-8")
    files = {d.file for d in problems(starter)}
    assert {"content/objectives.yml", "content/roles.yml", "content/kpis.yml"} <= files


def test_content_dir_outside_the_project(starter):
    edit(starter / "site_config.yml", "content_dir: content", "content_dir: ../../etc")
    problem = only(starter, "path-outside")
    assert problem.file == "site_config.yml" and problem.line == line_of(starter / "site_config.yml", "content_dir")


def test_symlink_out_of_content(starter, tmp_path):
    outside = tmp_path / "secret.yml"
    outside.write_text("id: x\n", encoding="utf-8")
    (starter / "content" / "networks" / "evil.yml").symlink_to(outside)
    problem = only(starter, "path-outside")
    assert problem.file == "content/networks/evil.yml"


@pytest.mark.parametrize("name, old, new", [
    ("charter.yml", "owner: social-media-manager", "owner: nobody-here"),
    ("crisis.yml", "    lead: social-media-manager", "    lead: nobody-here"),
    ("editorial.yml", "  - network: linkedin", "  - network: linkdin"),
])
def test_single_value_references_are_checked(starter, name, old, new):
    path = content(starter, name)
    edit(path, old, new)
    problem = only(starter, "unknown-reference")
    assert problem.file == f"content/{name}" and problem.line == line_of(path, new.strip())


def test_a_network_listed_twice(starter):
    path = starter / "site_config.yml"
    edit(path, "networks: [linkedin, instagram]", "networks: [linkedin, instagram, linkedin]")
    problem = only(starter, "duplicate-network")
    assert problem.file == "site_config.yml" and problem.line == line_of(path, "networks: [linkedin")
