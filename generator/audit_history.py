"""The last image audit against the one before it: where people speak of the organisation, who, about what, in
which tone and how much, place by place, and its share of voice. The listening page and the PDF both read it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from .model.steering import Audit, Finding, Listening
from .results_view import with_unit


@dataclass(frozen=True)
class PlaceChange:
    """One place of either audit: as found before (None: new) and now (None: no longer found)."""

    where: str
    before: Optional[Finding]
    now: Optional[Finding]

    def changed(self, field: str) -> bool:
        return self.before is None or self.now is None or getattr(self.before, field) != getattr(self.now, field)


def _place(finding: Finding) -> str:
    return " ".join(str(finding.where).split()).casefold()


def compare(latest: Audit, previous: Audit) -> list[PlaceChange]:
    """The places of the last audit in its order, each with what the previous audit found there; then the places
    the previous audit named that the last one does not. Places are matched by their name, capitals aside."""
    before = {_place(f): f for f in previous.findings}
    now = {_place(f): f for f in latest.findings}
    changes = [PlaceChange(str(f.where), before.get(_place(f)), f) for f in latest.findings]
    return changes + [PlaceChange(str(f.where), f, None) for f in previous.findings if _place(f) not in now]


def _shown(change: PlaceChange, field: str, show: Any) -> str:
    """A finding's field: its value, or 'before → now' where it changed."""
    if change.before is not None and change.now is not None and change.changed(field):
        return f"{show(getattr(change.before, field))} → {show(getattr(change.now, field))}"
    return show(getattr(change.now or change.before, field))


def _where(change: PlaceChange, strings: dict) -> str:
    """The place, said to be new or no longer found where it is in one audit only."""
    label = strings["label"]
    mark = label["new_place"] if change.before is None else label["place_gone"] if change.now is None else ""
    return f"{change.where} ({mark})" if mark else change.where


def in_words(listening: Listening, strings: dict, language: str) -> dict[str, Any]:
    """What the listening page shows of the audits beside the last one: the rows comparing it with the previous
    audit, place by place, and its share of voice."""
    enum, none = strings["enum"], strings["label"]["none"]
    shows = {"who": str, "about": str, "tone": lambda v: enum["tone"].get(v, v),
             "volume": lambda v: enum["volume"].get(v, v) if v else none}
    previous, latest = listening.previous_audit, listening.audit
    rows = [{"where": _where(change, strings), **{field: _shown(change, field, show) for field, show in shows.items()}}
            for change in (compare(latest, previous) if previous is not None else [])]
    share = ""
    if latest.share_of_voice is not None:
        share = with_unit(latest.share_of_voice, "%", language)
        if previous is not None and previous.share_of_voice not in (None, latest.share_of_voice):
            share = f"{with_unit(previous.share_of_voice, '%', language)} → {share}"
    return {"previous_audit": previous, "audit_changes": rows, "share_of_voice": share}
