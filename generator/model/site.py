"""Network files, free pages, site_config.yml, and the whole validated Playbook."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal, Optional

from pydantic import AfterValidator, Field, StringConstraints, WithJsonSchema, model_validator

from ..addresses import address_problem
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
    whole,
)
from .language import LANGUAGES, translated
from ..message import Message

# --- networks/*.yml ---------------------------------------------------------------------------

ChecklistMoment = Literal["setup", "daily", "weekly", "monthly", "before_publishing", "after_publishing",
                          "incident", "other"]


class Checklist(Item):
    """A checklist of the network: what to check, and when; its id need only be unique within its file."""

    kind: ClassVar[str] = "checklist"
    enum_groups: ClassVar[dict[str, str]] = {"when": "moment"}
    title: Text
    """Its title."""
    when: ChecklistMoment = Field(examples=["before_publishing"])
    """When it is used: setup, daily, weekly, monthly, before_publishing, after_publishing, incident or other."""
    items: list[Text] = Field(min_length=1)
    """What to check: at least one item."""


class Account(Entry):
    """One of several accounts of the organisation on a network (a main YouTube channel and a second one)."""

    key: ClassVar[str] = "name"
    name: Name
    """The account's name."""
    handle: str = Field("", examples=["@maisonlumen"])
    """Optional: its handle; one that starts with @ must be written in quotes."""
    url: str = ""
    """Optional: its address."""
    owner: Optional[RoleRef] = Field(None, examples=["community-manager"])
    """Optional: the id of the role that runs it (roles.yml)."""
    purpose: Prose = ""
    """Optional: what it is for."""


class Network(Item):
    """A network or channel: one where the organisation has its account(s), or (`official: false`) one where it has
    none (forums, review sites, messaging apps) and whose page gives the rules for it."""

    kind: ClassVar[str] = "network"
    name: Name = Field(examples=["LinkedIn", {"fr": "X (anciennement Twitter)", "en": "X (formerly Twitter)"}])
    """The network's name."""
    official: bool = True
    """true (the default) where the organisation has its account(s); false for a channel where it has none
    (a forum, a review site, a messaging app), whose page gives the rules for it."""
    handle: str = Field("", examples=["@maisonlumen"])
    """Optional: the account's handle; one that starts with @ must be written in quotes."""
    url: str = ""
    """Optional: the account's address."""
    accounts: list[Account] = []
    """Optional: the accounts, when the organisation has several on this network."""
    purpose: Markdown = ""
    """Optional (Markdown): why the organisation is on this network."""
    audiences: list[AudienceRef] = Field([], examples=[["young-graduates"]])
    """Optional: the ids of the audiences reached here (audiences.yml)."""
    added_value: Markdown = ""
    """Optional (Markdown): what this network adds to the organisation's other means of communication, that they
    cannot give (shown on its page and in the strategy)."""
    logic: Markdown = ""
    """Optional (Markdown): how the network works: what it rewards, what it penalises."""
    etiquette: list[Text] = []
    """Optional: good manners on this network."""
    rules: list[Text] = []
    """Optional: the organisation's own rules for this network."""
    lexicon: list[Term] = []
    """Optional: terms of this network, shown in the glossary and as tooltips."""
    checklists: list[Checklist] = []
    """Optional: checklists, each for a moment (setup, before publishing...)."""


# --- pages/*.md and site_config.yml -----------------------------------------------------------

class PageMeta(Strict):
    """Front matter of a free page."""

    title: Text
    """The page's title, also shown in the menu."""
    order: whole(-10_000, 10_000) = Field(100, examples=[10])
    """Optional: its place among the free pages, lowest first (100 when left out; pages of the same order follow
    their titles); a translation takes its main file's."""
    description: Prose = ""
    """Optional: what the page is about, in a sentence."""
    visibility: Visibility = "public"
    """public (the default): in every site; restricted: left out of the site built for all staff, in every
    language."""


# Printed by the theme into HTML attributes as it is: no character that could end one.
PlainName = Annotated[str, StringConstraints(min_length=1, pattern=r'^[^<>"]*$')]


class Company(Strict):
    """The organisation the charter belongs to."""

    name: PlainName = Field(examples=["Maison Lumen"])
    """Its name: plain text, without <, > or \"."""
    short_name: str = ""
    """Optional: a shorter form of its name."""


Language = Literal["fr", "en"]
assert LANGUAGES == ("fr", "en")  # the languages a text may be written in are the site's languages


class Proposal(Strict):
    """The release the draft is meant to become, and who must approve it."""

    version: Annotated[str, StringConstraints(pattern=r"^[0-9]+(\.[0-9]+)*$")] = Field(examples=["3.0"])
    """The number the draft will have once approved, such as 3.0."""
    approver: Text = Field(examples=["the managing director", {"fr": "la directrice générale", "en": "the managing director"}])
    """Who must approve it, as the banner says it: 'to be approved by …'."""


def _one_address(value: str) -> str:
    """A path of the site's server or a full http(s) address, as a browser reads it: never `//host/`, which looks
    like a path and sends the browser to another server."""
    message, hint = address_problem(value)
    if message:
        raise At((), message, hint=hint)
    return value


# the acknowledgements service's address: a path on the site's own server, or an http(s) address of the company's
ServiceAddress = Annotated[str, StringConstraints(pattern=r"^(/|https?://[A-Za-z0-9.\-]+(:[0-9]{1,5})?/)[A-Za-z0-9._~/\-]*$"),
                           AfterValidator(_one_address)]


class Acknowledgements(Strict):
    """The button by which each employee confirms they have read the release in force, recorded by the service
    `playbook acknowledgements serve`."""

    url: ServiceAddress = Field(examples=["/acknowledgements/"])
    """The service's address: a path on the site's own server (/acknowledgements/), or an address of the company's
    own such as https://charter.intranet.example/acknowledgements/; it ends with /."""
    pages: list[Annotated[str, StringConstraints(pattern=r"^[a-z_]+$")]] = Field(
        ["personal_use"], min_length=1, examples=[["personal_use", "charter"]])
    """Optional: the pages that ask for it, each a part's file name (personal_use when left out)."""
    audiences: list[Literal["team", "staff"]] = Field(["team", "staff"], min_length=1, examples=[["staff"]])
    """Optional: the sites that ask for it: team (playbook build), staff (playbook build --audience staff); both when
    left out."""
    draft: bool = False
    """Optional, false when left out. true: the draft's pages ask too, for the release in force, so that the
    service can be tried before a release."""


class SiteConfig(Strict):
    """site_config.yml: who the site is for, its languages, which networks it publishes, where its files are."""

    organisation: Company
    """The organisation: its name, and optionally a shorter one."""
    language: Language = Field(examples=["en"])
    """The main language, fr or en: that of every generated heading and label, and of any text written once."""
    networks: list[NetworkRef] = Field([], examples=[["linkedin", "instagram"]])
    """The ids of the networks whose pages are published, in menu order: each the id of a file of
    content/networks/."""
    translations: list[Language] = Field([], examples=[["fr"]])
    """Optional: the other languages the site is also published in."""
    site_name: Annotated[str, StringConstraints(pattern=r'^[^<>"]*$'), translated()] = ""
    """Optional: the site's title, plain text without <, > or \"; when left out, the organisation's name."""
    content_dir: str = "content"
    """Optional: the folder of the content files, relative to the playbook's folder (content when left out)."""
    output_dir: str = "site"
    """Optional: where `playbook build` writes the site (site when left out)."""
    theme_dir: str = ""
    """Optional: a folder of your own templates, strings and overrides."""
    proposal: Optional[Proposal] = None
    """Optional: the release the draft is proposed as, and who must approve it. The draft's banner and home page
    then say so, and the draft gets a PDF for approval, marked as such, with what changed word by word."""
    require_signature: bool = False
    """Optional, false when left out. true: every release must be signed with its approver's SSH key, listed in
    approvers.yml; release, verify and build refuse a release unsigned, or signed by anyone else."""
    acknowledgements: Optional[Acknowledgements] = None
    """Optional: where the acknowledgements service is, and which pages ask each employee to confirm they have read
    the release in force. Left out, the site stays fully static."""
    titles: dict[Annotated[str, StringConstraints(pattern=r"^[a-z_]+$")], Text] = Field(
        {}, examples=[{"personal_use": "Your own accounts", "onboarding": "Welcome to the team"}])
    """Optional: pages renamed for this organisation: a part's file name ('personal_use'), 'onboarding' or
    'glossary', and its new title, which also names it in the menu; or a card of the home page, 'card_employee',
    'card_joining' or 'card_crisis' ('card_employee: I am a volunteer')."""
    engine: Literal["mkdocs", "zensical"] = "mkdocs"
    """Optional: what builds the site, mkdocs (the default: MkDocs with Material, supported until 2027-05-05) or
    zensical (their successor, installed with pip install 'playbook[zensical]'); --engine overrides it."""
    # checked against the allow-list of mkdocs_settings, which reports each refusal with its reason
    mkdocs: Annotated[dict[str, Any], WithJsonSchema(mkdocs_schema())] = {}
    """Optional: a few MkDocs and Material settings merged over the generated ones (colours, logo...); only
    those of the README's list are accepted."""

    @model_validator(mode="after")
    def _languages_once(self) -> "SiteConfig":
        for i, language in enumerate(self.translations):
            if language == self.language:
                raise At(("translations", i), Message("site.is-the-main-language-of", language=language))
            if language in self.translations[:i]:
                raise At(("translations", i), Message("site.the-language-is-listed-twice", language=language))
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

    Its parts are kept by file stem, as the registry of parts (generator/parts/) lists them; an optional
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
