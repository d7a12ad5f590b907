"""Drawing the PDF of a release: its styles, light Markdown, lists, tables, and the document being drawn.

ReportLab draws it (pure Python, no browser, no system library). export.py lays out the whole
document; pdf_parts.py draws each part of the charter with these.
"""
from __future__ import annotations

import re
from typing import Any, Callable, Iterable
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import ListFlowable, ListItem, PageBreak, Paragraph, Table, TableStyle

from .markdown_text import as_written
from .model.language import Untranslated
from .redline import cut, rewritten

_STYLES = getSampleStyleSheet()
BODY = ParagraphStyle("body", parent=_STYLES["BodyText"], fontName="Helvetica", fontSize=9.5, leading=13)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8, leading=10, textColor=colors.HexColor("#444444"))
# headings stay on the page of what follows them
H1 = ParagraphStyle("h1", parent=_STYLES["Heading1"], fontName="Helvetica-Bold", fontSize=17, spaceBefore=6,
                    keepWithNext=1)
H2 = ParagraphStyle("h2", parent=_STYLES["Heading2"], fontName="Helvetica-Bold", fontSize=13, keepWithNext=1)
H3 = ParagraphStyle("h3", parent=_STYLES["Heading3"], fontName="Helvetica-Bold", fontSize=10.5, keepWithNext=1)
COVER = ParagraphStyle("cover", parent=H1, fontSize=24, leading=30, alignment=TA_CENTER)
BOLD = re.compile(r"\*\*(.+?)\*\*")
ITALIC = re.compile(r"(?<!\*)\*(?!\*)(.+?)(?<!\*)\*(?!\*)")


def plain(value: Any) -> str:
    """Text the standard PDF fonts can draw: they cover Windows-1252, anything else becomes '?'."""
    text = " ".join(str(value).split())
    for char, simple in (("→", "->"), ("←", "<-"), ("✓", "v"), ("\u202f", " "), ("\u2009", " ")):
        text = text.replace(char, simple)
    return text.encode("cp1252", errors="replace").decode("cp1252")


_ARROW = "\x01"  # stands for '→' through plain(): the standard text fonts have no arrow, ZapfDingbats has one


def markup(value: Any) -> str:
    """Paragraph markup for the PDF: escaped, light Markdown emphasis kept when it nests properly, arrows drawn."""
    escaped = escape(plain(str(value).replace("→", _ARROW)))
    escaped = escaped.replace(_ARROW, '<font name="ZapfDingbats" size="7">\u2794</font>')
    text = ITALIC.sub(r"<i>\1</i>", BOLD.sub(r"<b>\1</b>", escaped))
    try:
        ElementTree.fromstring(f"<p>{text}</p>")
    except ElementTree.ParseError:  # overlapping emphasis (*a **b* c**): keep the words, drop the marks
        text = escaped
    if isinstance(value, Untranslated):  # shown in another language than the document's: say which
        text = f'<font color="#8a4b00"><b>[{value.lang.upper()}]</b></font> {text}'
    return text


def markdown(value: str) -> list:
    """Paragraphs and bullet lists of a Markdown field."""
    flow: list = []
    if isinstance(value, Untranslated) and str(value).strip():  # not translated: said once, before the text
        flow.append(Paragraph(markup(Untranslated("", value.lang)).strip(), BODY))
    for block in re.split(r"\n\s*\n", as_written(str(value), marks=False).strip()):  # lists as on the site
        lines = [line for line in block.splitlines() if line.strip()]
        if lines and all(re.match(r"\s*([-*]|\d+\.)\s", line) for line in lines):
            flow.append(bullets(re.sub(r"^\s*([-*]|\d+\.)\s+", "", line) for line in lines))
        elif lines:
            flow.append(Paragraph(markup(" ".join(line.strip() for line in lines)), BODY))  # '#' as written
    return flow


def bullets(items: Iterable[Any], mark: Callable[[Any], str] = markup) -> ListFlowable:
    """A bulleted list, one paragraph an item (written by `mark`)."""
    return ListFlowable([ListItem(Paragraph(mark(item), BODY), leftIndent=12) for item in items],
                        bulletType="bullet", start="•", leftIndent=12)


# A longer line of changes is set as several paragraphs: ReportLab lays a paragraph out again, whole, for each
# page it goes on to, and a list again, whole, for each page it fills; a page that changed all over (a line of a
# hundred pages) would take minutes.
LONG_CHANGE = 2000
BULLETED = ParagraphStyle("bulleted", parent=BODY, leftIndent=12, bulletIndent=2)


def change_bullets(lines: Iterable[str]) -> list[Paragraph]:
    """The lines of what changed, one bullet each, their deleted and inserted words marked (see redline_markup):
    paragraphs of their own rather than a list, so that each is laid out once, however long the line."""
    flow = []
    for line in lines:
        pieces = cut(str(line), LONG_CHANGE)
        flow += [Paragraph(redline_markup(piece), BULLETED, bulletText="•" if i == 0 else None)
                 for i, piece in enumerate(pieces)]
    return flow


def checkboxes(items: Iterable[Any]) -> ListFlowable:
    """A checklist: each item after an empty box to tick on paper (ZapfDingbats' square, a standard PDF font)."""
    return ListFlowable([ListItem(Paragraph(markup(item), BODY), leftIndent=14) for item in items],
                        bulletType="bullet", start="squarelrs", bulletFontName="ZapfDingbats", bulletFontSize=9,
                        leftIndent=14)


def redline_markup(value: Any) -> str:
    """A line of changes whose changed words are marked `[-deleted-]{+inserted+}` (redline.py): deleted words
    struck through in red, inserted ones underlined in green, the marks kept for a reader without colour."""
    plain_text = markup(value)
    text = rewritten(plain_text, lambda words: f'<font color="#b00020"><strike>{words}</strike></font>',
                     lambda words: f'<font color="#1b5e20"><u>{words}</u></font>')
    try:
        ElementTree.fromstring(f"<p>{text}</p>")
    except ElementTree.ParseError:  # a change across emphasis marks: the words and the marks, without colour
        return plain_text
    return text


def table(rows: list[list[Any]], widths: list[float], heights: list[float | None] | None = None) -> Table:
    """A table with a header row, `widths` (and, where given, `heights` of rows) in centimetres."""
    cells = [[Paragraph(markup(cell), SMALL) for cell in row] for row in rows]
    drawn = Table(cells, colWidths=[w * cm for w in widths], repeatRows=1,
                  rowHeights=[h * cm if h else None for h in heights] if heights else None)
    drawn.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8ef")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return drawn


class Document:
    """The flow of a PDF being drawn, with the strings and the names of items it writes them with."""

    def __init__(self, playbook: Any, strings: dict, names: dict[tuple[str, str], str]):
        self.pb = playbook
        self.t = strings
        self.flow: list = []
        self.names = names  # (kind, id) -> name; an id missing here was removed for this audience

    def name(self, kind: str, item_id: "str | list[str]") -> str:
        if isinstance(item_id, list):  # any one of several
            texts = [self.name(kind, one) for one in item_id]
            return ", ".join(texts[:-1]) + self.t["label"]["or_word"] + texts[-1]
        return self.names.get((kind, item_id), self.t["label"]["restricted"])

    def names_of(self, kind: str, ids: Iterable[str]) -> str:
        return ", ".join(self.name(kind, i) for i in ids)

    def enum(self, group: str, value: str | None) -> str:
        if value is None:  # not written: nothing is made up
            return ""
        return self.t["enum"].get(group, {}).get(value, value)

    def label(self, key: str) -> str:
        return self.t["label"][key]

    def part(self, key: str, introduction: str = "") -> None:
        """A new page opening a part: its title (`key` in the strings' `title:`) and its introduction."""
        self.flow += [PageBreak(), Paragraph(markup(self.t["title"][key]), H1)]
        self.flow += markdown(introduction) if introduction else []

    def heading(self, text: str, style: ParagraphStyle = H2) -> None:
        self.flow.append(Paragraph(markup(text), style))

    def field(self, label: str, value: Any) -> None:
        if value not in ("", None, [], ()):
            self.flow.append(Paragraph(f"<b>{markup(label)}{markup(self.t['colon'])}</b> {markup(value)}", BODY))
