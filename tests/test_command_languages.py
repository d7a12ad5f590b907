"""Every command speaks the playbook's language: its problems, hints and usage errors; codes and JSON keys stay."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator import cli, messages

from .conftest import edit

# What each command says, per language, when it is given the mistake of `MISTAKES`.
SAID = {
    "en": {
        "diff": ("playbook: error: there is no release '9.9'", "  hint: the versions are: 1.0, draft"),
        "release": ("playbook: error: release 0.5 is not newer than the last release, 1.0",
                    "1 error: no release was made."),
        "verify": ("releases/1.0/content/kpis.yml: error: this approved file of release 1.0 was changed after its "
                   "approval", "  hint: restore it from version control"),
        "schema": ("error: '{root}/site_config.yml' is a file, not a folder", "  hint: name a folder for --out"),
        "build": ("warning: the text stops before '#brand-news'; put the value in quotes",
                  "  hint: YAML takes ' #' and what follows for a comment; write why: \"Ask on #brand-news\""),
    },
    "fr": {
        "diff": ("playbook: erreur: il n'y a pas de version '9.9'", "  conseil: les versions sont : 1.0, draft"),
        "release": ("playbook: erreur: la version 0.5 n'est pas plus récente que la dernière version, 1.0",
                    "1 erreur : aucune version n'a été créée."),
        "verify": ("releases/1.0/content/kpis.yml: erreur: ce fichier approuvé de la version 1.0 a été modifié après "
                   "son approbation", "  conseil: restaurez-le depuis le gestionnaire de versions"),
        "schema": ("erreur: '{root}/site_config.yml' est un fichier, pas un dossier", "  conseil: indiquez un dossier"),
        "build": ("avertissement: le texte s'arrête avant '#brand-news' ; mettez la valeur entre guillemets",
                  "  conseil: YAML prend ' #' et ce qui suit pour un commentaire ; écrivez why: \"Ask on #brand-news\""),
    },
}
MISTAKES = {
    "diff": ["diff", "9.9"],
    "release": ["release", "0.5", "--approved-by", "Ana", "--role", "DG"],
    "verify": ["verify"],
    "schema": ["schema", "--out", "{root}/site_config.yml"],
    "build": ["build"],
}


@pytest.fixture(autouse=True)
def _no_language_from_the_environment(monkeypatch):
    monkeypatch.delenv(messages.FORCE_VARIABLE, raising=False)  # the locale is cleared by conftest.py


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> dict[str, Path]:
    """A new playbook in each language, with release 1.0 approved."""
    made = {}
    for language in ("en", "fr"):
        root = tmp_path_factory.mktemp(language) / "playbook"
        assert cli.main(["init", str(root), "--lang", language]) == 0
        assert cli.main(["release", "1.0", "--approved-by", "Ana", "--role", "DG", "--date", "2026-01-05",
                         "-C", str(root)]) == 0
        made[language] = root
    return made


@pytest.mark.parametrize("command", sorted(MISTAKES))
@pytest.mark.parametrize("language", ["en", "fr"])
def test_each_command_speaks_the_playbooks_language(released, tmp_path, command, language, capsys):
    root = tmp_path / "playbook"
    __import__("shutil").copytree(released[language], root)
    if command == "verify":
        with (root / "releases" / "1.0" / "content" / "kpis.yml").open("a", encoding="utf-8") as file:
            file.write("# changed\n")
    if command == "build":
        path = root / "content" / "audiences.yml"
        line = next(text for text in path.read_text(encoding="utf-8").splitlines() if text.startswith("    why: "))
        edit(path, line, "    why: Ask on #brand-news")
    capsys.readouterr()
    code = cli.main([arg.format(root=root) for arg in MISTAKES[command]] + ["-C", str(root)])
    assert code == (0 if command == "build" else 1)
    err = capsys.readouterr().err
    for text in SAID[language][command]:
        assert text.format(root=root) in err, err
    other = "fr" if language == "en" else "en"
    assert f": {messages.word('error', other)}: " not in err and f"  {messages.word('hint', other)}: " not in err


def test_json_keeps_its_keys_and_codes_in_french(released, capsys):
    root = released["fr"]
    path = root / "content" / "audiences.yml"
    original = path.read_text(encoding="utf-8")
    try:
        line = next(text for text in original.splitlines() if text.startswith("    why: "))
        edit(path, line, "    why: Ask on #brand-news")
        capsys.readouterr()
        assert cli.main(["check", "--format", "json", "-C", str(root)]) == 0
        [warning] = json.loads(capsys.readouterr().out)["diagnostics"]
    finally:
        path.write_text(original, encoding="utf-8")
    assert set(warning) == {"code", "message", "file", "line", "column", "hint", "severity"}
    assert (warning["code"], warning["severity"]) == ("text-cut-by-comment", "warning")
    assert warning["message"].startswith("le texte s'arrête avant")


# --- usage errors: argparse's words, in the language of the playbook the command names -----------------

def _usage_error(argv: list[str], capsys) -> str:
    capsys.readouterr()
    with pytest.raises(SystemExit) as stopped:
        cli.main(argv)
    assert stopped.value.code == cli.EXIT_USAGE
    return capsys.readouterr().err


@pytest.mark.parametrize("argv, french", [
    (["check", "--format", "xml"], "playbook check: erreur: argument --format : choix invalide : 'xml' (choisissez"),
    (["release", "2.0"], "playbook release: erreur: ces arguments sont obligatoires : --approved-by, --role"),
    (["release", "2.0", "--approved-by", "A", "--role", "B", "--date", "2026-13-01"],
     "playbook release: erreur: argument --date : '2026-13-01' n'est pas une date écrite AAAA-MM-JJ"),
    (["build", "-j", "0"], "playbook build: erreur: argument --jobs/-j : '0' n'est pas un nombre de tâches"),
    (["check", "-q", "-v"], "playbook check: erreur: argument -v/--verbose : impossible avec l'argument -q/--quiet"),
    (["check", "--bogus"], "playbook: erreur: arguments inconnus : --bogus"),
    (["frobnicate"], "playbook: erreur: argument COMMAND : choix invalide : 'frobnicate'"),
])
def test_usage_errors_speak_the_language_of_the_playbook_of_the_folder(released, argv, french, capsys):
    err = _usage_error(argv + ["-C", str(released["fr"])], capsys)
    assert err.startswith("utilisation: playbook") and french in err, err
    err = _usage_error(argv + [f"--dir={released['en']}"], capsys)
    assert err.startswith("usage: playbook") and ": error: " in err and "erreur" not in err, err


def test_usage_errors_in_the_current_folder_and_without_a_playbook(released, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(released["fr"])
    assert "erreur: argument --format : choix invalide" in _usage_error(["check", "--format", "xml"], capsys)
    monkeypatch.setenv(messages.FORCE_VARIABLE, "en")  # forced, whatever the playbook
    assert "error: argument --format: invalid choice" in _usage_error(["check", "--format", "xml"], capsys)
    monkeypatch.delenv(messages.FORCE_VARIABLE)
    monkeypatch.chdir(tmp_path)  # no playbook here: the environment's language
    assert "error: argument --format: invalid choice" in _usage_error(["check", "--format", "xml"], capsys)
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert "erreur: argument --format : choix invalide" in _usage_error(["check", "--format", "xml"], capsys)
    monkeypatch.setenv("LC_ALL", "C")  # LC_ALL wins over LANG
    assert "error: argument --format: invalid choice" in _usage_error(["check", "--format", "xml"], capsys)


def test_a_usage_error_of_init_speaks_the_language_asked_for(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert "playbook: erreur: arguments inconnus : --bogus" in _usage_error(
        ["init", "charte", "--lang", "fr", "--bogus"], capsys)
    assert "playbook: error: unrecognized arguments: --bogus" in _usage_error(
        ["init", "charter", "--lang", "en", "--bogus"], capsys)


def test_a_playbook_missing_speaks_the_environments_language(tmp_path, monkeypatch, capsys):
    assert cli.main(["check", "-C", str(tmp_path)]) == 1
    assert "playbook: error: no site_config.yml in" in capsys.readouterr().err
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert cli.main(["check", "-C", str(tmp_path)]) == 1
    assert "playbook: erreur: pas de site_config.yml dans" in capsys.readouterr().err
