"""Texts in several languages: a text field holds one text, or a mapping such as {fr: ..., en: ...}.

A playbook is validated once per language it is published in; the validation context names that
language and the playbook's main one. A text then resolves to the language asked for, or, when
its translation is missing, to another one wrapped in `Untranslated`, which the site marks.
"""
from __future__ import annotations

from typing import Annotated, Any, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, WrapValidator
from ..message import Message

LANGUAGES = ("fr", "en")
LANGUAGE_NAMES = {"fr": "Français", "en": "English"}  # each in its own language, as a switcher shows them
_IN_WORDS = {"fr": Message("language.french"), "en": Message("language.english")}  # its name, in messages


class Untranslated(str):
    """A text shown in `lang` instead of the language of its page, because its translation is missing."""

    lang: str

    def __new__(cls, text: str, lang: str) -> "Untranslated":
        value = super().__new__(cls, text)
        value.lang = lang
        return value

    def __reduce__(self) -> tuple:
        return Untranslated, (str(self), self.lang)


def _as_a_branch(schema: dict, model: type) -> None:
    """The JSON schema of a text in each language, one branch of a text field's `anyOf`: no title or description
    of its own, which an editor (the YAML language server) would show on hover instead of the field's, that says
    what the text is for and that {fr: ..., en: ...} is accepted."""
    schema.pop("title", None)
    schema.pop("description", None)
    schema["minProperties"] = 1


class Translations(BaseModel):
    """A text written in each language the site is published in: under fr, en or both. Where a language is left
    out, its site shows the text of another one, marked as not yet translated."""

    model_config = ConfigDict(extra="forbid", title="Text in each language", json_schema_extra=_as_a_branch)
    fr: str = Field(None, min_length=1, description="The French text: where it is left out, the French site "
                    "shows another language's, marked as not yet translated.")  # type: ignore[assignment]
    en: str = Field(None, min_length=1, description="The English text: where it is left out, the English site "
                    "shows another language's, marked as not yet translated.")  # type: ignore[assignment]


def _plain(exc: ValidationError) -> Message | str:
    err = exc.errors(include_url=False)[0]
    if err["type"] in ("string_too_short", "too_short"):
        return Message("language.this-text-is-empty")
    if err["type"] == "string_type":
        return (Message("language.expected-text-here-boolean") if isinstance(err.get("input"), bool) else
                Message("language.expected-text-here"))
    if err["type"] == "string_pattern_mismatch":
        return Message("language.this-text-cannot-contain")
    return str(err["msg"]).rstrip(".")


def _resolve(value: Any, handler: Any, info: ValidationInfo, neutral: bool) -> str:
    from .base import At  # base builds its text types from this module

    context = info.context or {}
    language = context.get("language")
    primary = context.get("primary") or language
    if isinstance(value, dict) and any(key in LANGUAGES for key in value):
        texts: dict[str, str] = {}
        for key, text in value.items():
            if key not in LANGUAGES:
                raise At((key,), Message("language.is-not-a-language-of", key=key, languages=' and '.join(LANGUAGES)),
                         key=True)
            if text is None:  # 'en:' and nothing after it
                raise At((key,), Message("language.the-text-is-empty-write", language=_IN_WORDS[key], key=key),
                         key=True)
            try:
                texts[key] = handler(text)
            except ValidationError as exc:
                raise At((key,), Message("language.the-text", problem=_plain(exc), language=_IN_WORDS[key])) from None
        wanted = language if language in texts else None
        if wanted is None and language is None:  # no language asked for: the main one, else the first written
            wanted = primary if primary in texts else next(iter(texts))
        if wanted is not None:
            return texts[wanted]
        shown = primary if primary in texts else next(iter(texts))
        return Untranslated(texts[shown], shown)
    text = handler(value)
    # a single text is written in the main language: elsewhere it is a missing translation
    if neutral or not text or language is None or language == primary:
        return text
    return Untranslated(text, primary)


def translated(neutral: bool = False, min_length: int = 0) -> WrapValidator:
    """The annotation of a text field that may be written in each language.

    A `neutral` text (a name: LinkedIn, Maison Lumen) reads the same in every language unless a
    translation is given; any other single text is in the main language.
    """
    text = Annotated[str, Field(min_length=min_length)] if min_length else str
    input_type = Union[text, Translations]
    return WrapValidator(lambda value, handler, info: _resolve(value, handler, info, neutral),
                         json_schema_input_type=input_type)


IN_EACH_LANGUAGE = "written once, or in each language: {fr: ..., en: ...}."


def _names_translations(schema: Any) -> bool:
    if isinstance(schema, dict):
        ref = schema.get("$ref", "")
        return "Translations" in ref.rpartition("/")[2] or any(_names_translations(v) for v in schema.values())
    return isinstance(schema, list) and any(_names_translations(v) for v in schema)


def say_in_each_language(description: str, schema: dict) -> str:
    """The description of a field whose JSON `schema` holds texts in each language, saying so."""
    if not _names_translations(schema) or IN_EACH_LANGUAGE in description:
        return description
    each = "Each text" if schema.get("type") in ("array", "object") else "Its text"
    return f"{description} {each} is {IN_EACH_LANGUAGE}"


def in_words(language: str) -> Message:
    """The name of a language, for messages: 'French', 'français'."""
    return _IN_WORDS[language]
