"""The staff site: every restricted entry is absent from every file, not hidden."""
from __future__ import annotations

import gzip
import json
import re
from datetime import date
from pathlib import Path

import pytest
from pydantic import BaseModel
from pypdf import PdfReader

from generator.audience import STAFF, for_audience
from generator.commands import build
from generator.load import load_project
from generator.validate import validate


def _texts(value, inside_restricted: bool = False, found=None):
    """Every text of a playbook, split into (restricted, public)."""
    found = found if found is not None else (set(), set())
    if isinstance(value, BaseModel):
        restricted = inside_restricted or getattr(value, "visibility", "public") == "restricted"
        for name in type(value).model_fields:
            if name != "visibility":
                _texts(getattr(value, name), restricted, found)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _texts(item, inside_restricted, found)
    elif isinstance(value, dict):
        for item in value.values():
            _texts(item, inside_restricted, found)
    elif isinstance(value, str) and len(value) >= 6:
        found[0 if inside_restricted else 1].add(value.strip())
    return found


def secrets(root: Path) -> set[str]:
    """Texts that only restricted entries hold, in the draft and every release, in every language: none may
    reach the staff site."""
    folders = [root] + sorted(p for p in (root / "releases").glob("*") if p.is_dir())
    restricted, public = set(), set()
    for folder in folders:
        sources = load_project(folder)
        main, _ = validate(sources, today=date(2026, 11, 27))
        for language in main.config.languages:
            playbook, _ = validate(sources, today=date(2026, 11, 27), language=language)
            restricted |= _texts(list(vars(playbook).values()))[0]
            public |= _texts(list(vars(for_audience(playbook, STAFF)).values()))[1]
    return {text for text in restricted
            if not any(text in other for other in public) and not _plural_of_public(text, public)}


def _plural_of_public(text: str, public: set[str]) -> bool:
    """A single word that is the plural of a word the staff site shows ('campaigns', a restricted budget category,
    beside 'campaign' in a public text): the search index holds it as another form of that public word, for a
    reader who types the plural, so finding it there says nothing of the restricted entry."""
    return text.isalpha() and text[-1:] in ("s", "x") and any(text[:-1] in other for other in public)


def every_text(site: Path) -> str:
    chunks = []
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        if path.suffix == ".pdf":
            chunks += [page.extract_text() for page in PdfReader(path).pages]
        elif path.suffix == ".gz":
            chunks.append(gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace"))
        else:
            chunks.append(path.read_bytes().decode("utf-8", errors="replace"))
    return "\n".join(chunks)


@pytest.fixture
def both_sites(example_built, example_staff_built):
    """The example and its sites for the team and for the staff, built once for the run (conftest.py): to read."""
    return example_built.root, example_built.site, example_staff_built.site


def test_restricted_values_are_absent_from_every_staff_file(both_sites):
    root, team, staff = both_sites
    values = secrets(root)
    assert len(values) >= 15, "the example marks crisis contacts and a holding statement restricted"
    staff_text, team_text = every_text(staff), every_text(team)
    leaked = sorted(v for v in values if v in staff_text)
    assert leaked == []
    # the same values are in the team's site, so the check above can fail
    assert sum(v in team_text for v in values) >= len(values) * 0.8


def test_staff_site_still_has_the_public_charter(both_sites):
    _, _, staff = both_sites
    crisis = (staff / "latest" / "crisis.html").read_text(encoding="utf-8")
    assert "Niveaux de crise" in crisis and "Vigilance" in crisis
    assert (staff / "draft" / "networks" / "tiktok.html").is_file()
    crisis = (staff / "en" / "draft" / "crisis.html").read_text(encoding="utf-8")
    assert "Crisis levels" in crisis and "Watch" in crisis
    # every crisis contact of the example is restricted: the staff page says where they are, not an empty table
    draft = (staff / "draft" / "crisis.html").read_text(encoding="utf-8")
    assert "Les contacts de crise sont réservés à l'équipe social media" in draft.replace("&#x27;", "'")
    assert "Les contacts de crise sont réservés" not in (both_sites[1] / "draft" / "crisis.html").read_text("utf-8")


def test_the_readiness_page_is_for_the_team_only(both_sites):
    """It names the content's files and what the authors should write next: not a page for every reader."""
    _, team, staff = both_sites
    for version in ("draft", "latest", "1.0", "en/draft"):
        assert (team / version / "readiness.html").is_file(), version
        assert 'href="readiness.html"' in (team / version / "index.html").read_text(encoding="utf-8"), version
        assert not (staff / version / "readiness.html").exists(), version
        home = (staff / version / "index.html").read_text(encoding="utf-8")
        assert "readiness.html" not in home and "État de préparation" not in home, version
        assert "readiness" not in (staff / version / "search" / "search_index.json").read_text(encoding="utf-8")


def test_the_budget_reaches_no_file_of_the_staff_site(both_sites):
    """resources.yml is the team's unless it says otherwise: no page, menu entry, search entry, sitemap line or PDF of
    the staff site holds a line, an amount or a total of it."""
    _, team, staff = both_sites
    budget = ["Photographe pour les collections", "Sous-titrage des vid", "Photographer for the collections",
              "Video subtitling", "Publishing, moderation and analytics tool", "46&nbsp;640", "46,640", "14,900",
              "Ressources et budget", "Resources and budget"]
    staff_text = every_text(staff)
    assert [words for words in budget if words in staff_text] == []
    for version in ("draft", "en/draft"):
        assert (team / version / "resources.html").is_file() and not (staff / version / "resources.html").exists()
        index = (team / version / "search" / "search_index.json").read_text(encoding="utf-8")
        assert "resources.html" in index and "resources.html" in (team / version / "sitemap.xml").read_text("utf-8")
        assert "resources.html" not in (staff / version / "sitemap.xml").read_text(encoding="utf-8")
    team_text = every_text(team)
    assert all(words in team_text for words in budget), [words for words in budget if words not in team_text]
    # the strategy is for everyone
    assert "Les obstacles et comment les lever" in (staff / "draft" / "strategy.html").read_text(encoding="utf-8")


def test_unknown_audience_is_refused(starter):
    from generator.diagnostics import PlaybookError
    with pytest.raises(PlaybookError) as caught:
        build.run(starter, audience="everyone")
    assert caught.value.diagnostics[0].code == "audience"


def test_restricted_network_page_and_references(starter):
    from .conftest import edit
    edit(starter / "content" / "networks" / "instagram.yml", "id: instagram", "id: instagram\nvisibility: restricted")
    (starter / "content" / "pages" / "internal.md").write_text(
        "---\ntitle: Internal notes\nvisibility: restricted\n---\nSecret-Internal-Notes\n", encoding="utf-8")
    staff = build.run(starter, starter / "staff", audience=STAFF).output
    assert not (staff / "networks" / "instagram.html").exists()
    assert not (staff / "pages" / "internal.html").exists()
    text = every_text(staff)
    assert "Secret-Internal-Notes" not in text and "Internal notes" not in text
    assert "networks/instagram.html" not in text
    team = build.run(starter, starter / "team").output
    assert (team / "networks" / "instagram.html").is_file() and "Secret-Internal-Notes" in every_text(team)


SECRET_LEVELS = """  - id: plan-alpha-secret
    name: Secret Plan Alpha
    visibility: restricted
    severity: 3
    criteria:
      - Alpha criterion, known to the team only
    lead: communication-director
    escalation:
      - role: communication-director
        within_minutes: 0
    actions:
      - do: Alpha action, known to the team only
        owner: communication-director
  - id: plan-bravo-secret
    name: Secret Plan Bravo
    visibility: restricted
    severity: 5
    criteria:
      - Bravo criterion, known to the team only
    lead: communication-director
    escalation:
      - role: communication-director
        within_minutes: 0
    actions:
      - do: Bravo action, known to the team only
        owner: communication-director

# Holding statements"""
SECRET_WORDS = ("plan-alpha-secret", "plan-bravo-secret", "Secret Plan", "net-hidden-intra", "Hidden Intra Net",
                "secret-memo", "Secret memo", "Secret-Memo-Body", "+44 20 7946 0000", "+44 20 7946 0999")


def _restricted_network(root: Path) -> None:
    """A whole network file marked restricted, published in site_config.yml, and a public statement using it."""
    text = (root / "content" / "networks" / "linkedin.yml").read_text(encoding="utf-8")
    text = text.replace("id: linkedin", "id: net-hidden-intra\nvisibility: restricted")
    (root / "content" / "networks" / "hidden.yml").write_text(text.replace("name: LinkedIn", "name: Hidden Intra Net"),
                                                              encoding="utf-8")
    from .conftest import edit
    edit(root / "site_config.yml", "networks: [linkedin, instagram]", "networks: [linkedin, instagram, net-hidden-intra]")
    edit(root / "content" / "crisis.yml", "networks: [linkedin, instagram]", "networks: [linkedin, instagram, net-hidden-intra]")


@pytest.fixture(scope="module")
def releases_with_secrets(tmp_path_factory):
    """Two releases and a draft whose public entries point from one restricted entry to another, and whose
    restricted entries (crisis levels, a contact, a network file, a free page) are added and changed."""
    from generator.commands import release
    from generator.resources import scaffold_dir

    from .conftest import copy_playbook, edit
    root = copy_playbook(scaffold_dir("en"), tmp_path_factory.mktemp("changes") / "starter")
    crisis, page = root / "content" / "crisis.yml", root / "content" / "pages" / "secret-memo.md"
    edit(crisis, "\n# Holding statements", "\n" + SECRET_LEVELS)
    edit(crisis, "level: incident\n", "level: plan-alpha-secret\n")
    edit(crisis, 'phone: "+44 20 0000 0000"', 'phone: "+44 20 7946 0000"')
    page.write_text("---\ntitle: Secret memo\nvisibility: restricted\n---\nSecret-Memo-Body\n", encoding="utf-8")
    release.run(root, "1.0", "Claire Martin", "Director", date(2026, 3, 2))
    edit(crisis, "level: plan-alpha-secret\n", "level: plan-bravo-secret\n")
    edit(crisis, "Alpha criterion", "Alpha criterion, changed")
    edit(crisis, 'phone: "+44 20 7946 0000"', 'phone: "+44 20 7946 0999"')
    page.write_text("---\ntitle: Secret memo, revised\nvisibility: restricted\n---\nSecret-Memo-Body v2\n",
                    encoding="utf-8")
    _restricted_network(root)
    release.run(root, "2.0", "Claire Martin", "Director", date(2026, 3, 3))
    edit(crisis, "level: plan-bravo-secret\n", "level: plan-alpha-secret\n")
    edit(crisis, "networks: [linkedin, instagram, net-hidden-intra]", "networks: [linkedin, instagram]")
    staff = build.run(root, root / "staff-site", audience=STAFF).output
    return root, staff


def test_changes_between_restricted_entries_name_none_of_them(releases_with_secrets):
    root, staff = releases_with_secrets
    sealed = "\n".join(json.loads((root / "releases" / "2.0" / "manifest.json").read_text())["changes"])
    # the team's sealed wording names the restricted entries: the staff site must not print it as it is
    assert "Secret Plan Alpha → Secret Plan Bravo" in sealed and "Hidden Intra Net" in sealed
    text = every_text(staff)
    assert (staff / "versions.json").is_file() and (staff / "2.0" / "charter-2.0.pdf").is_file()
    assert sorted(word for word in SECRET_WORDS if word in text) == []
    assert sorted(v for v in secrets(root) if v in text) == []
    for changes in (staff / "2.0" / "changes.html", staff / "draft" / "changes.html"):
        page = changes.read_text(encoding="utf-8")
        assert "level: (restricted) → (restricted)" in page, "the change is still said, without the names"
    pdf = "\n".join(p.extract_text() for p in PdfReader(staff / "2.0" / "charter-2.0.pdf").pages)
    assert re.search(r"level: \(restricted\) (→|->|➔) \(restricted\)", " ".join(pdf.split()))


def _bilingual(starter: Path, translation: str) -> Path:
    """The English starter published in French too, its free page translated by `translation`."""
    from .conftest import edit
    edit(starter / "site_config.yml", "language: en\n", "language: en\ntranslations: [fr]\n")
    page = starter / "content" / "pages" / "how-to-edit-this-charter.fr.md"
    page.write_text(translation, encoding="utf-8")
    return starter


def test_a_restricted_translation_keeps_its_page_from_staff_in_every_language(starter):
    from generator.commands import check
    root = _bilingual(starter, "---\ntitle: Note-Interne-Secrete\norder: 3\nvisibility: restricted\n---\n"
                               "Texte-Reserve-A-L-Equipe\n")
    warnings = {w.code: w for w in check.run(root).warnings}
    visibility, order = warnings["page-visibility"], warnings["page-order"]
    assert (visibility.file, visibility.line, visibility.column) == (
        "content/pages/how-to-edit-this-charter.fr.md", 4, 1)
    assert "left out of the staff site" in visibility.message and "restricted" in visibility.hint
    assert (order.file, order.line, order.column) == ("content/pages/how-to-edit-this-charter.fr.md", 3, 1)
    assert "10" in order.message
    staff = build.run(root, root / "staff", audience=STAFF).output
    assert not list(staff.rglob("how-to-edit-this-charter.html"))
    text = every_text(staff)
    assert "Texte-Reserve-A-L-Equipe" not in text and "Note-Interne-Secrete" not in text
    assert "how-to-edit-this-charter" not in text, "no link, switcher or sitemap entry leads to it"
    team = build.run(root, root / "team").output
    assert (team / "fr" / "pages" / "how-to-edit-this-charter.html").is_file()


def test_a_translation_that_agrees_with_its_main_page_gives_no_warning(starter):
    from generator.commands import check
    root = _bilingual(starter, "---\ntitle: Modifier cette charte\norder: 10\nvisibility: public\n---\nTexte.\n")
    codes = {w.code for w in check.run(root).warnings}
    assert not codes & {"page-visibility", "page-order"}


@pytest.mark.slow
def test_a_translation_made_restricted_after_a_release_leaks_nothing_in_the_changes(starter):
    from generator.commands import release

    from .conftest import edit
    root = _bilingual(starter, "---\ntitle: Modifier cette charte\n---\nTexte public.\n")
    release.run(root, "1.0", "Claire Martin", "Director", date(2026, 3, 2))
    page = root / "content" / "pages" / "how-to-edit-this-charter.fr.md"
    edit(page, "title: Modifier cette charte\n", "title: Titre-Confidentiel-Zeta\nvisibility: restricted\n")
    edit(page, "Texte public.", "Corps-Confidentiel-Zeta")
    staff = build.run(root, root / "staff", audience=STAFF).output
    text = every_text(staff)
    assert "Titre-Confidentiel-Zeta" not in text and "Corps-Confidentiel-Zeta" not in text
    changes = (staff / "fr" / "draft" / "changes.html").read_text(encoding="utf-8")
    assert "Modifier cette charte" in changes, "what staff could read is said to be removed"
