"""The versions of a built site: which one a page belongs to, and `versions.json`.

`versions.json` is written in the format of mike, which Material's version selector reads:
a list of {"version", "title", "aliases"}, the releases newest first and the draft last, so the site works
on any static web server without git.
"""
from __future__ import annotations

import html
import json
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from .audit import POLICY_TAG

DRAFT = "draft"
LATEST = "latest"


@dataclass(frozen=True)
class VersionInfo:
    """What a built version shows of itself: banner, sign-off page, changes page."""

    name: str  # the folder: a release number or 'draft'
    state: str  # 'draft', 'current' (the release in force) or 'outdated'
    approved_by: str = ""
    role: str = ""
    date: str = ""
    content_hash: str = ""
    previous: str = ""  # the version the changes are counted from: the last one published in this language
    chained_to: str = ""  # the release before it in the approval chain, whatever its languages
    changes: tuple[str, ...] = field(default_factory=tuple)
    pdf: str = ""  # file name of the release's PDF, beside its pages
    versioned: bool = True  # False for a site without any release: no selector, no changes page
    latest: str = LATEST  # where the release in force is, in this language; empty if it is not in this language
    in_force_pages: tuple[str, ...] = ()  # the pages of the release in force, which its banner link may open
    signed_by: str = ""  # the approver who signed the release, and their key's fingerprint
    proposed: str = ""  # the draft: the release it is proposed as (site_config.yml's proposal)
    proposed_approver: str = ""  # and who must approve it

    @property
    def is_release(self) -> bool:
        return self.state != DRAFT


def title(info: VersionInfo, strings: dict) -> str:
    """The version's name in the selector."""
    labels = strings["release"]
    if not info.is_release:
        return labels["draft_title"]
    return labels["release_title"].format(version=info.name, date=info.date)


def versions_json(infos: list[VersionInfo], strings: dict) -> str:
    """mike's versions.json: the releases newest first, the release in force carrying the 'latest' alias, then
    the draft, which is not in force."""
    ordered = [i for i in reversed(infos) if i.is_release] + [i for i in infos if not i.is_release]
    entries = [{"version": i.name, "title": title(i, strings),
                "aliases": [LATEST] if i.state == "current" else []} for i in ordered]
    return json.dumps(entries, ensure_ascii=False, indent=2) + "\n"


def redirect_page(target: str, icon: str = "") -> str:
    """A page that sends the browser to `target` (the site's entry point goes to the release in force), with the
    site's icon when `icon` names it: without one, browsers ask for /favicon.ico, which the site does not have.
    It carries the security policy of every other page of the site (audit.POLICY), written first in its head."""
    link = f'<link rel="icon" href="{html.escape(icon)}">\n' if icon else ""
    return (f'<!DOCTYPE html>\n<html><head>{POLICY_TAG}<meta charset="utf-8"><title>Redirect</title>\n'
            f'<meta http-equiv="refresh" content="0; url={target}">\n{link}'
            f'<link rel="canonical" href="{target}"></head>\n'
            f'<body><a href="{target}">{target}</a></body></html>\n')


_ICON = re.compile(r'<link rel="icon" href="([^"]+)"')


def entry_icon(output: Path, entry: str) -> str:
    """The icon the entry version's home page declares (the theme's favicon), as a path from the site's root."""
    home = output / entry / "index.html"
    found = _ICON.search(home.read_text(encoding="utf-8", errors="replace")) if home.is_file() else None
    if not found or "//" in found.group(1) or found.group(1).startswith("/"):
        return ""
    return posixpath.normpath(posixpath.join(entry, html.unescape(found.group(1))))


def write_favicon(output: Path, icon: str) -> None:
    """/favicon.ico, from the entry version's icon: what a browser, a feed reader or a bookmark asks for at the
    root of any site, whatever the pages declare. An icon Pillow cannot read (an SVG, a broken file) gives none:
    the pages still declare theirs."""
    from PIL import Image  # only for this: a build without an icon does not load it

    (output / "favicon.ico").unlink(missing_ok=True)  # a previous build's, from an icon since removed
    source = output / icon if icon else None
    if source is None or not source.is_file():
        return
    try:
        with Image.open(source) as image:
            image.load()
            square = image.convert("RGBA")
            side = min(max(square.size), 256)
            square.thumbnail((side, side))
            square.save(output / "favicon.ico", sizes=[(n, n) for n in (16, 32, 48) if n <= side] or [(side, side)])
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        (output / "favicon.ico").unlink(missing_ok=True)


def write_index(output: Path, infos: list[VersionInfo], strings: dict, languages: list[str] = (),
                entry: str = "") -> None:
    """versions.json and the root index.html of a versioned site, which sends readers to `entry` (by default
    the release in force, else the draft).

    With `languages` (the main one first, the others in folders of their own), the entry page opens the
    reader's browser language when the site has it."""
    (output / "versions.json").write_text(versions_json(infos, strings), encoding="utf-8")
    entry = entry or (LATEST if any(i.state == "current" for i in infos) else DRAFT)
    icon = entry_icon(output, entry)
    page = redirect_page(f"{entry}/index.html", icon)
    write_favicon(output, icon)
    if len(languages) > 1:
        others = json.dumps(list(languages[1:]))
        choose = ("<script>(function(){var others=" + others + ";var wanted=(navigator.languages||"
                  "[navigator.language||'']).map(function(l){return String(l).slice(0,2).toLowerCase();});"
                  "for(var i=0;i<wanted.length;i++){if(wanted[i]===" + json.dumps(languages[0]) + ")return;"
                  "if(others.indexOf(wanted[i])>=0){location.replace(wanted[i]+'/index.html');return;}}})();"
                  "</script>\n")
        page = page.replace("</head>", choose + "</head>")
    (output / "index.html").write_text(page, encoding="utf-8")


def status(info: VersionInfo, strings: dict) -> dict[str, str]:
    """What the banner of every page and the home page say about this version."""
    labels = strings["release"]
    if info.state == "current":
        text = labels["banner_current"].format(version=info.name, date=info.date, name=info.approved_by,
                                               role=info.role)
    elif info.state == "outdated":
        text = labels["banner_outdated"].format(version=info.name, date=info.date)
    elif info.proposed:
        text = labels["banner_proposed"].format(version=info.proposed, approver=info.proposed_approver)
    else:
        text = labels["banner_draft"]
    link = labels["see_current"] if info.versioned and info.latest and info.state != "current" else ""
    reader = strings["reader"]
    return {"state": info.state, "name": info.name, "text": text, "link_text": link, "latest": info.latest,
            "in_force": list(info.in_force_pages), "print_text": css_string(text),
            # what the header's version selector and the wide tables say (reading.js)
            "short": info.name if info.is_release else reader["draft_short"],
            "shown_label": reader["version_shown"], "in_force_label": reader["version_in_force"],
            "scroll_hint": reader["scroll_hint"], "file_note": reader["file_note"],
            "figure_labels": f'{reader["enlarge_figure"]}|{reader["fit_figure"]}'}


def css_string(text: str) -> str:
    """`text` as the inside of a double-quoted CSS string: every character but letters, digits, spaces and
    plain punctuation written as an escape, so that no quote, backslash, newline or `<` can end the string
    or the style element. Each escape ends with a space, which CSS reads as the end of the escape: a space that
    follows it in the text stays (\\002014 followed by " approved" would read "—approved")."""
    return "".join(char if char.isalnum() or char in " .,:;!?'()-+/@&%" else f"\\{ord(char):06x} "
                   for char in text)
