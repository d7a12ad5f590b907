"""Export: one PDF of a release, for signature and archiving.

The PDF is drawn from the model with ReportLab (pure Python, no browser, no system library): a
cover with the approval record and the content hash, then every part of the charter in the
site's order and language.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterable
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import (KeepTogether, ListFlowable, ListItem, PageBreak, Paragraph, SimpleDocTemplate,
                                Spacer, Table, TableStyle)

from .model import Playbook
from .model.language import Untranslated
from .versions import VersionInfo, status

_STYLES = getSampleStyleSheet()
BODY = ParagraphStyle("body", parent=_STYLES["BodyText"], fontName="Helvetica", fontSize=9.5, leading=13)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8, leading=10, textColor=colors.HexColor("#444444"))
H1 = ParagraphStyle("h1", parent=_STYLES["Heading1"], fontName="Helvetica-Bold", fontSize=17, spaceBefore=6)
H2 = ParagraphStyle("h2", parent=_STYLES["Heading2"], fontName="Helvetica-Bold", fontSize=13)
H3 = ParagraphStyle("h3", parent=_STYLES["Heading3"], fontName="Helvetica-Bold", fontSize=10.5)
COVER = ParagraphStyle("cover", parent=H1, fontSize=24, leading=30, alignment=TA_CENTER)
BOLD = re.compile(r"\*\*(.+?)\*\*")
ITALIC = re.compile(r"(?<!\*)\*(?!\*)(.+?)(?<!\*)\*(?!\*)")


def _plain(value: Any) -> str:
    """Text the standard PDF fonts can draw: they cover Windows-1252, anything else becomes '?'."""
    text = " ".join(str(value).split())
    for char, plain in (("→", "->"), ("←", "<-"), ("✓", "v"), ("\u202f", " "), ("\u2009", " ")):
        text = text.replace(char, plain)
    return text.encode("cp1252", errors="replace").decode("cp1252")


def _text(value: Any) -> str:
    """Paragraph markup for the PDF: escaped, light Markdown emphasis kept when it nests properly."""
    plain = escape(_plain(value))
    text = ITALIC.sub(r"<i>\1</i>", BOLD.sub(r"<b>\1</b>", plain))
    try:
        ElementTree.fromstring(f"<p>{text}</p>")
    except ElementTree.ParseError:  # overlapping emphasis (*a **b* c**): keep the words, drop the marks
        text = plain
    if isinstance(value, Untranslated):  # shown in another language than the document's: say which
        text = f'<font color="#8a4b00"><b>[{value.lang.upper()}]</b></font> {text}'
    return text


def _markdown(value: str) -> list:
    """Paragraphs and bullet lists of a Markdown field."""
    flow: list = []
    if isinstance(value, Untranslated) and str(value).strip():  # not translated: said once, before the text
        flow.append(Paragraph(_text(Untranslated("", value.lang)).strip(), BODY))
    for block in re.split(r"\n\s*\n", str(value).strip()):
        lines = [line for line in block.splitlines() if line.strip()]
        if lines and all(re.match(r"\s*([-*]|\d+\.)\s", line) for line in lines):
            flow.append(_bullets(re.sub(r"^\s*([-*]|\d+\.)\s+", "", line) for line in lines))
        elif lines:
            flow.append(Paragraph(_text(" ".join(line.strip().lstrip("#").strip() for line in lines)), BODY))
    return flow


def _bullets(items: Iterable[Any]) -> ListFlowable:
    return ListFlowable([ListItem(Paragraph(_text(item), BODY), leftIndent=12) for item in items],
                        bulletType="bullet", start="•", leftIndent=12)


def _table(rows: list[list[Any]], widths: list[float]) -> Table:
    cells = [[Paragraph(_text(cell), SMALL) for cell in row] for row in rows]
    table = Table(cells, colWidths=[w * cm for w in widths], repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8ef")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table


class _Document:
    def __init__(self, playbook: Playbook, strings: dict):
        self.pb = playbook
        self.t = strings
        self.flow: list = []
        self.names = {("role", r.id): r.title for r in playbook.roles.roles}
        self.names.update({("network", n.id): n.name for n in playbook.networks})
        self.names.update({("audience", a.id): a.name for a in playbook.audiences.audiences})
        self.names.update({("kpi", k.id): k.name for k in playbook.kpis.kpis})
        self.names.update({("crisis_level", c.id): c.name for c in playbook.crisis.levels})

    def name(self, kind: str, item_id: str) -> str:
        return self.names.get((kind, item_id), self.t["label"]["restricted"])

    def names_of(self, kind: str, ids: Iterable[str]) -> str:
        return ", ".join(self.name(kind, i) for i in ids)

    def enum(self, group: str, value: str) -> str:
        return self.t["enum"].get(group, {}).get(value, value)

    def label(self, key: str) -> str:
        return self.t["label"][key]

    def part(self, key: str, introduction: str = "") -> None:
        self.flow += [PageBreak(), Paragraph(_text(self.t["title"][key]), H1)]
        self.flow += _markdown(introduction) if introduction else []

    def heading(self, text: str, style: ParagraphStyle = H2) -> None:
        self.flow.append(Paragraph(_text(text), style))

    def field(self, label: str, value: Any) -> None:
        if value not in ("", None, [], ()):
            self.flow.append(Paragraph(f"<b>{_text(label)}{_text(self.t['colon'])}</b> {_text(value)}", BODY))


def _cover(doc: _Document, version: VersionInfo) -> None:
    t, release = doc.t, doc.t["release"]
    doc.flow += [Spacer(1, 5 * cm), Paragraph(_text(doc.pb.charter.title), COVER), Spacer(1, 1 * cm),
                 Paragraph(_text(status(version, t)["text"]), ParagraphStyle("c", parent=BODY, alignment=TA_CENTER)),
                 Spacer(1, 2 * cm)]
    doc.flow.append(_table([[release["record"], ""],
                            [t["label"]["version"], version.name],
                            [release["approved_by"], version.approved_by],
                            [release["role"], version.role],
                            [release["date"], version.date],
                            [release["content_hash"], version.content_hash],
                            [release["previous"], version.chained_to or version.previous or t["label"]["none"]]],
                           [5, 11]))
    doc.flow += [Spacer(1, 0.5 * cm), Paragraph(_text(release["hash_explained"]), SMALL)]
    doc.heading(release["changes_title"])
    if not version.previous:
        first = release["first_in_language"] if version.chained_to else release["first_release"]
        doc.flow.append(Paragraph(_text(first), BODY))
    else:
        doc.flow.append(_bullets(version.changes) if version.changes else Paragraph(_text(release["no_change"]), BODY))


def _strategy(doc: _Document) -> None:
    pb = doc.pb
    doc.flow += _markdown(pb.charter.summary)
    doc.heading(doc.label("applies_to"))
    doc.flow.append(_bullets(pb.charter.applies_to))
    doc.field(doc.label("owner"), doc.name("role", pb.charter.owner))
    doc.part("objectives", pb.objectives.introduction)
    for o in pb.objectives.objectives:
        doc.heading(o.title)
        doc.field(doc.label("category"), doc.enum("category", o.category))
        doc.field(doc.label("priority"), doc.enum("priority", o.priority))
        doc.flow += _markdown(o.description)
        doc.field(doc.label("audiences"), doc.names_of("audience", o.audiences))
        doc.field(doc.label("networks"), doc.names_of("network", o.networks))
        doc.field(doc.label("kpis"), doc.names_of("kpi", o.kpis))
    doc.part("audiences", pb.audiences.introduction)
    for a in pb.audiences.audiences:
        doc.heading(a.name)
        doc.flow += _markdown(a.description) + _markdown(a.why)
        doc.flow.append(_bullets(a.expectations))
    ed = pb.editorial
    doc.part("editorial", ed.introduction)
    doc.flow += _markdown(ed.voice)
    doc.field(doc.label("address"), doc.enum("address", ed.address))
    doc.field(doc.label("tone"), ", ".join(ed.tone))
    doc.heading(doc.label("pillars"))
    for p in ed.pillars:
        doc.field(p.name, " ".join(p.description.split()))
    doc.heading(doc.label("mix"))
    doc.flow.append(_table([[doc.label("network"), doc.label("mix_short"), doc.label("rhythm")]] + [
        [doc.name("network", n.network), " · ".join(f"{doc.enum('mix', k)} {v} %" for k, v in n.mix.items()),
         f"{n.rhythm.posts} / {n.rhythm.every} {doc.enum('per', n.rhythm.per)}"] for n in ed.networks], [4, 8, 4]))
    doc.heading(doc.label("never_publish"))
    doc.flow.append(_bullets(ed.never_publish))


def _policies(doc: _Document) -> None:
    pb = doc.pb
    cp = pb.comments
    doc.part("comments", cp.introduction)
    doc.flow.append(_bullets(cp.principles))
    doc.heading(doc.label("response_times"))
    doc.flow.append(_table([[doc.label("network"), doc.label("target"), doc.label("hours")]] + [
        [doc.name("network", r.network), f"{r.target_minutes} min", r.hours] for r in cp.response_times], [4, 3, 9]))
    doc.heading(doc.label("categories"))
    doc.flow.append(_table([[doc.label("categories"), doc.label("action"), doc.label("who_acts"),
                             doc.label("escalate_to")]] + [
        [c.name, doc.enum("action", c.action), doc.name("role", c.owner),
         doc.name("role", c.escalate_to) if c.escalate_to else ""] for c in cp.categories], [5, 3.5, 4, 3.5]))
    for tpl in cp.templates:
        doc.flow.append(KeepTogether([Paragraph(_text(tpl.title), H3), *_markdown(tpl.text)]))
    pu = pb.personal_use
    doc.part("personal_use", pu.introduction)
    doc.flow += _markdown(pu.scope)
    for rule in pu.rules:
        doc.heading(rule.title, H3)
        if rule.requires_approval:
            doc.flow.append(Paragraph(f"<b>{_text(doc.label('requires_approval'))}</b>", BODY))
        doc.flow += _markdown(rule.text)
    cr = pb.crisis
    doc.part("crisis", cr.introduction)
    for level in sorted(cr.levels, key=lambda lv: lv.severity):
        doc.heading(f"{level.severity}. {level.name}")
        doc.flow.append(_bullets(level.criteria))
        doc.field(doc.label("lead"), doc.name("role", level.lead))
        doc.field(doc.label("escalation"), " -> ".join(f"{doc.name('role', s.role)} ({s.within_minutes} min)"
                                                       for s in level.escalation))
        doc.flow.append(_bullets(f"{a.do} ({doc.name('role', a.owner)})" for a in level.actions))
    doc.heading(doc.label("holding_statements"))
    for h in cr.holding_statements:
        doc.flow.append(KeepTogether([Paragraph(_text(h.situation), H3), *_markdown(h.text)]))


def _steering(doc: _Document) -> None:
    pb = doc.pb
    doc.part("kpis", pb.kpis.introduction)
    for k in pb.kpis.kpis:
        doc.heading(k.name, H3)
        doc.flow += _markdown(k.definition)
        doc.field(doc.label("type"), doc.enum("kpi_type", k.type))
        doc.field(doc.label("formula"), k.formula)
        doc.field(doc.label("target"), k.target)
        doc.field(doc.label("frequency"), doc.enum("frequency", k.frequency))
        doc.field(doc.label("owner_short"), doc.name("role", k.owner))
    doc.part("roles", pb.roles.introduction)
    for r in pb.roles.roles:
        doc.heading(r.title, H3)
        doc.flow.append(_bullets(r.responsibilities))
    doc.heading(doc.label("raci"))
    doc.flow.append(_table([[doc.label("activity"), "R", "A", "C", "I"]] + [
        [a.activity, doc.names_of("role", a.responsible), doc.name("role", a.accountable),
         doc.names_of("role", a.consulted), doc.names_of("role", a.informed)] for a in pb.roles.raci],
        [5, 3, 3, 2.5, 2.5]))
    li = pb.listening
    doc.part("listening", li.introduction)
    doc.flow.append(_bullets(f"{w.subject}: {', '.join(w.terms)}" for w in li.watch))
    doc.heading(doc.label("last_audit"))
    doc.field(doc.label("audit_date"), li.audit.date.isoformat())
    doc.field(doc.label("next_audit"), li.audit.next_due.isoformat())
    doc.flow += _markdown(li.audit.summary)


def _networks(doc: _Document) -> None:
    for network in doc.pb.active_networks:
        doc.flow += [PageBreak(), Paragraph(_text(network.name), H1)]
        doc.flow += _markdown(network.purpose)
        doc.heading(doc.label("logic"))
        doc.flow += _markdown(network.logic)
        doc.heading(doc.label("etiquette"))
        doc.flow.append(_bullets(network.etiquette))
        doc.heading(doc.label("lexicon"))
        doc.flow.append(_table([[doc.label("term"), doc.label("definition")]] +
                               [[term.term, term.definition] for term in network.lexicon], [4, 12]))
        doc.heading(doc.label("checklists"))
        for checklist in network.checklists:
            doc.flow.append(KeepTogether([Paragraph(_text(checklist.title), H3),
                                          _bullets(f"[ ] {item}" for item in checklist.items)]))


def write_pdf(playbook: Playbook, version: VersionInfo, strings: dict, target: Path) -> Path:
    """Write the PDF of one version of the charter to `target`."""
    doc = _Document(playbook, strings)
    _cover(doc, version)
    doc.flow.append(PageBreak())
    _strategy(doc)
    _policies(doc)
    _steering(doc)
    _networks(doc)
    footer = _plain(f"{playbook.charter.title} — {strings['label']['version']} {version.name} — "
                   f"{version.content_hash[:16]}")

    def number_pages(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.drawString(2 * cm, 1.2 * cm, footer)
        canvas.drawRightString(A4[0] - 2 * cm, 1.2 * cm, str(document.page))
        canvas.restoreState()

    target.parent.mkdir(parents=True, exist_ok=True)
    # invariant=1: no creation date or random id in the file, so the same release gives the same bytes
    pdf = SimpleDocTemplate(str(target), pagesize=A4, title=playbook.charter.title, author=version.approved_by,
                            subject=f"{strings['label']['version']} {version.name}", invariant=1,
                            leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm, bottomMargin=2 * cm)
    pdf.build(doc.flow, onFirstPage=number_pages, onLaterPages=number_pages)
    return target
