"""The nine steps of defining a social media strategy and the four obstacles to it, as the charter covers them.

The strategy page shows each step with where the charter answers it and what it says, in a few words (each part
declares the steps it answers: its `answers` in the registry of parts); the readiness report checks each step and
each obstacle (the `rules` of the parts, and readiness.RULES for the network files): a part
the charter does not have leaves a check "not covered yet", never an error.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

STEPS = ["objective", "target_audiences", "existing_actions", "added_value", "channels", "editorial_line",
         "success_indicators", "roles_organisation", "obstacles_to_actions"]
OBSTACLES = ["top_management", "strategy", "roi_kpis", "organisation"]
SECTION = "strategy"  # the section of the strings that holds the words of the strategy page


@dataclass
class StepView:
    """One of the nine steps as the strategy page shows it."""

    step: str
    path: str  # the page that answers it, or "" for the strategy page itself
    text: Optional[str]  # what the charter says, in a few words; None where it does not cover the step


def count(words: dict, key: str, n: int) -> str:
    """'1 objective', '3 objectives': a count in the words of the strategy page."""
    forms = words["counts"][key]
    return (forms["one"] if n == 1 else forms["many"]).format(n=n)


def _networks(pb: Any, words: dict) -> dict[str, tuple[str, Optional[str]]]:
    """The steps the network files answer, on the strategy page: their added value, the channels."""
    networks = pb.official_networks
    written = sum(bool(n.added_value) for n in networks)
    return {"added_value": ("", words["added_value"].format(n=written, total=len(networks)) if written else None),
            "channels": ("", count(words, "networks", len(networks)) if networks else None)}


def _texts(pb: Any, words: dict) -> dict[str, tuple[str, Optional[str]]]:
    """(page, text or None) of each step: the parts' answers where the charter has them."""
    from .parts import PARTS  # here: the PDF's parts (pdf_parts.py), which the registry names, read this module

    said = _networks(pb, words)
    for part in PARTS:
        model = pb.parts.get(part.stem)
        for answer in part.answers:
            said[answer.step] = (part.path if answer.own_page else "",
                                 answer.text(model, pb, words) if model is not None else None)
    return said


def overview(pb: Any, strings: dict) -> list[StepView]:
    """The nine steps, each with the page of the charter that answers it and what it says there in a few words."""
    said = _texts(pb, strings[SECTION])
    return [StepView(step, *said.get(step, ("", None))) for step in STEPS]
