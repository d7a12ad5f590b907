"""A Markdown extension that keeps author text inert: no script URL, no event handler, no outside request.

The guarantee is the last step: the final HTML of every page goes through an allow-list
sanitizer (nh3, the Python binding of the Rust library ammonia, which parses HTML the way a
browser does) that keeps only the elements and attributes the theme's pages are made of, and
only URLs that stay inside the site or are plain links. Nothing here predicts what Markdown or
its extensions will make of a text: whatever they produce is cleaned after them.

Before that, on the parsed tree, links and images whose target is refused become their text, so
that a refused link reads as a word rather than as an empty link. The render stage also escapes
`<` in author text, which keeps raw HTML visible as text instead of silently removed.
"""
from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree

import nh3
from markdown import Extension
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "xlink:href", "background", "srcset",
                  "cite", "longdesc", "usemap", "ping"}
DROPPED_ATTRIBUTES = {"style", "srcdoc"}
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def _normalised(url: str) -> str:
    """The URL as a browser reads it: entities decoded, spaces and control characters removed, and
    backslashes read as slashes (`/\\host/x` is `//host/x` to a browser)."""
    previous = None
    while previous != url:  # entities can be nested (&amp;#106;)
        previous, url = url, html.unescape(url)
    return CONTROL.sub("", url).replace("\\", "/").lower()


def safe_url(url: str, *, loads: bool) -> bool:
    """Whether a URL may stay: no script scheme; for what the browser loads by itself, only the site's own files."""
    plain = _normalised(url)
    match = SCHEME.match(plain)
    if loads:
        return match is None and not plain.startswith("//")
    return (match is None or match.group(1) in SAFE_SCHEMES)


# What the pages of the site are made of: Markdown's output, the theme's tables, checklists and inline
# SVG figures. Anything else in a page's HTML is dropped, its text kept.
TAGS = {
    "a", "abbr", "b", "blockquote", "br", "button", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "input", "ins", "kbd", "label", "li", "mark", "ol", "p", "pre", "progress", "q", "s", "samp", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
    "var", "pb-untranslated",
    # the figures
    "svg", "g", "defs", "marker", "path", "line", "polyline", "polygon", "rect", "circle", "ellipse", "text",
    "tspan", "title", "desc",
}
GLOBAL_ATTRIBUTES = {"class", "id", "title", "lang", "dir", "role", "hidden", "aria-label", "aria-labelledby",
                     "aria-describedby", "aria-hidden", "style"}
SVG_ATTRIBUTES = {"viewBox", "width", "height", "x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "rx", "ry", "d",
                  "points", "dx", "dy", "fill", "stroke", "stroke-width", "stroke-dasharray", "marker-end",
                  "marker-start", "markerWidth", "markerHeight", "refX", "refY", "orient", "transform",
                  "text-anchor", "dominant-baseline", "font-size", "font-weight", "opacity", "fill-opacity",
                  "xmlns"}
ATTRIBUTES = {
    "*": GLOBAL_ATTRIBUTES,
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "input": {"type", "checked", "disabled", "data-item", "data-items", "name"},  # name: the radio buttons of tabs
    "label": {"for"},
    "div": {"data-tabs"},
    "button": {"type"},
    "progress": {"value", "max"},
    "details": {"open"},
    "ol": {"start", "reversed"},
    "li": {"value"},
    "th": {"scope", "colspan", "rowspan", "align"},
    "td": {"colspan", "rowspan", "align"},
    "col": {"span"},
    "colgroup": {"span"},
    "abbr": {"title"},
    **{tag: SVG_ATTRIBUTES for tag in ("svg", "g", "marker", "path", "line", "polyline", "polygon", "rect",
                                        "circle", "ellipse", "text", "tspan")},
}
# Properties that lay out or colour a figure or a table cell; none of them loads anything.
STYLE_PROPERTIES = {"text-align", "font-family", "font-weight", "font-style", "font-size", "max-width", "min-width", "width",
                    "height", "vertical-align", "white-space"}
URL_LOADED = {"src", "href"}  # `href` of a link is followed only when clicked; everything else loads by itself


# Ids the theme's own elements have (`__config`, Material's settings, which its script reads from the first
# element of that id; `__drawer`, `__search`...): one in a page's text could take their place.
THEME_ID = re.compile(r"^\s*__(?!tabbed_\d+(_\d+)?$)")


def _attribute(tag: str, name: str, value: str) -> str | None:
    if name in ("id", "for", "name") and THEME_ID.match(value):
        return None
    if name in URL_LOADED and not safe_url(value, loads=not (tag == "a" and name == "href")):
        return None
    if name in ("marker-end", "marker-start"):  # url(#id) inside the figure, never outside it
        return value if re.fullmatch(r"url\(#[\w-]+\)", value.strip()) else None
    return value


def clean_html(fragment: str) -> str:
    """The HTML fragment with only the elements, attributes and URLs of the allow-list left."""
    return nh3.clean(fragment, tags=TAGS, clean_content_tags={"script", "style", "template", "noscript"},
                     attributes=ATTRIBUTES, attribute_filter=_attribute, strip_comments=True, link_rel=None,
                     url_schemes=SAFE_SCHEMES, filter_style_properties=STYLE_PROPERTIES)


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


class _Clean(Postprocessor):
    """The page's final HTML, raw HTML blocks and every extension's output included, through the allow-list."""

    def run(self, text: str) -> str:
        return clean_html(text)


class InertExtension(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802 (Markdown's API)
        # priority 0: after every other tree processor, attr_list's included
        md.treeprocessors.register(_Inert(md), "playbook_inert", 0)
        # lowest priority: after raw HTML and every extension's stashed output are put back
        md.postprocessors.register(_Clean(md), "playbook_clean", -100)


def makeExtension(**kwargs) -> InertExtension:  # noqa: N802 (how Markdown finds an extension)
    return InertExtension(**kwargs)
