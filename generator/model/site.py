"""Network files, free pages, site_config.yml, and the whole validated Playbook."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal, Optional

from pydantic import Field, StringConstraints

from .base import (
    AudienceRef,
    Item,
    Markdown,
    NetworkRef,
    Strict,
    Term,
    Text,
    Visibility,
)
from .calendar import EditorialCalendar
from .policies import CommentPolicy, CrisisPlaybook, PersonalUse
from .steering import Kpis, Listening, Organisation
from .strategy import Audiences, Charter, EditorialLine, Objectives

# --- networks/*.yml ---------------------------------------------------------------------------

ChecklistMoment = Literal["setup", "daily", "weekly", "monthly", "before_publishing", "after_publishing",
                          "incident", "other"]


class Checklist(Item):
    kind: ClassVar[str] = "checklist"
    title: Text
    when: ChecklistMoment
    items: list[Text] = Field(min_length=1)


class Network(Item):
    kind: ClassVar[str] = "network"
    name: Text
    handle: str = ""
    url: str = ""
    purpose: Markdown
    audiences: list[AudienceRef] = []
    logic: Markdown
    etiquette: list[Text] = Field(min_length=1)
    rules: list[Text] = []
    lexicon: list[Term] = Field(min_length=1)
    checklists: list[Checklist] = Field(min_length=1)


# --- pages/*.md and site_config.yml -----------------------------------------------------------

class PageMeta(Strict):
    """Front matter of a free page."""

    title: Text
    order: int = 100
    description: str = ""
    visibility: Visibility = "public"


# Printed by the theme into HTML attributes as it is: no character that could end one.
PlainName = Annotated[str, StringConstraints(min_length=1, pattern=r'^[^<>"]*$')]


class Company(Strict):
    name: PlainName
    short_name: str = ""


class SiteConfig(Strict):
    organisation: Company
    language: Literal["fr", "en"]
    networks: list[NetworkRef] = Field(min_length=1)
    site_name: Annotated[str, StringConstraints(pattern=r'^[^<>"]*$')] = ""
    content_dir: str = "content"
    output_dir: str = "site"
    theme_dir: str = ""
    mkdocs: dict[str, Any] = {}


# Content files a playbook may leave out.
OPTIONAL_PARTS: dict[str, type[Strict]] = {"calendar": EditorialCalendar}

# The content files a playbook is made of: file stem -> the model of its content.
PARTS: dict[str, type[Strict]] = {
    "charter": Charter,
    "objectives": Objectives,
    "audiences": Audiences,
    "editorial": EditorialLine,
    "comments": CommentPolicy,
    "personal_use": PersonalUse,
    "crisis": CrisisPlaybook,
    "kpis": Kpis,
    "roles": Organisation,
    "listening": Listening,
}


@dataclass
class Page:
    """A free Markdown page written by the authors."""

    slug: str
    meta: PageMeta
    body: str


@dataclass
class Playbook:
    """The whole validated charter, ready to render."""

    config: SiteConfig
    charter: Charter
    objectives: Objectives
    audiences: Audiences
    editorial: EditorialLine
    comments: CommentPolicy
    personal_use: PersonalUse
    crisis: CrisisPlaybook
    kpis: Kpis
    roles: Organisation
    listening: Listening
    networks: list[Network]
    pages: list[Page]
    calendar: Optional[EditorialCalendar] = None

    @property
    def active_networks(self) -> list[Network]:
        by_id = {n.id: n for n in self.networks}
        return [by_id[i] for i in self.config.networks if i in by_id]
