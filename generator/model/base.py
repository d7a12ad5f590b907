"""Building blocks of every content model: references, ids, strictness, lexicon terms."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from .language import say_in_each_language, translated
from ..message import Message, MessageError


@dataclass(frozen=True)
class Ref:
    """Marks a field whose value is the id of an item of `kind`."""

    kind: str


@dataclass(frozen=True)
class Block:
    """Marks a field of block text (Markdown), which a summary of changes does not quote."""


Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
# Texts may be written in each language the playbook is published in (see language.py).
Text = Annotated[str, StringConstraints(min_length=1), translated(min_length=1)]
Markdown = Annotated[str, Block(), translated()]  # block text: paragraphs, lists, emphasis
Prose = Annotated[str, translated()]  # optional text: may stay empty
Name = Annotated[str, StringConstraints(min_length=1), translated(neutral=True, min_length=1)]  # the same in every language unless translated
Visibility = Literal["public", "restricted"]
# Written into mailto: and tel: links: an address, or a number of digits with the usual separators.
Email = Annotated[str, StringConstraints(pattern=r"^(|[^@\s<>()\[\]\\,;:\"']+@[^@\s<>()\[\]\\,;:\"']+)$", max_length=254)]
Phone = Annotated[str, StringConstraints(pattern=r"^(|\+?[0-9][0-9 ().\-]{1,30})$")]


def figure(value: Any) -> str:
    """A number as a message shows it: 1000000000000 rather than 1e12 or 1000000000000.0, 3.5, and a number of
    hundreds of digits cut to its first ones and its length."""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer() and abs(value) < 1e16:
        value = int(value)
    text = str(value)
    return text if len(text) <= 24 else f"{text[:12]}… ({len(text.lstrip('-'))} digits)"


def out_of_range(value: Any, low: float, high: float, written: str = "") -> Message | str:
    """Why a number read from a file is not a value of a field that takes numbers from `low` to `high`; '' when it is.
    `written` is the number as the file has it, shown instead of the value.

    YAML reads `.inf`, `.nan` and numbers of hundreds of digits; a CSV cell of 400 digits is an infinite float:
    none can be drawn, compared or printed, so every number is checked where it enters."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return ""
    bounds = dict(low=figure(low), high=figure(high))
    if isinstance(value, float) and math.isnan(value):
        return Message("number.is-not-a-number", value=figure(written) if written else '.nan', **bounds)
    if isinstance(value, float) and math.isinf(value) and not written:
        return Message("number.an-infinite-number-is-out-of-range", **bounds)
    if not low <= value <= high:
        shown = Message("number.quoted", value=figure(written)) if written else figure(value)
        return Message("number.is-out-of-range", value=shown, **bounds)
    return ""


def _within(low: float, high: float):
    """Refuses what pydantic would say badly: .nan, .inf, and a whole number too large to be a float. A number
    merely out of the field's range is left to the field's bounds, whose message names the field."""
    def check(value: Any) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and \
                ((isinstance(value, float) and not math.isfinite(value)) or abs(value) > 1e300):
            raise MessageError(out_of_range(value, low, high))
        return value
    return check


def number(low: float, high: float, above: bool = False) -> Any:
    """The type of a field of numbers from `low` (excluded when `above`) to `high`, finite: every number of the
    content is one of these (or a whole number), so that no template ever sees a value the model did not accept."""
    lowest = Field(gt=low) if above else Field(ge=low)
    return Annotated[float, lowest, Field(le=high, allow_inf_nan=False), BeforeValidator(_within(low, high))]


def whole(low: int, high: int) -> Any:
    """The type of a field of whole numbers from `low` to `high`."""
    return Annotated[int, Field(ge=low, le=high), BeforeValidator(_within(low, high))]


AudienceRef = Annotated[str, Ref("audience")]
NetworkRef = Annotated[str, Ref("network")]
KpiRef = Annotated[str, Ref("kpi")]
ObjectiveRef = Annotated[str, Ref("objective")]
RoleRef = Annotated[str, Ref("role")]
def _one_or_several(value: Any) -> Any:
    """A list of one role is that role; an empty list names nobody."""
    if isinstance(value, list):
        if not value:
            raise MessageError(Message("base.write-one-role-id-or"))
        if len(value) == 1:
            return value[0]
    return value


# A duty held by one role, or by any one of several ("HR, your manager or the board"): a list means "one of these".
RoleChoice = Annotated[Union[RoleRef, list[RoleRef]], BeforeValidator(_one_or_several)]


def choices(value: "str | list[str] | None") -> list[str]:
    """The roles a RoleChoice names, as a list."""
    return [] if value is None else list(value) if isinstance(value, list) else [value]
TemplateRef = Annotated[str, Ref("template")]
CrisisLevelRef = Annotated[str, Ref("crisis_level")]


class At(ValueError):
    """A model check that failed on one of the model's fields: reported at that field, not at the model."""

    def __init__(self, loc: tuple, message: str, key: bool = False, hint: str = ""):
        super().__init__(message)
        self.loc = loc
        self.key = key  # the problem is the key at `loc`, not its value
        self.hint = hint  # what to do, when the message does not say it


def _field_help(schema: dict, model: type) -> None:
    """The JSON schema of a model, as editors show it when hovering a key: each description (a field's docstring,
    the model's for the object) on one line, and those of texts that may be written in each language saying so.
    A field without a docstring keeps no description, so that a test finds it."""
    if schema.get("description"):
        schema["description"] = " ".join(schema["description"].split())
    for prop in schema.get("properties", {}).values():
        if prop.get("description"):
            prop["description"] = say_in_each_language(" ".join(prop["description"].split()), prop)


class Strict(BaseModel):
    """Base of every content model: unknown keys are errors, numbers are accepted as text.

    Each field's docstring is its description in the JSON schemas, which editors show when hovering its key."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True, use_attribute_docstrings=True,
                              allow_inf_nan=False, json_schema_extra=_field_help)
    # The field that tells apart two entries of a list of these models that have no id: the
    # comparison of two versions matches entries by it (by position when it is empty).
    key: ClassVar[str] = ""
    # Enumerations whose labels the strings' `enum:` files under another name than the field's.
    enum_groups: ClassVar[dict[str, str]] = {}


class Entry(Strict):
    """An entry of a list; `visibility: restricted` keeps it out of the site built for all staff."""

    visibility: Visibility = "public"
    """public (the default): in every site; restricted: left out of the site built for all staff (--audience
    staff), kept in the communication team's."""


class Item(Entry):
    """Something other parts can refer to by its id."""

    kind: ClassVar[str] = ""
    id: Id = Field(examples=["engagement-rate", "level_2"])
    """Its id, unique among the items of its kind: lower-case letters, digits, '-' and '_', at most 64 characters.
    Other parts refer to it by this id."""


def dial(phone: str) -> str:
    """A phone number as a tel: link dials it: '+' and digits only; in an international number, the '(0)' of the
    national trunk prefix is not dialled."""
    if phone.startswith("+"):
        phone = phone.replace("(0)", "")
    return "".join(c for c in phone if c.isdigit() or c == "+")


class Term(Entry):
    """A lexicon entry: shown in the glossary and as a tooltip wherever the term appears."""

    key: ClassVar[str] = "term"
    term: Text = Field(examples=["Engagement rate", {"fr": "Taux d'engagement", "en": "Engagement rate"}])
    """The term, as it appears in the texts."""
    definition: Text
    """What it means, in a sentence or two (shown in the glossary and the tooltip)."""
    example: Prose = ""
    """Optional: an example of its use."""
    aliases: list[Text] = []
    """Optional: other spellings and forms (plurals, abbreviations) that also get the tooltip."""
