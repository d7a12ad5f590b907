"""Reading the models as a schema: what a field holds, what it refers to, every field of an object."""
from __future__ import annotations

import functools
import typing
from typing import Any, Iterator, get_args, get_origin

from pydantic import BaseModel

from .base import Ref


def unwrap(annotation: Any) -> Iterator[Any]:
    """Every type that an annotation is made of: list[X] gives X, Optional[X] gives X..."""
    yield annotation
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        yield from unwrap(get_args(annotation)[0])
        return
    for arg in get_args(annotation):
        yield from unwrap(arg)


def ref_of(annotation: Any) -> Ref | None:
    for part in unwrap(annotation):
        for meta in getattr(part, "__metadata__", ()):
            if isinstance(meta, Ref):
                return meta
    return None


def walk(obj: Any, loc: tuple) -> Iterator[tuple[BaseModel, str, Any, tuple]]:
    """Every field of every model inside `obj`: (model, field name, value, location)."""
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            value = getattr(obj, name)
            yield obj, name, value, loc + (name,)
            yield from walk(value, loc + (name,))
    elif isinstance(obj, (list, tuple)):
        for i, value in enumerate(obj):
            yield from walk(value, loc + (i,))
    elif isinstance(obj, dict):
        for key, value in obj.items():
            yield from walk(value, loc + (key,))


@functools.lru_cache(maxsize=None)
def field_ref(model: type[BaseModel], name: str) -> Ref | None:
    info = model.model_fields[name]
    # pydantic moves the metadata of a plain `Annotated[str, Ref(...)]` field onto the field itself
    direct = next((meta for meta in info.metadata if isinstance(meta, Ref)), None)
    return direct or ref_of(info.annotation)
