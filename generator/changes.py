"""What changed between two versions of a charter, said in the charter's terms rather than as a text diff.

`compare` walks the two playbooks model by model, the same way for every part: items with an `id`
are matched by id, other models by their `key` field (by position when they have none), lists of
words by value, the content mix per kind of content; a field that changed gives `old → new`.
`describe` turns each Change into one sentence in the site's language, with the labels of the
`changes:` section of the strings.
"""
from __future__ import annotations

import typing
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from dataclasses import field as attribute
from datetime import date
from typing import Any

from pydantic import BaseModel

from .model import Item, Network, Playbook, Rhythm
from .model.base import Block
from .model.language import Untranslated
from .model.schema import field_ref, unwrap, walk
from .redline import redline
from .parts import BY_STEM, FREE_PAGES, NETWORKS, PARTS, Reference, site_order
from .wording import duration_text, one_line, rhythm_text

ACTIONS = ("added", "removed", "changed")
# Fields whose value names an item: their natural name, in order of preference.
NAME_FIELDS = ("name", "title", "term", "subject", "situation", "question", "activity", "do", "text")


def order() -> list[str]:
    """The parts in the order of the site's menu, then the site's settings."""
    return [*site_order(), "config"]


def untitled_lists() -> set[tuple[str, str]]:
    """The list each part is about (its `untitled` in the registry of parts): its items are named straight after
    the part's title, without a heading that would repeat it."""
    return {(part.stem, part.untitled) for part in PARTS if part.untitled}


def references() -> dict[tuple[type, str], Reference]:
    """The fields whose value may name an item without being declared a reference (a branch of the moderation
    decision tree names a question, or a comment category), as their parts declare them."""
    return {(found.model, found.field): found for part in PARTS for found in part.references}


@dataclass(frozen=True)
class Change:
    """One difference between two versions, already in words: where it is, what it was, what it is."""

    part: str  # content file stem, "networks", "pages" or "config"
    action: str  # "added", "removed" or "changed"
    where: tuple[str, ...]  # labels leading to the thing, after the part's title
    field: str  # label of the field that changed, or ""
    old: str = ""
    new: str = ""
    # where it is in the content, the same in every language: ties a change of a translation to its text
    path: tuple = attribute(default=(), compare=False)


def _is_block(model: type[BaseModel], field: str) -> bool:
    return any(isinstance(m, Block) for m in model.model_fields[field].metadata)


def _model_in(model: type[BaseModel], field: str) -> type[BaseModel] | None:
    """The model a field holds (alone or in a list), if any."""
    return next((t for t in unwrap(model.model_fields[field].annotation)
                 if isinstance(t, type) and issubclass(t, BaseModel)), None)


def _is_enum(model: type[BaseModel], field: str) -> bool:
    return any(typing.get_origin(t) is typing.Literal for t in unwrap(model.model_fields[field].annotation))


def _hashable(value: Any) -> Any:
    """A key of an entry as a dict key: a list of roles (any one of them) as a tuple."""
    return tuple(value) if isinstance(value, list) else value


def _places(values: list) -> dict:
    """Where each value of a list first stands."""
    places: dict = {}
    for index, value in enumerate(values):
        places.setdefault(_hashable(value), index)
    return places


def _one_line(value: Any) -> str:
    """A value on one line, as the pages write it: no-break spaces kept (see wording.one_line)."""
    if isinstance(value, float) and value.is_integer():  # a number written 60 reads 60, not 60.0
        return str(int(value))
    return one_line(str(value))


class _Comparison:
    """The labels of one language and the names of every item of both versions."""

    def __init__(self, old: Playbook, new: Playbook, strings: dict):
        self.strings = strings
        self.words = strings["changes"]
        self.names: dict[tuple[str, str], str] = {}
        self.ids: set[tuple[type, str]] = set()  # (model, id) of the other entries with an id: a field may name them
        self.references, self.untitled = references(), untitled_lists()
        for playbook in (old, new):  # the newer name wins
            for model in [*(m for m in playbook.parts.values() if m is not None), playbook.networks]:
                for obj, field, value, _ in walk(model, ()):
                    if field == "id" and isinstance(obj, Item) and obj.kind:
                        self.names[(obj.kind, value)] = self.name(obj)
                    elif field == "id":
                        self.ids.add((type(obj), value))

    # --- words ------------------------------------------------------------------------------

    def label(self, field: str) -> str:
        return self.words["fields"].get(field, field.replace("_", " "))

    def heading(self, field: str) -> str:
        label = self.label(field)
        return label[:1].upper() + label[1:]

    def show(self, model: type[BaseModel], field: str, value: Any) -> str:
        """A value as the site shows it: names for references, labels for enumerations, durations."""
        if value is None or value == "":
            return self.strings["label"]["none"]
        if isinstance(value, list):  # any one of several roles
            shown = [self.show(model, field, one) for one in value]
            return ", ".join(shown[:-1]) + self.strings["label"]["or_word"] + shown[-1]
        if isinstance(value, bool):
            return self.words["answer"]["yes" if value else "no"]
        if field.endswith("_minutes"):
            return duration_text(value, self.strings)
        kind = self.kind(model, field, value)
        if kind is not None:
            # an id that names nothing was removed for this audience: never print it
            return self.names.get((kind, value), self.strings["label"]["restricted"])
        if _is_enum(model, field):
            group = getattr(model, "enum_groups", {}).get(field, field)  # a model may file its labels elsewhere
            labels = {**self.words["enum"].get(group, {}), **self.strings["enum"].get(group, {})}
            return labels.get(value, str(value).capitalize())
        if isinstance(value, date):
            return value.isoformat()
        return _one_line(value)

    def is_text(self, model: type[BaseModel], field: str, old: Any, new: Any) -> bool:
        """Whether a field holds words a reader wrote (not an id, a reference, a choice, a date or a number), and
        both versions have some: its change is then shown word by word."""
        return (isinstance(old, str) and isinstance(new, str) and bool(old.strip()) and bool(new.strip())
                and field != "id" and self.kind(model, field, new) is None and not _is_enum(model, field))

    def text_change(self, old: str, new: str) -> str:
        """A changed text, word by word (see redline.py); a text whose words did not change only moved lines."""
        return redline(old, new) or self.words["layout_changed"]

    def raw(self, model: type[BaseModel], field: str, value: Any) -> str:
        """A value as written, to tell apart two items of the same name; a reference to an item removed for this
        audience stays the label that says so: its id must not reach a reader who may not see the item."""
        kind = self.kind(model, field, value)
        if kind is not None and (kind, value) not in self.names:
            return self.strings["label"]["restricted"]
        return str(value)

    def kind(self, model: type[BaseModel], field: str, value: Any) -> str | None:
        """The kind of item `value` names, if it names one: a reference, or a branch that leads to a category."""
        if (model, field) in self.references:  # a part's field that may name an item of one kind or another
            return self.references[(model, field)].kind_of(value, self)
        ref = field_ref(model, field)
        return ref.kind if ref is not None else None

    def name(self, obj: BaseModel) -> str:
        """What an entry is called: its key (a network, a role...), else its natural name, else its id."""
        model = type(obj)
        if model.key and model.key != "id":
            return self.show(model, model.key, getattr(obj, model.key))
        field = next((f for f in NAME_FIELDS if f in model.model_fields), None)
        return _one_line(getattr(obj, field)) if field else str(getattr(obj, "id", ""))

    # --- walking ----------------------------------------------------------------------------

    def model(self, part: str, old: BaseModel, new: BaseModel, where: tuple[str, ...],
              path: tuple = ()) -> Iterator[Change]:
        for name in type(new).model_fields:
            before, after = getattr(old, name), getattr(new, name)
            if before != after:
                yield from self.field(part, type(new), name, before, after, where, path=path + (name,))

    def field(self, part: str, model: type[BaseModel], field: str, old: Any, new: Any,
              where: tuple[str, ...], label: str = "", path: tuple = ()) -> Iterator[Change]:
        label = label or self.label(field)
        inner = _model_in(model, field)
        path = path or (field,)
        if isinstance(new, list) != isinstance(old, list):  # one role (or none), then any one of several, or back
            yield Change(part, "changed", where, label, self.show(model, field, old), self.show(model, field, new), path)
        elif isinstance(new, list):
            if inner is None:
                yield from self.values(part, where, label, old, new, lambda v: self.show(model, field, v), path)
            else:
                untitled = not where and (part, field) in self.untitled
                yield from self.entries(part, inner, old, new, where if untitled else where + (self.heading(field),),
                                        path)
        elif isinstance(new, dict):  # the content mix, in % per kind of content
            yield from self.mix(part, where, label, old, new, path)
        elif inner is Rhythm:
            yield from self.rhythm(part, where, old, new, path)
        elif inner is not None and old is not None and new is not None:
            yield from self.model(part, old, new, where + (self.heading(field),), path)
        elif isinstance(old, Untranslated) != isinstance(new, Untranslated):  # in a language other than the main one
            said = "translation_added" if isinstance(old, Untranslated) else "translation_removed"
            yield Change(part, "changed", where, label, "", self.words[said], path)
        elif _is_block(model, field) or self.is_text(model, field, old, new):
            yield Change(part, "changed", where, label, "", self.text_change(str(old or ""), str(new or "")), path)
        else:
            before, after = self.show(model, field, old), self.show(model, field, new)
            if before == after:  # two items of the same name: their ids tell them apart
                before, after = self.raw(model, field, old), self.raw(model, field, new)
            yield Change(part, "changed", where, label, before, after, path)

    def entries(self, part: str, model: type[BaseModel], old: Sequence[BaseModel], new: Sequence[BaseModel],
                where: tuple[str, ...], path: tuple = ()) -> Iterator[Change]:
        """A list of models: matched by id or key, else by position; changed ones compared field by field."""
        key = "id" if issubclass(model, Item) else model.key
        before = {_hashable(getattr(e, key)): e for e in old} if key else {}
        after = {_hashable(getattr(e, key)): e for e in new} if key else {}
        if not key or len(before) < len(old) or len(after) < len(new):  # no key, or one that repeats
            before, after = dict(enumerate(old)), dict(enumerate(new))
        for index, (k, entry) in enumerate(after.items()):
            if k not in before:
                yield Change(part, "added", where, "", "", self.name(entry), path + (index,))
            elif before[k] != entry:
                yield from self.model(part, before[k], entry, where + (self.name(entry),), path + (index,))
        for index, (k, entry) in enumerate(before.items()):
            if k not in after:
                yield Change(part, "removed", where, "", self.name(entry), "", path + ("removed", index))

    def values(self, part: str, where: tuple[str, ...], label: str, old: list, new: list,
               show: Callable[[Any], str], path: tuple = ()) -> Iterator[Change]:
        """A list of words or references: what was added, what was removed, or only the order (each list looked up
        by value, so that a long list costs its length)."""
        before, after = _places(old), _places(new)
        added = [v for v in new if _hashable(v) not in before]
        removed = [v for v in old if _hashable(v) not in after]
        for value in added:
            yield Change(part, "added", where, label, "", show(value), path + (after[_hashable(value)],))
        for value in removed:
            yield Change(part, "removed", where, label, show(value), "", path + ("removed", before[_hashable(value)]))
        if not added and not removed:
            yield Change(part, "changed", where, label, ", ".join(map(show, old)), ", ".join(map(show, new)), path)

    def mix(self, part: str, where: tuple[str, ...], label: str, old: dict, new: dict,
            path: tuple = ()) -> Iterator[Change]:
        def share(value: int | None) -> str:
            return self.strings["label"]["none"] if value is None else self.words["percent"].format(n=value)

        for kind in [*new, *(k for k in old if k not in new)]:
            if old.get(kind) != new.get(kind):
                name = self.strings["enum"]["mix"].get(kind, kind)
                yield Change(part, "changed", where, f"{label}, {name[:1].lower()}{name[1:]}",
                             share(old.get(kind)), share(new.get(kind)), path + (kind,))

    def rhythm(self, part: str, where: tuple[str, ...], old: Rhythm, new: Rhythm, path: tuple = ()) -> Iterator[Change]:
        """The rhythm in one phrase, as the site writes it ("2 posts per week"), then its best times."""
        if rhythm_text(old, self.strings) != rhythm_text(new, self.strings):
            yield Change(part, "changed", where, self.label("rhythm"), rhythm_text(old, self.strings),
                         rhythm_text(new, self.strings), path)
        if old.best_times != new.best_times:
            yield from self.field(part, Rhythm, "best_times", old.best_times, new.best_times, where,
                                  path=path + ("best_times",))

    def pages(self, old: Playbook, new: Playbook) -> Iterator[Change]:
        """Free pages, matched by file name: their front matter, and whether their text changed."""
        before = {p.slug: p for p in old.pages}
        for page in sorted(new.pages, key=lambda p: (p.meta.order, p.meta.title)):
            previous = before.pop(page.slug, None)
            if previous is None:
                yield Change("pages", "added", (), "", "", _one_line(page.meta.title), path=(page.slug,))
                continue
            where = (_one_line(page.meta.title),)
            yield from self.model("pages", previous.meta, page.meta, where, (page.slug,))
            if previous.body != page.body:
                yield Change("pages", "changed", where, self.label("body"), "", self.text_change(previous.body, page.body),
                             (page.slug, "body"))
        for page in before.values():
            yield Change("pages", "removed", (), "", _one_line(page.meta.title), "", (page.slug,))

    def config(self, old: Playbook, new: Playbook) -> Iterator[Change]:
        """What site_config.yml changes in the charter: the organisation, the language, the networks published."""
        model = type(new.config)
        yield from self.model("config", old.config.organisation, new.config.organisation,
                              (self.heading("organisation"),))
        for name, label in (("language", ""), ("translations", ""), ("networks", self.words["published_networks"])):
            before, after = getattr(old.config, name), getattr(new.config, name)
            if before != after:
                yield from self.field("config", model, name, before, after, (), label, path=(name,))


def compare(old: Playbook, new: Playbook, strings: dict) -> list[Change]:
    """Every change from `old` to `new`, part by part in the order of the site, then in document order."""
    comparison = _Comparison(old, new, strings)
    changes: list[Change] = []
    for part in order():
        if part in BY_STEM:  # an optional part may be in one version only
            before, after = old.parts[part], new.parts[part]
            if before is not None and after is not None:
                changes += comparison.model(part, before, after, ())
            elif before is not None or after is not None:
                title = strings["title"][part]
                changes.append(Change(part, "added", (), "", new=title) if after is not None
                               else Change(part, "removed", (), "", old=title))
        elif part == NETWORKS:
            changes += comparison.entries(part, Network, old.networks, new.networks, ())
        elif part == "pages":
            changes += comparison.pages(old, new)
        else:
            changes += comparison.config(old, new)
    return changes


def _part_title(part: str, strings: dict) -> str:
    if part in BY_STEM:
        return strings["title"][BY_STEM[part].title]
    others = {NETWORKS: strings["nav"]["networks"], "pages": strings["nav"][FREE_PAGES],
              "config": strings["changes"]["config"]}
    return others[part]


def describe(change: Change, strings: dict) -> str:
    """One sentence: "Part › where — field: old → new", "…: added “name”", "…: removed “name”"."""
    words = strings["changes"]
    head = " › ".join([_part_title(change.part, strings), *change.where])
    if change.field:
        head += f" — {change.field}"
    if change.action == "added":
        body = words["added"].format(name=change.new)
    elif change.action == "removed":
        body = words["removed"].format(name=change.old)
    else:  # a long text that changed has no old value to quote
        body = words["arrow"].format(old=change.old, new=change.new) if change.old else change.new
    return f"{head}{strings['colon']} {body}"


def summary(changes: Sequence[Change], strings: dict) -> str:
    """The count line: "12 changes: 3 additions, 2 removals, 7 modifications"."""
    words = strings["changes"]
    if not changes:
        return words["nothing"]

    def count(kind: str, n: int) -> str:
        forms = words["count"][kind]
        return (forms["one"] if n == 1 else forms["many"]).format(n=n)

    details = [count(action, n) for action in ACTIONS if (n := sum(c.action == action for c in changes))]
    return words["summary"].format(total=count("total", len(changes)), details=", ".join(details))
