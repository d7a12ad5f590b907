"""Whether a new release may follow the releases there are: its number, its approver and its date."""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from .diagnostics import Diagnostic

if TYPE_CHECKING:
    from .releases import Release

MANIFEST = "manifest.json"


def refusal_of(existing: list[Release], version: str, approved_by: str, role: str, when: date) -> Diagnostic | None:
    """Why release `version` cannot follow `existing` (oldest first), approved on `when`; None when it can."""
    from .releases import one_line, parse_version

    try:
        number = parse_version(version)
    except ValueError as exc:
        return Diagnostic("release-version", str(exc), hint="for example: playbook release 2.0 ...")
    if any(r.version == version for r in existing):
        return Diagnostic("release-exists", f"release {version} already exists and cannot be changed",
                          f"releases/{version}/", hint="give the new release a higher number")
    last = existing[-1] if existing else None
    if last is not None and number <= last.manifest.sort_key:
        return Diagnostic("release-order", f"release {version} is not newer than the last release, "
                          f"{last.version}", hint=f"use a number above {last.version}")
    for value, what in ((approved_by, "--approved-by"), (role, "--role")):
        if not value.strip():
            return Diagnostic("release-approval", f"{what} is empty",
                              hint="name the person who approves this release and their role")
        try:
            one_line(value)
        except ValueError as exc:
            return Diagnostic("release-approval", f"{what} cannot be accepted: {exc}",
                              hint="type the name and the role again, each on one line")
    # the releases follow one another: an approval dated before the one it replaces, or not yet given, is a typo
    if last is not None and when < last.manifest.date:
        return Diagnostic("release-date", f"release {version} would be approved on {when.isoformat()}, before "
                          f"release {last.version}, approved on {last.manifest.date.isoformat()}",
                          f"releases/{last.version}/{MANIFEST}",
                          hint=f"give --date the day of the approval, on or after {last.manifest.date.isoformat()}; "
                               "without --date, the release is dated today")
    if when > date.today():
        return Diagnostic("release-date", f"release {version} would be approved on {when.isoformat()}, a date "
                          f"still to come (today is {date.today().isoformat()})",
                          hint="give --date the day the release was approved, or leave it out for today")
    return None
