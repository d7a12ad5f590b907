"""Checks of the values of MkDocs settings, each reporting a problem at its place in site_config.yml.

Used by `mkdocs_settings` (the allow-list) and `mkdocs_extensions`: every check takes the checker,
the location of the value under `mkdocs:` and the value, and reports instead of raising, so that every
problem is shown at once.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from . import contrast
from .addresses import address_problem
from .diagnostics import Report, did_you_mean
from .message import Message

Loc = tuple

# --- values -------------------------------------------------------------------------------------

# Material's colour names (https://squidfunk.github.io/mkdocs-material/setup/changing-the-colors/)
PRIMARY = ["red", "pink", "purple", "deep purple", "indigo", "blue", "light blue", "cyan", "teal", "green",
           "light green", "lime", "yellow", "amber", "orange", "deep orange", "brown", "grey", "blue grey",
           "black", "white", "custom"]
ACCENT = [c for c in PRIMARY if c not in ("brown", "grey", "blue grey", "black", "white")]
SCHEME = re.compile(r"^[a-z][a-z0-9-]{0,30}$")  # 'default', 'slate', or a scheme of the user's CSS
MEDIA = re.compile(r"^\(prefers-color-scheme(: (light|dark))?\)$")
FEATURE = re.compile(r"^[a-z]+(\.[a-z_]+)+$")
# An icon is a template included by name from Material's .icons folder: only plain name segments.
ICON = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*(/[a-z0-9]+(-[a-z0-9]+)*){1,2}$")
ICON_KEY = re.compile(r"^[a-z][a-z0-9_-]{0,30}$")
# A file of the theme folder: plain segments that cannot start with a dot, so no '..', no scheme
# (no ':'), no '%' escapes a browser would decode to '..', no leading or doubled slash.
FILE_PATH = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$")
IMAGE_SUFFIXES = {".png", ".svg", ".ico", ".jpg", ".jpeg", ".gif", ".webp"}
FORBIDDEN_TEXT = re.compile(r'[<>"\x00-\x1f\x7f]')  # what could open a tag or end an attribute
CONTROL = re.compile(r"[\x00-\x20\x7f]+")
URL_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
LINK_SCHEMES = {"https", "http", "mailto"}
UNQUOTED_LINK = re.compile(r"[\s\"'<>`\x00-\x1f\x7f]")


def as_browser_reads(url: str) -> str:
    """A URL as a browser reads it: entities decoded, control characters and spaces removed, '\\' taken as '/'."""
    previous = None
    while previous != url:  # entities can be nested (&amp;#106;)
        previous, url = url, html.unescape(url)
    return CONTROL.sub("", url).replace("\\", "/").lower()


@dataclass
class Checker:
    """Reports the problems of one site_config.yml's mkdocs settings, each at its place."""

    source: Any  # load.Source
    report: Report
    overrides: Path | None  # the user's theme overrides folder, where logo and favicon must be
    frozen: bool = False  # a frozen release has no theme folder of its own: files are not looked for

    def value(self, loc: Loc, message: str, hint: str = "") -> None:
        self.report.add(self.source.diagnostic(("mkdocs", *loc), "mkdocs-value", message, hint))

    def key(self, loc: Loc, code: str, message: str, hint: str = "") -> None:
        self.report.add(self.source.diagnostic(("mkdocs", *loc), code, message, hint, key=True))


def dotted(loc: Loc) -> str:
    return ".".join(str(step) for step in loc)


def plain_text(c: Checker, loc: Loc, value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        c.value(loc, Message("mkdocs-value.must-be-a-text", key=dotted(loc)),
                Message("mkdocs-value.write-it-on-one-line"))
        return
    bad = FORBIDDEN_TEXT.search(value)
    if bad:
        shown = repr(bad.group())[1:-1] if bad.group() not in '<>"' else bad.group()
        c.value(loc, Message("mkdocs-value.must-be-plain-text-is", key=dotted(loc), char=shown),
                Message("mkdocs-value.write-it-without-html-quotes"))


def named(pattern: re.Pattern | list, what: Message | str) -> Callable[[Checker, Loc, Any], None]:
    """A check that a value is one of a few plain names."""
    def check(c: Checker, loc: Loc, value: Any) -> None:
        ok = isinstance(value, str) and (value in pattern if isinstance(pattern, list) else pattern.match(value))
        if not ok:
            hint = (did_you_mean(value, pattern) or Message("mkdocs-value.write-one-of", values=', '.join(pattern))) \
                if isinstance(pattern, list) else Message("mkdocs-value.write", what=what)
            c.value(loc, Message("mkdocs-value.is-not-a-valid-value", value=value, key=dotted(loc)), hint)
    return check


def flag(c: Checker, loc: Loc, value: Any) -> None:
    if not isinstance(value, bool):
        c.value(loc, Message("mkdocs-value.must-be-true-or-false", key=dotted(loc)),
                Message("mkdocs-value.write-true-or-false"))


def choice(*values: str) -> Callable[[Checker, Loc, Any], None]:
    return named(list(values), "")


icon_name = named(ICON, Message("mkdocs-value.the-name-of-one-of"))


def mapping(c: Checker, loc: Loc, value: Any, fields: dict[str, Callable], required: tuple = ()) -> None:
    """A mapping whose keys are all in `fields`, each value checked by its function."""
    if not isinstance(value, dict):
        c.value(loc, Message("mkdocs-value.must-be-a-mapping-key", key=dotted(loc)),
                Message("mkdocs-value.the-keys-allowed-are", keys=', '.join(fields)))
        return
    for key, item in value.items():
        if key in fields:
            fields[key](c, loc + (key,), item)
        else:
            c.key(loc + (key,), "mkdocs-setting", Message("mkdocs-setting.is-not-a-setting-playbook",
                                                          key=dotted(loc + (key,))),
                  did_you_mean(key, fields) or Message("mkdocs-setting.the-keys-allowed-here-are",
                                                       keys=', '.join(fields)))
    for key in required:
        if key not in value:
            c.value(loc, Message("mkdocs-value.needs-a", key=dotted(loc), field=key), Message("mkdocs-value.add",
                                                                                              field=key))


def list_of(check: Callable) -> Callable[[Checker, Loc, Any], None]:
    def checked(c: Checker, loc: Loc, value: Any) -> None:
        if not isinstance(value, list):
            c.value(loc, Message("mkdocs-value.must-be-a-list", key=dotted(loc)),
                    Message("mkdocs-value.write-one-line-per-item"))
            return
        for i, item in enumerate(value):
            check(c, loc + (i,), item)
    return checked


# --- theme ----------------------------------------------------------------------------------------

def palette_option(c: Checker, loc: Loc, value: Any) -> None:
    mapping(c, loc, value, {
        "scheme": named(SCHEME, Message("mkdocs-value.default-slate-or-the-name")),
        "primary": named(PRIMARY, ""), "accent": named(ACCENT, ""),
        "media": named(MEDIA, Message("mkdocs-value.what-media")),
        "toggle": lambda c, loc, v: mapping(c, loc, v, {"icon": icon_name, "name": plain_text}, ("icon", "name")),
    })
    if isinstance(value, dict) and not c.frozen:  # an approved release's colours can no longer be changed
        contrast.check(c, loc, value)  # a colour the readers cannot read is a warning, not a refusal


def palette(c: Checker, loc: Loc, value: Any) -> None:
    # one palette, or a list of them between which the reader toggles
    (list_of(palette_option) if isinstance(value, list) else palette_option)(c, loc, value)


def icons(c: Checker, loc: Loc, value: Any) -> None:
    if not isinstance(value, dict):
        c.value(loc, Message("mkdocs-value.must-be-a-mapping-of", key=dotted(loc)),
                Message("mkdocs-value.write-lines-such-as-repo"))
        return
    for key, icon in value.items():
        if not isinstance(key, str) or not ICON_KEY.match(key):
            c.key(loc + (key,), "mkdocs-setting", Message("mkdocs-setting.is-not-a-name-of", key=key),
                  Message("mkdocs-setting.use-the-names-material-documents"))
        elif isinstance(icon, dict):  # per kind: admonition, tag
            icons(c, loc + (key,), icon)
        else:
            icon_name(c, loc + (key,), icon)


def theme_file(c: Checker, loc: Loc, value: Any) -> None:
    """An image served from the user's theme folder: MkDocs copies the files of theme_dir/overrides/ into the site."""
    hint = Message("mkdocs-value.put-the-image-in-the")
    if not isinstance(value, str) or not FILE_PATH.match(value):
        c.value(loc, Message("mkdocs-value.must-be-the-path-of", key=dotted(loc)), hint)
        return
    if Path(value).suffix.lower() not in IMAGE_SUFFIXES:
        c.value(loc, Message("mkdocs-value.is-not-an-image", value=value), Message("mkdocs-value.use-one-of",
                                                                                   values=', '.join(sorted(IMAGE_SUFFIXES))))
        return
    if c.frozen:
        return
    if c.overrides is None:
        c.value(loc, Message("mkdocs-value.names-a-file-of-the", key=dotted(loc)),
                Message("mkdocs-value.set-theme-dir-and-put-the-image", path=value))
        return
    folder = c.overrides.resolve()
    target = (folder / value).resolve()
    if not target.is_file() or not target.is_relative_to(folder):
        c.value(loc, Message("mkdocs-value.is-not-a-file-of", value=value), hint)


def font(c: Checker, loc: Loc, value: Any) -> None:
    if value is not False:
        c.value(loc, Message("mkdocs-value.theme-font-can-only-be"),
                Message("mkdocs-value.remove-it-or-write-font"))


def features(c: Checker, loc: Loc, value: Any) -> None:
    list_of(named(FEATURE, Message("mkdocs-value.a-feature-name-of-material")))(c, loc, value)


# --- extra ----------------------------------------------------------------------------------------

def link(c: Checker, loc: Loc, value: Any) -> None:
    """A link the reader may follow (never a file loaded by itself): https, http or mailto only."""
    plain = as_browser_reads(value) if isinstance(value, str) else ""
    scheme = URL_SCHEME.match(plain)
    if not isinstance(value, str) or UNQUOTED_LINK.search(value):  # the theme prints it into href="..." as it is
        c.value(loc, Message("mkdocs-value.must-be-an-address-with", key=dotted(loc)),
                Message("mkdocs-value.write-the-address-as-the"))
    elif scheme is None or scheme.group(1) not in LINK_SCHEMES or \
            address_problem(value, paths=False, schemes=tuple(LINK_SCHEMES))[0]:
        c.value(loc, Message("mkdocs-value.must-be-an-https-http", key=dotted(loc)),
                Message("mkdocs-value.write-the-full-address-of"))


def social(c: Checker, loc: Loc, value: Any) -> None:
    mapping(c, loc, value, {"icon": icon_name, "link": link, "name": plain_text}, ("icon", "link"))
