"""Messages in the playbook's language: every diagnostic is said by key, and the printer says it in French.

(Each key's templates are checked by test_message_keys.py.) These tests check what is printed:

- every diagnostic of the bad-inputs corpus (tests/bad_inputs/cases.yml), as the real checks make it, is
  rendered in French with no English left, fragments made by other code included (each is a Message of its
  own); a message left in English fails, and all of them are listed at once with their case;
- no English text is matched: a text that is not a Message is shown as it is, and said to be uncovered;
  an outside library's words are translated by the exact lookup of the catalog's `outside:` table;
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
from generator.message import Message, catalog_data
from generator.messages import translate, translate_text
from generator.model.language import in_words
from generator.resources import scaffold_dir

from .conftest import copy_playbook, edit
from .test_bad_inputs import CASES, apply

FR = "fr"


@pytest.fixture(autouse=True)
def _no_forced_language(monkeypatch):
    monkeypatch.delenv(messages.FORCE_VARIABLE, raising=False)


# --- no matching ------------------------------------------------------------------------------------

def test_fragments_made_by_other_code_are_messages_of_their_own():
    where = Message("missing-key.in", parent="organisation")
    assert translate_text(Message("missing-key.the-key-is-missing", key="name", where=where), FR) == (
        "la clé 'name' manque dans 'organisation'", True)
    assert translate_text(Message("missing-key.the-key-is-missing", key="kpis", where=Message("missing-key.here")),
                          FR) == ("la clé 'kpis' manque ici", True)


def test_english_text_is_never_matched():
    # the English text of a message, as a plain text, is not translated: only a Message is
    english = str(Message("missing-key.the-key-is-missing", key="kpis", where=Message("missing-key.here")))
    assert english == "the key 'kpis' is missing here"
    assert translate_text(english, FR) == (english, False)
    # an English fragment given where a Message is due is shown as written, and said to be uncovered
    assert translate_text(Message("missing-key.the-key-is-missing", key="kpis", where="here"), FR) == (
        "la clé 'kpis' manque here", False)


def test_a_message_without_key_stays_as_written():
    diagnostic = Diagnostic("new-code", "a message nobody translated yet", hint="nor its hint")
    translated, covered = translate(diagnostic, FR)
    assert (translated, covered) == (diagnostic, False)
    assert translate(diagnostic, "en") == (diagnostic, True)


def test_outside_words_are_translated_by_exact_lookup():
    outside = catalog_data(FR)["outside"]
    assert 0 < len(outside) < 40  # a small table, not a catalog of sentences
    denied = Message("read.cannot-read-this-file", reason="Permission denied")
    assert translate_text(denied, FR) == ("impossible de lire ce fichier : Permission non accordée", True)
    assert translate_text(denied, "en") == ("cannot read this file: Permission denied", True)
    # a text the table does not have exactly is shown as written (never matched in part)
    assert translate_text(Message("read.cannot-read-this-file", reason="Permission denied here"), FR) == (
        "impossible de lire ce fichier : Permission denied here", True)


def test_words_made_by_other_code_are_messages(tmp_path):
    from generator.files import folder_name_problem, what
    from generator.words import yaml_type_word
    found = what(tmp_path)
    assert found == "a folder" and isinstance(found, Message) and found.in_language(FR) == "un dossier"
    assert what(tmp_path / "nowhere").in_language(FR) == "rien"
    assert folder_name_problem("a\x00b").in_language(FR).startswith("contient un caractère NUL")
    assert in_words("fr").in_language(FR) == "français" and in_words("fr") == "French"
    assert yaml_type_word("timestamp").in_language(FR) == "une date" and yaml_type_word("odd") == "odd"


def test_argparse_words_are_looked_up_exactly_and_then_left_alone(capsys):
    import argparse
    original = argparse._
    with pytest.raises(SystemExit):
        cli._parser(FR).parse_args(["check", "--bogus"])
    assert "playbook: erreur: arguments inconnus : --bogus" in capsys.readouterr().err
    assert argparse._ is original  # argparse speaks English again once the command line is read
    with pytest.raises(SystemExit):
        cli._parser("en").parse_args(["check", "--bogus"])
    assert "playbook: error: unrecognized arguments: --bogus" in capsys.readouterr().err


def test_messages_py_builds_no_pattern_from_a_template():
    source = Path(messages.__file__).read_text(encoding="utf-8")
    assert source.count("re.compile") == 1 and "_LANGUAGE_LINE = re.compile" in source
    assert "messages" not in catalog_data(FR) and "tables" not in catalog_data(FR)


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


def _english_left(text: str) -> list[str]:
    """Why `text`, once in French, still holds English: it is not a Message (a plain text is never matched to
    find its translation), or a part of it is not."""
    translated, covered = translate_text(text, FR)
    return [] if covered else [f"{text!r} -> {translated!r}"]


@pytest.mark.slow
def test_every_diagnostic_of_the_corpus_is_said_in_french(corpus_diagnostics):
    assert len(corpus_diagnostics) > 150
    uncovered = []
    for case, diagnostic in corpus_diagnostics:
        for field in ("message", "hint"):
            text = getattr(diagnostic, field)
            uncovered += [f"{case} ({diagnostic.code}) {field}: {why}" for why in _english_left(text)]
    assert not uncovered, "English left in French:\n" + "\n".join(dict.fromkeys(uncovered))


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
    said = Message("missing-translation.no-text-here-the-one", language=in_words("en"), shown=in_words("fr"))
    hint = Message("missing-translation.add-a-line-beside", language="en", shown="fr")
    missing = [Diagnostic("missing-translation", said, "content/kpis.yml", n, 3, hint, "warning") for n in range(1, 30)]
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
