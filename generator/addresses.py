"""Addresses written in site_config.yml, read as a browser reads them.

A browser reads `//ack.example/` as the server ack.example (another site, with the page's scheme), `/\\host/` and
`\\\\host` likewise (it takes a backslash for a slash and drops tabs and line breaks), and a path only what starts
with a single '/'. A setting that holds an address is checked here, with urllib's reading of it (urlsplit), so
that what the browser will fetch is what the check saw: a path of the site's own server, or an address whose
scheme and server are written in full.
"""
from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from .message import Message

_IGNORED = re.compile(r"[\t\n\r]")  # removed by browsers anywhere in an address
_EDGES = "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18" \
         "\x19\x1a\x1b\x1c\x1d\x1e\x1f "  # stripped from both ends
WEB_SCHEMES = ("https", "http")


def as_browser_reads(address: str) -> str:
    """`address` as a browser parses it in an href: character references decoded, tabs and line breaks dropped,
    control characters and spaces stripped from its ends, backslashes taken for slashes."""
    previous = None
    while previous != address:  # references can be nested (&amp;#47;)
        previous, address = address, html.unescape(address)
    return _IGNORED.sub("", address).strip(_EDGES).replace("\\", "/")


def address_problem(address: str, paths: bool = True,
                    schemes: tuple[str, ...] = WEB_SCHEMES) -> tuple[Message | str, Message | str]:
    """Why `address` is not an address a setting may hold, as (message, hint); ('', '') when it is.

    With `paths`, a path of the site's own server (/acknowledgements/) is one; else only a full address of one of
    `schemes`. An address that names a server names it with its scheme written: `//host/` is refused, as the
    browser would go to that server while the setting looks like a path."""
    plain = as_browser_reads(address)
    try:
        parts = urlsplit(plain)
        parts.port  # noqa: B018 (raises on a port that is no number)
    except ValueError:
        return (Message("addresses.not-an-address-a-browser-can-read", value=address),
                Message("addresses.write-it-as", example=Message("addresses.a-path-or-a-full-address") if paths else
                        Message("addresses.a-full-address")))
    full = Message("addresses.write-the-address-in-full")
    if plain.startswith("//") or (not parts.scheme and parts.netloc):
        host = parts.netloc or plain.lstrip("/").split("/")[0]
        return (Message("addresses.starts-with-two-slashes", value=address, host=host),
                Message("addresses.write-https-in-full", host=host))
    if parts.scheme:
        if parts.scheme.lower() not in schemes:
            named = [f"{scheme}:" for scheme in schemes]
            return (Message("addresses.is-not-an-address-of", value=address,
                            schemes=Message("addresses.or", first=", ".join(named[:-1]), last=named[-1])), full)
        if parts.scheme.lower() in WEB_SCHEMES and not parts.hostname:
            return Message("addresses.names-no-server", value=address, scheme=parts.scheme), full
        return "", ""
    if not paths:
        return Message("addresses.is-not-a-full-address", value=address), full
    if not plain.startswith("/"):
        return (Message("addresses.is-neither-a-path-nor-a-full-address", value=address),
                Message("addresses.start-a-path-with-a-slash", full=full))
    return "", ""
