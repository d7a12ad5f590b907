"""Messages by key: every key the code uses has one template in every language, with the same parameters.

- every `Message("…")` written in generator/ (found with `ast`) has a template in catalogs/en.yml and in
  catalogs/fr.yml, both using exactly the parameters the code gives (and no catalog key is left unused);
- a template with plural forms chooses its form by the language's rule (Babel's): French "0 réseau",
  English "0 networks";
- a message is its English text, and the printer shows it in the playbook's language.
"""
from __future__ import annotations

import ast
import pickle
from pathlib import Path

import pytest

import generator
from generator.diagnostics import Diagnostic, PlaybookError
from generator.message import Message, MessageError, keys, placeholders, render, well_formed_key
from generator.printer import format_json, format_text
from generator.schema_errors import PYDANTIC
from generator.words import KINDS, kind_word

PACKAGE = Path(generator.__file__).parent
LANGUAGES = ("en", "fr")


def _uses() -> dict[str, list[tuple[str, set[str] | None]]]:
    """key -> (where, the parameters given, or None when they are given as **mapping) for each Message(…)."""
    found: dict[str, list] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Message" \
                    and node.args and isinstance(node.args[0], ast.Constant):
                names = None if any(k.arg is None for k in node.keywords) else {k.arg for k in node.keywords}
                where = f"{path.relative_to(PACKAGE)}:{node.lineno}"
                found.setdefault(node.args[0].value, []).append((where, names))
    return found


def test_every_key_of_the_code_has_a_template_in_every_language_with_its_parameters():
    uses = _uses()
    assert len(uses) > 300, "the Message(…) calls are no longer found: see _uses"
    problems = []
    for key, places in uses.items():
        if not well_formed_key(key):
            problems.append(f"{places[0][0]}: {key!r} is not a key (lower-case words with '-', dotted)")
        for language in LANGUAGES:
            if key not in keys(language):
                problems.append(f"{places[0][0]}: {key!r} has no template in {language}.yml")
                continue
            wanted = placeholders(keys(language)[key])
            for where, given in places:
                if given is not None and given != wanted:
                    problems.append(f"{where}: {key!r} is given {sorted(given)}, its {language} template uses "
                                    f"{sorted(wanted)}")
    assert not problems, "\n".join(problems)


def test_the_keys_of_pydantics_errors_name_its_error_types():
    from pydantic_core.core_schema import ErrorType
    from typing import get_args
    types = set(get_args(ErrorType))
    keyed = [key for key in keys("en") if key.startswith(PYDANTIC)]
    assert len(keyed) > 20
    assert [key for key in keyed if key.removeprefix(PYDANTIC).replace("-", "_") not in types] == []


def test_every_language_has_the_same_keys_and_none_is_unused():
    used = set(_uses()) | {key for key in keys("en") if key.startswith(PYDANTIC)}  # by type: see schema_errors.py
    english = set(keys("en"))
    for language in LANGUAGES:
        assert set(keys(language)) == english, (language, sorted(set(keys(language)) ^ english)[:20])
    assert not english - used, f"keys no code uses: {sorted(english - used)}"


def test_every_language_has_the_same_parameters_for_a_key():
    problems = [f"{key}: {placeholders(keys('en')[key])} / {placeholders(template)}"
                for key, template in keys("fr").items() if placeholders(template) != placeholders(keys("en")[key])]
    assert not problems, "\n".join(problems)


# --- plurals --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("n, en, fr", [
    (0, "0 networks", "0 réseau"),
    (1, "1 network", "1 réseau"),
    (2, "2 networks", "2 réseaux"),
    (21, "21 networks", "21 réseaux"),
])
def test_a_count_chooses_the_plural_form_of_each_language(n, en, fr):
    message = Message("cli.networks", n=n)
    assert message == en
    assert message.in_language("en") == en
    assert message.in_language("fr") == fr


def test_the_valid_playbook_line_says_its_counts_in_words_of_each_language():
    one = Message("cli.the-playbook-is-valid", networks=Message("cli.networks", n=1),
                  warnings=Message("cli.warnings", n=1))
    assert one == "The playbook is valid (1 network, 1 warning)."
    assert one.in_language("fr") == "La charte est valide (1 réseau, 1 avertissement)."
    many = Message("cli.the-playbook-is-valid", networks=Message("cli.networks", n=3),
                   warnings=Message("cli.warnings", n=0))
    assert many == "The playbook is valid (3 networks, 0 warnings)."
    assert many.in_language("fr") == "La charte est valide (3 réseaux, 0 avertissement)."


# --- words with forms ----------------------------------------------------------------------------------

@pytest.mark.parametrize("kind, en, fr, known, another", [
    ("audience", "no audience has the id 'x'", "l'id 'x' ne désigne aucun public", "ids de public connus : a, b",
     "un autre public"),
    ("calendar_entry", "no calendar entry has the id 'x'", "l'id 'x' ne désigne aucune date du calendrier",
     "ids de date du calendrier connus : a, b", "une autre date du calendrier"),
    ("training_session", "no training session has the id 'x'", "l'id 'x' ne désigne aucune formation",
     "ids de formation connus : a, b", "une autre formation"),
])
def test_a_kind_of_item_takes_the_form_each_template_asks_for(kind, en, fr, known, another):
    message = Message("unknown-reference.no-has-the-id", kind=kind_word(kind), id="x")
    assert (message, message.in_language("fr")) == (en, fr)
    assert Message("unknown-reference.known-ids", kind=kind_word(kind), ids="a, b").in_language("fr") == known
    assert Message("duplicate-id.the-id-is-already-used", id="x", kind=kind_word(kind), file="f.yml",
                   line=3).in_language("fr") == f"l'id 'x' est déjà utilisé par {another} (f.yml:3)"


def test_every_kind_of_item_of_the_models_is_a_word_of_the_messages():
    from generator.parts import PARTS
    kinds = {names.kind for part in PARTS for names in part.names}
    assert kinds and kinds <= set(KINDS), sorted(kinds - set(KINDS))


# --- a message as a value -------------------------------------------------------------------------------

def test_a_message_is_its_english_text_and_keeps_its_key_across_processes():
    message = Message("unknown-key.unknown-key", key="colour")
    assert message == "unknown key 'colour'" and isinstance(message, str)
    again = pickle.loads(pickle.dumps(PlaybookError([Diagnostic("unknown-key", message)])))
    assert again.diagnostics[0].message.key == "unknown-key.unknown-key"
    assert again.diagnostics[0].message.in_language("fr") == message.in_language("fr") != message
    with pytest.raises(AttributeError):
        message.key = "other"


def test_two_messages_of_the_same_english_text_keep_their_own_translations(monkeypatch):
    import generator.message as message_module
    real = message_module.keys
    extra = {"en": {"test.elsewhere": "here"}, "fr": {"test.elsewhere": "ailleurs"}}
    monkeypatch.setattr(message_module, "keys", lambda language: {**real(language), **extra.get(language, {})})
    message_module.render.cache_clear()
    try:
        here, same_words = Message("missing-key.here"), Message("test.elsewhere")
        assert here == "here" == same_words and here != same_words
        said = [Message("missing-key.the-key-is-missing", key="a", where=where).in_language("fr")
                for where in (here, same_words)]
        assert said == ["la clé 'a' manque ici", "la clé 'a' manque ailleurs"]
    finally:
        message_module.render.cache_clear()


def test_a_fragment_made_by_other_code_is_rendered_in_the_same_language():
    message = Message("missing-key.the-key-is-missing", key="name",
                      where=Message("missing-key.in", parent="organisation"))
    assert message == "the key 'name' is missing in 'organisation'"
    assert message.in_language("fr") == "la clé 'name' manque dans 'organisation'"


def test_the_printer_shows_a_message_in_the_playbooks_language():
    diagnostic = Diagnostic("unknown-key", Message("unknown-key.unknown-key", key="colour"), "content/x.yml", 3, 1,
                            hint=Message("hint.did-you-mean", word="color"))
    assert format_text(diagnostic) == "content/x.yml:3:1: error: unknown key 'colour'\n  hint: did you mean 'color'?"
    assert format_text(diagnostic, language="fr") == (
        "content/x.yml:3:1: erreur: clé inconnue 'colour'\n  conseil: vouliez-vous dire 'color' ?")
    assert '"message": "clé inconnue \'colour\'"' in format_json([diagnostic], language="fr")


def test_a_models_error_carries_its_message():
    error = MessageError(Message("unknown-key.unknown-key", key="x"), hint="h")
    assert isinstance(error, ValueError) and error.message.key == "unknown-key.unknown-key" and error.hint == "h"


def test_a_parameter_that_cannot_be_hashed_is_kept_as_its_text():
    message = Message("unknown-key.unknown-key", key=["a", "b"])
    assert message == "unknown key '['a', 'b']'" and hash(message) == hash(str(message))


def test_a_key_no_catalog_has_is_shown_rather_than_lost():
    assert render("nowhere.to-be-found", (("n", 2),), "fr") == ("nowhere.to-be-found n=2", False)
