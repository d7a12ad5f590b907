"""Playbooks in two languages: texts per language, missing translations warned and marked, a site per language."""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from generator.commands import build, check, release, serve
from generator.diagnostics import PlaybookError
from generator.load import load_project
from generator.model.language import Untranslated
from generator.resources import scaffold_dir
from generator.validate import validate

from .conftest import Built, copy_playbook, edit, made_once, read_only

TODAY = date(2026, 11, 27)


@pytest.fixture
def bilingual(starter: Path) -> Path:
    """The English starter, published in French too, with one KPI and the free page translated."""
    return translated(starter)


def translated(starter: Path) -> Path:
    edit(starter / "site_config.yml", "language: en\n", "language: en\ntranslations: [fr]\n")
    edit(starter / "content" / "kpis.yml", "    name: Engagement rate\n",
         "    name:\n      en: Engagement rate\n      fr: Taux d'engagement\n")
    page = starter / "content" / "pages" / "how-to-edit-this-charter.md"
    page.with_name("how-to-edit-this-charter.fr.md").write_text(
        "---\ntitle: Modifier cette charte\norder: 1\n---\nLe texte de la page, en français.\n", encoding="utf-8")
    return starter


@pytest.fixture(scope="session")
def _bilingual_built(tmp_path_factory) -> Built:
    def make(folder: Path) -> None:
        build.run(translated(copy_playbook(scaffold_dir("en"), folder / "playbook")))
    root = made_once(tmp_path_factory, "bilingual-built", make) / "playbook"
    return Built(root, root / "site")


@pytest.fixture
def bilingual_site(_bilingual_built, request) -> Path:
    """`bilingual` built once for the run, its site: to read, never to change."""
    with read_only(_bilingual_built.root, request):
        yield _bilingual_built.site


def kpi_name(playbook, kpi_id: str) -> str:
    return next(k.name for k in playbook.kpis.kpis if k.id == kpi_id)


def test_each_language_gets_its_own_text(bilingual):
    sources = load_project(bilingual)
    english, _ = validate(sources, today=TODAY)
    french, warnings = validate(sources, today=TODAY, language="fr")
    assert (english.lang, french.lang) == ("en", "fr")
    assert kpi_name(english, "engagement-rate") == "Engagement rate"
    assert kpi_name(french, "engagement-rate") == "Taux d'engagement"
    assert not isinstance(kpi_name(french, "engagement-rate"), Untranslated)
    # the free page has its French file
    [page] = french.pages
    assert page.meta.title == "Modifier cette charte" and "en français" in page.body


def test_a_text_written_once_is_in_the_main_language(bilingual):
    french, warnings = validate(load_project(bilingual), today=TODAY, language="fr")
    name = kpi_name(french, "response-time")
    assert isinstance(name, Untranslated) and name.lang == "en" and name == "Median response time"
    located = [w for w in warnings if w.code == "missing-translation" and w.file == "content/kpis.yml"]
    lines = (bilingual / "content" / "kpis.yml").read_text(encoding="utf-8").splitlines()
    [warning] = [w for w in located if lines[w.line - 1].strip() == "name: Median response time"]
    assert warning.severity == "warning" and warning.column == 5
    assert "no French text here: the English one is shown instead" in warning.message
    assert "'en: ...' and 'fr: ...'" in warning.hint
    # names read the same in every language: the network's name is not a missing translation
    assert not [w for w in warnings if w.file == "content/networks/linkedin.yml" and
                lines_of(bilingual, w)[w.line - 1].strip().startswith("name:")]


def the_error(root: Path):
    """The one problem `check` finds in `root`."""
    with pytest.raises(PlaybookError) as caught:
        check.run(root)
    [problem] = caught.value.diagnostics
    return problem


def lines_of(root: Path, warning) -> list[str]:
    return (root / warning.file).read_text(encoding="utf-8").splitlines()


def test_a_mapping_without_the_wanted_language_is_pointed_at_its_key(bilingual):
    edit(bilingual / "content" / "kpis.yml", "      fr: Taux d'engagement\n", "")
    french, warnings = validate(load_project(bilingual), today=TODAY, language="fr")
    assert isinstance(kpi_name(french, "engagement-rate"), Untranslated)
    [warning] = [w for w in warnings if w.code == "missing-translation" and w.file == "content/kpis.yml"
                 and lines_of(bilingual, w)[w.line - 1].strip() == "name:"]
    assert warning.hint == "add a line 'fr: ...' beside 'en: ...'"


def test_check_warns_once_per_missing_translation(bilingual):
    checked = check.run(bilingual)
    assert set(checked.translations) == {"fr"}
    missing = [w for w in checked.warnings if w.code == "missing-translation"]
    assert len(missing) == len({(w.file, w.line, w.column) for w in missing}) > 10


def test_a_single_language_playbook_may_carry_translations_quietly(starter):
    edit(starter / "content" / "kpis.yml", "    name: Engagement rate\n",
         "    name:\n      en: Engagement rate\n      fr: Taux d'engagement\n")
    playbook, warnings = validate(load_project(starter), today=TODAY)
    assert kpi_name(playbook, "engagement-rate") == "Engagement rate"
    assert not [w for w in warnings if w.code == "missing-translation"]


@pytest.mark.parametrize("old, new, code, message, line_text", [
    ("      fr: Taux d'engagement\n", "      de: Engagementrate\n", "invalid",
     "'de' is not a language of playbook", "de: Engagementrate"),
    ("      fr: Taux d'engagement\n", "      fr: ''\n", "invalid", "this text is empty (the French text)", "fr: ''"),
    ("      fr: Taux d'engagement\n", "      fr: [Taux]\n", "invalid", "expected text here (the French text)",
     "fr: [Taux]"),
])
def test_mistakes_in_a_translated_text_are_located(bilingual, old, new, code, message, line_text):
    edit(bilingual / "content" / "kpis.yml", old, new)
    problem = the_error(bilingual)
    assert (problem.code, problem.file) == (code, "content/kpis.yml") and message in problem.message
    assert lines_of(bilingual, problem)[problem.line - 1].strip() == line_text


def test_translations_cannot_repeat_the_main_language(starter):
    edit(starter / "site_config.yml", "language: en\n", "language: en\ntranslations: [fr, en]\n")
    problem = the_error(starter)
    assert problem.file == "site_config.yml" and "'en' is the main language of the site" in problem.message


def test_a_free_page_in_an_unpublished_language_is_reported(starter):
    page = starter / "content" / "pages" / "how-to-edit-this-charter.md"
    page.with_name("how-to-edit-this-charter.fr.md").write_text("---\ntitle: Modifier\n---\nTexte.\n",
                                                                 encoding="utf-8")
    checked = check.run(starter)
    [warning] = [w for w in checked.warnings if w.code == "unpublished-language"]
    assert warning.file.endswith("how-to-edit-this-charter.fr.md") and "translations" in warning.hint
    assert [p.slug for p in checked.playbook.pages] == ["how-to-edit-this-charter"]


def test_untranslated_texts_are_marked_in_the_built_pages(bilingual):
    page = bilingual / "content" / "pages" / "how-to-edit-this-charter.fr.md"
    page.unlink()
    checked = check.run(bilingual)
    assert any(w.code == "missing-translation" and w.file.endswith("how-to-edit-this-charter.md")
               for w in checked.warnings)
    site = build.run(bilingual).output
    kpis = (site / "fr" / "kpis.html").read_text(encoding="utf-8")
    assert "Taux d'engagement" in kpis
    # a text shown in English on the French site: marked, with its language, under a note
    assert '<pb-untranslated lang="en">Median response time</pb-untranslated>' in kpis
    assert "Traduction en cours" in kpis and "(EN)" in kpis
    free = (site / "fr" / "pages" / "how-to-edit-this-charter.html").read_text(encoding="utf-8")
    assert '<pb-untranslated lang="en" class="block"></pb-untranslated>' in free
    # the English site has nothing to mark
    english = (site / "kpis.html").read_text(encoding="utf-8")
    assert "<pb-untranslated" not in english and "Translation in progress" not in english
    assert '<html lang="en"' in english and '<html lang="fr"' in kpis


def switcher(page: Path) -> dict[str, str]:
    return {lang: href for href, lang in re.findall(r'<a href="([^"]*)" hreflang="(\w+)"', page.read_text(encoding="utf-8"))}


def test_a_bilingual_site_keeps_the_main_language_at_the_root(bilingual_site):
    site = bilingual_site
    assert '<html lang="en"' in (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in (site / "fr" / "index.html").read_text(encoding="utf-8")
    assert switcher(site / "networks" / "linkedin.html") == {"en": "linkedin.html",
                                                             "fr": "../fr/networks/linkedin.html"}
    assert switcher(site / "fr" / "networks" / "linkedin.html") == {"en": "../../networks/linkedin.html",
                                                                    "fr": "linkedin.html"}
    search = json.loads((site / "fr" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert search["config"]["lang"] == ["fr"]
    assert not any("/fr/" in d["location"] for d in json.loads(
        (site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]), "one index per language"


@pytest.mark.slow
def test_releases_are_published_in_the_languages_they_were_approved_in(bilingual):
    single = bilingual / "site_config.yml"
    edit(single, "translations: [fr]\n", "")
    release.run(bilingual, "1.0", "Claire Vasseur", "CEO", date(2026, 1, 10))
    edit(single, "language: en\n", "language: en\ntranslations: [fr]\n")
    edit(bilingual / "content" / "kpis.yml", "target: 4 % on average per month", "target: 5 % on average per month")
    release.run(bilingual, "2.0", "Claire Vasseur", "CEO", date(2026, 6, 1))
    built = build.run(bilingual)
    site = built.output
    assert sorted(p.name for p in site.iterdir() if p.is_dir()) == ["1.0", "2.0", "draft", "fr", "latest"]
    assert sorted(p.name for p in (site / "fr").iterdir() if p.is_dir()) == ["2.0", "draft", "latest"]
    listed = [v["version"] for v in json.loads((site / "fr" / "versions.json").read_text(encoding="utf-8"))]
    assert listed == ["2.0", "draft"]
    assert (site / "fr" / "2.0" / "charter-2.0-fr.pdf").is_file() and (site / "2.0" / "charter-2.0.pdf").is_file()
    from pypdf import PdfReader
    french = "\n".join(page.extract_text() for page in PdfReader(site / "fr" / "2.0" / "charter-2.0-fr.pdf").pages)
    english = "\n".join(page.extract_text() for page in PdfReader(site / "2.0" / "charter-2.0.pdf").pages)
    assert french.count("[EN]") > 20 and "Taux d'engagement" in french and "[EN]" not in english
    # in French, 2.0 is the first release: nothing to compare with; in English, the changes since 1.0
    assert "Première version de la charte publiée en français" in (site / "fr" / "2.0" / "changes.html").read_text(
        encoding="utf-8")
    signoff = (site / "fr" / "2.0" / "signoff.html").read_text(encoding="utf-8")
    assert re.search(r"Version précédente.*?<td>1\.0</td>", signoff, re.S), "the chain goes on through 1.0"
    assert "<del>4</del><ins>5</ins> % on average per month" in (site / "2.0" / "changes.html").read_text(encoding="utf-8")
    # 1.0 has no French version: its switcher opens the French release in force
    assert switcher(site / "1.0" / "kpis.html")["fr"] == "../fr/latest/index.html"
    # from the release in force, the other language's latest/: a reader who switches stays up to date
    assert switcher(site / "fr" / "2.0" / "kpis.html")["en"] == "../../latest/kpis.html"
    assert "Version 2.0 en vigueur" in (site / "fr" / "latest" / "index.html").read_text(encoding="utf-8")
    assert "Version 2.0 in force" in (site / "latest" / "index.html").read_text(encoding="utf-8")
    assert "Version 1.0 of 2026-01-10 — no longer in force" in (site / "1.0" / "index.html").read_text(encoding="utf-8")
    # both languages have the release in force: the entry page follows the browser's language
    assert 'var others=["fr"]' in (site / "index.html").read_text(encoding="utf-8")
    again = build.run(bilingual)
    assert sorted(again.reused) == ["en: 1.0", "en: 2.0", "fr: 2.0"]


def test_serve_refuses_a_language_the_site_is_not_published_in(starter):
    with pytest.raises(PlaybookError) as caught:
        serve.run(starter, "127.0.0.1", 0, report=lambda exc: None, language="fr")
    assert "not published in French" in caught.value.diagnostics[0].message


def test_many_missing_translations_are_counted_per_file_in_a_terminal(starter, capsys):
    from generator.cli import main
    edit(starter / "site_config.yml", "language: en\n", "language: en\ntranslations: [fr]\n")
    assert main(["check", "-C", str(starter)]) == 0
    printed = capsys.readouterr().err
    assert "texts of this file are not translated yet" in printed
    assert "content/kpis.yml:" in printed and "'playbook check -v' shows each one" in printed
    assert "no French text here" not in printed
    assert main(["check", "-v", "-C", str(starter)]) == 0
    every = capsys.readouterr().err
    assert every.count("no French text here") > 20


def test_marks_are_never_shown_as_text(starter):
    """Every text of the French site falls back to English: in macros, formatted labels, code and tables alike,
    the marks work and none is printed as text, nor indexed by the search."""
    edit(starter / "site_config.yml", "language: en\n", "language: en\ntranslations: [fr]\n")
    site = build.run(starter).output / "fr"
    pages = list(site.rglob("*.html"))
    assert len(pages) > 15
    marked = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "&lt;pb-untranslated" not in html and "&lt;/pb-untranslated" not in html, page.name
        marked += html.count('<pb-untranslated lang="en"')
    assert marked > 100
    glossary = (site / "glossary.html").read_text(encoding="utf-8")
    assert re.search(r'class="pb-term" [^>]*title="[^"\n]+\n\(EN\) ', glossary), \
        "a tooltip names the language of a definition not translated"
    assert "pb-untranslated" not in (site / "search" / "search_index.json").read_text(encoding="utf-8")
    kpis = (site / "kpis.html").read_text(encoding="utf-8")
    assert re.search(r'<pb-untranslated lang="en"><code>[^<]*reach', kpis), "a formula stays code, marked"


def test_a_translated_page_keeps_the_visibility_and_place_of_its_main_version(bilingual):
    from generator.audience import STAFF
    main = bilingual / "content" / "pages" / "how-to-edit-this-charter.md"
    edit(main, "order: 10\n", "order: 7\nvisibility: restricted\n")
    checked = check.run(bilingual)
    [page] = checked.translations["fr"].pages
    assert (page.meta.visibility, page.meta.order, page.meta.title) == ("restricted", 7, "Modifier cette charte")
    site = build.run(bilingual, bilingual / "staff", audience=STAFF).output
    assert not list(site.rglob("how-to-edit-this-charter.html"))


def test_ticked_boxes_are_kept_apart_per_language(bilingual_site):
    # the browser files ticks under the charter's folder: each language has its own
    site = bilingual_site
    store = re.compile(r'<meta name="playbook-store" content="([^"]+)">')
    assert store.search((site / "onboarding.html").read_text(encoding="utf-8")).group(1) == "./."
    assert store.search((site / "fr" / "onboarding.html").read_text(encoding="utf-8")).group(1) == "./."
    assert (site / "fr").resolve() != site.resolve()


def test_the_theme_language_cannot_be_forced_for_every_language(starter):
    edit(starter / "site_config.yml", "  theme:\n", "  theme:\n    language: fr\n")
    problem = the_error(starter)
    assert problem.code == "mkdocs-reserved" and "'theme.language' cannot be set here" in problem.message


def test_a_broken_configuration_gives_no_advice_about_languages(bilingual):
    edit(bilingual / "site_config.yml", "translations: [fr]", "translations: [de]")
    problem = the_error(bilingual)
    assert "'de' is not a valid value for 'translations'" in problem.message and problem.hint == "write one of: fr, en"


@pytest.mark.slow
def test_a_change_to_a_translation_only_is_listed_and_sealed(bilingual):
    from generator.commands import diff
    release.run(bilingual, "1.0", "Claire Vasseur", "CEO", date(2026, 1, 10))
    edit(bilingual / "content" / "kpis.yml", "      fr: Taux d'engagement\n", "      fr: Taux d'interaction\n")
    lines = diff.run(bilingual, "1.0", "draft")
    assert len(lines) == 1 and lines[0].startswith("In French only — ")
    assert "Taux d'[-engagement-]{+interaction+}" in lines[0]
    made = release.run(bilingual, "2.0", "Claire Vasseur", "CEO", date(2026, 2, 10))
    assert made.manifest.changes == lines
    site = build.run(bilingual).output
    assert "In French only" in (site / "2.0" / "changes.html").read_text(encoding="utf-8")
    # the French site lists it as a change of its own text
    french = (site / "fr" / "2.0" / "changes.html").read_text(encoding="utf-8")
    assert "<del>engagement</del><ins>interaction</ins>" in french and "seulement" not in french


def test_publishing_a_new_language_is_a_change(starter):
    from generator.commands import diff
    release.run(starter, "1.0", "Claire Vasseur", "CEO", date(2026, 1, 10))
    edit(starter / "site_config.yml", "language: en\n", "language: en\ntranslations: [fr]\n")
    lines = diff.run(starter, "1.0", "draft")
    assert lines == ["Site settings — translations: added “French”"]
    assert not any("In French only" in line for line in lines)


def test_a_translation_left_behind_by_a_change_is_reported(bilingual):
    from generator.commands import diff
    release.run(bilingual, "1.0", "Claire Vasseur", "CEO", date(2026, 1, 10))
    edit(bilingual / "content" / "kpis.yml", "      en: Engagement rate\n", "      en: Interaction rate\n")
    checked = check.run(bilingual)
    [warning] = [w for w in checked.warnings if w.code == "outdated-translation"]
    assert warning.file == "content/kpis.yml" and lines_of(bilingual, warning)[warning.line - 1].strip() == "name:"
    assert "the English text changed since release 1.0, the French one did not" in warning.message
    lines = diff.run(bilingual, "1.0", "draft")
    assert lines == ["Key performance indicators (KPIs) › Interaction rate — name: [-Engagement-]{+Interaction+} rate",
                     "French version not updated — Key performance indicators (KPIs) › Interaction rate — name: "
                     "[-Engagement-]{+Interaction+} rate"]
    # once the translation follows, nothing is left to report
    edit(bilingual / "content" / "kpis.yml", "      fr: Taux d'engagement\n", "      fr: Taux d'interaction\n")
    assert not [w for w in check.run(bilingual).warnings if w.code == "outdated-translation"]
    assert not any("not updated" in line for line in diff.run(bilingual, "1.0", "draft"))


@pytest.mark.slow
def test_a_language_the_draft_drops_keeps_its_approved_releases(bilingual):
    release.run(bilingual, "1.0", "Claire Vasseur", "CEO", date(2026, 1, 10))
    edit(bilingual / "site_config.yml", "translations: [fr]\n", "")
    built = build.run(bilingual)
    site = built.output
    assert sorted(p.name for p in (site / "fr").iterdir() if p.is_dir()) == ["1.0", "latest"]
    assert [v["version"] for v in json.loads((site / "fr" / "versions.json").read_text(encoding="utf-8"))] == ["1.0"]
    assert "url=latest/index.html" in (site / "fr" / "index.html").read_text(encoding="utf-8")
    # the English draft leads French readers to their release in force
    assert switcher(site / "draft" / "kpis.html")["fr"] == "../fr/latest/index.html"
    assert built.versions == ["en: 1.0", "en: draft", "fr: 1.0"]


def test_a_translation_removed_is_said_so_not_shown_as_a_rename(bilingual):
    from generator.commands import diff
    release.run(bilingual, "1.0", "Claire Vasseur", "CEO", date(2026, 1, 10))
    edit(bilingual / "content" / "kpis.yml", "      fr: Taux d'engagement\n", "")
    lines = diff.run(bilingual, "1.0", "draft")
    assert lines == ["In French only — Key performance indicators (KPIs) › Engagement rate — name: translation removed"]


def test_a_kind_of_content_without_a_name_in_a_translation_is_reported(bilingual):
    editorial = bilingual / "content" / "editorial.yml"
    text = editorial.read_text(encoding="utf-8")
    kind = re.search(r"^    mix:\n      (\w[\w -]*):", text, re.M).group(1)
    edit(editorial, f"      {kind}:", "      customer stories:")
    [warning] = [w for w in check.run(bilingual).warnings if "customer stories" in w.message]
    assert warning.code == "missing-translation" and "has no French name" in warning.message
    assert lines_of(bilingual, warning)[warning.line - 1].strip().startswith("customer stories:")
    # a theme of one's own names it
    edit(bilingual / "site_config.yml", "mkdocs:", "theme_dir: theme\nmkdocs:")
    (bilingual / "theme" / "strings").mkdir(parents=True)
    (bilingual / "theme" / "strings" / "fr.yml").write_text("enum:\n  mix:\n    customer stories: Témoignages\n",
                                                           encoding="utf-8")
    assert not [w for w in check.run(bilingual).warnings if "customer stories" in w.message]
