"""Tables in search results: Material's search plugin keeps a table's text but none of its cells, so that a result
shows "Réseau Objectif Heures couvertes X (anciennement Twitter) 30 min Du lundi…", headings and values run
together. The build reads each page's tables back from its HTML and writes, in the index, each row as a paragraph
of its own, its cells apart: "Réseau · Objectif · Heures couvertes", "X (anciennement Twitter) · 30 min · …"."""
from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser
from pathlib import Path

SEPARATOR = " · "
_SPACE = re.compile(r"\s+")


class _Tables(HTMLParser):
    """The tables of a page: each a list of rows, each a list of its cells' texts, as the search plugin writes
    text (spaces run together, `&` and `<` escaped)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self.depth = 0  # tables inside tables are read as their outer cell's text
        self.cell: list[str] | None = None
        self.skipped = 0  # inside a script or style, whose text the search plugin leaves out

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("script", "style"):
            self.skipped += 1
        elif tag == "table":
            self.depth += 1
            if self.depth == 1:
                self.tables.append([])
        elif self.depth == 1 and tag == "tr":
            self.tables[-1].append([])
        elif self.depth == 1 and tag in ("td", "th") and self.tables[-1]:
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skipped = max(0, self.skipped - 1)
        elif tag == "table":
            self.depth = max(0, self.depth - 1)
        elif self.depth == 1 and tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1].append(_SPACE.sub(" ", escape("".join(self.cell), quote=False)).strip())
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None and not self.skipped:
            self.cell.append(data)


def tables(html: str) -> list[list[list[str]]]:
    """The tables of a page's HTML, each as its rows of cells' texts (empty cells left out)."""
    parser = _Tables()
    parser.feed(html)
    parser.close()
    return [[[cell for cell in row if cell] for row in table if any(row)] for table in parser.tables]


def _run(table: list[list[str]]) -> re.Pattern:
    """The table's text as the search plugin wrote it: its cells one after the other, only spaces between them."""
    cells = [r"\s+".join(map(re.escape, cell.split(" "))) for row in table for cell in row]
    return re.compile(r"\s*".join(cells))


def separate_cells(site_dir: Path, docs: list[dict]) -> None:
    """Write each table of the index's entries as one paragraph a row, its cells apart (SEPARATOR); an entry whose
    table reads otherwise than expected (already separated, changed by an extension) is left as it is."""
    pages: dict[str, list[list[list[str]]]] = {}
    for doc in docs:
        page = str(doc.get("location", "")).partition("#")[0]
        if page not in pages:
            try:
                pages[page] = tables((site_dir / (page or "index.html")).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                pages[page] = []
        text = str(doc.get("text", ""))
        for table in pages[page]:
            if not table:
                continue
            rows = "".join(f"<p>{SEPARATOR.join(row)}</p>" for row in table)
            text = _run(table).sub(lambda _: rows, text, count=1)
        if text != doc.get("text", ""):
            doc["text"] = text
