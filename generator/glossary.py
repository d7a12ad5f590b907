"""The glossary: every lexicon term of the charter and of the active networks, merged.

It feeds the glossary page and the tooltips: each term (and its aliases, and their capitalised
forms) becomes a Markdown abbreviation appended to every page, which Material shows on hover.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .model import Playbook, Term
from .model.language import Untranslated


@dataclass
class Entry:
    term: str
    definition: str
    example: str = ""
    aliases: list[str] = field(default_factory=list)
    networks: list[str] = field(default_factory=list)  # network ids; empty for the charter's own lexicon
    general: bool = False


@dataclass
class Glossary:
    entries: list[Entry]

    def abbreviations(self) -> str:
        """Markdown abbreviation definitions (`*[term]: definition`) for every form of every term."""
        lines: dict[str, str] = {}
        for entry in self.entries:
            definition = " ".join(entry.definition.split()).replace("<", "&lt;")
            if isinstance(entry.definition, Untranslated):  # a tooltip cannot be styled: it names the language
                definition = f"({entry.definition.lang.upper()}) {definition}"
            for form in [entry.term, *entry.aliases]:
                form = " ".join(form.split())
                for variant in (form, form[:1].upper() + form[1:], form[:1].lower() + form[1:]):
                    # A term in brackets would end the abbreviation's key early.
                    if variant and "]" not in variant and variant not in lines:
                        lines[variant] = definition
        # One definition per block: Markdown re-scans the rest of a block after each definition it takes.
        return "\n\n".join(f"*[{form}]: {definition}" for form, definition in lines.items())


def _key(term: str) -> str:
    return " ".join(term.casefold().split())


def build_glossary(playbook: Playbook) -> Glossary:
    """Merge the lexicons: a term defined on several networks is one entry listing them all."""
    merged: dict[str, Entry] = {}

    def take(term: Term, network: str | None) -> None:
        entry = merged.get(_key(term.term))
        if entry is None:
            entry = merged[_key(term.term)] = Entry(term.term, term.definition, term.example, list(term.aliases))
        if network is None:
            entry.general = True
        elif network not in entry.networks:
            entry.networks.append(network)
        for alias in term.aliases:
            if alias not in entry.aliases:
                entry.aliases.append(alias)
        if not entry.example and term.example:
            entry.example = term.example

    for term in playbook.charter.lexicon:
        take(term, None)
    for network in playbook.active_networks:
        for term in network.lexicon:
            take(term, network.id)
    return Glossary(sorted(merged.values(), key=lambda e: _key(e.term)))
