"""Validate stage, first step: each file against its model, pydantic's errors told in the author's words."""
from __future__ import annotations

import re
import typing
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from .diagnostics import WARNING, Diagnostic, PlaybookError, Report, did_you_mean
from .files import read_text
from .load import Source
from .model.base import figure
from .model.language import LANGUAGES
from .model.schema import unwrap
from .model.written import Kept, as_written, describe


_PLAIN_MESSAGES = {
    "string_type": "expected text here",
    "int_type": "expected a whole number here",
    "int_parsing": "expected a whole number here",
    "int_from_float": "expected a whole number here, without decimals",
    "bool_type": "expected true or false here",
    "bool_parsing": "expected true or false here",
    "list_type": "expected a list here (one '- item' per line)",
    "dict_type": "expected a mapping here ('key: value' lines)",
    "model_type": "expected a mapping here ('key: value' lines)",
    "model_attributes_type": "expected a mapping here ('key: value' lines)",
    "date_type": "expected a date here, written YYYY-MM-DD",
    "date_parsing": "expected a date here, written YYYY-MM-DD",
    "date_from_datetime_parsing": "expected a date here, written YYYY-MM-DD",
    "date_from_datetime_inexact": "expected a date without a time here, written YYYY-MM-DD",
}
_BOUNDS = {"greater_than_equal": ("ge", "at least"), "greater_than": ("gt", "more than"),
           "less_than_equal": ("le", "at most"), "less_than": ("lt", "less than")}


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model class that describes the mapping at `loc` inside `model`, if any."""
    current: Any = model
    for step in loc:
        if isinstance(step, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or step not in current.model_fields:
            return None
        annotation = current.model_fields[step].annotation
        current = next((t for t in unwrap(annotation) if isinstance(t, type) and issubclass(t, BaseModel)), None)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _schema_diagnostics(source: Source, model: type[BaseModel], exc: ValidationError) -> list[Diagnostic]:
    out = []
    errors = exc.errors(include_url=False)
    misspelled = _misspelled(model, errors)
    for err in errors:
        if err["type"] == "missing" and tuple(err["loc"]) in misspelled:
            continue
        loc = tuple(err["loc"])
        kind = err["type"]
        value = err.get("input")
        name = loc[-1] if loc else ""
        if kind == "extra_forbidden":
            parent = _model_at(model, loc[:-1])
            known = list(parent.model_fields) if parent else []
            hint = did_you_mean(name, known) or (f"the keys allowed here are: {', '.join(known)}" if known else "")
            out.append(source.diagnostic(loc, "unknown-key", f"unknown key '{name}'", hint, key=True))
        elif kind == "missing":
            parent_loc = loc[:-1]
            where = f"in '{parent_loc[-1]}'" if parent_loc and isinstance(parent_loc[-1], str) else "here"
            out.append(source.diagnostic(parent_loc, "missing-key", f"the key '{name}' is missing {where}",
                                         f"add a line '{name}: ...'", key=True))
        elif kind == "literal_error":
            expected = [str(v) for v in _literal_values(model, loc)]
            if isinstance(value, bool):  # yes, no, on, off... read by YAML as true or false
                written = _written(source, loc) or str(value).lower()
                out.append(source.diagnostic(loc, "invalid-value", f"'{written}' is not a valid value for "
                                             f"'{_label(loc)}'", f"YAML reads '{written}' as a boolean; write one "
                                             f"of: {', '.join(expected)}"))
                continue
            hint = did_you_mean(value, expected) or f"write one of: {', '.join(expected)}"
            out.append(source.diagnostic(loc, "invalid-value", f"'{value}' is not a valid value for '{_label(loc)}'",
                                         hint))
        elif kind == "string_pattern_mismatch" and loc and loc[-1] in ("name", "site_name"):
            out.append(source.diagnostic(loc, "invalid-name", f"'{_label(loc)}' cannot contain <, > or \"",
                                         "write the name without these characters (use « » or ' for quotes)"))
        elif kind == "string_pattern_mismatch" and loc and loc[-1] in ("id", "start", "if_yes", "if_no"):
            out.append(source.diagnostic(loc, "invalid-id", f"'{value}' is not a valid id",
                                         "an id uses lower-case letters without accents, digits, '-' and '_', "
                                         "such as 'service-client'"))
        elif kind == "string_pattern_mismatch" and loc[-2:] == ("proposal", "version"):
            out.append(source.diagnostic(loc, "invalid-version", f"'{value}' is not a release number",
                                         "write the number the draft will have, such as 3.0, in quotes"))
        elif kind == "string_pattern_mismatch" and loc[:2] == ("acknowledgements", "pages"):
            out.append(source.diagnostic(loc, "invalid-page", f"'{value}' names no part of the playbook",
                                         "write a part's file name, without .yml, such as personal_use"))
        elif kind == "string_pattern_mismatch" and loc == ("acknowledgements", "url"):
            out.append(source.diagnostic(loc, "invalid-url", f"'{value}' is not an address of the service",
                                         "write a path on the site's server, such as /acknowledgements/, or an "
                                         "address such as https://charter.intranet.example/acknowledgements/"))
        elif kind == "string_pattern_mismatch" and loc and loc[-1] == "email":
            out.append(source.diagnostic(loc, "invalid-email", f"'{value}' is not an email address",
                                         "write one address such as 'social@example.org', without spaces or name"))
        elif kind == "string_pattern_mismatch" and loc and loc[-1] == "phone":
            out.append(source.diagnostic(loc, "invalid-phone", f"'{value}' is not a phone number",
                                         "write digits, with spaces, dots, dashes or brackets, and '+' first for "
                                         "an international number, such as '+33 1 23 45 67 89'"))
        elif kind in ("too_short", "string_too_short"):
            what = "text" if kind == "string_too_short" else "list"
            out.append(source.diagnostic(loc, "empty", f"'{_label(loc)}' must not be empty",
                                         f"write at least one {'character' if what == 'text' else 'item'}"))
        elif kind == "value_error":
            message = str(err["msg"]).removeprefix("Value error, ")
            error = err.get("ctx", {}).get("error")
            out.append(source.diagnostic(loc + tuple(getattr(error, "loc", ())), "invalid", message,
                                         getattr(error, "hint", ""), key=getattr(error, "key", False)))
        elif kind in _BOUNDS:
            key, words = _BOUNDS[kind]
            out.append(source.diagnostic(loc, "out-of-range", f"{figure(value)} is out of range for '{_label(loc)}': it "
                                         f"must be {words} {figure(err.get('ctx', {}).get(key))}"))
        elif not loc and kind in ("model_type", "dict_type"):
            out.append(source.diagnostic(loc, "not-a-mapping", "this file must hold 'key: value' lines at its top "
                                         "level, not a list or a single value",
                                         f"start with the keys of this part: {', '.join(model.model_fields)}"))
        else:
            out.append(_plain(source, loc, kind, value, err))
    return out


def _misspelled(model: type[BaseModel], errors: list) -> set[tuple]:
    """Where a key is missing because it was misspelled: "unknown key" (with its suggestion) says it already."""
    found = set()
    for err in errors:
        if err["type"] == "extra_forbidden":
            parent = _model_at(model, tuple(err["loc"])[:-1])
            suggestion = did_you_mean(err["loc"][-1], list(parent.model_fields) if parent else [])
            if suggestion:
                found.add(tuple(err["loc"])[:-1] + (suggestion.split("'")[1],))
    return found


def _plain(source: Source, loc: tuple, kind: str, value: Any, err: dict) -> Diagnostic:
    """An error of a type that needs no words of its own: pydantic's, made plain, with a hint where one helps."""
    message = _PLAIN_MESSAGES.get(kind, str(err["msg"]).rstrip("."))
    hint = ""
    languages = _language_keys(value)
    if isinstance(value, bool) and kind == "string_type":
        hint = "YAML reads yes/no/on/off/true/false as a boolean: put the text in quotes"
    elif languages == "known" and kind == "string_type":
        hint = "this value is written once, the same in every language"
    elif languages == "unknown" and kind == "string_type":
        hint = (f"texts in each language are written under {' and '.join(repr(f'{lang}:') for lang in LANGUAGES)}"
                ", in lower case")
    elif languages and kind == "list_type":
        hint = "a list is translated item by item: '- fr: ...' with '  en: ...' under it"
    elif isinstance(value, (dict, list)) and kind == "string_type":
        hint = "a text containing ': ' or starting with '- ' must be put in quotes"
    elif value is None and loc and isinstance(loc[-1], int):  # a '-' with nothing after it
        message = f"an item of '{_label(loc)}' is empty"
        hint = "write the item after the '- ', or remove the line"
    elif value is None:
        message = f"'{_label(loc)}' has no value"
        hint = "write a value after the colon, or remove the line"
    return source.diagnostic(loc, kind.replace("_", "-"),
                             f"{message} ('{_label(loc)}')" if value is not None else message, hint)


def _language_keys(value: Any) -> str:
    """Whether a mapping looks like texts per language: 'known' (fr, en), 'unknown' (FR, de...), or ''."""
    if not isinstance(value, dict) or not value:
        return ""
    keys = [str(key) for key in value]
    if any(key in LANGUAGES for key in keys):
        return "known"
    if all(len(key) == 2 and key.isalpha() for key in keys):
        return "unknown"
    return ""


def _written(source: Source, loc: tuple) -> str:
    """The value at `loc` as the author typed it (YAML may have read `yes` as true)."""
    if loc in source.written:  # kept by the loader: no need to read the file again
        return source.written[loc]
    line, column = source.position(loc)
    try:
        text = read_text(source.path, source.display).splitlines()[line - 1]
    except (PlaybookError, IndexError):
        return ""
    return re.split(r"[\s,\]}#]", text[column - 1:], maxsplit=1)[0].strip("'\"")


def _label(loc: tuple) -> str:
    names = [str(step) for step in loc if isinstance(step, str)]
    return names[-1] if names else "this value"


def _literal_values(model: type[BaseModel], loc: tuple) -> list[Any]:
    while loc and isinstance(loc[-1], int):  # an item of a list: the list's field says what it may hold
        loc = loc[:-1]
    parent = _model_at(model, loc[:-1])
    name = next((s for s in reversed(loc) if isinstance(s, str)), None)
    if parent is None or name not in parent.model_fields:
        return []
    for part in unwrap(parent.model_fields[name].annotation):
        if get_origin(part) is typing.Literal:
            return list(get_args(part))
    return []


def _kept_warning(source: Source, note: Kept) -> Diagnostic:
    """A value taken as written where YAML 1.1 tools (and older versions of playbook) read something else."""
    if isinstance(note.kept, str):
        message = f"'{note.written}' is kept as written; YAML 1.1 tools read it as {describe(note.read)}"
        hint = f"put it in quotes (\"{note.written}\") so that every YAML tool reads it as text"
    elif note.kept != note.read:
        message = (f"'{note.written}' is read as the number {note.kept}; YAML 1.1 tools read a leading 0 as an "
                   f"octal number ({note.read})")
        hint = f"write {note.kept}, without the leading 0"
    else:
        message = f"'{note.written}' is read as the number {note.read}: YAML reads numbers with ':' in base 60"
        hint = f"write {note.read} if that is the number meant"
    return source.diagnostic(note.loc, "as-written", message, hint, severity=WARNING)


def parse(source: Source, model: type[BaseModel], report: Report,
          failed: list[tuple[Source, type[BaseModel]]] | None = None, context: dict | None = None) -> Any:
    """The file's content as `model`, or None with its problems added to `report` (and the file to `failed`).

    `context` names the language texts are resolved to (see model/language.py)."""
    if source.data is None:
        report.add(Diagnostic("empty-file", "this file is empty", source.display, 1, 1,
                              f"write the keys of this part: {', '.join(model.model_fields)}"))
        return None
    data, kept = as_written(model, source.data, source.written)
    for note in kept:
        report.add(_kept_warning(source, note))
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        report.extend(_schema_diagnostics(source, model, exc))
        if failed is not None:
            failed.append((source, model))
        return None
