"""The pages a release PDF prints: the built, sanitized HTML the site publishes, read back from the built folder.

Every page of the menu, in the menu's order, gives its article (what Material shows between its header, menu and
footer), made fit to sit with the others in one document: its ids prefixed by the page's own (two pages may both
have a `#summary`), its links to other pages turned into links inside the document, its links to other files of
the site into their text (a PDF cannot open them), its images read from the built folder, and what only works in
a browser (buttons, forms, scripts, the parts a script shows) left out, its collapsible blocks printed open.
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urldefrag

import lxml.html
from lxml import etree

from ..diagnostics import Diagnostic, PlaybookError
from ..message import Message

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")
_URL_REF = re.compile(r"url\(#([^)]+)\)")
# interactive only: the assistants' buttons and what their script shows, the permalinks, the download buttons
_DROPPED = ("//script | //noscript | //button | //form | //*[@hidden] | //a[contains(@class, 'headerlink')]"
            " | //a[contains(concat(' ', normalize-space(@class), ' '), ' md-button ')]"
            " | //*[contains(@class, 'md-source-file')]")


@dataclass(frozen=True)
class PrintedPage:
    """One page of the menu as the PDF prints it."""

    path: str  # its file in the built site, such as 'networks/x.html'
    anchor: str  # the id of its section in the document
    title: str  # its first heading, for the table of contents
    html: str  # its article, ready to sit in the document


def menu_pages(site_dir: Path) -> list[str]:
    """The built pages of the menu, in its order, read from the home page's menu as the site publishes it."""
    home = _read(site_dir, "index.html")
    found: list[str] = []
    for nav in home.xpath("//nav[contains(concat(' ', normalize-space(@class), ' '), ' md-nav--primary ')]")[:1]:
        for href in nav.xpath(".//a[contains(@class, 'md-nav__link')]/@href"):
            path = _site_path("index.html", href)
            if path is not None and path.endswith(".html") and path not in found and (site_dir / path).is_file():
                found.append(path)
    if not found:
        raise PlaybookError([Diagnostic("pdf-pages", Message("pdf-pages.no-menu"), "index.html",
                                        hint=Message("pdf-print.build-again"))])
    return found


def printed_pages(site_dir: Path) -> list[PrintedPage]:
    """Every page of the menu, in its order, ready to print (see the module's docstring)."""
    paths = menu_pages(site_dir)
    anchors = {path: page_anchor(path) for path in paths}
    return [_printed(site_dir, path, anchors) for path in paths]


def page_anchor(path: str) -> str:
    """The id of a page's section in the document: its path, made an id ('networks/x.html' -> 'page-networks-x')."""
    return "page-" + re.sub(r"[^A-Za-z0-9_-]+", "-", path.removesuffix(".html")).strip("-")


def _read(site_dir: Path, path: str) -> lxml.html.HtmlElement:
    try:
        return lxml.html.fromstring((site_dir / path).read_bytes())
    except (OSError, etree.ParserError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise PlaybookError([Diagnostic("pdf-pages", Message("pdf-pages.cannot-be-read", reason=str(reason)),
                                        path, hint=Message("pdf-print.build-again"))]) from None


def _site_path(page: str, href: str) -> str | None:
    """The file of the site `href` points to from `page`, relative to the site's root; None outside the site."""
    url, _ = urldefrag(href)
    if not url or _SCHEME.match(url) or url.startswith("/"):
        return None
    path = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(url)))
    if path.startswith("../") or path == "..":
        return None
    return path + "index.html" if url.endswith("/") else path


def _printed(site_dir: Path, path: str, anchors: dict[str, str]) -> PrintedPage:
    page = _read(site_dir, path)
    articles = page.xpath("//article[contains(@class, 'md-content__inner')]")
    if not articles:
        raise PlaybookError([Diagnostic("pdf-pages", Message("pdf-pages.no-article"), path,
                                        hint=Message("pdf-print.build-again"))])
    article = articles[0]
    for element in article.xpath(_DROPPED):
        _drop(element)
    for element in article.iter("details"):  # paper has no click: a collapsible block is printed open
        element.set("open", "open")
    anchor = anchors[path]
    ids = {element.get("id") for element in article.iter() if element.get("id")}
    for element in article.iter():
        if not isinstance(element.tag, str):  # comments
            continue
        if element.get("id"):
            element.set("id", f"{anchor}--{element.get('id')}")
        for name, value in element.attrib.items():
            if "url(#" in value:  # a figure's markers and gradients
                element.set(name, _URL_REF.sub(lambda m: f"url(#{anchor}--{m.group(1)})" if m.group(1) in ids
                                               else m.group(0), value))
        _relink(element, path, anchor, anchors, site_dir)
    headings = article.xpath(".//h1")
    title = " ".join(headings[0].text_content().split()) if headings else path
    inner = (article.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in article)
    return PrintedPage(path, anchor, title, inner)


def _relink(element, path: str, anchor: str, anchors: dict[str, str], site_dir: Path) -> None:
    """A link to the page itself or another page of the document goes to its place in the document; one to
    another file of the site keeps its text only; an image is read from the built folder."""
    for name in ("src", "href", "{http://www.w3.org/1999/xlink}href", "xlink:href"):
        value = element.get(name)
        if value is None:
            continue
        if value.startswith("#"):
            element.set(name, f"#{anchor}--{value[1:]}" if len(value) > 1 else f"#{anchor}")
            continue
        target = _site_path(path, value)
        if target is None:  # outside the site: a web address, an e-mail, a phone number
            continue
        fragment = urldefrag(value)[1]
        if target in anchors:
            element.set(name, f"#{anchors[target]}--{fragment}" if fragment else f"#{anchors[target]}")
        elif element.tag == "a":
            del element.attrib[name]
        else:  # an image of the site: the printer reads it from the built folder, and only there
            element.set(name, (site_dir / target).resolve().as_uri())


def _drop(element) -> None:
    """Remove an element, keeping the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)
