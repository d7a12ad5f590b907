"""A release this version of playbook can no longer show: published as its approval page alone.

A release is approved under the content format of its day. When today's models refuse its files (a part that
became required, a value renamed) and no migration (`migrations.py`) brings them up to date, the release is still
a governed document, and an upgrade of the tool must not make it unreadable. Its approval is sealed in
`manifest.json`, which `verify` checks before any build: the build publishes it as a one-page site in the site's
look (MkDocs and Material, built-in theme), with the banner, the version selector and the language switcher,
its sealed PDF if one was sealed with it, and the reasons its pages cannot be shown, located in its folder.

The draft is never published so: its errors stop the build, as they always did.
"""
from __future__ import annotations

import html
from dataclasses import replace
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup

from . import build as engine
from . import project, releases
from .audience import TEAM
from .diagnostics import ERROR, WARNING, Diagnostic, PlaybookError
from .files import read_text
from .load import CONFIG_FILE
from .markdown_text import inline_as_written
from .messages import tr
from .redline import to_html
from .render import RenderedPage, RenderedSite, escape_text, write
from .resources import theme_dir
from .theme import load_strings, page_environment
from .versions import VersionInfo, status
from .message import Message

EARLIER_FORMAT = "release-earlier-format"  # the code of the warning
TEMPLATE = "approval_only.md.j2"
PAGES = ("index.md",)  # the pages of such a release: its approval page is its home page


def problems_of(release: releases.Release, root: Path) -> list[Diagnostic]:
    """Why today's playbook cannot check `release` (its errors, located in releases/X/), or [] when it can."""
    try:
        project.check(release.folder, root)
    except PlaybookError as exc:
        return [d for d in exc.diagnostics if d.severity == ERROR] or exc.diagnostics
    return []


def warning(version: str, problems: list[Diagnostic]) -> Diagnostic:
    """The one warning of a release published as its approval page, at its first problem."""
    first = problems[0]
    return Diagnostic(
        EARLIER_FORMAT, Message("approval-only.release-was-approved-under-an", version=version, reason=first.message),
        first.file, first.line, first.column, severity=WARNING,
        hint=Message("approval-only.its-approval-stays-valid-and", n=len(problems)))


def warnings(root: Path) -> list[Diagnostic]:
    """A warning for every release of the playbook in `root` that would be published as its approval page alone,
    for `check` and `verify`; a damaged release is not this module's concern (verify names it)."""
    try:
        known = releases.list_releases(root)
    except PlaybookError:
        return []
    found = []
    for release in known:
        problems = problems_of(release, root)
        if problems:
            found.append(warning(release.version, problems))
    return found


def sealed_pdf(release: releases.Release) -> Path | None:
    """The PDF sealed in the release folder when it was approved, if it was."""
    name = pdf_name(release.version)
    return release.folder / name if name in release.manifest.files else None


def pdf_name(version: str) -> str:
    """The name of a release's PDF in its folder, sealed at approval: the one its approval page links to."""
    return f"charter-{version}.pdf"


def not_comparable(version: str, language: str) -> str:
    """The line a "What changed" page shows when the version it counts from cannot be read any more."""
    return load_strings(language)["release"]["earlier_format_changes"].format(version=version)


def _inline(value: Any) -> Markup:
    return Markup(inline_as_written(" ".join(escape_text(value).split())))  # '# x' in a list item is text


def _cell(value: Any) -> Markup:
    return Markup(str(_inline(value)).replace("|", "\\|"))


def _site_name(release: releases.Release, language: str) -> str:
    """The site's title from the release's frozen settings when they can be read and are plain text, else its
    number: those settings may be the very file today's playbook refuses."""
    try:
        config = yaml.safe_load(read_text(release.folder / CONFIG_FILE, CONFIG_FILE))  # a file only, bounded
    except (PlaybookError, ValueError, yaml.YAMLError):
        config = None
    config = config if isinstance(config, dict) else {}
    organisation = config.get("organisation")
    name = config.get("site_name") or (organisation.get("name") if isinstance(organisation, dict) else None)
    if isinstance(name, dict):
        name = name.get(language) or next(iter(name.values()), None)
    if isinstance(name, str) and name.strip() and len(name) <= 200 and name.isprintable() and \
            not any(char in name for char in '<>"&'):
        return name.strip()
    return release.version


def page_text(info: VersionInfo, problems: list[Diagnostic], changes: tuple[str, ...] | None,
              language: str) -> tuple[str, str]:
    """The title and the Markdown of the approval page, from the manifest alone, with the built-in templates."""
    strings = load_strings(language)
    env = page_environment(None, finalize=lambda value: "" if value is None else (
        value if isinstance(value, Markup) else escape_text(value)))
    env.filters.update(inline=_inline, cell=_cell, redline=lambda text: Markup(to_html(str(text), escape=_inline)))
    title = strings["release"]["signoff_title"]
    shown = [{"where": p.where, "message": tr(p.message, language)} for p in problems]
    text = env.get_template(TEMPLATE).render(t=strings, version=info, title=title, problems=shown,
                                             changes=changes)
    return title, text


def _config(site_name: str, title: str, info: VersionInfo, language: str, key: str,
            alternates: list[dict]) -> dict[str, Any]:
    """A plain mkdocs.yml of one page, with what the theme's banner, selector and switcher read."""
    strings = load_strings(language)
    config: dict[str, Any] = {
        "site_name": site_name, "docs_dir": "docs", "use_directory_urls": False,
        "theme": {"name": "material", "language": language, "custom_dir": "overrides", "font": False,
                  "features": ["navigation.top", "navigation.footer", "search.highlight"]},
        "markdown_extensions": ["admonition", "attr_list", "tables", {"toc": {"permalink": True}},
                                "pymdownx.saneheaders", "generator.sanitize"],  # '#word' is text, as on the site
        "plugins": [{"search": {"lang": language}}],
        "extra": {"generator": False, "playbook": dict(status(info, strings), key=key)},
        "nav": [{html.escape(title): "index.md"}],
    }
    if info.versioned:
        config["extra"]["version"] = {"provider": "mike"}
    if alternates:
        config["extra"]["alternate"] = alternates
    return config


def build(release: releases.Release, info: VersionInfo, problems: list[Diagnostic], site_dir: Path,
          language: str, audience: str, alternates: list[dict], changes: tuple[str, ...] | None,
          engine_name: str = engine.MKDOCS) -> int:
    """Build the approval page of `release` into `site_dir` (an empty folder), with its sealed PDF for the team
    in its main language; returns the number of pages.

    `changes` is what the page lists (None: not for this audience). The sealed PDF is the team's, in the
    release's main language: the staff site and the other languages never publish it."""
    main = release.languages[0] if release.languages else language
    pdf = sealed_pdf(release) if audience == TEAM and language == main else None
    info = replace(info, pdf=pdf.name if pdf else "")
    title, text = page_text(info, problems, changes, language)
    key = info.name if language == main else f"{language}/{info.name}"
    site = RenderedSite([RenderedPage(PAGES[0], title, text)],
                        _config(_site_name(release, language), title, info, language, key, alternates),
                        [theme_dir() / "overrides"])
    with tempfile.TemporaryDirectory(prefix="playbook-src-") as work:
        config_file = write(site, Path(work))
        if pdf is not None:
            shutil.copyfile(pdf, Path(work) / "docs" / pdf.name)
        engine.build_html(config_file, site_dir, engine=engine_name)
    return len(site.pages)
