"""The site's side of acknowledgements: on the pages site_config.yml chooses, of the release in force (and of the
draft where asked), a box with the button "I have read and accept version 2.0" and its script.

It is the last step of a build, on the finished site, from the working site_config.yml: the service's address is
where the company runs it today, not a part of the approved charter, so the releases' frozen settings and their
cached builds stay as they were approved. A page is written anew (a new file renamed over it), never changed in
place, as latest/ and the cache share its file by hard links. Without the setting, nothing is done.
"""
from __future__ import annotations

import html
import os
import re
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from ..audit import POLICY
from ..diagnostics import Diagnostic, PlaybookError
from ..load import CONFIG_FILE
from ..model.site import SiteConfig
from ..parts import home
from ..releases import Release
from ..resources import theme_dir
from ..theme import load_strings, user_theme
from ..versions import DRAFT, LATEST
from ..message import Message

SCRIPT = "assets/javascripts/acknowledge.js"
_HEADING_END = re.compile(r"</h1>", re.IGNORECASE)
_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*"[^>]*>')
_LANG = re.compile(r'<html[^>]*\slang="([a-z]{2})')
STYLE = ("<style>.playbook-ack{border:1px solid var(--md-primary-fg-color);border-radius:.2rem;padding:.6rem .9rem;"
         "margin:1em 0}.playbook-ack p{margin:.3em 0}.playbook-ack[hidden],.playbook-ack [hidden]{display:none}</style>")


def _folders(site: Path, config: SiteConfig, version: str, draft: bool) -> list[Path]:
    """The folders of the release in force (its own and latest/, in every language), and of the draft if asked."""
    bases = [site, *(site / language for language in config.translations)]
    names = [LATEST, version] + ([DRAFT] if draft else [])
    return [base / name for base in bases for name in names if (base / name).is_dir()]


def _box(url: str, version: str, content_hash: str, labels: dict) -> str:
    e = lambda value: html.escape(value, quote=True)  # noqa: E731
    data = "".join(f' data-{name}="{e(labels[name])}"' for name in ("done", "sending", "unavailable", "refused"))
    return (f'{STYLE}<div class="playbook-ack" data-url="{e(url)}" data-version="{e(version)}" '
            f'data-hash="{e(content_hash)}"{data} hidden>'
            f'<p class="playbook-ack__intro">{e(labels["intro"].format(version=version))}</p>'
            f'<button type="button" class="md-button md-button--primary">'
            f'{e(labels["button"].format(version=version))}</button>'
            '<p class="playbook-ack__status" role="status" aria-live="polite"></p></div>')


def _connect_policy(url: str) -> str:
    """The page's security policy, letting it reach the service when the service is on another origin."""
    parts = urlsplit(url)
    if not parts.netloc:  # a path of the site's own server (validation refuses '//host/')
        return POLICY
    return POLICY.replace("connect-src 'self'", f"connect-src 'self' {parts.scheme}://{parts.netloc}")


def _write_anew(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8", errors="surrogateescape") as out:
        out.write(text)
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)


def _with_box(text: str, box: str, url: str) -> str | None:
    article = _ARTICLE.search(text)
    heading = _HEADING_END.search(text, article.end()) if article else None
    if heading is None:
        return None
    text = text[:heading.end()] + box + text[heading.end():]
    text = text.replace(POLICY, _connect_policy(url), 1)
    script = f'<script src="{SCRIPT}"></script>'
    return text.replace("</body>", script + "</body>", 1) if "</body>" in text else text + script


def add_buttons(site: Path, config: SiteConfig, known: list[Release], audience: str, root: Path | None = None) -> int:
    """Add the acknowledgement box to the chosen pages of the built site in `site`; returns how many pages have it.

    Its words are those of the theme folder of the playbook in `root` (site_config.yml's theme_dir), then the
    built-in ones, as for every page the working playbook builds."""
    settings = config.acknowledgements
    if settings is None or audience not in settings.audiences or not known:
        return 0
    in_force = known[-1].manifest
    theme = user_theme(root, config.theme_dir) if root is not None else None
    words: dict[str, dict] = {}  # the box's words in each language, read once for all its pages
    count, found = 0, set()
    for folder in _folders(site, config, in_force.version, settings.draft):
        shutil.copyfile(theme_dir() / "acknowledgements" / "acknowledge.js", _fresh(folder / SCRIPT))
        for name in settings.pages:
            page = folder / ("index.html" if name == home().stem else f"{name}.html")
            if not page.is_file():
                continue
            text = page.read_text(encoding="utf-8", errors="surrogateescape")
            language = _LANG.search(text)
            lang = language.group(1) if language and language.group(1) in config.languages else config.language
            if lang not in words:
                words[lang] = _box_words(lang, theme, config.theme_dir)
            labels = words[lang]
            changed = _with_box(text, _box(settings.url, in_force.version, in_force.content_hash, labels),
                                settings.url)
            if changed is not None:
                _write_anew(page, changed)
                found.add(name)
                count += 1
    unknown = [name for name in settings.pages if name not in found]
    if unknown:
        raise PlaybookError([Diagnostic("acknowledgements-page",
                                        Message("acknowledgements-page.the-release-in-force-has", name=name),
                                        CONFIG_FILE,
                                        hint=Message("acknowledgements-page.name-a-part-s-file")) for name in unknown])
    return count


def _box_words(language: str, theme: Path | None, shown_as: str) -> dict:
    """The box's words in `language`: the theme folder's strings first, then the built-in ones."""
    return load_strings(language, theme, shown_as or "theme")["acknowledgements"]


def _fresh(path: Path) -> Path:
    """`path`, its folder made, and no file left there to share its bytes with another folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    return path
