"""A message is a key and its parameters; each language's catalog has one template per key.

`Message("unknown-key.unknown", name="colour")` names what is said, not how: the template of
`unknown-key.unknown` in `catalogs/en.yml` says it in English, the one in `catalogs/fr.yml` in
French, and the printer chooses the playbook's language as it shows the message. A message is
also its English text (a `str`), so that an exception, a log line or a test reads it as an
English reader would; its key and parameters are what the printer translates.

In a template, `{name}` is a parameter: an id, a file, a value the user typed, a number, or a
Message made by other code (a fragment, a hint inside a hint, a word such as 'a folder'), itself
rendered in the same language. No English text is ever matched to find its translation: every
word a message says is a Message. `{name:FORM}` asks a word for one of its forms (`{kind:none}`: "aucun
public", see words.py); `{name:text}` says that the value must be a Message (a plain text there is
English left untranslated, which `render` reports); `{name:maybe}` is the text of an outside library
(YAML's errors, the system's), translated when the language's `outside:` table has that exact
text, else shown as written. A template that depends on a number is a mapping of plural forms,
chosen by Babel's rule of the language for the parameter named by `plural`:

    network.count: {plural: n, one: "{n} réseau", other: "{n} réseaux"}

(French says "0 réseau", English "0 networks".) A key missing from a language is shown in English.
"""
from __future__ import annotations

import re
import string
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

CATALOGS = Path(__file__).parent / "catalogs"
OUTSIDE = "outside"  # the section of a catalog that translates outside libraries' words, by exact text
PLURAL = "plural"  # in a plural template: the parameter whose number chooses the form
_FORMATTER = string.Formatter()


class Message(str):
    """A key and its parameters; as a `str`, its English text. Immutable and hashable, as a str."""

    key: str
    params: tuple[tuple[str, Any], ...]

    def __new__(cls, key: str, /, **params: Any) -> "Message":
        items = tuple(sorted((name, _kept(value)) for name, value in params.items()))
        self = super().__new__(cls, render(key, items, "en")[0])
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "params", items)
        return self

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a Message is immutable")

    def __eq__(self, other: object) -> bool:  # another Message by key and parameters, a text as a text
        if isinstance(other, Message):
            return self.key == other.key and _strict(self.params) == _strict(other.params)
        return str.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = str.__hash__  # equal Messages have equal texts

    def __reduce__(self):  # crosses a process boundary (a build job) as a key and parameters
        return (_rebuild, (self.key, self.params))

    def __repr__(self) -> str:
        params = "".join(f", {name}={value!r}" for name, value in self.params)
        return f"Message({self.key!r}{params})"

    def get(self, name: str, default: Any = None) -> Any:
        """The value of parameter `name`."""
        return dict(self.params).get(name, default)

    def in_language(self, language: str) -> str:
        """The text of this message in `language` (English where the language's catalog lacks its key)."""
        return render(self.key, self.params, language)[0]


def _kept(value: Any) -> Any:
    """A parameter as a message keeps it: as it is when it can be hashed (a text, a number, a Message, a path),
    else as the text an f-string would have shown (a list...)."""
    try:
        hash(value)
    except TypeError:
        return str(value)
    return value


def _rebuild(key: str, params: tuple) -> Message:
    return Message(key, **dict(params))


class MessageError(ValueError):
    """A model's validator's error: a ValueError (pydantic reports it as a `value_error`) carrying its Message,
    which the schema's errors keep as the diagnostic's message."""

    def __init__(self, message: Message, hint: str = "", **extra: Any):
        super().__init__(message)
        self.message = message
        self.hint = hint
        for name, value in extra.items():
            setattr(self, name, value)


def _catalog_path(language: str) -> Path:
    return CATALOGS / f"{language}.yml"


@lru_cache(maxsize=None)
def catalog_data(language: str) -> dict:
    """The catalog of `language` as read: `keys`, `tables`, `words` (empty when the file is absent or broken).

    Read with PyYAML's safe loader, not the project's reader: messages are made while the reader's own modules
    are imported, and the catalogs are files of playbook itself, written in plain, quoted YAML."""
    try:
        data = yaml.load(_catalog_path(language).read_text(encoding="utf-8"),
                         Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):  # an install without its catalog: messages stay in English
        return {}
    return data if isinstance(data, dict) else {}


def outside(language: str) -> dict:
    """The words of outside libraries (YAML's errors, the system's) that `language` translates: English -> text."""
    return catalog_data(language).get(OUTSIDE) or {}


def keys(language: str) -> dict:
    """The keyed templates of `language`: key -> template (a text, or a mapping of plural forms)."""
    return catalog_data(language).get("keys") or {}


@lru_cache(maxsize=None)
def _plural_rule(language: str):
    from babel import Locale
    return Locale.parse(language).plural_form


def plural_form(language: str, n: Any) -> str:
    """The CLDR plural category of the number `n` in `language` ('one', 'many', 'other'...)."""
    try:
        return _plural_rule(language)(abs(n))
    except (TypeError, ValueError):
        return "other"


def choose(template: Any, params: dict, language: str, form: str = "") -> str:
    """The text of a template for these parameters: itself, its plural form for the count it names, or (a word with
    forms, such as `kind.audience: {other: public, none: aucun public}`) the form a placeholder asks for."""
    if not isinstance(template, dict):
        return str(template)
    if PLURAL not in template:
        return str(template.get(form, template.get("other", "")))
    form = plural_form(language, params.get(template[PLURAL], 0))
    return str(template.get(form, template.get("other", "")))


def placeholders(template: Any) -> set[str]:
    """The parameters a template uses (in every plural form or form of a word, and the count that chooses them)."""
    texts = [v for k, v in template.items() if k != PLURAL] if isinstance(template, dict) else [template]
    found = {template[PLURAL]} if isinstance(template, dict) and PLURAL in template else set()
    for text in texts:
        found |= {name for _, name, _, _ in _FORMATTER.parse(str(text)) if name}
    return found


def _value(value: Any, kind: str, language: str) -> tuple[str, bool]:
    """A parameter's text in `language`, and whether it is as translated as it must be."""
    if isinstance(value, Message):  # `{kind:none}`: the form 'none' of the word, where the language has forms
        return render(value.key, value.params, language, kind if kind not in ("text", "maybe") else "")
    if kind == "maybe" and language != "en":  # an outside library's words: translated where written exactly so
        return str(outside(language).get(str(value), value)), True
    return str(value), kind != "text" or language == "en" or not value  # `text`: a Message, not English words


def _strict(params: tuple) -> tuple:
    """Parameters as they compare when a Message must not pass for its English text ('here' is not the Message
    whose English text is 'here')."""
    return tuple((name, isinstance(value, Message), value) for name, value in params)


def render(key: str, params: tuple, language: str, form: str = "") -> tuple[str, bool]:
    """The text of a message in `language` (in its `form`, for a word that has forms), and whether the catalog
    covered it all (itself and its parts)."""
    return _render(key, _strict(params), language, form)


@lru_cache(maxsize=16384)  # a translation just begun repeats the same warnings thousands of times
def _render(key: str, strict: tuple, language: str, form: str) -> tuple[str, bool]:
    params = tuple((name, value) for name, _, value in strict)
    templates = keys(language)
    covered = key in templates
    if not covered:
        templates, language = keys("en"), "en"
        if key not in templates:  # a key no catalog has: shown as it is rather than lost
            return key + "".join(f" {name}={value}" for name, value in params), False
    values = dict(params)
    text = choose(templates[key], values, language, form)
    out = []
    for literal, name, spec, _ in _FORMATTER.parse(text):
        out.append(literal)
        if name is None:
            continue
        part, ok = _value(values.get(name, ""), spec or "", language)
        out.append(part)
        covered = covered and ok
    return "".join(out), covered


render.cache_clear = _render.cache_clear  # type: ignore[attr-defined]


_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$")


def well_formed_key(key: str) -> bool:
    """A key is lower-case words with dashes, in at least two dotted parts: 'unknown-key.unknown'."""
    return bool(_KEY.match(key))
