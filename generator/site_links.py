"""The links of a built site: every address of a page that stays in the site leads to one of its files.

A link is read from the attributes a browser follows or loads (href, src, srcset, a refresh's url=), as the
browser reads it; one with a scheme (https:, mailto:, data:) or a server (//host) leaves the site and is not
this check's business (audit.outside_requests refuses what a page would load from outside). What is left is a
path, relative to the page or to the site's root, which must name a file of the site, or a folder with its
index.html.

MkDocs' 404.html is left out: it is written to be served by a web server at any address of the site, so its
links start from the server's root ('/assets/...') wherever the page is; in a site of versions no server serves
it as such.
"""
from __future__ import annotations

import os
import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .addresses import as_browser_reads

_FOLLOWED = {"href", "src", "srcset", "poster", "data"}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if value is None or name not in _FOLLOWED:
                continue
            if name == "srcset":
                self.found += [part.strip().split(" ")[0] for part in value.split(",") if part.strip()]
            elif not (tag == "object" and name != "data"):
                self.found.append(value)
        refresh = (values.get("http-equiv") or "").lower() == "refresh"
        if tag == "meta" and refresh and "url=" in (values.get("content") or "").lower():
            content = values["content"] or ""
            self.found.append(content[content.lower().index("url=") + 4:].strip(" '\""))


def links(page_text: str) -> list[str]:
    """The addresses a page links to or loads, in order, each once."""
    parser = _Links()
    parser.feed(page_text)
    parser.close()
    return list(dict.fromkeys(parser.found))


def _target(site: Path, page: Path, address: str) -> Path | None:
    """The file of the site `address` names from `page`, or None when it leaves the site (a scheme, a server) or
    names only a place in the page itself."""
    plain = as_browser_reads(address)
    parts = urlsplit(plain)
    if parts.scheme or parts.netloc or plain.startswith("//") or not parts.path:
        return None
    path = unquote(parts.path)
    base = site if path.startswith("/") else page.parent
    joined = Path(posixpath.normpath(posixpath.join(base.as_posix(), path.lstrip("/"))))
    return joined / "index.html" if path.endswith("/") or joined.is_dir() else joined


def broken_links(site: Path) -> list[tuple[str, str]]:
    """Every (page, address) of the built site at `site` whose address, a path, names no file of the site."""
    root = Path(os.path.realpath(site))
    found = []
    for page in sorted(path for path in root.rglob("*.html") if path.name != "404.html"):
        for address in links(page.read_text(encoding="utf-8", errors="replace")):
            target = _target(root, page, address)
            if target is None:
                continue
            if not target.is_file() or not Path(os.path.realpath(target)).is_relative_to(root):
                found.append((page.relative_to(root).as_posix(), address))
    return found
