"""Scalars kept as written: YAML 1.1 reads `+33612345678`, `0145670123`, `18:30` or `no` as numbers and
booleans; a field that expects text takes the text the author typed instead.

The loader keeps, beside the data, the source text of every plain scalar it did not read as text
(`Source.written`, by path). Before a file is validated, `as_written` walks its data along the model:
where a field expects text, the written text replaces the value YAML made of it; where a field
expects a whole number written with a leading zero, the decimal number replaces YAML 1.1's octal.
Each replacement that a YAML 1.1 tool would read otherwise is returned as a `Kept` note, which the
validator reports as a warning at the value.
"""
from __future__ import annotations

import re
import typing
from dataclasses import dataclass
from datetime import date
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

from ..message import Message
from .language import LANGUAGES

# YAML 1.1 reads `0145` as an octal number and `1:30` as a base-60 one; nobody writing a charter means either.
_LEADING_ZERO = re.compile(r"[-+]?0[0-9_]+")


@dataclass(frozen=True)
class Kept:
    """A value taken as written where YAML 1.1 reads something else."""

    loc: tuple
    written: str
    kept: Any  # what the field now holds
    read: Any  # what YAML 1.1 made of it


def describe(value: Any) -> str:
    """What YAML 1.1 made of a scalar, in words: 'the boolean false', 'the number 1110'."""
    if isinstance(value, bool):
        return Message("as-written.the-boolean", value=str(value).lower())
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return Message("as-written.an-infinite-number")
    if isinstance(value, (int, float)):
        return Message("as-written.the-number", value=value)
    if isinstance(value, date):
        return Message("as-written.the-date", value=value.isoformat())
    return repr(value)


def _kinds(annotation: Any) -> list[Any]:
    """The types an annotation allows, with Annotated, Optional and unions opened."""
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        return _kinds(get_args(annotation)[0])
    if origin is Union or (origin is not None and origin.__name__ == "UnionType"):
        return [kind for arg in get_args(annotation) for kind in _kinds(arg)]
    return [annotation]


class _Walk:
    """One pass over a file's data along its model, collecting the notes."""

    def __init__(self, written: dict[tuple, str]):
        self.written = written
        self.notes: list[Kept] = []

    def value(self, annotation: Any, data: Any, loc: tuple) -> Any:
        kinds = _kinds(annotation)
        if loc in self.written and not isinstance(data, (str, dict, list)):
            return self._scalar(kinds, data, loc)
        if isinstance(data, dict):
            model = next((k for k in kinds if isinstance(k, type) and issubclass(k, BaseModel)), None)
            if model is not None:
                return self.model(model, data, loc)
            if str in kinds:  # a text per language: {fr: ..., en: ...}
                return self._items(data, loc, lambda key: str if key in LANGUAGES else Any)
            mapping = next((k for k in kinds if get_origin(k) is dict), None)
            if mapping is not None:
                inner = get_args(mapping)[1] if get_args(mapping) else Any
                return self._items(data, loc, lambda key: inner)
        if isinstance(data, list):
            sequence = next((k for k in kinds if get_origin(k) in (list, tuple, set)), None)
            if sequence is not None:
                inner = get_args(sequence)[0] if get_args(sequence) else Any
                changed = [self.value(inner, item, loc + (i,)) for i, item in enumerate(data)]
                return changed if any(a is not b for a, b in zip(changed, data)) else data
        return data

    def model(self, model: type[BaseModel], data: dict, loc: tuple) -> dict:
        fields = model.model_fields
        return self._items(data, loc, lambda key: fields[key].annotation if key in fields else Any)

    def _items(self, data: dict, loc: tuple, annotation_of) -> dict:
        changed = {key: self.value(annotation_of(key), item, loc + (key,)) for key, item in data.items()}
        return changed if any(changed[key] is not data[key] for key in data) else data

    def _scalar(self, kinds: list[Any], data: Any, loc: tuple) -> Any:
        written = self.written[loc]
        if str in kinds:
            # A number that reads the same as its text (`2026`) was always shown so: nothing to say.
            if isinstance(data, bool) or not isinstance(data, (int, float)) or str(data) != written:
                if not isinstance(data, date):  # a date reads the same as its text everywhere
                    self.notes.append(Kept(loc, written, written, data))
            return written
        if int in kinds and isinstance(data, int) and not isinstance(data, bool):
            if _LEADING_ZERO.fullmatch(written):  # 0145 means 145, not YAML 1.1's octal 101
                decimal = int(written.replace("_", ""))
                if decimal != data:
                    self.notes.append(Kept(loc, written, decimal, data))
                return decimal
            if ":" in written:  # base 60: 1:30 is 90, as YAML 1.1 reads it; said, as nobody expects it
                self.notes.append(Kept(loc, written, data, data))
        return data


def as_written(model: type[BaseModel], data: Any, written: dict[tuple, str]) -> tuple[Any, list[Kept]]:
    """`data` with every text field holding its scalar as written, and the notes of what was kept."""
    if not written:  # most files: every value was read as text, or as the number or date it is
        return data, []
    walk = _Walk(written)
    result = walk.value(model, data, ())
    return result, walk.notes
