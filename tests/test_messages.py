"""Messages in the playbook's language: the French catalog covers every message, and the printer uses it.

(The messages said by key are checked by test_message_keys.py; these tests cover the modules still written
with English f-strings, translated by matching, and what every message looks like once printed.)

- every message and hint template still written in English in generator/ (found with `ast`, see
  message_templates.py) matches a template of the catalog;
- every diagnostic of the bad-inputs corpus (tests/bad_inputs/cases.yml), as the real checks make
  it, is translated entirely, fragments made by other code included; a message left in English
  fails, and all of them are listed at once with their case;
- a French playbook prints French messages, hints, words and closing lines, in text and in JSON
  (codes unchanged); an English playbook prints exactly what it printed before.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator import cli, messages
from generator.commands import check
from generator.diagnostics import Diagnostic, PlaybookError
from generator.printer import format_text, format_warnings
from generator.messages import catalog, template_of, translate, translate_text
from generator.resources import scaffold_dir

from .conftest import copy_playbook, edit
from .message_templates import HOLE, templates
from .test_bad_inputs import CASES, apply

FR = "fr"


@pytest.fixture(autouse=True)
def _no_forced_language(monkeypatch):
    monkeypatch.delenv(messages.FORCE_VARIABLE, raising=False)


# --- the catalog ------------------------------------------------------------------------------------

def test_catalog_is_well_formed():
    cat = catalog(FR)
    assert len(cat.entries) > 300
    problems = []
    for entry in cat.entries:
        english = set(messages._PLACEHOLDER.findall(entry.english))
        french = {name for name, _ in messages._PLACEHOLDER.findall(entry.translated)}
        if french != {name for name, _ in english}:
            problems.append(f"{entry.english!r}: the French text has {sorted(french)}")
        for name, kind in entry.kinds.items():
            if kind not in ("", "text", "maybe") and kind not in cat.tables:
                problems.append(f"{entry.english!r}: no table {kind!r} for {{{name}}}")
    english = [e.english for e in cat.entries]
    problems += [f"{text!r} twice" for text in set(english) if english.count(text) > 1]
    assert not problems, "\n".join(problems)


def test_specific_templates_win_over_general_ones():
    assert translate_text("expected a mapping here ('key: value' lines) ('rhythm')", FR) == (
        "mapping attendu ici (des lignes 'clé: valeur') ('rhythm')", True)
    assert translate_text("3 error(s)", FR) == ("3 erreur(s)", True)
    assert translate_text("no audience has the id 'partners'", FR) == ("l'id 'partners' ne désigne aucun public", True)


def test_nested_fragments_are_translated():
    assert translate_text("the key 'name' is missing in 'organisation'", FR) == (
        "la clé 'name' manque dans 'organisation'", True)
    assert translate_text("the key 'kpis' is missing here", FR) == ("la clé 'kpis' manque ici", True)
    assert translate_text("no English text here: the French one is shown instead, marked as not translated", FR)[0] \
        == "pas de texte anglais ici : le texte français est affiché à la place, signalé comme non traduit"
    # a fragment the catalog does not know is not a translation
    assert translate_text("the key 'name' is missing somewhere else", FR)[1] is False


def test_a_message_without_template_stays_in_english():
    diagnostic = Diagnostic("new-code", "a message nobody translated yet", hint="nor its hint")
    translated, covered = translate(diagnostic, FR)
    assert (translated, covered) == (diagnostic, False)
    assert translate(diagnostic, "en") == (diagnostic, True)


# --- coverage: every template of the source ----------------------------------------------------------

def test_every_template_of_the_source_is_in_the_catalog():
    # the messages still written as English text (the modules said by key are checked by tests/test_message_keys.py)
    found = templates()
    missing = [f"{t.where}: {t.text.replace(HOLE, '{…}')}" for t in found
               if template_of(t.sample(), FR) is None]
    assert not missing, ("messages without a French template in generator/catalogs/fr.yml:\n"
                         + "\n".join(missing))


# --- coverage: every diagnostic of the corpus, as made ---------------------------------------------

@pytest.fixture(scope="module")
def corpus_diagnostics(tmp_path_factory) -> list[tuple[str, Diagnostic]]:
    """Each case of tests/bad_inputs/cases.yml applied to the English starter, and what `check` reports."""
    base = tmp_path_factory.mktemp("messages-corpus")
    starter = copy_playbook(scaffold_dir("en"), base / "starter")
    found = []
    for case in CASES:
        root = base / case["name"] / "playbook"
        shutil.copytree(starter, root, symlinks=True)
        for step in case["mutate"]:
            apply(step, root, base / case["name"] / "outside")
        try:
            diagnostics = check.run(root).warnings
        except PlaybookError as exc:
            diagnostics = exc.diagnostics
        found += [(case["name"], d) for d in diagnostics]
    return found


@pytest.mark.slow
def test_every_diagnostic_of_the_corpus_is_translated(corpus_diagnostics):
    assert len(corpus_diagnostics) > 150
    uncovered = []
    for case, diagnostic in corpus_diagnostics:
        for field in ("message", "hint"):
            text = getattr(diagnostic, field)
            translated, covered = translate_text(text, FR)
            if not covered:
                uncovered.append(f"{case} ({diagnostic.code}) {field}: {text!r} -> {translated!r}")
    assert not uncovered, "not translated into French:\n" + "\n".join(dict.fromkeys(uncovered))


@pytest.mark.parametrize("make", [
    lambda: __import__("generator.build", fromlist=["x"])._address_error(OSError(98, "in use"), "127.0.0.1", 8000),
    lambda: __import__("generator.build", fromlist=["x"])._address_error(OSError(13, "denied"), "127.0.0.1", 80),
    lambda: __import__("generator.preview", fromlist=["x"]).unexpected(
        FileNotFoundError(2, "No such file or directory", "/nowhere/x.yml"), Path("/nowhere"), "rebuilt"),
    lambda: __import__("generator.preview", fromlist=["x"]).unexpected(RuntimeError("boom"), Path("/"), "built"),
], ids=["port-in-use", "port-reserved", "serve-file", "serve-other"])
def test_messages_made_outside_the_corpus_are_translated(make):
    error = make()
    for diagnostic in error.diagnostics:
        translated, covered = translate(diagnostic, FR)
        assert covered, f"{diagnostic.message!r} / {diagnostic.hint!r} -> {translated}"


def test_the_printers_lines_are_translated():
    missing = [Diagnostic("missing-translation", "no English text here: the French one is shown instead, marked as "
                          "not translated", "content/kpis.yml", n, 3, "add a line 'en: ...' beside 'fr: ...'",
                          "warning") for n in range(1, 30)]
    lines = format_warnings(missing, language=FR)
    assert lines == ["content/kpis.yml:1:3: avertissement: 29 textes de ce fichier ne sont pas encore traduits, "
                     "le premier ici",
                     "  conseil: 29 traductions manquantes en tout ; 'playbook check -v' affiche chacune avec sa ligne, "
                     "et 'playbook check --format json' les liste pour un outil"]
    english = format_warnings(missing)
    assert english[0] == "content/kpis.yml:1:3: warning: 29 texts of this file are not translated yet, the first here"
    assert format_text(missing[0], language=FR).startswith("content/kpis.yml:1:3: avertissement: pas de texte anglais")


# --- the command line ---------------------------------------------------------------------------------

def _french_playbook(tmp_path: Path) -> Path:
    root = tmp_path / "charte"
    assert cli.main(["init", str(root), "--lang", FR]) == 0
    edit(root / "content" / "objectives.yml", "    audiences: [", "    audience: [")
    return root


def test_a_french_playbook_prints_french(tmp_path, capsys):
    root = _french_playbook(tmp_path)
    capsys.readouterr()
    assert cli.main(["build", "-C", str(root)]) == 1
    err = capsys.readouterr().err
    assert ": erreur: clé inconnue 'audience'" in err, err
    assert "  conseil: vouliez-vous dire 'audiences' ?" in err, err
    assert err.endswith("\n1 erreur : rien n'a été construit, le site précédent est inchangé.\n"), err
    assert "error" not in err and "hint" not in err


def test_french_json_keeps_the_codes(tmp_path, capsys):
    root = _french_playbook(tmp_path)
    capsys.readouterr()
    assert cli.main(["check", "-C", str(root), "--format", "json"]) == 1
    [diagnostic] = json.loads(capsys.readouterr().out)["diagnostics"]
    assert diagnostic["code"] == "unknown-key" and diagnostic["severity"] == "error"
    assert (diagnostic["message"], diagnostic["hint"]) == ("clé inconnue 'audience'", "vouliez-vous dire 'audiences' ?")


def test_a_french_success_is_french(tmp_path, capsys):
    root = tmp_path / "charte"
    assert cli.main(["init", str(root), "--lang", FR]) == 0
    assert capsys.readouterr().out.startswith(f"Nouvelle charte créée dans {root}.")
    assert cli.main(["check", "-C", str(root)]) == 0
    assert capsys.readouterr().out.startswith("La charte est valide (")


def test_the_language_can_be_forced(tmp_path, capsys, monkeypatch):
    root = _french_playbook(tmp_path)
    capsys.readouterr()
    monkeypatch.setenv(messages.FORCE_VARIABLE, "en")
    assert cli.main(["check", "-C", str(root)]) == 1
    err = capsys.readouterr().err
    assert ": error: unknown key 'audience'" in err and "  hint: did you mean 'audiences'?" in err, err


def test_a_broken_configuration_still_gives_its_language(tmp_path, capsys):
    root = _french_playbook(tmp_path)
    config = root / "site_config.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nnetworks: [oops\n", encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["check", "-C", str(root)]) == 1
    assert "erreur: erreur de syntaxe YAML" in capsys.readouterr().err
    config.write_bytes(b"\xff\xfe not yaml at all")  # no language to be read: English
    assert cli.main(["check", "-C", str(root)]) == 1
    assert ": error: " in capsys.readouterr().err


def test_an_english_playbook_prints_what_it_printed_before(starter, capsys):
    edit(starter / "content" / "objectives.yml", "    audiences: [", "    audience: [")
    assert cli.main(["build", "-C", str(starter)]) == 1
    err = capsys.readouterr().err
    line = next(n for n, text in enumerate((starter / "content" / "objectives.yml").read_text().splitlines(), 1)
                if "audience: [" in text)
    source = (starter / "content" / "objectives.yml").read_text().splitlines()[line - 1]
    assert err == (f"content/objectives.yml:{line}:5: error: unknown key 'audience'\n"
                   f"{line:>4} | {source}\n"
                   "           ^\n"
                   "  hint: did you mean 'audiences'?\n"
                   "\n1 error: nothing was built, the previous site is unchanged.\n")
