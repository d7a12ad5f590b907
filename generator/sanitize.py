"""A Markdown extension that keeps author text inert: no script URL, no event handler, no outside request.

Raw HTML in YAML text is already escaped by the render stage; what Markdown itself can still
produce is handled here, on the parsed tree of every page: link targets with a script scheme
(`javascript:`, also when written with entities or spaces), attributes added with attr_list such as
`onclick`, and images loaded from outside the site, which an intranet without internet could not
show anyway and which would tell an outside server who reads the charter.
"""
from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "xlink:href", "background", "srcset",
                  "cite", "longdesc", "usemap", "ping"}
DROPPED_ATTRIBUTES = {"style", "srcdoc"}
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def _normalised(url: str) -> str:
    """The URL as a browser reads it: entities decoded, spaces and control characters removed."""
    previous = None
    while previous != url:  # entities can be nested (&amp;#106;)
        previous, url = url, html.unescape(url)
    return CONTROL.sub("", url).lower()


def safe_url(url: str, *, loads: bool) -> bool:
    """Whether a URL may stay: no script scheme; for what the browser loads by itself, only the site's own files."""
    plain = _normalised(url)
    match = SCHEME.match(plain)
    if loads:
        return match is None and not plain.startswith("//")
    return match is None or match.group(1) in SAFE_SCHEMES


class _Inert(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for name in list(element.attrib):
                lowered = name.lower()
                value = element.attrib[name]
                if lowered.startswith("on") or lowered in DROPPED_ATTRIBUTES:
                    del element.attrib[name]
                elif lowered in URL_ATTRIBUTES:
                    loads = not (element.tag == "a" and lowered == "href")
                    if not safe_url(value, loads=loads):
                        del element.attrib[name]
            if element.tag in ("a", "img") and not element.get("href" if element.tag == "a" else "src"):
                # a link or image left without its target becomes its text (MkDocs expects one on both)
                alt = element.attrib.pop("alt", "")
                element.tag = "span"
                element.attrib.clear()
                if alt and not element.text:
                    element.text = alt
            elif element.tag in ("script", "iframe", "object", "embed", "form", "base", "meta", "link", "style"):
                element.tag = "span"
                element.attrib.clear()


class InertExtension(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802 (Markdown's API)
        # priority 0: after every other tree processor, attr_list's included
        md.treeprocessors.register(_Inert(md), "playbook_inert", 0)


def makeExtension(**kwargs) -> InertExtension:  # noqa: N802 (how Markdown finds an extension)
    return InertExtension(**kwargs)
