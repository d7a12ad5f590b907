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
from .message import Message, keys


PYDANTIC = "pydantic."  # the keys of pydantic's own errors: PYDANTIC + their type, with '-' for '_'
_BOUNDS = {"greater_than_equal": "ge", "greater_than": "gt", "less_than_equal": "le", "less_than": "lt"}


def pydantic_message(kind: str, err: dict, **params: Any) -> str:
    """Pydantic's error of type `kind` in the author's words: the catalogs' key for that type, with its context
    (`max_length`...) and `params` as parameters; pydantic's own English text for a type no catalog has."""
    key = PYDANTIC + kind.replace("_", "-")
    if key not in keys("en"):
        return str(err["msg"]).rstrip(".")
    context = {name: value for name, value in (err.get("ctx") or {}).items() if isinstance(value, (str, int, float))}
    return Message(key, **{**context, **params})


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
            hint = did_you_mean(name, known) or (Message("mkdocs-setting.the-keys-allowed-here-are",
                                                         keys=', '.join(known)) if known else "")
            out.append(source.diagnostic(loc, "unknown-key", Message("unknown-key.unknown-key", key=name), hint,
                                         key=True))
        elif kind == "missing":
            parent_loc = loc[:-1]
            where = Message("missing-key.in", parent=parent_loc[-1]) \
                if parent_loc and isinstance(parent_loc[-1], str) else Message("missing-key.here")
            out.append(source.diagnostic(parent_loc, "missing-key", Message("missing-key.the-key-is-missing", key=name,
                                                                            where=where),
                                         Message("missing-key.add-a-line", key=name), key=True))
        elif kind == "literal_error":
            expected = [str(v) for v in _literal_values(model, loc)]
            if isinstance(value, bool):  # yes, no, on, off... read by YAML as true or false
                written = _written(source, loc) or str(value).lower()
                out.append(source.diagnostic(loc, "invalid-value", Message("mkdocs-value.is-not-a-valid-value",
                                                                           value=written, key=_label(loc)),
                                             Message("invalid-value.yaml-reads-as-a-boolean", written=written,
                                                     values=', '.join(expected))))
                continue
            hint = did_you_mean(value, expected) or Message("mkdocs-value.write-one-of", values=', '.join(expected))
            out.append(source.diagnostic(loc, "invalid-value", Message("mkdocs-value.is-not-a-valid-value",
                                                                       value=value, key=_label(loc)),
                                         hint))
        elif kind == "string_pattern_mismatch" and (found := _pattern(source, loc, value)) is not None:
            out.append(found)
        elif kind in ("too_short", "string_too_short"):
            out.append(source.diagnostic(loc, "empty", Message("empty.must-not-be-empty", key=_label(loc)),
                                         Message("empty.write-at-least-one-character") if kind == "string_too_short"
                                         else Message("empty.write-at-least-one-item")))
        elif kind == "value_error":  # a model's check: its MessageError (or At) carries the message, key and all
            error = err.get("ctx", {}).get("error")
            message = error.args[0] if error is not None and isinstance(error.args[0], Message) else \
                str(err["msg"]).removeprefix("Value error, ")
            out.append(source.diagnostic(loc + tuple(getattr(error, "loc", ())), "invalid", message,
                                         getattr(error, "hint", ""), key=getattr(error, "key", False)))
        elif kind in _BOUNDS:
            out.append(source.diagnostic(loc, "out-of-range", pydantic_message(
                kind, err, value=figure(value), key=_label(loc), limit=figure(err.get("ctx", {}).get(_BOUNDS[kind])))))
        elif not loc and kind in ("model_type", "dict_type"):
            out.append(source.diagnostic(loc, "not-a-mapping", Message("not-a-mapping.this-file-must-hold-key"),
                                         Message("not-a-mapping.start-with-the-keys-of",
                                                 keys=', '.join(model.model_fields))))
        else:
            out.append(_plain(source, loc, kind, value, err))
    return out


def _pattern(source: Source, loc: tuple, value: Any) -> Diagnostic | None:
    """A text that does not have the form its place asks for: a name, an id, a version, a page, an address..."""
    if loc and loc[-1] in ("name", "site_name"):
        return source.diagnostic(loc, "invalid-name", Message("invalid-name.cannot-contain-or", key=_label(loc)),
                                 Message("invalid-name.write-the-name-without-these"))
    if loc and loc[-1] in ("id", "start", "if_yes", "if_no"):
        return source.diagnostic(loc, "invalid-id", Message("invalid-id.is-not-a-valid-id", value=value),
                                 Message("invalid-id.an-id-uses-lower-case"))
    if loc[-2:] == ("proposal", "version"):
        return source.diagnostic(loc, "invalid-version", Message("invalid-version.is-not-a-release-number",
                                                                 value=value),
                                 Message("invalid-version.write-the-number-the-draft"))
    if loc[:2] == ("acknowledgements", "pages"):
        return source.diagnostic(loc, "invalid-page", Message("invalid-page.names-no-part-of-the", name=value),
                                 Message("invalid-page.write-a-part-s-file"))
    if loc == ("acknowledgements", "url"):
        return source.diagnostic(loc, "invalid-url", Message("invalid-url.is-not-an-address-of", value=value),
                                 Message("invalid-url.write-a-path-on-the"))
    if loc and loc[-1] == "email":
        return source.diagnostic(loc, "invalid-email", Message("invalid-email.is-not-an-email-address", value=value),
                                 Message("invalid-email.write-one-address-such-as"))
    if loc and loc[-1] == "phone":
        return source.diagnostic(loc, "invalid-phone", Message("invalid-phone.is-not-a-phone-number", value=value),
                                 Message("invalid-phone.write-digits-with-spaces-dots"))
    return None


def _misspelled(model: type[BaseModel], errors: list) -> set[tuple]:
    """Where a key is missing because it was misspelled: "unknown key" (with its suggestion) says it already."""
    found = set()
    for err in errors:
        if err["type"] == "extra_forbidden":
            parent = _model_at(model, tuple(err["loc"])[:-1])
            suggestion = did_you_mean(err["loc"][-1], list(parent.model_fields) if parent else [])
            if suggestion:
                found.add(tuple(err["loc"])[:-1] + (suggestion.get("word"),))
    return found


def _plain(source: Source, loc: tuple, kind: str, value: Any, err: dict) -> Diagnostic:
    """An error of a type that needs no words of its own: pydantic's, made plain, with a hint where one helps."""
    message = pydantic_message(kind, err)
    hint = ""
    languages = _language_keys(value)
    if isinstance(value, bool) and kind == "string_type":
        hint = Message("schema-errors.yaml-reads-yes-no-on")
    elif languages == "known" and kind == "string_type":
        hint = Message("schema-errors.this-value-is-written-once")
    elif languages == "unknown" and kind == "string_type":
        hint = (Message("schema-errors.texts-in-each-language-are",
                        keys=' and '.join(repr(f'{lang}:') for lang in LANGUAGES)))
    elif languages and kind == "list_type":
        hint = Message("schema-errors.a-list-is-translated-item")
    elif isinstance(value, (dict, list)) and kind == "string_type":
        hint = Message("schema-errors.a-text-containing-or-starting")
    elif value is None and loc and isinstance(loc[-1], int):  # a '-' with nothing after it
        message = Message("schema-errors.an-item-of-is-empty", key=_label(loc))
        hint = Message("schema-errors.write-the-item-after-the")
    elif value is None:
        message = Message("schema-errors.has-no-value", key=_label(loc))
        hint = Message("schema-errors.write-a-value-after-the")
    return source.diagnostic(loc, kind.replace("_", "-"),
                             Message("schema-errors.message", message=message,
                                     key=_label(loc)) if value is not None else message, hint)


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
        message = Message("as-written.is-kept-as-written-yaml", written=note.written, read=describe(note.read))
        hint = Message("as-written.put-it-in-quotes-so", written=note.written)
    elif note.kept != note.read:
        message = (Message("as-written.is-read-as-the-number", written=note.written, kept=note.kept, read=note.read))
        hint = Message("as-written.write-without-the-leading-0", kept=note.kept)
    else:
        message = Message("as-written.is-read-as-the-number-2", written=note.written, read=note.read)
        hint = Message("as-written.write-if-that-is-the", read=note.read)
    return source.diagnostic(note.loc, "as-written", message, hint, severity=WARNING)


def parse(source: Source, model: type[BaseModel], report: Report,
          failed: list[tuple[Source, type[BaseModel]]] | None = None, context: dict | None = None) -> Any:
    """The file's content as `model`, or None with its problems added to `report` (and the file to `failed`).

    `context` names the language texts are resolved to (see model/language.py)."""
    if source.data is None:
        report.add(Diagnostic("empty-file", Message("empty-file.this-file-is-empty"), source.display, 1, 1,
                              Message("empty-file.write-the-keys-of-this", keys=', '.join(model.model_fields))))
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
