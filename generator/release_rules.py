"""Whether a new release may follow the releases there are: its number, its approver and its date."""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from .diagnostics import Diagnostic
from .message import Message

if TYPE_CHECKING:
    from .releases import Release

MANIFEST = "manifest.json"


def refusal_of(existing: list[Release], version: str, approved_by: str, role: str, when: date) -> Diagnostic | None:
    """Why release `version` cannot follow `existing` (oldest first), approved on `when`; None when it can."""
    from .releases import one_line, parse_version

    try:
        number = parse_version(version)
    except ValueError as exc:
        return Diagnostic("release-version", getattr(exc, "message", str(exc)),
                          hint=Message("release-version.for-example-playbook-release-2"))
    if any(r.version == version for r in existing):
        return Diagnostic("release-exists", Message("release-exists.release-already-exists-and-cannot",
                                                    version=version),
                          f"releases/{version}/", hint=Message("release-exists.give-the-new-release-a"))
    last = existing[-1] if existing else None
    if last is not None and number <= last.manifest.sort_key:
        return Diagnostic("release-order", Message("release-order.release-is-not-newer-than", version=version,
                                                   last=last.version), hint=Message("release-order.use-a-number-above",
                                                                                    last=last.version))
    for value, what in ((approved_by, "--approved-by"), (role, "--role")):
        if not value.strip():
            return Diagnostic("release-approval", Message("release-approval.is-empty", option=what),
                              hint=Message("release-approval.name-the-person-who-approves"))
        try:
            one_line(value)
        except ValueError as exc:
            return Diagnostic("release-approval", Message("release-approval.cannot-be-accepted", option=what,
                                                          reason=getattr(exc, "message", exc)),
                              hint=Message("release-approval.type-the-name-and-the"))
    # the releases follow one another: an approval dated before the one it replaces, or not yet given, is a typo
    if last is not None and when < last.manifest.date:
        return Diagnostic("release-date", Message("release-date.release-would-be-approved-on", version=version,
                                                  date=when.isoformat(), last=last.version,
                                                  last_date=last.manifest.date.isoformat()),
                          f"releases/{last.version}/{MANIFEST}",
                          hint=Message("release-date.give-date-the-day-of", date=last.manifest.date.isoformat()))
    if when > date.today():
        return Diagnostic("release-date", Message("release-date.release-would-be-approved-on-2", version=version,
                                                  date=when.isoformat(), today=date.today().isoformat()),
                          hint=Message("release-date.give-date-the-day-the"))
    return None
