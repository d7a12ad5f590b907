"""The last step of a built site: nothing in it makes the browser ask a server outside the site.

Author text is made safe page by page (generator/sanitize.py), and the MkDocs settings a playbook
may pass are an allow-list; but a theme folder's overrides are HTML and CSS of the team's own, and
Material may grow a feature that loads from the internet. Intranets often have no internet access,
and a request outside tells a server who reads the charter: so every page and style sheet the
engine wrote is read once more, and an address outside the site where the browser would load
something by itself stops the build. Links a reader clicks are not requests and stay.

That reading cannot foresee every form a theme's own HTML, CSS and scripts can take (`fetch()` in a
script, CSS escapes, `image-set()`...). So every page also gets a security policy, written into its
`<head>` after the engine and whatever templates ran, which makes the browser itself refuse to load
anything from outside the site.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

# Elements whose address the browser loads by itself, and the attributes that hold it.
LOADING = {"script": ("src",), "img": ("src", "srcset"), "iframe": ("src",), "frame": ("src",), "embed": ("src",),
           "object": ("data",), "source": ("src", "srcset"), "video": ("src", "poster"), "audio": ("src",),
           "track": ("src",), "input": ("src",), "image": ("href", "xlink:href"), "use": ("href", "xlink:href"),
           "link": ("href", "imagesrcset"), "meta": ("content",), "body": ("background",)}
# A <link> loads only with one of these relations (a canonical or alternate link is only a link).
LOADING_RELS = {"stylesheet", "icon", "apple-touch-icon", "mask-icon", "preload", "modulepreload", "prefetch",
                "dns-prefetch", "preconnect", "prerender", "manifest"}
TAG = re.compile(r"<(" + "|".join(LOADING) + r")\b([^>]*)>", re.IGNORECASE)
ATTRIBUTE = re.compile(r"""([^\s=/>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")
STYLE_BLOCK = re.compile(r"<style\b[^>]*>(.*?)</style>", re.IGNORECASE | re.DOTALL)
STYLE_ATTRIBUTE = re.compile(r"""<[a-zA-Z][^>]*?\sstyle\s*=\s*("[^"]*"|'[^']*')""")
CSS_URL = re.compile(r"""(?:url\(\s*|@import\s*(?!url\())(["']?)([^"')\s;]+)""", re.IGNORECASE)
OUTSIDE = re.compile(r"^(?:[a-z][a-z0-9+.\-]*:)?//|^(?:https?|ftp|wss?|file):", re.IGNORECASE)
CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def _outside(url: str) -> bool:
    """Whether the browser would fetch `url` from outside the site: read as a browser reads it."""
    plain = CONTROL.sub("", html.unescape(url)).replace("\\", "/")
    return bool(OUTSIDE.match(plain))


def _from_tags(text: str) -> list[str]:
    found = []
    for match in TAG.finditer(text):
        tag = match.group(1).lower()
        attributes = {name.lower(): html.unescape((value or "").strip("\"'"))
                      for name, value in ATTRIBUTE.findall(match.group(2))}
        if tag == "link" and not LOADING_RELS & set(attributes.get("rel", "").lower().split()):
            continue
        if tag == "meta":  # only a refresh loads what its content names
            if attributes.get("http-equiv", "").lower() != "refresh":
                continue
            content = attributes.get("content", "")
            attributes["content"] = content[content.lower().find("url") + 3:].lstrip(" =\"'") if "url" in \
                content.lower() else ""
        for name in LOADING[tag]:
            for url in attributes.get(name, "").split(",") if name.endswith("srcset") else [attributes.get(name, "")]:
                url = url.strip().split(" ")[0]
                if url and _outside(url):
                    found.append(url)
    return found


def _from_css(text: str) -> list[str]:
    return [match.group(2) for match in CSS_URL.finditer(text) if _outside(match.group(2))]


def outside_requests(site: Path) -> list[tuple[str, str]]:
    """Every (file, address) of the built site at `site` that the browser would load from outside it."""
    found = []
    for path in sorted(site.rglob("*")):
        if path.suffix not in (".html", ".css", ".svg") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".css":
            urls = _from_css(text)
        else:  # styles only where they are styles: a sentence may well say "url(https://...)"
            styles = STYLE_BLOCK.findall(text) + [html.unescape(v) for v in STYLE_ATTRIBUTE.findall(text)]
            urls = _from_tags(text) + [url for style in styles for url in _from_css(style)]
        rel = path.relative_to(site).as_posix()
        found += [(rel, url) for url in dict.fromkeys(urls)]
    return found


# What a page may load: its own site's files, the inline scripts and styles Material writes, images and fonts
# written as data: addresses (Material's icons), the search worker. Nothing from anywhere else.
POLICY = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
          "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
          "frame-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'")
POLICY_TAG = f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'
HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)


def add_policy(site: Path) -> None:
    """Write the security policy first in the `<head>` of every page of the built site at `site`."""
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
        head = HEAD.search(text)
        if head is not None and POLICY_TAG not in text:
            path.write_text(text[:head.end()] + POLICY_TAG + text[head.end():], encoding="utf-8",
                            errors="surrogateescape")
