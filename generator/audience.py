"""Audiences: the full site for the communication team, or a site for all staff without restricted entries.

For staff, every entry marked `visibility: restricted` (a crisis contact, a person, a rule, a whole
network or free page, a whole part whose model says so...) is removed from the playbook before anything
is rendered, so that it is absent from every page, the search index, the glossary, the tooltips and the
PDF, not hidden.
"""
from __future__ import annotations

import dataclasses
from typing import Any

from pydantic import BaseModel

from .diagnostics import Diagnostic, PlaybookError
from .model import Playbook
from .message import Message

TEAM = "team"
STAFF = "staff"
AUDIENCES = (TEAM, STAFF)
# pages for the charter's authors only: the readiness report names the content's files and what to write next
TEAM_ONLY_PAGES = frozenset({"readiness.md"})


def _restricted(value: Any) -> bool:
    return getattr(value, "visibility", "public") == "restricted"


def _prune(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_copy(update={name: _prune(getattr(value, name)) for name in type(value).model_fields})
    if isinstance(value, list):
        return [_prune(item) for item in value if not _restricted(item)]
    if isinstance(value, dict):
        return {key: _prune(item) for key, item in value.items()}
    return value


def for_audience(playbook: Playbook, audience: str) -> Playbook:
    """The playbook as `audience` may read it."""
    if audience not in AUDIENCES:
        raise PlaybookError([Diagnostic("audience", Message("audience.is-not-an-audience", audience=audience),
                                        hint=Message("audience.choose-one-of", values=', '.join(AUDIENCES)))])
    if audience == TEAM:
        return playbook
    parts = {field.name: _prune(getattr(playbook, field.name)) for field in dataclasses.fields(playbook)
             if field.name not in ("config", "pages", "parts")}
    # a part restricted as a whole (resources.yml is, unless it says otherwise) is absent, as if not written
    parts["parts"] = {stem: None if _restricted(model) else _prune(model) for stem, model in playbook.parts.items()}
    networks = {network.id for network in parts["networks"]}
    config = playbook.config.model_copy(update={"networks": [n for n in playbook.config.networks if n in networks]})
    pages = [page for page in playbook.pages if not _restricted(page.meta)]
    return dataclasses.replace(playbook, config=config, pages=pages, **parts)


def site_for_audience(site: Any, audience: str) -> Any:
    """A rendered site (its pages and its mkdocs configuration) without the pages only the team reads, when it is
    built for another audience: they are not built, and not in the menu."""
    if audience == TEAM:
        return site
    site.pages = [page for page in site.pages if page.path not in TEAM_ONLY_PAGES]
    site.config["nav"] = [entry for entry in site.config["nav"]
                          if not (isinstance(entry, dict) and all(isinstance(path, str) and path in TEAM_ONLY_PAGES
                                                                  for path in entry.values()))]
    return site
