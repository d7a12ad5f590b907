"""Building blocks of every content model: references, ids, strictness, lexicon terms."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, StringConstraints

from .language import translated


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

AudienceRef = Annotated[str, Ref("audience")]
NetworkRef = Annotated[str, Ref("network")]
KpiRef = Annotated[str, Ref("kpi")]
RoleRef = Annotated[str, Ref("role")]
def _one_or_several(value: Any) -> Any:
    """A list of one role is that role; an empty list names nobody."""
    if isinstance(value, list):
        if not value:
            raise ValueError("write one role id, or a list of role ids when any one of them will do")
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

    def __init__(self, loc: tuple, message: str, key: bool = False):
        super().__init__(message)
        self.loc = loc
        self.key = key  # the problem is the key at `loc`, not its value


class Strict(BaseModel):
    """Base of every content model: unknown keys are errors, numbers are accepted as text."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True)
    # The field that tells apart two entries of a list of these models that have no id: the
    # comparison of two versions matches entries by it (by position when it is empty).
    key: ClassVar[str] = ""
    # Enumerations whose labels the strings' `enum:` files under another name than the field's.
    enum_groups: ClassVar[dict[str, str]] = {}


class Entry(Strict):
    """An entry of a list; `visibility: restricted` keeps it out of the site built for all staff."""

    visibility: Visibility = "public"


class Item(Entry):
    """Something other parts can refer to by its id."""

    kind: ClassVar[str] = ""
    id: Id


def dial(phone: str) -> str:
    """A phone number as a tel: link dials it: '+' and digits only; in an international number, the '(0)' of the
    national trunk prefix is not dialled."""
    if phone.startswith("+"):
        phone = phone.replace("(0)", "")
    return "".join(c for c in phone if c.isdigit() or c == "+")


class Term(Entry):
    """A lexicon entry: shown in the glossary and as a tooltip wherever the term appears."""

    key: ClassVar[str] = "term"
    term: Text
    definition: Text
    example: Prose = ""
    aliases: list[Text] = []
