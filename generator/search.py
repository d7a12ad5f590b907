"""Search in the charter's language: the settings of Material's search plugin, and what the build adds to its
index so that a reader finds a page whatever form of a word they type.

Material's search (lunr.js in a web worker, fed by search/search_index.json, or by its inlined copy
search_index.js in a site opened from a folder) appends a wildcard to every word typed: "avocat" finds
"avocats", never the other way. Lunr's pipeline (stemmer, stop words) is not applied to a word with a
wildcard, so enabling the stemmer makes a whole word typed find nothing: "avocats" is indexed as "avocat"
and the query "avocats*" matches no indexed word. The pipeline therefore stays empty (which also keeps the
stop words, so that "story à la une" finds that entry first), and the build does the language's work on the
index instead, in fields of each entry that Material indexes but never shows (FIELDS):

- the words of an entry without their accents: "telephone" finds "Téléphone";
- the other forms of each word that the site uses elsewhere, by the language's Snowball stem, and its plural:
  "avocats" finds "un avocat", "lawyer" finds "lawyers";
- the other forms of each glossary term (its aliases), where one of them is used: "message d'attente" finds
  a page that says "messages d'attente", and a term finds the pages that use its alias.

The separator splits words on spaces, hyphens and apostrophes, typographic ones included: "attente" finds
"message d'attente". Material applies it in the browser, to the index and to what is typed.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from .glossary import folded as _folded
from .search_tables import separate_cells

# a site of 50 pages has 100,000 words but about 8,000 distinct ones: each is folded once (bounded: the cache is the
# process's, and the preview builds again and again)
folded = lru_cache(maxsize=1 << 16)(_folded)

# Words are split on spaces, hyphens and apostrophes: straight, typographic (’ ‘) and the letter apostrophe (ʼ);
# an English possessive goes with its apostrophe ("employer's" is "employer", not "employer" and "s", which as a
# word typed would find every word that starts with an s). Written for JavaScript's regular expressions (no \b:
# it knows no accented letter) as for Python's.
SEPARATOR = r"[\s\-]+|['’‘ʼ](?:s(?![\wÀ-ÿ]))?"
FORMS = "search_forms"  # the key, in the site's `extra` settings, of the glossary's terms and their forms
# Fields of each entry that Material's worker indexes like the title and the text, and shows nowhere: the
# other forms of the title's words weigh as much as the title, those of the text as much as the text.
FIELDS = {"title_forms": 1000.0, "forms": 1.0}
INDEX = Path("search") / "search_index.json"  # written by the search plugin
INLINED = INDEX.with_suffix(".js")  # the offline plugin's copy, which a site opened from a folder reads
STEMMERS = {"fr": "french", "en": "english"}  # the Snowball stemmer of each language of the site
# At most how many times a form stands in an entry for the words it stands for: a page that says "téléphone" five
# times ranks, for "telephone", near where it ranks for "téléphone", without an index many times larger.
REPEATS = 3
_SPLIT = re.compile(SEPARATOR)
_TAG = re.compile(r"<[^>]*>")
_EDGES = re.compile(r"^\W+|\W+$")  # quotes, brackets and stops around a word
_AFTER = re.compile(r"\W+$")  # those after it only


def plugin(lang: str) -> dict[str, Any]:
    """The search plugin's settings for a site in `lang`."""
    return {"search": {"lang": [lang], "separator": SEPARATOR, "pipeline": [],
                       "fields": {field: {"boost": boost} for field, boost in FIELDS.items()}}}


def term_forms(entries: Iterable[Any]) -> list[list[str]]:
    """The forms of each glossary entry that has more than one: its term and its aliases."""
    groups = []
    for entry in entries:
        forms = list(dict.fromkeys(" ".join(f.split()) for f in [entry.term, *entry.aliases] if f.strip()))
        if len(forms) > 1:
            groups.append(forms)
    return groups


def words(text: str, edges: re.Pattern = _EDGES) -> list[str]:
    """The words of an entry's title or text as the browser splits them, in lower case, HTML tags left out, without
    the signs around them (`edges`)."""
    found = (edges.sub("", w) for w in _SPLIT.split(_TAG.sub(" ", text).lower()))
    return [w for w in found if w]


def _stemmer(lang: str):
    import snowballstemmer
    name = STEMMERS.get(lang)
    return snowballstemmer.stemmer(name) if name else None


def _plural(word: str, lang: str) -> str | None:
    if len(word) < 3 or not word.isalpha() or word.endswith(("s", "x", "z")):
        return None
    if lang == "fr" and word.endswith(("eau", "eu")):
        return word + "x"
    return word + "s"


def enrich(site_dir: Path, extra: dict) -> None:
    """Write each table of the site's search index (and its inlined copy) as rows whose cells stand apart
    (search_tables), then add to each entry the other forms of its words (see the module's docstring): those of
    its title in FIELDS' first field, which weighs as much as the title, those of its text in the second. `extra` is the site's `extra` settings, which carry the glossary's forms
    (FORMS). Run again on an index it enriched, it gives the same index."""
    path = site_dir / INDEX
    try:
        index = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    docs = index.get("docs", [])
    separate_cells(site_dir, docs)  # a table's cells apart in the results, before its words are read
    lang = (index.get("config", {}).get("lang") or ["en"])[0]
    stemmer = _stemmer(lang)
    stems: dict[str, str] = {}  # a word of the site, and its stem, found once

    def stem(word: str) -> str:
        if word not in stems:
            stems[word] = stemmer.stemWord(folded(word)) if stemmer else folded(word)
        return stems[word]
    family: dict[str, set[str]] = {}  # a stem, and the words of the site that have it
    for doc in docs:
        for word in words(f"{doc.get('title', '')} {doc.get('text', '')}"):
            family.setdefault(stem(word), set()).add(word)
    groups = [([w for f in group for w in words(f)], [" ".join(words(f)) for f in group])
              for group in extra.get(FORMS) or []]
    for doc in docs:
        for field, source in zip(FIELDS, ("title", "text")):
            found = words(str(doc.get(source, "")))
            forms = _forms(Counter(found), lambda w: family.get(stem(w), set()), lang)
            for word in words(str(doc.get(source, "")), _AFTER):  # what the browser finds already, a word typed
                forms.pop(word, None)  # being a word's start: "avocats" finds "avocats," but not "(avocats"
            phrase = f" {' '.join(found)} "
            for group_words, phrases in groups:  # a glossary term's other forms, where one of them is used
                if any(f" {p} " in phrase for p in phrases):
                    forms.update({w: 1 for w in group_words if w not in found and w not in forms})
            terms = [form for form, count in sorted(forms.items()) for _ in range(count)]
            if terms:
                doc[field] = " ".join(terms)
            else:
                doc.pop(field, None)
    write_index(site_dir, index)


def _forms(found: Counter, kin: Any, lang: str) -> Counter:
    """The forms a reader may type for the words `found` (with their counts): the words of the site of the same
    stem (`kin`), the plural, and each of these and of the words without accents."""
    forms: Counter[str] = Counter()  # a form, as many times as the words it stands for: they weigh the same
    for word, count in found.items():
        for form in kin(word) | {_plural(word, lang) or word}:
            for variant in (form, folded(form)):
                forms[variant] = max(forms[variant], min(count, REPEATS))
    return forms


def write_index(site_dir: Path, index: dict) -> None:
    """Write the search index and, where the offline plugin made one, its inlined copy."""
    text = json.dumps(index, separators=(",", ":"))
    (site_dir / INDEX).write_text(text, encoding="utf-8")
    if (site_dir / INLINED).exists():
        (site_dir / INLINED).write_text(f"var __index = {text}", encoding="utf-8")
