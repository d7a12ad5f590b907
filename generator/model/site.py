"""Network files, free pages, site_config.yml, and the whole validated Playbook."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal, Optional

from pydantic import Field, StringConstraints, WithJsonSchema, model_validator

from ..mkdocs_settings import json_schema as mkdocs_schema

from .base import (
    AudienceRef,
    Entry,
    Item,
    At,
    Markdown,
    Name,
    NetworkRef,
    Prose,
    RoleRef,
    Strict,
    Term,
    Text,
    Visibility,
)
from .language import LANGUAGES, translated

# --- networks/*.yml ---------------------------------------------------------------------------

ChecklistMoment = Literal["setup", "daily", "weekly", "monthly", "before_publishing", "after_publishing",
                          "incident", "other"]


class Checklist(Item):
    kind: ClassVar[str] = "checklist"
    enum_groups: ClassVar[dict[str, str]] = {"when": "moment"}
    title: Text
    when: ChecklistMoment
    items: list[Text] = Field(min_length=1)


class Account(Entry):
    """One of several accounts of the organisation on a network (a main YouTube channel and a second one)."""

    key: ClassVar[str] = "name"
    name: Name
    handle: str = ""
    url: str = ""
    owner: Optional[RoleRef] = None
    purpose: Prose = ""


class Network(Item):
    """A network or channel: one where the organisation has its account(s), or (`official: false`) one where it has
    none (forums, review sites, messaging apps) and whose page gives the rules for it."""

    kind: ClassVar[str] = "network"
    name: Name
    official: bool = True
    handle: str = ""
    url: str = ""
    accounts: list[Account] = []  # when it has several accounts there
    purpose: Markdown = ""
    audiences: list[AudienceRef] = []
    logic: Markdown = ""
    etiquette: list[Text] = []
    rules: list[Text] = []
    lexicon: list[Term] = []
    checklists: list[Checklist] = []


# --- pages/*.md and site_config.yml -----------------------------------------------------------

class PageMeta(Strict):
    """Front matter of a free page."""

    title: Text
    order: int = 100
    description: Prose = ""
    visibility: Visibility = "public"


# Printed by the theme into HTML attributes as it is: no character that could end one.
PlainName = Annotated[str, StringConstraints(min_length=1, pattern=r'^[^<>"]*$')]


class Company(Strict):
    name: PlainName
    short_name: str = ""


Language = Literal["fr", "en"]
assert LANGUAGES == ("fr", "en")  # the languages a text may be written in are the site's languages


class SiteConfig(Strict):
    organisation: Company
    language: Language  # the main language: a text written once is in this language
    networks: list[NetworkRef] = []
    translations: list[Language] = []  # the other languages the site is published in
    site_name: Annotated[str, StringConstraints(pattern=r'^[^<>"]*$'), translated()] = ""
    content_dir: str = "content"
    output_dir: str = "site"
    theme_dir: str = ""
    # the titles of pages renamed for this organisation: a part's file name ('personal_use'), 'onboarding' or
    # 'glossary', and its new title (which also names it in the menu)
    titles: dict[Annotated[str, StringConstraints(pattern=r"^[a-z_]+$")], Text] = {}
    # checked against the allow-list of mkdocs_settings, which reports each refusal with its reason
    mkdocs: Annotated[dict[str, Any], WithJsonSchema(mkdocs_schema())] = {}

    @model_validator(mode="after")
    def _languages_once(self) -> "SiteConfig":
        for i, language in enumerate(self.translations):
            if language == self.language:
                raise At(("translations", i), f"'{language}' is the main language of the site: "
                         "list only the other languages under translations")
            if language in self.translations[:i]:
                raise At(("translations", i), f"the language '{language}' is listed twice")
        return self

    @property
    def languages(self) -> list[str]:
        """Every language the site is published in, the main one first."""
        return [self.language, *self.translations]


@dataclass
class Page:
    """A free Markdown page written by the authors."""

    slug: str
    meta: PageMeta
    body: str


@dataclass
class Playbook:
    """The whole validated charter, ready to render.

    Its parts are kept by file stem, as the registry of parts (generator/parts.py) lists them; an optional
    part that is absent is None. Each is also an attribute (`pb.personal_use`), as templates read them: a
    dict keeps the list of parts in one place, the registry, where a dataclass field a part would restate it.
    """

    config: SiteConfig
    parts: dict[str, Optional[Strict]]
    networks: list[Network]
    pages: list[Page]
    language: str = ""  # the language of its texts, when not the main one

    def __getattr__(self, name: str) -> Any:
        # only called for what is not a field; private names are left alone, so that copying or pickling
        # a Playbook (which asks for __deepcopy__, __setstate__... before `parts` exists) finds nothing
        parts = self.__dict__.get("parts")
        if name.startswith("_") or parts is None or name not in parts:
            raise AttributeError(f"a playbook has no part or attribute '{name}'")
        return parts[name]

    @property
    def lang(self) -> str:
        """The language this playbook's texts are in: the site's main one, or one of its translations."""
        return self.language or self.config.language

    @property
    def active_networks(self) -> list[Network]:
        """The networks and channels the site covers, in the order of site_config.yml."""
        by_id = {n.id: n for n in self.networks}
        return [by_id[i] for i in self.config.networks if i in by_id]

    @property
    def official_networks(self) -> list[Network]:
        """Those where the organisation has its account(s)."""
        return [n for n in self.active_networks if n.official]

    @property
    def other_channels(self) -> list[Network]:
        """Those where it has none, covered for their rules."""
        return [n for n in self.active_networks if not n.official]
