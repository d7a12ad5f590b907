"""The glossary: every lexicon term of the charter and of the active networks, merged.

It feeds the glossary page (one entry per term, under its letter) and the marks on the other pages: each
term's forms (the term, its aliases, and their capitalised forms) become Markdown abbreviations appended to
a page, which the `generator.terms` extension turns into links to the term's entry, its name and definition
as their tooltip. The charter's own terms are marked on every page; a network's terms only on that network's
page and on the glossary.
"""
from __future__ import annotations

import posixpath
import re
import unicodedata
from dataclasses import dataclass, field

from .model import Playbook, Term
from .model.language import Untranslated
from .parts import home

GLOSSARY_PAGE = "glossary.md"
# The key of a term's reference in a page's Markdown: what the abbreviation of each of its forms names.
REFERENCE_PREFIX = "playbook-term:"
OTHER_LETTER = "#"  # terms that start with a digit or a sign
# How much more an entry of the glossary weighs in Material's search than a section of another page: a term
# searched finds its entry first, even against a page whose title names it (Material ranks a page's own
# title above its sections'), while a word that no entry's title holds still finds the pages about it
# first. Measured on the example: at 3, "community manager" finds its entry before the onboarding path; at 5,
# "response time" found "watch time" before the response times.
SEARCH_BOOST = 3
# a reader's search looks for a rule, a contact, a term, not for the list of what changed, which quotes them all: that
# page ranks below the pages it quotes (Material's `search: boost` under 1)
SEARCH_BOOSTS = {GLOSSARY_PAGE: SEARCH_BOOST, "changes.md": 0.3}


def folded(text: str) -> str:
    """Lower case without accents: "Écran" sorts and files as "ecran"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", folded(text)).strip("-")


@dataclass
class Entry:
    term: str
    definition: str
    example: str = ""
    aliases: list[str] = field(default_factory=list)
    networks: list[str] = field(default_factory=list)  # network ids; empty for the charter's own lexicon
    general: bool = False
    anchor: str = ""  # the id of its heading on the glossary page: term-...

    @property
    def letter(self) -> str:
        first = folded(self.term)[:1].upper()
        return first if "A" <= first <= "Z" else OTHER_LETTER


@dataclass
class Glossary:
    entries: list[Entry]

    def letters(self) -> list[tuple[str, str, list[Entry]]]:
        """(letter, its anchor, its entries), in order: only the letters that have terms."""
        groups: dict[str, list[Entry]] = {}
        for entry in self.entries:
            groups.setdefault(entry.letter, []).append(entry)
        return [(letter, "letter-" + ("other" if letter == OTHER_LETTER else letter.lower()), entries)
                for letter, entries in groups.items()]

    def marks(self, page: str) -> str:
        """The Markdown that marks the terms of one page: an abbreviation for each form, naming its term, and
        a reference for each term, to its entry with its definition (see generator/terms.py)."""
        network = page[len("networks/"):-len(".md")] if page.startswith("networks/") else None
        every = page == GLOSSARY_PAGE
        shown = [e for e in self.entries if every or e.general or (network is not None and network in e.networks)]
        folder = posixpath.dirname(page) or "."
        target = "" if every else posixpath.relpath(GLOSSARY_PAGE, folder)
        forms: dict[str, str] = {}
        references = []
        for entry in shown:
            name = " ".join(entry.term.split())
            if "[" in name or "]" in name:  # a bracket would end the abbreviation's or reference's key early
                continue
            key = _escaped(name)
            definition = " ".join(entry.definition.split())
            if isinstance(entry.definition, Untranslated):  # a tooltip cannot be styled: it names the language
                definition = f"({entry.definition.lang.upper()}) {definition}"
            references.append(f'[{REFERENCE_PREFIX}{key}]: {target}#{entry.anchor} "{_escaped(definition)}"')
            for form in [entry.term, *entry.aliases]:
                form = " ".join(form.split())
                for variant in (form, form[:1].upper() + form[1:], form[:1].lower() + form[1:]):
                    if variant and "]" not in variant and variant not in forms:
                        forms[variant] = key
        # One abbreviation per block: Markdown re-scans the rest of a block after each one it takes; references
        # on consecutive lines are taken in one pass.
        abbreviations = [f"*[{form}]: {named}" for form, named in forms.items()]
        return "\n\n".join([*abbreviations, "\n".join(references)] if references else [])


    def finish(self, page: str, text: str) -> str:
        """A rendered page with its marks appended; the glossary's entries weigh more in the search, the list of what
        changed less (see SEARCH_BOOSTS)."""
        marks = self.marks(page)
        text = text.rstrip("\n") + "\n" + (f"\n{marks}\n" if marks else "")
        boost = SEARCH_BOOSTS.get(page)
        return f"---\nsearch:\n  boost: {boost}\n---\n\n{text}" if boost else text


def _escaped(text: str) -> str:
    """Author text in a definition line: no raw HTML (the extension shows `&lt;` as `<`)."""
    return text.replace("&", "&amp;").replace("<", "&lt;")


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

    for term in playbook.parts[home().stem].lexicon:  # the charter's own terms
        take(term, None)
    for network in playbook.active_networks:
        for term in network.lexicon:
            take(term, network.id)
    entries = sorted(merged.values(), key=lambda e: (folded(_key(e.term)), _key(e.term)))
    used: set[str] = set()
    for entry in entries:
        base = "term-" + (_slug(entry.term) or "x")
        entry.anchor, n = base, 2
        while entry.anchor in used:
            entry.anchor, n = f"{base}-{n}", n + 1
        used.add(entry.anchor)
    return Glossary(entries)
