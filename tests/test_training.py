"""Training sessions (training.yml) and the ambassadors programme (ambassadors.yml): references, pages, PDF,
readiness, what changed, and the staff site."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from generator.audience import STAFF
from generator.changes import compare, describe
from generator.commands import build
from generator.diagnostics import PlaybookError
from generator.load import load_project
from generator.messages import translate
from generator.readiness import assess
from generator.render import render
from generator.theme import load_strings
from generator.validate import validate

from .conftest import copy_playbook, edit


def _check(root: Path):
    return validate(load_project(root), today=date(2026, 11, 27))


def _problems(root: Path) -> list:
    with pytest.raises(PlaybookError) as caught:
        _check(root)
    return [d for d in caught.value.diagnostics if d.severity == "error"]


def test_unknown_ids_are_located_with_the_id_meant_in_english_and_french(starter):
    content = starter / "content"
    edit(content / "training.yml", "    owner: social-media-manager\n    onboarding: week_1",
         "    owner: social-media-manger\n    onboarding: week_1")
    edit(content / "ambassadors.yml", "training: [ambassador-workshop]", "training: [ambassador-worskhop]")
    edit(content / "ambassadors.yml", "personal_rule: keep-confidential", "personal_rule: keep-confidental")
    edit(content / "ambassadors.yml", "kpis: [engagement-rate]", "kpis: [engagment-rate]")
    found = _problems(starter)
    assert [(d.file, d.line, d.column, d.message, d.hint) for d in found] == [
        ("content/ambassadors.yml", 18, 12, "no training session has the id 'ambassador-worskhop'",
         "did you mean 'ambassador-workshop'?"),
        ("content/ambassadors.yml", 24, 20, "no personal rule has the id 'keep-confidental'",
         "did you mean 'keep-confidential'?"),
        ("content/ambassadors.yml", 36, 8, "no kpi has the id 'engagment-rate'", "did you mean 'engagement-rate'?"),
        ("content/training.yml", 38, 12, "no role has the id 'social-media-manger'",
         "did you mean 'social-media-manager'?"),
    ]
    french = [translate(d, "fr")[0] for d in found]
    assert [d.message for d in french[:2]] == ["l'id 'ambassador-worskhop' ne désigne aucune formation",
                                                "l'id 'keep-confidental' ne désigne aucune règle d'usage personnel"]
    assert french[0].hint == "vouliez-vous dire 'ambassador-workshop' ?"


def test_a_session_for_nobody_and_sessions_without_their_file_are_told(starter):
    content = starter / "content"
    edit(content / "training.yml", "    all_staff: true\n", "")
    found = _problems(starter)
    assert [(d.file, d.line, d.column, d.message) for d in found] == [
        ("content/training.yml", 18, 5, "say whom the session is for: 'roles' (ids of roles.yml), "
                                        "'all_staff: true' or 'audience' (in words)")]
    assert translate(found[0], "fr")[0].message.startswith("dites à qui s'adresse la formation : 'roles'")
    (content / "training.yml").unlink()
    found = _problems(starter)
    assert [(d.file, d.line, d.message, d.hint) for d in found] == [
        ("content/ambassadors.yml", 18, "no training session has the id 'ambassador-workshop'",
         "the playbook has no training.yml yet: add it with this training session, or remove the reference")]
    assert translate(found[0], "fr")[0].hint == ("cette charte n'a pas encore de training.yml : ajoutez-le avec "
                                                 "cette formation, ou retirez la référence")


def test_the_example_turns_its_free_page_into_both_parts(example):
    playbook, warnings = _check(example)
    assert warnings == [] and [p.slug for p in playbook.pages] == ["outils-et-acces"]
    site = render(playbook)
    training = site.page("training.md").text
    assert "- **Pour\u00a0:** [Community managers](roles.md#role-cm)\n" in training
    assert "[Jour 1](onboarding.md#day-1)" in training and "*Mise en situation · Deux fois par an · 3 h*" in training
    ambassadors = site.page("ambassadors.md").text
    assert ("1. [Porte-voix 1 : les bases](training.md#training-session-porte-voix-bases) — Atelier · Une fois · 3 h"
            in ambassadors)
    assert ("Voir la règle d'usage personnel\u00a0: [Protégez les informations confidentielles]"
            "(personal_use.md#personal-rule-confidentialite)") in ambassadors
    assert "(kpis.md#kpi-relais-ambassadeurs)" in ambassadors and "Lucas Perrin" in ambassadors
    assert {c.name: c.passed for c in assess(playbook, date(2026, 11, 27)).step("training")
            if c.name in ("team_training", "staff_training", "ambassadors_programme")} == {
        "team_training": True, "staff_training": True, "ambassadors_programme": True}


def test_readiness_says_what_the_training_and_the_programme_lack(starter):
    content = starter / "content"
    edit(content / "training.yml", "    all_staff: true\n", "    audience: Everyone\n")
    edit(content / "ambassadors.yml", "training: [ambassador-workshop]", "")
    playbook, _ = _check(starter)
    checks = {c.name: c for c in assess(playbook, date(2026, 11, 27)).step("training")}
    assert checks["staff_training"].missing == ["training.yml"] and checks["team_training"].passed
    assert checks["ambassadors_programme"].missing == ["training"]
    (content / "ambassadors.yml").unlink()
    (content / "training.yml").unlink()
    playbook, _ = _check(starter)
    checks = {c.name: c for c in assess(playbook, date(2026, 11, 27)).step("training")}
    assert checks["team_training"].absent == ["training.yml"] and not checks["team_training"].missing
    assert checks["ambassadors_programme"].absent == ["ambassadors.yml"]


def test_diff_names_a_changed_session_and_an_ambassadors_rule_in_the_charters_words(starter, tmp_path):
    old = copy_playbook(starter, tmp_path / "old")
    edit(starter / "content" / "training.yml", "    frequency: quarterly\n", "    frequency: twice_a_year\n")
    edit(starter / "content" / "training.yml", "      - Sharing in your own words", "      - Sharing in plain words")
    edit(starter / "content" / "ambassadors.yml", "I flag it to the community managers.",
         "I flag it to the community managers at once.")
    strings = load_strings("en")
    lines = [describe(c, strings) for c in compare(_check(old)[0], _check(starter)[0], strings)]
    assert lines == [
        "Training sessions › Speaking for yourself — what it covers: added “Sharing in plain words”",
        "Training sessions › Speaking for yourself — what it covers: removed “Sharing in your own words”",
        "Training sessions › Speaking for yourself — frequency: Every quarter → Twice a year",
        "Ambassadors programme › Rules › I do not answer criticism myself — text: I flag it to the community managers "
        "{+at once+}.",
    ], lines


def test_a_restricted_session_stays_off_the_staff_site_and_its_search(starter):
    edit(starter / "content" / "training.yml", "  - id: running-the-accounts\n",
         "  - id: running-the-accounts\n    visibility: restricted\n")
    site = build.run(starter, starter / "staff-site", audience=STAFF).output
    training = (site / "training.html").read_text(encoding="utf-8")
    assert "The charter in practice" in training and "Running the official accounts" not in training
    assert "Running the official accounts" not in (site / "onboarding.html").read_text(encoding="utf-8")
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "The charter in practice" in index and "Running the official accounts" not in index
    assert "running-the-accounts" not in index and json.loads(index)["docs"]
