"""The release PDF: the pages of a built version printed as one document by WeasyPrint.

The document is the site's own HTML (pages.py): a cover with the approval record, a table of contents whose
page numbers the printer fills in (`target-counter`), every page of the menu in its order, then the block the
approver signs. The theme's print stylesheet (`pdf.css`) lays it out: A4, a running header with the version and
its status, page numbers, the headings as the PDF reader's bookmarks. Nothing is fetched but files of the built
folder, and the file holds no date but the release's and no random id: the same release gives the same bytes.
"""
from __future__ import annotations

import hashlib
import logging
import os
from datetime import datetime, timezone
from html import escape
from pathlib import Path

from ..diagnostics import Diagnostic, PlaybookError
from ..message import Message
from ..theme import theme_dir
from ..versions import VersionInfo, css_string, status
from .pages import PrintedPage, printed_pages

STYLESHEET = "pdf.css"  # in the theme's folder


def document_html(pages: list[PrintedPage], version: VersionInfo, strings: dict, title: str, language: str) -> str:
    """The whole document, as the printer reads it."""
    release = strings["release"]
    day = stamp_day(version)
    contents = "".join(f'<li><a href="#{page.anchor}">{escape(page.title)}</a></li>' for page in pages)
    body = "".join(f'<section class="pb-page" id="{page.anchor}">{page.html}</section>' for page in pages)
    mark = "" if version.is_release else f'<div class="pb-watermark">{escape(release["watermark"])}</div>'
    meta = f'<meta name="dcterms.created" content="{day}"><meta name="dcterms.modified" content="{day}">' if day \
        else ""
    return (f'<!DOCTYPE html><html lang="{escape(language)}"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title>{meta}"
            f'<meta name="author" content="{escape(version.approved_by or version.proposed_approver)}">'
            f"<style>{_running(version, strings, title)}</style></head><body>{mark}"
            f"{_cover(version, strings, title)}"
            f'<nav class="pb-contents"><h1 class="pb-contents__title">{escape(release["contents"])}</h1>'
            f"<ol>{contents}</ol></nav>{body}{signature_block(version, strings)}</body></html>")


def _running(version: VersionInfo, strings: dict, title: str) -> str:
    """What the top of every page after the cover says: the charter, its version and its status."""
    return (f'@page {{ @top-left {{ content: "{css_string(title)}"; }}'
            f' @top-right {{ content: "{css_string(shown_status(version, strings))}"; }} }}'
            "@page :first { @top-left { content: none; } @top-right { content: none; } }")


def shown_status(version: VersionInfo, strings: dict) -> str:
    """The version and its status as the running header says them: which never changes once approved."""
    release = strings["release"]
    if version.is_release:
        return release["release_title"].format(version=version.name, date=version.date)
    if version.proposed:
        return release["banner_proposed"].format(version=version.proposed, approver=version.proposed_approver)
    return release["banner_draft"]


def _rows(rows: list[tuple[str, str]]) -> str:
    return "".join(f"<tr><th>{escape(label)}</th><td>{escape(value)}</td></tr>" for label, value in rows)


def _cover(version: VersionInfo, strings: dict, title: str) -> str:
    release, label = strings["release"], strings["label"]
    if version.is_release:
        rows = [(label["version"], version.name), (release["approved_by"], version.approved_by),
                (release["role"], version.role), (release["date"], version.date),
                # a PDF sealed at approval cannot carry the hash that covers it: the manifest has it
                (release["content_hash"], version.content_hash or release["hash_sealed"]),
                (release["previous"], version.chained_to or version.previous or label["none"])]
        record = (f'<table class="pb-record"><caption>{escape(release["record"])}</caption>{_rows(rows)}</table>'
                  f'<p class="pb-cover__note">{escape(release["hash_explained"])}</p>')
    else:  # the draft, proposed for approval
        rows = [(release["proposed_version"], version.proposed), (release["to_be_approved_by"],
                                                                   version.proposed_approver),
                (release["previous"], version.previous or label["none"])]
        record = f'<table class="pb-record">{_rows(rows)}</table>'
    words = title.rsplit(" ", 1)
    shown = escape(words[0]) + "&nbsp;" + escape(words[1]) if len(words) == 2 else escape(title)  # no last word alone
    return (f'<section class="pb-cover"><h1 class="pb-cover__title">{shown}</h1>'
            f'<p class="pb-cover__status">{escape(status(version, strings)["text"])}</p>{record}</section>')


def signature_block(version: VersionInfo, strings: dict) -> str:
    """The block the approver signs, last in the document: their name, role and date, and a place to sign; a
    draft proposed for approval names who must approve it and says that it is not approved yet."""
    release = strings["release"]
    if version.is_release:
        rows = [(release["approved_by"], version.approved_by), (release["role"], version.role),
                (release["date"], version.date)]
        note = f'{escape(release["signed_by"])} {escape(version.signed_by)}' if version.signed_by else ""
    else:
        rows = [(release["approved_by"], version.proposed_approver), (release["role"], ""), (release["date"], "")]
        note = escape(release["not_yet_approved"])
    note = f'<p class="pb-signature__note">{note}</p>' if note else ""
    return (f'<section class="pb-signature" id="pb-signature"><h1>{escape(release["signature_block"])}</h1>{note}'
            f'<table class="pb-signature__table">{_rows(rows)}'
            f'<tr class="pb-signature__sign"><th>{escape(release["signature"])}</th><td></td></tr></table></section>')


def stamp_day(version: VersionInfo) -> str:
    """The PDF's creation and modification date: the day of approval (SOURCE_DATE_EPOCH's, or none, for a draft)."""
    if version.date:
        return version.date
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return datetime.fromtimestamp(int(epoch), timezone.utc).date().isoformat() if epoch.isdigit() else ""


def print_pdf(site_dir: Path, version: VersionInfo, strings: dict, title: str, language: str, target: Path) -> Path:
    """Print the built version in `site_dir` as its PDF, into `target`: see the module's docstring."""
    from weasyprint import CSS, HTML  # about a second to import: only for the builds that print

    site_dir = site_dir.resolve()
    html = document_html(printed_pages(site_dir), version, strings, title, language)
    fetcher = _site_fetcher(site_dir)
    stylesheet = theme_dir() / STYLESHEET
    quiet = logging.getLogger("weasyprint")
    level, quiet.level = quiet.level, logging.ERROR  # CSS it does not support is left out, as a browser would
    try:
        document = HTML(string=html, base_url=site_dir.as_uri() + "/", url_fetcher=fetcher)
        data = document.write_pdf(stylesheets=[CSS(filename=str(stylesheet), url_fetcher=fetcher)],
                                  # the file's id: from the document itself, never random
                                  pdf_identifier=hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode())
    except Exception as exc:  # a failure of the printer (memory, a font) is said, never a traceback
        raise PlaybookError([Diagnostic("pdf-print", Message("pdf-print.could-not-be-printed", reason=str(exc)),
                                        target.name, hint=Message("pdf-print.build-again"))]) from None
    finally:
        quiet.setLevel(level)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target


def _site_fetcher(site_dir: Path):
    """What the printer may read: files of the built site, nothing else (no network, no other file)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SiteFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if not url.startswith("file:"):
                raise ValueError(f"the PDF is printed offline: {url} is not read")
            path = Path(URLFetcherResponse(url).path).resolve()
            if not (path == site_dir or site_dir in path.parents) and path != (theme_dir() / STYLESHEET).resolve():
                raise ValueError(f"the PDF is printed from the built site only: {path} is not read")
            return URLFetcherResponse(url, body=path.read_bytes())

    return SiteFetcher()
