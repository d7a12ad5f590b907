"""Durations, days and publishing rhythms in words, as every page, the PDF and the list of changes write them."""
from __future__ import annotations

import datetime
import re
import unicodedata
from typing import Any


def titled(strings: dict, titles: dict[str, str]) -> dict:
    """The strings with the pages renamed in site_config.yml's `titles` (the page's title, and its menu entry where
    it has one of its own, or a card of the home page); the built-in and theme strings are left as they are."""
    if not titles:
        return strings
    renamed = dict(strings, title={**strings["title"], **titles})
    renamed["nav"] = {**strings["nav"], **{key: text for key, text in titles.items() if key in strings["nav"]}}
    # the home page's cards by reader: 'card_employee: Je suis bénévole' for an association of volunteers
    renamed["reader"] = {**strings["reader"], **{key.removeprefix("card_"): text for key, text in titles.items()
                                                 if key.startswith("card_")}}
    return renamed


def collation_key(text: str) -> tuple[str, str]:
    """A sort key that orders texts as a dictionary of a Latin-script language does: accents and case set
    aside first ('Écoute' among the E, 'Portée' after 'Autre'), then kept to part texts that differ only by them."""
    folded = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return folded.casefold(), text


def one_line(text: str) -> str:
    """`text` on one line: its runs of spaces, tabs and line breaks made one space; no-break spaces (French
    '3,2\u00a0%', '12\u202f500') stay, so that a number never parts from its unit."""
    return " ".join(re.split(r"[ \t\r\n\f\v]+", text.strip(" \t\r\n\f\v")))


def day_text(day: datetime.date | None, strings: dict) -> str:
    """A day as its readers write it: '1er mars 2026', '1 March 2026' (the first of the month is '1er' in French)."""
    if day is None:
        return strings["label"]["none"]
    first = strings["label"].get("first_day", "1")
    return f"{first if day.day == 1 else day.day} {strings['label']['months'][day.month - 1]} {day.year}"


def duration_text(minutes: int | None, strings: dict) -> str:
    """A delay in the unit a reader expects: 30 min, 4 h, 2 j; a delay of 0 is 'immédiatement', never '0 min'.
    The one place a delay is worded: pages, figures, the PDF and the list of changes all come here."""
    if minutes is None:
        return strings["label"]["none"]
    if minutes == 0:
        return strings["calls"]["immediately"]
    if minutes < 120 or minutes % 60:
        return strings["label"]["minutes"].format(n=minutes)
    if minutes < 48 * 60 or minutes % (24 * 60):
        return strings["label"]["hours_n"].format(n=minutes // 60)
    return strings["label"]["days_n"].format(n=minutes // (24 * 60))


def within_text(minutes: int | None, strings: dict, form: str = "{duration}") -> str:
    """A deadline in its sentence: `form` ('sous {duration}', '≤ {duration}') around the delay, except a delay of 0,
    which reads 'immédiatement' alone ('sous immédiatement' would not be French)."""
    if minutes == 0:
        return duration_text(0, strings)
    return form.format(duration=duration_text(minutes, strings))


def rhythm_text(rhythm: Any, strings: dict) -> str:
    """A publishing rhythm in words: "3 publications par semaine", "1 post every 2 days"."""
    label, enum = strings["label"], strings["enum"]
    noun = label["post_one"] if rhythm.posts == 1 else label["post_many"]
    if rhythm.every == 1:
        return label["rhythm_text"].format(posts=rhythm.posts, noun=noun, per=enum["per"][rhythm.per])
    return label["rhythm_every"].format(posts=rhythm.posts, noun=noun, every=rhythm.every,
                                        per_plural=enum["per_plural"][rhythm.per])
