"""Scalars kept as written: YAML 1.1 reads `+33612345678`, `0145670123`, `18:30`, `NO`... as numbers and
booleans; text fields show them exactly as the author typed them, number and date fields stay typed."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.commands import build
from generator.load import Source, parse_yaml
from generator.load import load_project
from generator.resources import scaffold_dir
from generator.validate import validate

from .conftest import copy_playbook, edit

TODAY = date(2026, 11, 27)


def parsed(text: str) -> Source:
    return parse_yaml(text, Source(Path("x.yml"), "x.yml"))


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


# Every trap of YAML 1.1's implicit typing, in text fields of different files of the English starter.
TRAPS = [  # file, text replaced, replacement, the value as written
    ("crisis.yml", 'phone: "+44 20 0000 0000"', "phone: +33612345678", "+33612345678"),
    ("roles.yml", "title: Customer service", "title: 0145670123", "0145670123"),
    ("comments.yml", "hours: Monday to Friday, 9 a.m. to 6 p.m.", "hours: 18:30", "18:30"),
    ("listening.yml", "where: [LinkedIn, Instagram]\n", "where: [LinkedIn, NO]\n", "NO"),
    ("audiences.yml", "name: Partners and suppliers", "name: yes", "yes"),
    ("kpis.yml", "target: 4 % on average per month", "target: 1_000", "1_000"),
    ("kpis.yml", "target: 10 per quarter", "target: 1e3", "1e3"),
    ("kpis.yml", "target: Less than 1 hour on Instagram, 4 hours on LinkedIn", "target: 2026-01-01", "2026-01-01"),
]


def _with_traps(root: Path) -> None:
    for name, old, new, _ in TRAPS:
        edit(root / "content" / name, old, new)


# --- the loader ---------------------------------------------------------------------------------

def test_loader_keeps_the_text_of_every_plain_scalar_not_read_as_text():
    source = parsed("a: +33612345678\nb: 0145670123\nc: 18:30\nd: NO\ne: 1_000\nf: 2026-01-01\ng: 1e3\n"
                    "h: .inf\ni: 42\nj: ~\nk: text\n")
    assert source.data["a"] == 33612345678 and source.data["c"] == 1110 and source.data["d"] is False
    assert source.data["g"] == "1e3"  # PyYAML's floats need a dot: 1e3 is text already
    assert source.written == {("a",): "+33612345678", ("b",): "0145670123", ("c",): "18:30", ("d",): "NO",
                              ("e",): "1_000", ("f",): "2026-01-01", ("h",): ".inf", ("i",): "42"}


def test_loader_keeps_no_text_for_quoted_scalars_keys_or_nulls():
    source = parsed("'no': '0145'\nlist: [\"18:30\", null, ~]\nyes: |\n  1e3\n")
    assert source.written == {}
    assert source.data == {"no": "0145", "list": ["18:30", None, None], "yes": "1e3\n"}


def test_loader_keeps_the_text_inside_lists_mappings_and_aliases():
    source = parsed("a: &phone +33612345678\nb: [*phone, {fr: 18:30, en: off}]\n")
    assert source.written[("b", 0)] == "+33612345678"
    assert source.written[("b", 1, "fr")] == "18:30" and source.written[("b", 1, "en")] == "off"


# --- the models -----------------------------------------------------------------------------------

def test_text_fields_of_every_file_keep_the_scalar_as_written(starter):
    _with_traps(starter)
    playbook, warnings = validate(load_project(starter), today=TODAY)
    assert playbook.crisis.contacts[0].phone == "+33612345678"
    assert "0145670123" in [role.title for role in playbook.roles.roles]
    assert playbook.comments.response_times[0].hours == "18:30"
    assert ["LinkedIn", "NO"] in [w.where for w in playbook.listening.watch]
    assert "yes" in [a.name for a in playbook.audiences.audiences]
    assert [k.target for k in playbook.kpis.kpis] == ["1_000", "2026-01-01", "1e3"]
    assert all(isinstance(k.target, str) for k in playbook.kpis.kpis)


def test_a_warning_says_what_was_kept_where_yaml_1_1_reads_otherwise(starter):
    _with_traps(starter)
    _, warnings = validate(load_project(starter), today=TODAY)
    kept = {w.message.split("'")[1]: w for w in warnings if w.code == "as-written"}
    # a date reads the same as its text in every tool: nothing to say about it
    assert set(kept) == {"+33612345678", "0145670123", "18:30", "NO", "yes", "1_000"}
    for name, _, new, written in TRAPS:
        if written in kept:
            warning = kept[written]
            path = starter / "content" / name
            assert (warning.file, warning.line) == (f"content/{name}", line_of(path, new.split("\n")[0]))
            assert warning.column == path.read_text().splitlines()[warning.line - 1].index(written) + 1
            assert warning.severity == "warning" and f'"{written}"' in warning.hint
    assert "the number 1110" in kept["18:30"].message
    assert "the number 26701907" in kept["0145670123"].message
    assert "the boolean false" in kept["NO"].message


def test_infinity_and_a_plain_number_in_text(starter):
    edit(starter / "content" / "charter.yml", "title: Social media charter of Your organisation", "title: .inf")
    edit(starter / "content" / "kpis.yml", "target: 10 per quarter", "target: 2026")
    playbook, warnings = validate(load_project(starter), today=TODAY)
    assert playbook.charter.title == ".inf"
    assert "2026" in [k.target for k in playbook.kpis.kpis]  # shown so before: nothing to say
    assert [w.message.split("'")[1] for w in warnings if w.code == "as-written"] == [".inf"]


def test_number_and_date_fields_stay_typed(starter):
    comments = starter / "content" / "comments.yml"
    edit(comments, "target_minutes: 240", "target_minutes: 0240")
    edit(comments, "target_minutes: 60", "target_minutes: 1:30")
    page = starter / "content" / "pages" / "how-to-edit-this-charter.md"
    edit(page, "order: 10", "order: 010")
    playbook, warnings = validate(load_project(starter), today=TODAY)
    assert [r.target_minutes for r in playbook.comments.response_times][:2] == [240, 90]
    assert playbook.pages[0].meta.order == 10  # not YAML 1.1's octal 8
    assert playbook.listening.audit.date == date(2026, 9, 1)
    kept = {w.message.split("'")[1]: w for w in warnings if w.code == "as-written"}
    assert "read as the number 240" in kept["0240"].message and "octal number (160)" in kept["0240"].message
    assert kept["0240"].line == line_of(comments, "target_minutes: 0240")
    assert "base 60" in kept["1:30"].message and kept["010"].file.endswith("how-to-edit-this-charter.md")
    assert kept["010"].line == line_of(page, "order: 010")


def test_a_translated_text_keeps_each_language_as_written(starter):
    edit(starter / "site_config.yml", "language: en\n", "language: en\ntranslations: [fr]\n")
    kpis = starter / "content" / "kpis.yml"
    edit(kpis, "    name: Engagement rate\n", "    name:\n      en: +4420\n      fr: NO\n")
    sources = load_project(starter)
    english, warnings = validate(sources, today=TODAY)
    french, _ = validate(sources, today=TODAY, language="fr")
    assert english.kpis.kpis[0].name == "+4420" and french.kpis.kpis[0].name == "NO"
    kept = [w for w in warnings if w.code == "as-written"]
    assert [(w.line, w.column) for w in kept] == [(line_of(kpis, "en: +4420"), 11), (line_of(kpis, "fr: NO"), 11)]


# --- the built pages ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The starter with its traps, in English and French, built once for the module's tests, which only read it."""
    starter = copy_playbook(scaffold_dir("en"), tmp_path_factory.mktemp("scalars") / "starter")
    _with_traps(starter)
    edit(starter / "site_config.yml", "language: en\n", "language: en\ntranslations: [fr]\n")
    edit(starter / "content" / "comments.yml", "hours: Monday to Saturday, 9 a.m. to 7 p.m.",
         "hours:\n      en: 09:45\n      fr: 18:45")
    build.run(starter)
    return starter / "site"


@pytest.mark.parametrize("page, shown", [
    ("crisis.html", "+33612345678"), ("roles.html", "0145670123"), ("comments.html", "18:30"),
    ("listening.html", "LinkedIn, NO"), ("audiences.html", ">yes<"), ("kpis.html", "1_000"),
    ("kpis.html", "1e3"), ("kpis.html", "2026-01-01"), ("comments.html", "09:45"), ("fr/comments.html", "18:45"),
])
def test_the_site_shows_each_value_as_written(built, page, shown):
    assert shown in (built / page).read_text(encoding="utf-8")
