"""Measured results: values by hand and from the networks' CSV exports, their status, the page, the PDF and the diff."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from generator.changes import compare, describe
from generator.diagnostics import PlaybookError
from generator.load import load_project
from generator.messages import translate
from generator.model.results import Indicator, Measure
from generator.render import render
from generator.results_import import number_of, period_of
from generator.results_view import BEHIND, NO_DATA, ON_TRACK, status, tick, with_unit
from generator.theme import load_strings
from generator.validate import validate

from .conftest import copy_playbook, edit

TODAY = date(2026, 11, 27)
RESULTS = "content/results"
IMPORT = """
imports:
  - file: instagram.csv
    kpi: engagement-rate
    period_column: Date
    value_column: Engagement rate
    network_column: Network
    network: Instagram
    combine: mean
  - file: dashboard.csv
    kpi_column: Indicator
    period_column: Month
    value_column: Value
"""


def _check(root: Path):
    return validate(load_project(root), today=TODAY)


def _problems(root: Path) -> list[tuple[str, str, str]]:
    with pytest.raises(PlaybookError) as caught:
        _check(root)
    return [(d.where, d.message, d.hint) for d in caught.value.diagnostics if d.severity == "error"]


def _with_csv(root: Path, files: dict[str, str], mapping: str = IMPORT) -> Path:
    (root / RESULTS).mkdir()
    for name, text in files.items():
        (root / RESULTS / name).write_text(text, encoding="utf-8")
    results = root / "content" / "results.yml"
    results.write_text(results.read_text(encoding="utf-8") + mapping, encoding="utf-8")
    return root


GOOD_INSTAGRAM = ("Date;Network;Reach;Engagement rate\n"
                  "01/04/2026;Instagram;1 200;3,5 %\n"
                  "15/04/2026;Instagram;1 300;4,5 %\n"
                  "01/04/2026;LinkedIn;900;9,9 %\n"
                  "2026-05-01;instagram;1 500;\n"  # not measured: a gap
                  "\"2026-06-03T08:00\";Instagram;1 600;\"4,2 %\"\n")
GOOD_DASHBOARD = ("Month,Indicator,Value\n"
                  "2026-04,response-time,\"1,045.5\"\n"
                  "2026-05,response-time,50\n")


@pytest.mark.parametrize("text, period", [("2026-03", "2026-03"), ("2026-03-15", "2026-03"), ("15/03/2026", "2026-03"),
                                          ("5.3.2026", "2026-03"), ("03/2026", "2026-03"), ("2026/3", "2026-03"),
                                          ("2026-03-15T08:30:00Z", "2026-03"), ("15/03/2026 08:30", "2026-03"),
                                          ("31/02/2026", None), ("2026-13", None), ("March 2026", None), ("", None)])
def test_periods_are_months_read_from_the_usual_date_formats(text, period):
    assert period_of(text) == period


@pytest.mark.parametrize("text, value", [("3.5", 3.5), ("3,5", 3.5), ("3,5 %", 3.5), ("1 234,5", 1234.5),
                                         ("1\u202f234\u00a0567", 1234567), ("1,234.5", 1234.5), ("1.234,5", 1234.5),
                                         ("1,234,567", 1234567), ("\u22122", -2), ("12%", 12), ("abc", None),
                                         ("3,5,x", None), ("--2", None), ("4 5", None), ("12 34,5", None)])
def test_numbers_are_read_with_a_decimal_comma_spaces_and_percent_signs(text, value):
    assert number_of(text) == value


@pytest.mark.parametrize("text, value", [("820,000", 820000), ("1,234.5", 1234.5), ("3.5", 3.5), ("3,5", None),
                                         ("12,34", None)])
def test_in_a_file_of_commas_a_comma_inside_a_number_separates_thousands(text, value):
    assert number_of(text, decimal_comma=False) == value


@pytest.mark.parametrize("value, unit, language, shown, scale", [
    (1250000, "people", "en", "1,250,000\u00a0people", "1.25M"),
    (1250000, "personnes", "fr", "1\u00a0250\u00a0000\u00a0personnes", "1,25\u00a0M"),
    (800000, "", "en", "800,000", "800k"), (3.5, "%", "en", "3.5%", "3.5%"),
    (3.5, "%", "fr", "3,5\u00a0%", "3,5\u00a0%"),
    (45, "min", "fr", "45\u00a0min", "45\u00a0min"), (2.0, "", "en", "2", "2")])
def test_values_are_written_as_each_language_writes_numbers(value, unit, language, shown, scale):
    assert with_unit(value, unit, language) == shown
    assert tick(value, unit, language) == scale


@pytest.mark.parametrize("direction, values, expected", [
    ("higher", [2.0, 3.5], ON_TRACK),  # at the target
    ("higher", [4.0, 3.4], BEHIND),  # the latest value counts, not the best
    ("lower", [90, 60], ON_TRACK),
    ("lower", [50, 61], BEHIND),
    ("higher", [], NO_DATA),
])
def test_status_compares_the_latest_value_with_the_target_in_the_indicators_direction(direction, values, expected):
    target = 3.5 if direction == "higher" else 60
    measures = [Measure(period=f"2026-0{i + 1}", value=v) for i, v in enumerate(values)]
    # written out of order: the latest month decides
    assert status(Indicator(kpi="k", target=target, direction=direction, measures=measures[::-1])) == expected


def test_csv_values_are_added_to_those_written_by_hand(starter):
    _with_csv(starter, {"instagram.csv": GOOD_INSTAGRAM, "dashboard.csv": GOOD_DASHBOARD})
    playbook, warnings = _check(starter)
    assert warnings == []
    measured = {i.kpi: [(m.period, m.value) for m in i.measures] for i in playbook.results.indicators}
    # April's two Instagram days are averaged, LinkedIn's row left out, May not measured
    assert measured["engagement-rate"] == [("2026-01", 3.1), ("2026-02", 3.4), ("2026-03", 3.8), ("2026-04", 4.0),
                                           ("2026-06", 4.2)]
    assert measured["response-time"] == [("2026-01", 75), ("2026-02", 58), ("2026-03", 52), ("2026-04", 1045.5),
                                         ("2026-05", 50)]


BAD_DASHBOARD = ("Month,Indicator,Value\n"
                 "2026-04,engagment-rate,3.9\n"
                 "2026-04,response-time,4 5\n"
                 "April,response-time,50\n"
                 "2026-05,response-time,50\n"
                 "2026-03,response-time,40\n"
                 "2026-05,response-time,51\n")


def test_bad_files_are_reported_at_their_file_row_and_column_in_english_and_french(starter):
    instagram = "Day;Network;Rate\n01/04/2026;Instagram;3,5\n"
    _with_csv(starter, {"instagram.csv": instagram, "dashboard.csv": BAD_DASHBOARD})
    found = _problems(starter)
    assert found == [
        ("content/results/instagram.csv:1:1", "no column 'Date' in this file; its columns are: 'Day', 'Network', "
         "'Rate'", "fix period_column of the import of this file in content/results.yml, or the first line of the "
         "file"),
        ("content/results/instagram.csv:1:1", "no column 'Engagement rate' in this file; its columns are: 'Day', "
         "'Network', 'Rate'", "fix value_column of the import of this file in content/results.yml, or the first "
         "line of the file"),
        ("content/results/dashboard.csv:2:9", "'engagment-rate' is not the id of an indicator of kpis.yml",
         "did you mean 'engagement-rate'?"),
        ("content/results/dashboard.csv:3:23", "'4 5' is not a number", "write a number such as 1234.5, 1 234,5 or "
         "3,5 %; leave the cell empty where nothing was measured"),
        ("content/results/dashboard.csv:4:1", "'April' is not a month or a date",
         "write a month as 2026-03, or a date as 2026-03-15 or 15/03/2026"),
        ("content/results/dashboard.csv:7:1", "the month 2026-05 of 'response-time' is given twice in this file, "
         "first at line 5", "keep one line a month, or say how to combine them: combine: sum, mean or last"),
        ("content/results/dashboard.csv:6:1", "the month 2026-03 of 'response-time' is already given at "
         "content/results.yml:31:18", "give each month of an indicator one value"),
    ]
    french = [translate(d, "fr") for d in _diagnostics(starter)]
    assert all(covered for _, covered in french), [d.message for d, covered in french if not covered]
    assert [d.message for d, _ in french][2:5] == [
        "'engagment-rate' n'est l'id d'aucun indicateur de kpis.yml", "'4 5' n'est pas un nombre",
        "'April' n'est ni un mois ni une date"]


def _diagnostics(root: Path):
    with pytest.raises(PlaybookError) as caught:
        _check(root)
    return [d for d in caught.value.diagnostics if d.severity == "error"]


def test_a_missing_file_an_open_quote_and_a_mapping_without_indicator_are_located(starter):
    mapping = """
imports:
  - file: instagram.csv
    kpi: engagement-rate
    period_column: Date
    value_column: Rate
  - file: dashbord.csv
    kpi: response-time
    period_column: Month
    value_column: Value
"""
    _with_csv(starter, {"instagram.csv": "Date;Rate\n\"2026-04;3,5\n", "dashboard.csv": "Month,Value\n"}, mapping)
    found = _problems(starter)
    assert ("content/results.yml:51:11", "no file 'dashbord.csv' in content/results/", "did you mean "
            "'dashboard.csv'?") in found
    assert ("content/results/instagram.csv:2:1", "a quoted cell is not closed on its line",
            "close the quote with '\"', or remove it") in found
    edit(starter / "content" / "results.yml", "    kpi: response-time\n",
         "    kpi: response-time\n    kpi_column: KPI\n")
    assert _problems(starter) == [("content/results.yml:52:5", "name the indicator once: either 'kpi' (for every "
                                   "row) or 'kpi_column' (a column giving each row's indicator)", "")]


def test_the_page_shows_a_chart_a_table_and_a_summary_per_objective(starter):
    _with_csv(starter, {"instagram.csv": GOOD_INSTAGRAM, "dashboard.csv": GOOD_DASHBOARD})
    playbook, _ = _check(starter)
    text = render(playbook).page("results.md").text
    assert text.count('<svg xmlns="http://www.w3.org/2000/svg" role="img"') == 2
    assert "<title id=\"chart-engagement-rate-title\">Engagement rate: values measured each month against the " \
           "target of 4%</title>" in text
    assert "| Month | Value | Target met |" in text and "| April 2026 | 4% | yes |" in text
    assert "| May 2026 | 50\u00a0min | yes |" in text
    assert '<span class="playbook-result-status playbook-result-status--on_track">On track</span>: 4.2% in June 2026, ' \
           "against a target of 4%." in text
    # response time goes down: 50 min is on track against 60; the third objective adds no data yet
    assert "Reply to everyone quickly" not in text or "2 of 2 indicators on track" in text
    summaries = [line for line in text.splitlines() if line.startswith("- **[")]
    assert summaries and all("indicator" in line and "on track" in line for line in summaries), summaries
    assert "<script" not in text and "http" not in text.split("## By indicator")[1].split("<svg")[0]


def test_an_indicator_behind_is_named_in_its_objectives_summary(starter):
    playbook, _ = _check(starter)
    text = render(playbook).page("results.md").text
    assert "0 of 1 indicator on track; Engagement rate behind: 3.8% against 4%, last measured in March 2026" in text


def test_diff_names_changed_results_in_the_charters_words(starter, tmp_path):
    old = copy_playbook(starter, tmp_path / "old")
    edit(starter / "content" / "results.yml", "- {period: \"2026-02\", value: 3.4}",
         "- {period: \"2026-02\", value: 3.6}")
    edit(starter / "content" / "results.yml", "    target: 60\n", "    target: 45\n")
    _with_csv(starter, {"dashboard.csv": GOOD_DASHBOARD}, "\nimports:\n  - file: dashboard.csv"
              + IMPORT.split("  - file: dashboard.csv")[1])
    strings = load_strings("en")
    lines = [describe(c, strings) for c in compare(_check(old)[0], _check(starter)[0], strings)]
    assert lines == [
        "Measured results › Engagement rate › Values measured › 2026-02 — value: 3.4 → 3.6",
        "Measured results › Median response time — target: 60 → 45",
        "Measured results › Median response time › Values measured: added “2026-04”",
        "Measured results › Median response time › Values measured: added “2026-05”",
        "Measured results › Imported files: added “dashboard.csv”",
    ], lines


def test_a_playbook_without_results_has_no_results_page(starter):
    (starter / "content" / "results.yml").unlink()
    playbook, _ = _check(starter)
    site = render(playbook)
    assert all(page.path != "results.md" for page in site.pages)
    assert "results.md" not in str(site.config["nav"])


def test_check_prints_a_bad_cell_with_its_line_and_a_caret_in_the_playbooks_language(example, capsys):
    from generator import cli
    export = example / RESULTS / "statistiques-reseaux.csv"
    edit(export, "01/06/2026;Instagram;27;127 100;3,1 %", "01/06/2026;Instagram;27;127 100;3,1 %%")
    assert cli.main(["check", "-C", str(example)]) == 1
    printed = capsys.readouterr()
    assert "content/results/statistiques-reseaux.csv:16:33: erreur: '3,1 %%' n'est pas un nombre\n" \
           "  16 | 01/06/2026;Instagram;27;127 100;3,1 %%\n" \
           "                                       ^\n" in printed.out + printed.err


def test_the_example_follows_a_year_of_results_on_track_behind_with_gaps_and_without_data(example):
    playbook, warnings = _check(example)
    indicators = {i.kpi: i for i in playbook.results.indicators}
    assert {kpi: status(i) for kpi, i in indicators.items()} == {
        "taux-engagement": BEHIND, "portee": ON_TRACK, "relais-ambassadeurs": ON_TRACK,
        "satisfaction-reponses": ON_TRACK, "delai-reponse": ON_TRACK, "demandes-pro": BEHIND, "candidatures": NO_DATA}
    assert len(indicators["taux-engagement"].measures) == 12  # from the Instagram rows of a French export
    assert [m.value for m in indicators["portee"].measures][::11] == [820000, 1150000]  # "820,000" in a file of commas
    assert [m.period for m in indicators["relais-ambassadeurs"].measures][:3] == ["2025-11", "2025-12", "2026-02"]


def test_the_staff_site_shows_no_result_of_a_restricted_indicator(starter, tmp_path):
    from generator.audience import STAFF, for_audience
    restricted = "    visibility: restricted\n"
    edit(starter / "content" / "kpis.yml", "  - id: engagement-rate\n", "  - id: engagement-rate\n" + restricted)
    edit(starter / "content" / "results.yml", "  - kpi: response-time\n", "  - kpi: response-time\n" + restricted)
    playbook, _ = _check(starter)
    team = render(playbook).page("results.md").text
    assert "Engagement rate" in team and "Median response time" in team
    staff = for_audience(playbook, STAFF)
    text = render(staff).page("results.md").text
    assert "Engagement rate" not in text and "Median response time" not in text and "<svg" not in text


HUGE = "1" * 400


@pytest.mark.parametrize("cell, shown", [(HUGE, "'111111111111… (400 digits)'"), ("1e999", None),
                                         ("2 000 000 000 000", "'2 000 000 000 000'")])
def test_a_cell_beyond_any_measure_is_refused_at_its_row_and_column(starter, cell, shown):
    dashboard = f"Month;Indicator;Value\n2026-04;response-time;{cell}\n"
    _with_csv(starter, {"instagram.csv": GOOD_INSTAGRAM, "dashboard.csv": dashboard})
    found = _problems(starter)
    if shown is None:  # '1e999' is no number a spreadsheet writes
        assert found == [("content/results/dashboard.csv:2:23", "'1e999' is not a number", found[0][2])]
        return
    assert found == [("content/results/dashboard.csv:2:23", f"{shown} is out of range: write a number from "
                      "-1000000000000 to 1000000000000", "a value is measured in the indicator's unit, as "
                      "results.yml writes its target")]
    french = [translate(d, "fr") for d in _diagnostics(starter)]
    assert all(covered for _, covered in french)
    assert french[0][0].message.startswith(f"{shown} est hors limites : écrivez un nombre de -1000000000000 à ")


def test_a_sum_of_rows_beyond_any_measure_is_refused_at_the_months_first_row(starter):
    rows = "".join(f"2026-04;response-time;900 000 000 000\n" for _ in range(3))
    _with_csv(starter, {"instagram.csv": GOOD_INSTAGRAM, "dashboard.csv": "Month;Indicator;Value\n" + rows},
              IMPORT + "    combine: sum\n")
    assert _problems(starter) == [("content/results/dashboard.csv:2:1", "the sum of the rows of the month 2026-04 of "
                                   "'response-time' is 2700000000000, out of range", "a value must be from "
                                   "-1000000000000 to 1000000000000: check the rows of this month")]


@pytest.mark.parametrize("written, message", [
    (".inf", "an infinite number is out of range: write a number from -1000000000000 to 1000000000000"),
    ("-.inf", "an infinite number is out of range: write a number from -1000000000000 to 1000000000000"),
    (".nan", "'.nan' is not a number: write a number from -1000000000000 to 1000000000000"),
    ("1.79e308", "1.79e308 is out of range for 'target': it must be at most 1000000000000"),
    ("-1.79e+308", "-1.79e+308 is out of range: write a number from -1000000000000 to 1000000000000"),
    (HUGE, "111111111111… (400 digits) is out of range: write a number from -1000000000000 to 1000000000000"),
    ("2.5e12", "2.5e12 is out of range for 'target': it must be at most 1000000000000"),
])
def test_a_target_or_value_that_no_chart_can_draw_is_refused_at_its_line_and_column(starter, written, message):
    results = starter / "content" / "results.yml"
    edit(results, "    target: 4\n", f"    target: {written}\n")
    edit(results, "{period: \"2026-02\", value: 3.4}", f"{{period: \"2026-02\", value: {written}}}")
    found = _problems(starter)
    assert [where for where, _, _ in found] == ["content/results.yml:17:13", "content/results.yml:21:36"]
    assert [m for _, m, _ in found] == [message, message.replace("'target'", "'value'")]
    french = [translate(d, "fr") for d in _diagnostics(starter)]
    assert all(covered for _, covered in french), [d.message for d, covered in french if not covered]


def test_a_number_too_long_for_any_reader_is_located_and_cut_in_its_message(starter):
    edit(starter / "content" / "results.yml", "    target: 4\n", f"    target: {'9' * 5000}\n")
    [(where, message, hint)] = _problems(starter)
    assert (where, message) == ("content/results.yml:17:13", "'999999999999… (5000 digits)' is too large a number "
                                "to be read")
    assert hint == "write a number of at most 15 digits: no value of a playbook takes more"
    assert all(covered for _, covered in (translate(d, "fr") for d in _diagnostics(starter)))


RENDER_RESULTS = """
import sys
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from generator.load import load_project
from generator.render import render
from generator.validate import validate
playbook, _ = validate(load_project(Path(sys.argv[1])), today=date.fromisoformat(sys.argv[2]))
Path(sys.argv[3]).write_text(render(playbook).page("results.md").text, encoding="utf-8")
print("matplotlib" in sys.modules)
"""


def _render_results(root: Path, cache: Path, page: Path) -> tuple[bool, str]:
    """The example's results page rendered by a fresh process with `cache` as the user's cache folder: whether
    matplotlib was imported, and the page."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    done = subprocess.run([sys.executable, "-c", RENDER_RESULTS, str(root), TODAY.isoformat(), str(page)], env=env,
                          capture_output=True, text=True, check=True)
    return done.stdout.strip() == "True", page.read_text(encoding="utf-8")


def test_charts_are_drawn_once_then_read_back_the_same_without_matplotlib(example, tmp_path):
    drawn, first = _render_results(example, tmp_path / "cache", tmp_path / "first.md")
    assert drawn and first.count("<svg") == 6
    assert len(list((tmp_path / "cache" / "playbook" / "charts").glob("*.svg"))) == 6
    drawn, second = _render_results(example, tmp_path / "cache", tmp_path / "second.md")
    assert not drawn and second == first
    # another target is another chart: drawn again, the others read back
    edit(example / "content" / "results.yml", "target: 3.5", "target: 3.6")
    drawn, third = _render_results(example, tmp_path / "cache", tmp_path / "third.md")
    assert drawn and third != first and len(list((tmp_path / "cache" / "playbook" / "charts").glob("*.svg"))) == 7


def test_a_chart_changed_in_the_cache_is_drawn_again(example, tmp_path):
    _, first = _render_results(example, tmp_path / "cache", tmp_path / "first.md")
    for entry in (tmp_path / "cache" / "playbook" / "charts").glob("*.svg"):
        signature, _, body = entry.read_text(encoding="utf-8").partition("\n")
        entry.write_text(signature + "\n" + body.replace("<path", "<script>alert(1)</script><path", 1), encoding="utf-8")
    drawn, again = _render_results(example, tmp_path / "cache", tmp_path / "again.md")
    assert drawn and again == first and "<script" not in again
    drawn, _ = _render_results(example, tmp_path / "cache", tmp_path / "third.md")
    assert not drawn  # the entries were written again, as drawn
