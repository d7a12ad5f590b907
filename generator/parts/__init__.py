"""The registry of parts: one declaration for each part of the charter, in the order of the site.

A part is one content file (`content/<stem>.yml`) with its model. Its declaration, written next to its
own functions in the module of its family (strategy.py, policies.py...), says everything the stages need
to know of it, so that they walk the registry instead of naming parts:

- validate: which files a playbook has, which it must have, the slugs free pages cannot take, and
  the checks of the part beyond its model (`check`), and what it reads from other files of the content
  (`imports`: the CSV files of results/);
- render: its page (`<stem>.md` from the template `<stem>.md.j2`, titled by `title.<stem>` in the
  strings), its place in the menu, the items that other pages link to (`names`), what it adds to
  the templates' context (`context`), and the files it adds to the site (`files`: calendar.ics);
- readiness: the checks of the readiness report it answers (`rules`), the steps of a strategy it answers on
  the strategy page (`answers`), and where it stands in the onboarding path (`onboarding`, `newcomer_steps`);
- changes: the order of a list of changes, the list the part is about (`untitled`), and the fields whose
  value may name an item without being declared a reference (`references`);
- schema: the JSON Schema of its file, from its model.

A part may come from outside the package: `register` adds it (after the built-in ones unless told where), with
the folder of its page template (`templates`) and of its strings (`strings`: `<language>.yml`, merged into the
theme's), and `unregister` takes it away. Adding a part is: its model, its declaration, its template, its strings
and its example files (README: "Adding a part of the charter").
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable, Optional

from ..model.base import Strict

# Where a part's page stands in the menu: in the section "The charter" (its key in the strings'
# `nav:`), or as an entry of its own after the networks, titled by `nav.<stem>`.
CHARTER_SECTION = "charter"
OWN_ENTRY = "own"
# The key of the free pages' section in the strings' `nav:`; a part of the charter shares its word (resources.yml), so
# a part of the charter section only, titled by `title.resources`.
FREE_PAGES = "resources"
# What the readiness checks read besides the parts: the network files
NETWORKS = "networks"


@dataclass(frozen=True)
class Names:
    """Items of a part that other pages name and link to: `kind` of item, the list holding them, the field naming
    them."""

    kind: str
    items: str
    title: str


@dataclass(frozen=True)
class Rule:
    """A check of the readiness report (readiness.py): of a step, named by its key in the strings'
    `readiness.checks`, run when the charter has every part it `reads` (stems, or NETWORKS), finding what is
    missing (empty when it passes). `rank` orders the checks of one step."""

    step: str
    name: str
    reads: tuple[str, ...]
    find: Callable[[Any, date], list[str]]
    rank: int = 99


@dataclass(frozen=True)
class Answer:
    """Where the charter answers one of the nine steps of a strategy (strategy_steps.py): on the part's own page,
    or on the strategy page itself (`own_page=False`); `text` says what it says there in a few words, from the
    part's model, the playbook and the strings' `strategy:` words (None where it does not answer yet)."""

    step: str
    text: Callable[[Any, Any, dict], Optional[str]]
    own_page: bool = True


@dataclass(frozen=True)
class Reference:
    """A field whose value may name an item without being declared a reference (a branch of the decision tree
    names a question or a category): `kind_of(value, known)` is the kind of item it names, or None, `known`
    being the (kind, id) of every item and the ("id", type name, id) of every other model with an id."""

    model: type
    field: str
    kind_of: Callable[[Any, set], Optional[str]]


@dataclass(frozen=True)
class Part:
    """One part of the charter, as every stage sees it."""

    stem: str  # content/<stem>.yml; also its page, template, title and schema names
    model: type[Strict]
    required: bool = False
    page: bool = True  # False: shown on the home page, without a page of its own
    nav: str = CHARTER_SECTION  # CHARTER_SECTION or OWN_ENTRY
    names: tuple[Names, ...] = ()
    untitled: str = ""  # the list the part is about: its items are named in a diff right after the part's title
    context: Optional[Callable[[Any, Any], dict[str, Any]]] = None  # (model, page_context.Helpers) -> template names
    check: Optional[Callable[..., None]] = None  # (source, model, report, today): checks beyond its model
    # (source, model, sources, parts, report) -> the model with what it takes from other files of the content
    imports: Optional[Callable[..., Any]] = None
    rules: tuple[Rule, ...] = ()  # the readiness checks it answers
    answers: tuple[Answer, ...] = ()  # the steps of a strategy it answers
    onboarding: Optional[tuple[str, int]] = None  # (group of the onboarding path, rank in it); None: the last group
    # (model, group) -> (kind, title, anchor on its page, item) of what a newcomer does in that group (a session)
    newcomer_steps: Optional[Callable[[Any, str], list[tuple[str, str, str, str]]]] = None
    references: tuple[Reference, ...] = ()
    # (model, playbook, strings) -> {path in the site: bytes}: files it adds beside the pages
    files: Optional[Callable[[Any, Any, dict], dict[str, bytes]]] = None
    templates: Optional[Path] = None  # the folder of its page template, for a part from outside the theme
    strings: Optional[Path] = None  # the folder of its strings (<language>.yml), for a part from outside the theme
    # (source, model, labels of a translation's language, its name, the theme folder's name) -> warnings
    labels_check: Optional[Callable[..., list[Any]]] = None

    @property
    def file(self) -> str:
        return f"{self.stem}.yml"

    @property
    def path(self) -> str:
        """Its page, relative to the site's root."""
        return f"{self.stem}.md"

    @property
    def template(self) -> str:
        return f"{self.stem}.md.j2"

    @property
    def title(self) -> str:
        """The key of its title in the strings' `title:` (and of its menu entry in `nav:`, for an OWN_ENTRY)."""
        return self.stem


# The registry, in the order of the site. Both are changed in place by register/unregister, so that a module that
# imported them sees every part registered since.
PARTS: list[Part] = []
BY_STEM: dict[str, Part] = {}


def register(part: Part, after: Optional[str] = None) -> Part:
    """Add a part to the registry: at the end, or right after the part `after`."""
    if part.stem in BY_STEM:
        raise ValueError(f"a part '{part.stem}' is already registered")
    place = len(PARTS) if after is None else PARTS.index(BY_STEM[after]) + 1
    PARTS.insert(place, part)
    BY_STEM[part.stem] = part
    return part


def unregister(stem: str) -> None:
    """Take a part registered with `register` out of the registry."""
    PARTS.remove(BY_STEM.pop(stem))


def outside() -> list[tuple[str, str, str]]:
    """(module of its model, stem, the part it follows) of every part registered besides the built-in ones, in
    registry order: what the build's worker processes, which start afresh, register again (register_again)."""
    return [(part.model.__module__, part.stem, PARTS[i - 1].stem)
            for i, part in enumerate(PARTS) if part.stem not in BUILT_IN]


def register_again(found: list[tuple[str, str, str]]) -> None:
    """Register the parts `outside()` listed in another process: each is declared in the module of its model."""
    for module, stem, after in found:
        if stem not in BY_STEM:
            declared = vars(importlib.import_module(module)).values()
            register(next(part for part in declared if isinstance(part, Part) and part.stem == stem), after)


def file_names() -> list[str]:
    """The content files of a playbook, those it must have first."""
    return [part.file for part in sorted(PARTS, key=lambda p: not p.required)]


def in_menu(nav: str) -> list[Part]:
    """The parts with a page in one place of the menu, in registry order."""
    return [part for part in PARTS if part.page and part.nav == nav]


def site_order() -> list[str]:
    """The parts in the order of the site's menu, with the other kinds of content where they stand:
    the home page's part, the charter's pages, the networks, the parts of their own, the free pages."""
    charter = [p.stem for p in PARTS if p.nav == CHARTER_SECTION]
    return [*charter, NETWORKS, *(p.stem for p in in_menu(OWN_ENTRY)), "pages"]


def home() -> Part:
    """The part whose text is the home page (it has no page of its own)."""
    return next(part for part in PARTS if not part.page)


def named_items(playbook: Any) -> list[tuple[str, str, str, Part]]:
    """(kind, id, name, part) of every item that other pages name, in every part the playbook has."""
    found = []
    for part in PARTS:
        model = playbook.parts.get(part.stem)
        for names in part.names if model is not None else ():
            found += [(names.kind, item.id, getattr(item, names.title), part) for item in getattr(model, names.items)]
    return found


def title_of(playbook: Any) -> str:
    """The title of the whole charter, which names its documents (the PDF and its footer): its home part's."""
    return playbook.parts[home().stem].title


def template_folders() -> list[Path]:
    """The folders of the page templates of the parts from outside the theme."""
    return [part.templates for part in PARTS if part.templates is not None]


def string_files(language: str) -> list[Path]:
    """The strings of the parts from outside the theme, in a language (those that have some in it)."""
    return [part.strings / f"{language}.yml" for part in PARTS
            if part.strings is not None and (part.strings / f"{language}.yml").is_file()]


# The built-in parts, declared in the modules of their families, registered in the order of the site (imported
# last: their modules use the stages, which read the registry above).
from . import calendar, mobilisation, planning, policies, results, steering, strategy  # noqa: E402

for _part in (strategy.CHARTER, strategy.OBJECTIVES, strategy.AUDIENCES, planning.STRATEGY, planning.RESOURCES,
              strategy.EDITORIAL, calendar.CALENDAR, policies.COMMENTS, policies.PERSONAL_USE, policies.CRISIS,
              steering.KPIS, results.RESULTS, steering.ROLES, mobilisation.TRAINING, mobilisation.AMBASSADORS,
              steering.LISTENING):
    register(_part)
BUILT_IN = frozenset(BY_STEM)
