"""The registry of parts: one declaration for each part of the charter, in the order of the site.

A part is one content file (`content/<stem>.yml`) with its model. Its declaration says everything
the stages need to know of it, so that they walk the registry instead of naming parts:

- validate: which files a playbook has, which it must have, the slugs free pages cannot take, and
  the checks of the part beyond its model (`check`), and what it reads from other files of the content
  (`imports`: the CSV files of results/);
- render: its page (`<stem>.md` from the template `<stem>.md.j2`, titled by `title.<stem>` in the
  strings), its place in the menu, the items that other pages link to (`names`), and what it adds to
  the templates' context (`context`);
- changes: the order of a list of changes, and the list the part is about (`untitled`);
- schema: the JSON Schema of its file, from its model.

Adding a part is: its model in generator/model/, its entry here, its template, its strings, its
example files and its schema (README: "Adding a part of the charter").
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional

from . import page_context, part_checks, results_import
from .model.base import Strict
from .model.calendar import EditorialCalendar
from .model.mobilisation import Ambassadors, Training
from .model.planning import Resources, Strategy
from .model.policies import CommentPolicy, CrisisPlaybook, PersonalUse
from .model.results import Results
from .model.steering import Kpis, Listening, Organisation
from .model.strategy import Audiences, Charter, EditorialLine, Objectives

# Where a part's page stands in the menu: in the section "The charter" (its key in the strings'
# `nav:`), or as an entry of its own after the networks, titled by `nav.<stem>`.
CHARTER_SECTION = "charter"
OWN_ENTRY = "own"
# The key of the free pages' section in the strings' `nav:`; a part of the charter shares its word (resources.yml), so
# a part of the charter section only, titled by `title.resources`.
FREE_PAGES = "resources"


@dataclass(frozen=True)
class Names:
    """Items of a part that other pages name and link to: `kind` of item, the list holding them, the field naming
    them."""

    kind: str
    items: str
    title: str


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
    context: Optional[Callable[[Any, page_context.Helpers], dict[str, Any]]] = None  # names for the templates
    check: Optional[Callable[..., None]] = None  # (source, model, report, today): checks beyond its model
    # (source, model, sources, parts, report) -> the model with what it takes from other files of the content
    imports: Optional[Callable[..., Any]] = None

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


PARTS: tuple[Part, ...] = (
    Part("charter", Charter, required=True, page=False),
    Part("objectives", Objectives, names=(Names("objective", "objectives", "title"),), untitled="objectives"),
    Part("audiences", Audiences, names=(Names("audience", "audiences", "name"),), untitled="audiences"),
    Part("strategy", Strategy, names=(Names("action", "actions", "name"),), untitled="actions",
         context=page_context.strategy),
    # team-only unless the file says otherwise (`visibility` of its model): see audience.py
    Part("resources", Resources, untitled="years", context=page_context.resources),
    Part("editorial", EditorialLine, names=(Names("pillar", "pillars", "name"),), untitled="networks",
         context=page_context.editorial),
    Part("calendar", EditorialCalendar, required=False),
    Part("comments", CommentPolicy,
         names=(Names("template", "templates", "title"), Names("comment_category", "categories", "name")),
         context=page_context.comments, check=part_checks.decision_tree),
    Part("personal_use", PersonalUse, names=(Names("personal_rule", "rules", "title"),),
         context=page_context.personal_use),
    Part("crisis", CrisisPlaybook, names=(Names("crisis_level", "levels", "name"),),
         context=page_context.crisis),
    Part("kpis", Kpis, nav=OWN_ENTRY, names=(Names("kpi", "kpis", "name"),), untitled="kpis",
         context=page_context.kpis),
    Part("results", Results, nav=OWN_ENTRY, untitled="indicators",
         context=page_context.results, imports=results_import.complete),
    Part("roles", Organisation, names=(Names("role", "roles", "title"),)),
    # training and mobilisation: the sessions, then the ambassadors programme that names some of them
    Part("training", Training, names=(Names("training_session", "sessions", "title"),), untitled="sessions"),
    Part("ambassadors", Ambassadors, context=page_context.ambassadors),
    Part("listening", Listening, check=part_checks.audit_due,
         context=page_context.listening),
)

BY_STEM: dict[str, Part] = {part.stem: part for part in PARTS}


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
    return [*charter, "networks", *(p.stem for p in in_menu(OWN_ENTRY)), "pages"]


def named_items(playbook: Any) -> list[tuple[str, str, str, Part]]:
    """(kind, id, name, part) of every item that other pages name, in every part the playbook has."""
    found = []
    for part in PARTS:
        model = playbook.parts.get(part.stem)
        for names in part.names if model is not None else ():
            found += [(names.kind, item.id, getattr(item, names.title), part) for item in getattr(model, names.items)]
    return found


def title_of(playbook: Any) -> str:
    """The title of the whole charter, which names its documents (the PDF and its footer)."""
    return playbook.charter.title
