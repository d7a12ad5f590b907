"""The render stage: golden pages for each part, escaping, tooltips, theme overrides, mkdocs.yml."""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
import yaml

from generator.load import load_project
from generator.parts import PARTS
from generator.render import escape_block, render, write
from generator.resources import scaffold_dir
from generator.validate import validate

from .conftest import copy_playbook, edit

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("PLAYBOOK_UPDATE_GOLDEN") == "1"


def rendered(root: Path, theme: Path | None = None):
    playbook, _ = validate(load_project(root), today=date(2026, 11, 27))
    return render(playbook, theme)


@pytest.mark.parametrize("minimal", [False, True], ids=["full", "minimal"])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_pages_match_golden_files(tmp_path, language, minimal, monkeypatch):
    """Each page of the starters, full and minimal, as Markdown. After an intended change:
    PLAYBOOK_UPDATE_GOLDEN=1 pytest."""
    # the readiness page reads today's date (an audit due, this year's budget): the golden pages are of one day
    monkeypatch.setattr("generator.readiness.date", type("Day", (date,), {"today": classmethod(
        lambda cls: date(2026, 11, 27))}))
    site = rendered(copy_playbook(scaffold_dir(language, minimal), tmp_path / language))
    folder = GOLDEN / ("minimal" if minimal else "") / language
    produced = {page.path: page.text for page in site.pages}
    if UPDATE:
        for path, text in produced.items():
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_text(text, encoding="utf-8")
    expected = {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
                for p in folder.rglob("*.md")}
    assert sorted(produced) == sorted(expected)
    for path, text in produced.items():
        assert text == expected[path], f"{language}/{path} differs from its golden file"


def test_every_part_has_its_page_and_nav_entry(starter):
    site = rendered(starter)
    paths = [p.path for p in site.pages]
    for page in ("index", *(part.stem for part in PARTS if part.page), "glossary", "onboarding"):
        assert f"{page}.md" in paths
    nav = yaml.safe_dump(site.config["nav"])
    for path in paths:
        assert path in nav, f"{path} is not in the navigation"


def test_html_is_escaped_but_markdown_kept(starter):
    edit(starter / "content" / "charter.yml", "summary: |\n", "summary: |\n  **Bold** <img src=x onerror=alert(1)>\n")
    home = rendered(starter).page("index.md").text
    assert "**Bold** &lt;img src=x onerror=alert(1)>" in home
    assert "<img" not in home


def test_fenced_code_left_as_written():
    text = "a <b>\n```\n<keep>\n```\nc <d>"
    assert escape_block(text) == "a &lt;b>\n```\n<keep>\n```\nc &lt;d>"


def test_lexicon_terms_become_abbreviations_on_every_page(starter):
    site = rendered(starter)
    for page in site.pages:
        assert "\n*[" in page.text, page.path
    home = site.page("index.md").text
    # a term gets its capitalised and lower-case forms too
    terms = [line[2:line.index("]")] for line in home.splitlines() if line.startswith("*[")]
    assert any(t[:1].isupper() for t in terms) and any(t[:1].islower() for t in terms)


def test_user_theme_overrides_a_template_and_a_string(starter, tmp_path):
    theme = tmp_path / "theme"
    (theme / "pages").mkdir(parents=True)
    (theme / "strings").mkdir()
    (theme / "pages" / "kpis.md.j2").write_text("# {{ title }}\n\nOur own KPI page.\n", encoding="utf-8")
    (theme / "strings" / "en.yml").write_text("nav:\n  glossary: Words\n", encoding="utf-8")
    site = rendered(starter, theme)
    assert site.page("kpis.md").text.startswith("# Key performance indicators (KPIs)\n\nOur own KPI page.")
    assert {"Words": "glossary.md"} in site.config["nav"]


def test_mkdocs_settings_pass_through(starter, tmp_path):
    edit(starter / "site_config.yml", "      accent: amber", "      accent: amber\n  extra:\n    social:\n"
         "      - {icon: fontawesome/brands/linkedin, link: 'https://www.linkedin.com/company/example'}")
    site = rendered(starter)
    assert site.config["theme"]["palette"] == {"primary": "indigo", "accent": "amber"}
    assert site.config["extra"]["social"][0]["icon"] == "fontawesome/brands/linkedin"
    assert "playbook" in site.config["extra"]
    config_file = write(site, tmp_path / "out")
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    assert config["theme"]["name"] == "material" and config["theme"]["font"] is False
    assert (tmp_path / "out" / "docs" / "networks" / "linkedin.md").is_file()
    assert (tmp_path / "out" / "overrides" / "main.html").is_file()


def test_inactive_network_is_named_without_a_link(starter):
    edit(starter / "site_config.yml", "networks: [linkedin, instagram]", "networks: [linkedin]")
    site = rendered(starter)
    assert "networks/instagram.md" not in [p.path for p in site.pages]
    assert "(networks/instagram.md)" not in site.page("objectives.md").text
    assert "Instagram" in site.page("objectives.md").text


def test_french_and_english_strings_have_the_same_keys():
    from generator.resources import theme_dir

    def keys(tree, prefix=""):
        out = set()
        for key, value in tree.items():
            out |= keys(value, f"{prefix}{key}.") if isinstance(value, dict) else {f"{prefix}{key}"}
        return out

    fr, en = (yaml.safe_load((theme_dir() / "strings" / f"{lang}.yml").read_text(encoding="utf-8"))
              for lang in ("fr", "en"))
    assert keys(fr) == keys(en)


@pytest.mark.parametrize("text", [
    "```\n<img src=x onerror=alert(1)>\n\n<script>alert(2)</script>",  # a fence never closed
    "    ```\n<script>alert(3)</script>\n    ```",  # indented markers are no fence
    "```\n<x>\n~~~\n<script>alert(4)</script>",  # a fence closed by another character
])
def test_only_real_code_blocks_are_left_unescaped(text):
    assert "<script" not in escape_block(text) and "<img" not in escape_block(text)


def test_the_decision_tree_figure_and_its_text_number_the_questions_alike(example):
    import html as html_module
    import re
    page = next(p.text for p in rendered(example).pages if p.path == "comments.md")
    figure = {int(n): q for n, q in re.findall(r'<tspan[^>]*>(\d+)\. ([^<]+)</tspan>', page)}
    text = {int(n): q for n, q in re.findall(r"^(\d+)\. \*\*(.+?)\*\*", page, re.M)}
    assert len(text) >= 10 and set(figure) == set(text)
    for number, start in figure.items():  # the figure wraps a question over lines: its first line starts the text
        assert html_module.unescape(text[number]).startswith(html_module.unescape(start).strip()), number


def test_text_on_one_line_keeps_its_no_break_spaces():
    from generator.wording import one_line
    assert one_line(" 3,2\u00a0%\n pour\tune cible de 12\u202f500  ") == "3,2\u00a0% pour une cible de 12\u202f500"


@pytest.mark.parametrize("language, headings", [
    ("fr", ["Autre", "Engagement", "Portée"]),  # "Autre" (other) first, "Portée" (reach) after "Engagement"
    ("en", ["Engagement", "Other", "Reach"]),
])
def test_kpi_types_come_in_the_order_of_their_names_in_the_charters_language(tmp_path, language, headings):
    root = copy_playbook(scaffold_dir(language), tmp_path / language)
    kpis = root / "content" / "kpis.yml"
    kpis.write_text(kpis.read_text(encoding="utf-8").replace("type: satisfaction", "type: other")
                    .replace("type: conversion", "type: reach"), encoding="utf-8")
    [page] = [p for p in rendered(root).pages if p.path == "kpis.md"]
    assert [line[3:] for line in page.text.splitlines() if line.startswith("## ")] == headings


def test_the_collation_key_sets_accents_and_case_aside_first():
    from generator.wording import collation_key
    words = ["Portée", "écoute", "Autre", "Engagement", "Élan", "autre", "Zèle"]
    assert sorted(words, key=collation_key) == ["Autre", "autre", "écoute", "Élan", "Engagement", "Portée", "Zèle"]
