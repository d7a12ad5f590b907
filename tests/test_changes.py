"""The semantic diff: what changed between two versions of a charter, in the charter's own words."""
from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from generator import model
from generator.changes import Change, compare, describe, summary
from generator.load import load_project
from generator.model import site
from generator.model.schema import unwrap
from generator.parts import PARTS
from generator.theme import load_strings
from generator.resources import scaffold_dir, theme_dir
from generator.validate import validate

from .conftest import copy_playbook, edit

CRITICAL_LEVEL = """  - id: critical
    name: Critical
    severity: 5
    criteria:
      - People are hurt
    lead: communication-director
    escalation:
      - role: communication-director
        within_minutes: 0
    actions:
      - do: Gather the crisis team
        owner: communication-director

# Holding statements"""


@pytest.fixture
def versions(tmp_path: Path):
    """Two copies of the English starter: the old version, and the new one that each test edits."""
    return (copy_playbook(scaffold_dir("en"), tmp_path / "old"), copy_playbook(scaffold_dir("en"), tmp_path / "new"))


@pytest.fixture
def french(tmp_path: Path):
    return (copy_playbook(scaffold_dir("fr"), tmp_path / "old"), copy_playbook(scaffold_dir("fr"), tmp_path / "new"))


def load(root: Path) -> model.Playbook:
    playbook, _ = validate(load_project(root), today=date(2026, 11, 27))
    return playbook


def changes(old: Path, new: Path, language: str = "en") -> list[str]:
    strings = load_strings(language)
    return [describe(change, strings) for change in compare(load(old), load(new), strings)]


def test_no_change_gives_an_empty_list(versions):
    old, new = versions
    strings = load_strings("en")
    assert compare(load(old), load(new), strings) == []
    assert summary([], strings) == "No changes"


def test_scalar_field(versions):
    old, new = versions
    edit(new / "content" / "comments.yml", "target_minutes: 240", "target_minutes: 30")
    assert changes(old, new) == [
        "Comment moderation › Response times › LinkedIn — response-time target: 4 h → 30 min"]


def test_item_added_and_item_removed(versions):
    old, new = versions
    edit(new / "content" / "crisis.yml", "# Holding statements", CRITICAL_LEVEL)
    edit(new / "content" / "personal_use.yml", """  - id: say-who-you-work-for
    title: Say that you work here
    topic: disclosure
    text: When you talk about our products or services, say that you work for us.
""", "")
    assert changes(old, new) == [
        "Personal use of social media › Rules: removed “Say that you work here”",
        "Crisis and bad buzz playbook › Crisis levels: added “Critical”",
    ]


def test_references_are_shown_by_name(versions):
    old, new = versions
    edit(new / "content" / "objectives.yml", "    kpis: [engagement-rate]\n", "    kpis: [response-time]\n")
    assert changes(old, new) == [
        ("Objectives › Make the organisation known beyond its home region — indicators: "
         "added “Median response time”"),
        "Objectives › Make the organisation known beyond its home region — indicators: removed “Engagement rate”",
    ]


def test_list_of_strings(versions):
    old, new = versions
    edit(new / "content" / "editorial.yml", "  - A political or religious opinion\n",
         "  - A political or religious opinion\n  - A joke about a competitor\n")
    assert changes(old, new) == ["Editorial line — what we never publish: added “A joke about a competitor”"]


def test_content_mix_share_and_rhythm(versions):
    old, new = versions
    path = new / "content" / "editorial.yml"
    edit(path, "      information: 50", "      information: 60")
    edit(path, "      promotion: 20", "      promotion: 10")
    edit(path, "      posts: 2", "      posts: 3")
    assert changes(old, new) == [
        "Editorial line › LinkedIn — content mix, information: 50 % → 60 %",
        "Editorial line › LinkedIn — content mix, promotion: 20 % → 10 %",
        "Editorial line › LinkedIn — publishing rhythm: 2 posts per week → 3 posts per week",
    ]


def test_network_published_or_withdrawn_in_site_config(versions):
    old, new = versions
    edit(new / "site_config.yml", "networks: [linkedin, instagram]", "networks: [linkedin]")
    assert changes(old, new) == ["Site settings — published networks: removed “Instagram”"]
    assert changes(new, old) == ["Site settings — published networks: added “Instagram”"]


def test_network_file_added(versions):
    old, new = versions
    network = new / "content" / "networks" / "mastodon.yml"
    network.write_text((new / "content" / "networks" / "linkedin.yml").read_text(encoding="utf-8")
                       .replace("id: linkedin", "id: mastodon").replace("name: LinkedIn", "name: Mastodon"),
                       encoding="utf-8")
    assert changes(old, new) == ["Social networks: added “Mastodon”"]


def test_lexicon_term_definition(versions):
    old, new = versions
    edit(new / "content" / "charter.yml", """      Key performance indicator: a measure chosen to check that an action reaches its objective,
      with a target, a frequency and an owner.""", "      Key performance indicator.")
    assert changes(old, new) == [
        ("The charter › Lexicon › KPI — definition: Key performance indicator[-: a measure chosen to check that "
         "an action reaches its objective, with a target, a frequency and an owner-].")]


def test_free_page(versions):
    old, new = versions
    path = new / "content" / "pages" / "how-to-edit-this-charter.md"
    edit(path, "title: How to edit this charter", "title: Editing the charter")
    edit(path, "This site is generated", "The site is generated")
    assert changes(old, new) == [
        "Resources › Editing the charter — title: [-How to edit this-]{+Editing the+} charter",
        "Resources › Editing the charter — page text: [-This-]{+The+} site is generated from text files. …",
    ]


def test_markdown_text_is_not_quoted(versions):
    old, new = versions
    edit(new / "content" / "editorial.yml", "we admit our mistakes plainly", "we own up to our mistakes")
    # a long text shows its changed sentence only, word by word, with "…" where the others are left out
    assert changes(old, new) == ["Editorial line — our voice: … show people and facts rather than slogans, and we "
                                 "[-admit-]{+own up to+} our mistakes [-plainly-]."]


def test_enums_booleans_and_order_of_the_site(versions):
    old, new = versions
    edit(new / "site_config.yml", "name: Your organisation", "name: Acme")
    edit(new / "content" / "kpis.yml", "frequency: monthly", "frequency: weekly")
    edit(new / "content" / "personal_use.yml", "requires_approval: true", "requires_approval: false")
    edit(new / "content" / "crisis.yml", "within_days: 15", "within_days: 10")
    strings = load_strings("en")
    found = compare(load(old), load(new), strings)
    assert [describe(change, strings) for change in found] == [
        ("Personal use of social media › Rules › Ask before speaking on behalf of the organisation — "
         "requires prior approval: yes → no"),
        "Crisis and bad buzz playbook › Post-crisis review — within (days): 15 → 10",
        "Key performance indicators (KPIs) › Engagement rate — frequency: Monthly → Weekly",
        "Site settings › Organisation — name: [-Your organisation-]{+Acme+}",
    ]
    assert found[0] == Change("personal_use", "changed", ("Rules", "Ask before speaking on behalf of the organisation"),
                              "requires prior approval", "yes", "no")
    assert summary(found, strings) == "4 changes: 4 modifications"


def test_summary_counts_each_kind(versions):
    old, new = versions
    edit(new / "content" / "crisis.yml", "# Holding statements", CRITICAL_LEVEL)
    edit(new / "content" / "editorial.yml", "  - A political or religious opinion\n", "")
    edit(new / "content" / "comments.yml", "target_minutes: 240", "target_minutes: 30")
    strings = load_strings("en")
    assert summary(compare(load(old), load(new), strings), strings) == (
        "3 changes: 1 addition, 1 removal, 1 modification")


def test_french_wording(french):
    """French puts a no-break space (\\u00a0) before a colon."""
    old, new = french
    edit(new / "content" / "comments.yml", "target_minutes: 60", "target_minutes: 30")
    personal_use = new / "content" / "personal_use.yml"
    text = personal_use.read_text(encoding="utf-8")
    start = text.index("  - id: dire-son-lien")
    personal_use.write_text(text[:start] + text[text.index("  - id: confidentialite"):], encoding="utf-8")
    edit(new / "content" / "editorial.yml", "  - Une opinion politique ou religieuse\n",
         "  - Une opinion politique ou religieuse\n  - Une blague sur un concurrent\n")
    assert changes(old, new, "fr") == [
        "Ligne éditoriale — ce que nous ne publions jamais\u00a0: ajout de « Une blague sur un concurrent »",
        "Modération des commentaires › Délais de réponse › Instagram — délai de réponse cible\u00a0: 60 min → 30 min",
        "Usage personnel des réseaux sociaux › Règles\u00a0: retrait de « Dire que vous travaillez ici »",
    ]
    strings = load_strings("fr")
    assert summary(compare(load(old), load(new), strings), strings) == (
        "3 changements\u00a0: 1 ajout, 1 retrait, 1 modification")


def _models(model: type[BaseModel]) -> set[type[BaseModel]]:
    """A model and every model it holds, at any depth."""
    found = {model}
    for info in model.model_fields.values():
        for inner in unwrap(info.annotation):
            if isinstance(inner, type) and issubclass(inner, BaseModel) and inner not in found:
                found |= _models(inner)
    return found


MODELS = set().union(*(_models(m) for m in [*(part.model for part in PARTS), site.Network, site.PageMeta,
                                             site.Company, site.SiteConfig]))


def test_every_model_field_has_a_label_in_both_languages():
    fields = {"body"} | {name for model in MODELS for name in model.model_fields}  # body: a free page's text
    for language in ("fr", "en"):
        strings = yaml.safe_load((theme_dir() / "strings" / f"{language}.yml").read_text(encoding="utf-8"))
        assert fields <= set(strings["changes"]["fields"]), (language, fields - set(strings["changes"]["fields"]))


def test_keys_name_existing_fields():
    for cls in MODELS:
        if issubclass(cls, model.Strict) and cls.key:
            assert cls.key in cls.model_fields, cls


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("part", PARTS, ids=lambda part: part.stem)
def test_every_part_names_its_changes(part, language, tmp_path):
    """The last entry of a part's first list removed: one line, under the part's title in the playbook's language."""
    playbook = load(copy_playbook(scaffold_dir(language), tmp_path / language))
    before = playbook.parts[part.stem]
    field = next(name for name in type(before).model_fields
                 if isinstance(getattr(before, name), list) and getattr(before, name)
                 and isinstance(getattr(before, name)[0], BaseModel))
    after = before.model_copy(update={field: getattr(before, field)[:-1]})
    strings = load_strings(language)
    lines = [describe(c, strings) for c in
             compare(playbook, dataclasses.replace(playbook, parts={**playbook.parts, part.stem: after}), strings)]
    assert len(lines) == 1 and lines[0].startswith(strings["title"][part.title]), lines
    assert (strings["changes"]["removed"].split("{")[0]) in lines[0], lines


def test_calendar_changes_in_french(french):
    """The calendar is named in the playbook's language too, field labels and entry types included."""
    old, new = french
    path = new / "content" / "calendar.yml"
    edit(path, "    end: 2027-10-29", "    end: 2027-10-31")
    edit(path, "    type: campaign\n    date: 2027-10-04", "    type: event\n    date: 2027-10-04")
    assert changes(old, new, "fr") == [
        "Calendrier éditorial › Dates clés › Campagne d'automne — type\u00a0: Campagne → Événement",
        "Calendrier éditorial › Dates clés › Campagne d'automne — fin\u00a0: 2027-10-29 → 2027-10-31",
    ]


def test_a_reference_moved_between_restricted_items_names_neither(versions):
    """For staff, two restricted crisis levels both read "(restricted)": their ids must not tell them apart."""
    from generator.audience import STAFF, for_audience
    old, new = versions
    for root in versions:
        edit(root / "content" / "crisis.yml", "  - id: crisis\n    name: Crisis\n",
             "  - id: crisis-secret-b\n    visibility: restricted\n    name: Crisis\n")
        edit(root / "content" / "crisis.yml", "  - id: incident\n", "  - id: incident-secret-a\n    visibility: restricted\n")
        edit(root / "content" / "crisis.yml", "level: crisis\n", "level: crisis-secret-b\n")
    edit(old / "content" / "crisis.yml", "level: incident\n", "level: incident-secret-a\n")
    edit(new / "content" / "crisis.yml", "level: incident\n", "level: crisis-secret-b\n")
    strings = load_strings("en")
    staff = [describe(c, strings) for c in compare(for_audience(load(old), STAFF), for_audience(load(new), STAFF),
                                                   strings)]
    assert staff == ["Crisis and bad buzz playbook › Holding statements › First public answer to an incident — "
                     "level: (restricted) → (restricted)"]
    team = [describe(c, strings) for c in compare(load(old), load(new), strings)]
    assert team == ["Crisis and bad buzz playbook › Holding statements › First public answer to an incident — "
                    "level: Incident → Crisis"]


def test_a_decision_tree_branch_names_its_category_and_never_a_restricted_one(versions):
    """A branch is a question or a comment category; for staff, a restricted category reads "(restricted)"."""
    from generator.audience import STAFF, for_audience
    old, new = versions
    for root in versions:
        for category in ("spam", "abuse"):
            edit(root / "content" / "comments.yml", f"  - id: {category}\n", f"  - id: {category}\n    visibility: restricted\n")
    edit(new / "content" / "comments.yml", "      if_yes: spam\n", "      if_yes: SWAP\n")
    edit(new / "content" / "comments.yml", "      if_yes: abuse\n", "      if_yes: spam\n")
    edit(new / "content" / "comments.yml", "      if_yes: SWAP\n", "      if_yes: abuse\n")
    strings = load_strings("en")
    staff = [describe(c, strings) for c in compare(for_audience(load(old), STAFF), for_audience(load(new), STAFF),
                                                   strings)]
    assert [line.rpartition(" — ")[2] for line in staff] == ["if yes: (restricted) → (restricted)"] * 2
    team = [describe(c, strings) for c in compare(load(old), load(new), strings)]
    assert [line.rpartition(" — ")[2] for line in team] == ["if yes: Spam or scam → Insult or harassment",
                                                            "if yes: Insult or harassment → Spam or scam"]


def test_no_break_spaces_stay_in_the_lines_as_on_the_pages(versions):
    """'12 500' and '3 %' keep their no-break spaces in a name, a value and a changed text, so that a number never
    parts from its unit in a diff line either."""
    old, new = versions
    edit(new / "content" / "personal_use.yml", "title: Say that you work here",
         "title: Say that you work here, all 12\u202f500 of us")
    edit(new / "content" / "personal_use.yml", "say that you work for us.", "say that you work for us, 3\u00a0times.")
    lines = changes(old, new)
    assert lines == [
        "Personal use of social media › Rules › Say that you work here, all 12\u202f500 of us — title: "
        "Say that you work here{+, all 12\u202f500 of us+}",
        "Personal use of social media › Rules › Say that you work here, all 12\u202f500 of us — text: When you talk "
        "about our products or services, say that you work for us{+, 3\u00a0times+}."], lines


@pytest.mark.parametrize("language, word", [("en", "immediately"), ("fr", "immédiatement")])
def test_a_delay_of_zero_reads_immediately(tmp_path, language, word):
    """A crisis alert due at once is worded as the pages, the figure and the PDF word it: never '0 min'."""
    old, new = (copy_playbook(scaffold_dir(language), tmp_path / "old"),
                copy_playbook(scaffold_dir(language), tmp_path / "new"))
    edit(new / "content" / "crisis.yml", "        within_minutes: 60\n    actions:",
         "        within_minutes: 0\n    actions:")
    [line] = changes(old, new, language)
    assert line.endswith(f"60 min → {word}") and "0 min" not in line.split("→")[1], line
