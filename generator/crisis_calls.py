"""Whom to call in a crisis, in the order of an escalation chain, with the numbers to dial.

The crisis page opens with the chain of its mildest level, the one every crisis starts at (the first signal): its
first step is whom to call first. The home page's crisis card shows that first step; the triage ends with the
chain of the level it found. A step names one role or several (any one of them); each role's crisis contacts are
called in the order the charter lists them, each with its backup, whose numbers are dialled too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .model.base import dial
from .model.policies import Contact, CrisisLevel, CrisisPlaybook
from .wording import one_line

# A phone number inside a backup's text ('Marc Delorme, deputy CEO, +33 1 99 00 10 02'): as a contact's phone is
# written (digits, an optional leading +, spaces, dots, dashes, brackets), with at least six digits, so that a year
# or an amount is not taken for one.
NUMBER = re.compile(r"\+?[0-9][0-9 ().\-]{4,30}[0-9]")
MIN_DIGITS = 6


@dataclass(frozen=True)
class Piece:
    """A piece of a backup's text: words, or a number to dial (`dial` set)."""

    text: str
    dial: str = ""


@dataclass(frozen=True)
class Call:
    """One step of a chain: its roles (any one of them), its deadline, and those roles' contacts in order."""

    roles: list[str]
    within_minutes: int
    contacts: list[Contact]


def backup_pieces(text: str) -> list[Piece]:
    """A backup's text, on one line, cut into words and numbers, so that each number is a tel: link of its own."""
    text = one_line(text)
    pieces: list[Piece] = []
    at = 0
    for found in NUMBER.finditer(text):
        number = found.group()
        if sum(c.isdigit() for c in number) < MIN_DIGITS:
            continue
        if found.start() > at:
            pieces.append(Piece(text[at:found.start()]))
        pieces.append(Piece(number, dial(number)))
        at = found.end()
    if at < len(text):
        pieces.append(Piece(text[at:]))
    return pieces


def first_level(crisis: CrisisPlaybook) -> CrisisLevel:
    """The mildest level: every crisis is first a signal, and its chain says whom to call first."""
    return min(crisis.levels, key=lambda level: level.severity)


def chain(crisis: CrisisPlaybook, level: CrisisLevel) -> list[Call]:
    """The level's escalation chain in its order, each step with the contacts of its roles (none for a role
    without a contact, or whose contacts this audience may not read)."""
    calls = []
    for step in level.escalation:
        roles = step.role if isinstance(step.role, list) else [step.role]
        calls.append(Call(roles, step.within_minutes,
                          [contact for role in roles for contact in crisis.contacts if contact.role == role]))
    return calls


def holding_anchor(crisis: CrisisPlaybook, level: CrisisLevel) -> str:
    """The anchor of the holding statement to publish at this level (the first written for it, else the first of
    all), '' when this audience reads none."""
    statements = [h for h in crisis.holding_statements if h.level == level.id] or crisis.holding_statements
    return f"holding-statement-{statements[0].id}" if statements else ""
