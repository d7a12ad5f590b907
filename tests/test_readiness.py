"""The readiness report: the ten steps of the method, what the content covers and what to write next."""
from __future__ import annotations

from datetime import date

from generator.load import load_project
from generator.readiness import STEPS, assess, text_report
from generator.render import render
from generator.theme import load_strings
from generator.validate import validate

from .conftest import edit
from .test_cli import playbook as run_cli


def report_of(root, today=date(2026, 11, 27)):
    playbook, _ = validate(load_project(root), today=today)
    return playbook, assess(playbook, today)


def failing(report) -> dict[str, list[str]]:
    return {c.name: c.missing or c.absent for c in report.checks if not c.passed}


def test_every_step_is_checked(starter):
    _, report = report_of(starter)
    assert [s for s in STEPS if report.step(s)] == STEPS


def test_starter_shows_what_to_write_next(starter):
    _, report = report_of(starter)
    gaps = failing(report)
    assert gaps["kpi_kinds"] == ["roa", "roi", "roni"]
    assert gaps["people_named"] == ["Customer service"]
    done, total = report.score()
    assert 0 < done < total


def test_a_check_passes_once_the_content_is_written(starter):
    edit(starter / "content" / "roles.yml", "  - id: customer-service\n",
         "  - id: customer-service\n    people: [{name: Sam Lee}]\n")
    _, report = report_of(starter)
    assert "people_named" not in failing(report)


def test_overdue_audit_and_missing_calendar(starter):
    (starter / "content" / "calendar.yml").unlink()
    _, report = report_of(starter, today=date(2027, 6, 1))
    gaps = failing(report)
    assert gaps["audit_current"] == ["2027-03-01"] and gaps["calendar"] == ["calendar.yml"]


def test_report_in_both_languages_and_as_a_page(starter):
    playbook, report = report_of(starter)
    for language in ("fr", "en"):
        text = text_report(report, load_strings(language))
        assert text.count("✗") == len(failing(report)) and text.count("✓") == report.score()[0]
    page = render(playbook).page("readiness.md").text
    assert "### 10. Evaluation and adjustment" in page and "!!! warning" in page


def test_check_report_from_the_command_line(starter):
    result = run_cli("check", "--report", cwd=starter)
    assert result.returncode == 0, result.stderr
    assert "Readiness of the charter" in result.stdout and "Write next: " in result.stdout


def test_a_small_charter_is_scored_on_what_it_has(starter):
    for stem in ("objectives", "audiences", "strategy", "editorial", "calendar", "crisis", "kpis", "results", "listening",
                 "ambassadors"):
        (starter / "content" / f"{stem}.yml").unlink()
    for network in (starter / "content" / "networks").glob("*.yml"):  # no audiences.yml: they name none
        network.write_text("\n".join(line for line in network.read_text(encoding="utf-8").split("\n")
                                     if not line.startswith("audiences:")), encoding="utf-8")
    _, report = report_of(starter)
    absent = {c.name: c.absent for c in report.checks if c.absent}
    assert absent["kpi_kinds"] == ["kpis.yml"] and absent["audiences_aimed"] == ["audiences.yml", "objectives.yml"]
    assert all(not c.missing for c in report.checks if c.absent)  # what is not written is not run
    present = [c for c in report.checks if not c.absent]
    assert {c.name for c in present} >= {"reply_templates", "approval_rule", "people_named", "lexicons"}
    strings = load_strings("fr")
    text = text_report(report, strings)
    assert "Pas encore couvert par cette charte : elle n'a pas de kpis.yml." in text
