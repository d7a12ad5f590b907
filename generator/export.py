"""Export: one PDF of a release, for signature and archiving.

The PDF is drawn from the model with ReportLab (pure Python, no browser, no system library): a
cover with the approval record and the content hash, then every part of the charter in the order
of the registry of parts, each drawn by its own function (pdf_parts.py), then the networks, in the
site's language.
"""
from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer
from reportlab.platypus.tableofcontents import TableOfContents

from .model import Playbook
from .parts import PARTS, named_items, title_of
from .pdf import (BODY, COVER, H1, H3, SMALL, Document, bullets, change_bullets, checkboxes, markdown, markup, plain,
                  table)
from .versions import VersionInfo, status


def _cover(doc: Document, version: VersionInfo) -> None:
    t, release = doc.t, doc.t["release"]
    title = markup(title_of(doc.pb))
    title = "&nbsp;".join(title.rsplit(" ", 1)) if " " in title else title  # never a last word alone on its line
    doc.flow += [Spacer(1, 5 * cm), Paragraph(title, COVER), Spacer(1, 1 * cm),
                 Paragraph(markup(status(version, t)["text"]), ParagraphStyle("c", parent=BODY, alignment=TA_CENTER)),
                 Spacer(1, 2 * cm)]
    if version.is_release:
        doc.flow.append(table([[release["record"], ""],
                                [t["label"]["version"], version.name],
                                [release["approved_by"], version.approved_by],
                                [release["role"], version.role],
                                [release["date"], version.date],
                                # a PDF sealed at approval cannot carry the hash that covers it: the manifest has it
                                [release["content_hash"], version.content_hash or release["hash_sealed"]],
                                [release["previous"], version.chained_to or version.previous or t["label"]["none"]]],
                               [5, 11]))
        doc.flow += [Spacer(1, 0.5 * cm), Paragraph(markup(release["hash_explained"]), SMALL)]
    else:  # the draft, proposed for approval, with the block its approver signs
        doc.flow.append(table([[release["proposed_version"], version.proposed],
                                [release["to_be_approved_by"], version.proposed_approver],
                                [release["previous"], version.previous or t["label"]["none"]]], [5, 11]))
        doc.flow += [Spacer(1, 0.8 * cm), KeepTogether([
            Paragraph(markup(release["signature_block"]), H3),
            table([[release["approved_by"], ""], [release["role"], ""], [release["date"], ""],
                   [release["signature"], ""]], [5, 11], heights=[0.9, 0.9, 0.9, 2.2])])]
    doc.heading(release["changes_title"])
    if not version.previous:
        first = release["first_in_language"] if version.chained_to else release["first_release"]
        doc.flow.append(Paragraph(markup(first), BODY))
    else:
        doc.flow += (change_bullets(version.changes) if version.changes
                     else [Paragraph(markup(release["no_change"]), BODY)])


def _networks(doc: Document) -> None:
    for network in doc.pb.active_networks:
        doc.flow += [PageBreak(), Paragraph(markup(network.name), H1)]
        if not network.official:
            doc.flow.append(Paragraph(markup(doc.label("no_account")), BODY))
        doc.field(doc.label("handle"), " · ".join(x for x in (network.handle, network.url) if x))
        if network.accounts:
            doc.heading(doc.label("accounts"))
            doc.flow.append(bullets(" — ".join(x for x in (
                a.name, " · ".join(y for y in (a.handle, a.url) if y), a.purpose,
                doc.name("role", a.owner) if a.owner else "") if x) for a in network.accounts))
        doc.flow += markdown(network.purpose) if network.purpose else []
        for key, text in (("logic", network.logic),):
            if text:
                doc.heading(doc.label(key))
                doc.flow += markdown(text)
        for key, lines in (("etiquette", network.etiquette), ("network_rules", network.rules)):
            if lines:
                doc.heading(doc.label(key))
                doc.flow.append(bullets(lines))
        if network.lexicon:
            doc.heading(doc.label("lexicon"))
            doc.flow.append(table([[doc.label("term"), doc.label("definition")]] +
                                   [[term.term, term.definition] for term in network.lexicon], [4, 12]))
        if network.checklists:
            doc.heading(doc.label("checklists"))
        for checklist in network.checklists:
            doc.flow.append(KeepTogether([Paragraph(markup(checklist.title), H3),
                                          checkboxes(checklist.items)]))


def write_pdf(playbook: Playbook, version: VersionInfo, strings: dict, target: Path) -> Path:
    """Write the PDF of one version of the charter to `target`."""
    names = {(kind, item_id): name for kind, item_id, name, _ in named_items(playbook)}
    names.update({("network", n.id): n.name for n in playbook.networks})
    doc = Document(playbook, strings, names)
    _cover(doc, version)
    contents = TableOfContents(dotsMinLevel=0, levelStyles=[ParagraphStyle("toc", parent=BODY, leftIndent=0)])
    doc.flow += [PageBreak(), Paragraph(markup(strings["release"]["contents"]), ParagraphStyle("contents", parent=H1)),
                 contents, PageBreak()]
    for part in PARTS:
        model = playbook.parts[part.stem]
        if part.pdf is None or model is None:
            continue
        if part.pdf_heading:
            doc.part(part.title, getattr(model, "introduction", ""))
        else:  # the charter's own part, right after the contents: titled, for the outline
            doc.flow.append(Paragraph(markup(strings["title"][part.title]), H1))
        part.pdf(doc, model)
    _networks(doc)
    shown = version.name if version.is_release or not version.proposed else \
        f"{version.proposed} ({strings['reader']['draft_short']})"
    footer = plain(f"{title_of(playbook)} — {strings['label']['version']} {shown}" +
                   (f" — {version.content_hash[:16]}" if version.content_hash else ""))

    mark = "" if version.is_release else plain(strings["release"]["watermark"])

    def number_pages(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.drawString(2 * cm, 1.2 * cm, footer)
        canvas.drawRightString(A4[0] - 2 * cm, 1.2 * cm, str(document.page))
        if mark:  # a draft for approval says so across every page
            canvas.setFont("Helvetica-Bold", 40)
            canvas.setFillColorRGB(0.85, 0.85, 0.85)
            canvas.translate(A4[0] / 2, A4[1] / 2)
            canvas.rotate(45)
            canvas.drawCentredString(0, 0, mark)
        canvas.restoreState()

    target.parent.mkdir(parents=True, exist_ok=True)
    # invariant=1: no random id in the file, and its dates are the release's: the same release gives the same bytes
    pdf = _Outlined(str(target), pagesize=A4, title=title_of(playbook), author=version.approved_by,
                    subject=f"{strings['label']['version']} {version.name}", invariant=1,
                    leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm, bottomMargin=2 * cm)
    pdf.stamp = _stamp(version)
    pdf.multiBuild(doc.flow, onFirstPage=number_pages, onLaterPages=number_pages)
    return target


def _stamp(version: VersionInfo) -> str:
    """The PDF's creation and modification dates: the day of approval (SOURCE_DATE_EPOCH's, or none, for a draft)."""
    day = version.date
    if not day and os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        day = datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), timezone.utc).date().isoformat()
    return f"D:{day.replace('-', '')}000000+00'00'" if day else ""


class _Outlined(SimpleDocTemplate):
    """A document whose titles of parts and sections are bookmarks (the PDF reader's outline) and whose parts are
    listed in the table of contents, with their pages."""

    stamp = ""

    def beforeDocument(self) -> None:
        self._level = -1
        self._seen = 0
        if self.stamp:
            self.canv.setDateFormatter(lambda *date: self.stamp)

    def afterFlowable(self, flowable: Any) -> None:
        if not isinstance(flowable, Paragraph) or flowable.style.name not in ("h1", "h2"):
            return
        level = min(0 if flowable.style.name == "h1" else 1, self._level + 1)  # an outline goes down one step at a time
        text, key = flowable.getPlainText(), f"section-{self._seen}"
        self._level, self._seen = level, self._seen + 1
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(text, key, level=level, closed=level > 0)
        if level == 0:
            self.notify("TOCEntry", (0, text, self.page, key))
