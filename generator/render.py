"""Render stage: a validated Playbook becomes Markdown pages and a plain mkdocs.yml.

Templates are Jinja2 files found first in the user's theme folder, then in the built-in theme, so
that a user overrides a page by writing a file of the same name. Every value printed by a
template is escaped (raw HTML from YAML shows as text); helpers that build Markdown themselves
return `Markup`.
"""
from __future__ import annotations

import copy
import functools
import html
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import yaml
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from . import mkdocs_settings, search
from .checklists import box_marker
from .glossary import build_glossary
from .markdown_text import as_written, inline_as_written
from .mkdocs_extensions import GENERATED_MARKDOWN
from .readiness import GROUPS as READINESS_GROUPS, STEPS as READINESS_STEPS, assess
from .model import Playbook
from .model.language import Untranslated
from .onboarding import onboarding_groups
from .page_context import Helpers, contexts
from .parts import CHARTER_SECTION, FREE_PAGES, OWN_ENTRY, PARTS, in_menu, named_items
from .theme import copy_files, merge, page_environment, playbook_strings, template_error, theme_dir
from .versions import VersionInfo, status
from .redline import to_html
from .wording import day_text, duration_text, one_line, rhythm_text, within_text

FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})")


# The mark of a text shown in another language than its page's (see _mark): an element of its own, so that
# escaping text again, as a macro's output or a formatted label is, leaves the mark working.
_MARK_OPEN = re.compile(r'&lt;(pb-untranslated lang="[a-z]{2}"(?: class="block")?>)')
_MARK_CLOSE = "&lt;/pb-untranslated>"


def escape_text(value: Any) -> str:
    """Neutralise raw HTML in author text; Markdown syntax stays."""
    text = str(value).replace("<", "&lt;")
    if "pb-untranslated" in text:
        text = _MARK_OPEN.sub(r"<\1", text).replace(_MARK_CLOSE, "</pb-untranslated>")
    return text


def escape_block(text: str) -> str:
    """Escape a Markdown document, leaving alone only fenced code blocks that Markdown will show as code.

    A fence counts only when it opens at the start of a line (at most 3 spaces in) and is closed by a
    line of the same character, at least as long: anything else is escaped, so that an unclosed or
    indented "fence" cannot let raw HTML through.
    """
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        # a backtick fence's info string cannot hold a backtick: Markdown reads such a line as text
        if opening and not (opening.group(2)[0] == "`" and "`" in lines[i][opening.end():]):
            marker = opening.group(2)
            closing = re.compile(rf"^ {{0,3}}{re.escape(marker[0])}{{{len(marker)},}}\s*$")
            end = next((j for j in range(i + 1, len(lines)) if closing.match(lines[j])), None)
            if end is not None:
                out.extend(lines[i:end + 1])
                i = end + 1
                continue
        out.append(escape_text(lines[i]))
        i += 1
    return "\n".join(out)


def _mark(value: Any, text: str) -> str:
    """Text shown in another language than its page's, because it is not translated: marked as such."""
    if not isinstance(value, Untranslated) or not text.strip():
        return text
    return f'<pb-untranslated lang="{value.lang}">{text}</pb-untranslated>'


def _mark_block(value: Any, text: str) -> str:
    """Block text not translated: a mark of its own before it (a paragraph, a list... cannot sit in an element)."""
    if not isinstance(value, Untranslated) or not text.strip():
        return text
    return f'<pb-untranslated lang="{value.lang}" class="block"></pb-untranslated>\n\n{text}'


def _code(value: Any) -> Markup:
    """Text shown as code (a formula): Markdown shows it as written, so it is not escaped.

    The span is opened and closed by a run of backticks longer than any run inside the text, so that
    no backtick of the text can close it early."""
    text = " ".join(str(value).split())
    runs = [len(run) for run in re.findall(r"`+", text)]
    if not runs:
        return Markup(_mark(value, f"`{text}`"))
    ticks = "`" * (max(runs) + 1)
    return Markup(_mark(value, f"{ticks} {text} {ticks}"))


def _finalize(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    return _mark(value, escape_text(value))


def _inline(value: Any) -> Markup:
    """Text on one line (list items, headings); a final '#' would be taken for a heading's closing mark."""
    text = inline_as_written(one_line(escape_text(value)))  # '# x' in a list item would be a heading
    return Markup(_mark(value, text[:-1] + "\\#" if text.endswith("#") else text))


def _cell(value: Any) -> Markup:
    """Text inside a Markdown table cell."""
    return Markup(_mark(value, one_line(escape_text(value)).replace("|", "\\|")))


def _block(value: Any, page: bool = False) -> Markup:
    """Block text: in a field's, no heading, rule or stray quote (markdown_text.py); a free page's is all its own."""
    return Markup(_mark_block(value, escape_block(str(value) if page else as_written(str(value)))))


def _indent_block(value: Any, width: int = 4) -> Markup:
    """Block text placed inside a list item or an admonition."""
    pad = " " * width
    return Markup("\n".join((pad + line) if line.strip() else "" for line in _block(value).split("\n")))


@dataclass
class RenderedPage:
    path: str  # relative to docs/, with '/' separators
    title: str
    text: str


@dataclass
class RenderedSite:
    pages: list[RenderedPage]
    config: dict[str, Any]
    overrides: list[Path] = field(default_factory=list)  # folders merged into Material's custom_dir
    strings: dict[str, Any] = field(default_factory=dict)  # the labels its pages were written with

    def page(self, path: str) -> RenderedPage:
        return next(p for p in self.pages if p.path == path)


@functools.lru_cache(maxsize=None)
def _relative(page: str, folder: str) -> str:
    return posixpath.relpath(page, folder)


class _Links:
    """Where each item lives in the site, to turn an id into a relative Markdown link."""

    def __init__(self, playbook: Playbook, restricted: str, or_word: str = " or "):
        # an id that names nothing in a validated playbook was removed for this audience
        self.restricted, self.or_word = restricted, or_word
        self.targets: dict[tuple[str, str], tuple[str, str, str]] = {}
        active = {n.id for n in playbook.active_networks}
        for network in playbook.networks:
            if network.id in active:
                self.add("network", network.id, f"networks/{network.id}.md", "", network.name)
        for kind, item_id, title, part in named_items(playbook):
            self.add(kind, item_id, part.path, f"{kind.replace('_', '-')}-{item_id}", title)
        self.names = {key: target[2] for key, target in self.targets.items()}
        for network in playbook.networks:  # inactive networks keep their name, without a link
            self.names.setdefault(("network", network.id), network.name)

    def add(self, kind: str, item_id: str, page: str, anchor: str, title: str) -> None:
        self.targets[(kind, item_id)] = (page, anchor, title)

    def anchor(self, kind: str, item_id: str) -> Markup:
        return Markup(f"{{ #{kind.replace('_', '-')}-{item_id} }}")

    def link(self, current: str, kind: str, item_id: "str | list[str]") -> Markup:
        if isinstance(item_id, list):  # any one of several ("HR, your manager or the board")
            return Markup(self.either([self.link(current, kind, one) for one in item_id]))
        target = self.targets.get((kind, item_id))
        if target is None:
            return _cell(self.name(kind, item_id))
        page, anchor, title = target
        href = _relative(page, posixpath.dirname(current) or ".")
        if anchor:
            href = f"{href}#{anchor}" if page != current else f"#{anchor}"
        return Markup(f"[{_cell(title)}]({href})")  # '|' escaped: links often stand in table cells

    def name(self, kind: str, item_id: "str | list[str]") -> str:
        if isinstance(item_id, list):
            return self.either([self.name(kind, one) for one in item_id])
        return self.names.get((kind, item_id), self.restricted)

    def either(self, texts: list[str]) -> str:
        """'A', 'A or B', 'A, B or C'."""
        return texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + self.or_word + texts[-1]


def _change_line(line: str, heads: dict[str, str]) -> Markup:
    """A line of changes, its changed words marked, and its opening title a link to the page it is about."""
    for head in sorted(heads, key=len, reverse=True):
        if line.startswith(head) and line[len(head):len(head) + 2] in (" ›", " —", ":", " :", "\u202f:"):
            return Markup(f"[{_inline(head)}]({heads[head]})") + Markup(to_html(line[len(head):], escape=_inline))
    return Markup(to_html(line, escape=_inline))


def _environment(user_theme: Path | None) -> ImmutableSandboxedEnvironment:
    env = page_environment(user_theme, finalize=_finalize)
    env.filters.update(inline=_inline, cell=_cell, indent_block=_indent_block, block=_block, code=_code,
                       redline=lambda text: Markup(to_html(str(text), escape=_inline)))
    env.tests["contains"] = lambda container, item: item in container
    return env


def _free_pages(playbook: Playbook) -> list[RenderedPage]:
    pages = sorted(playbook.pages, key=lambda p: (p.meta.order, p.meta.title))
    return [RenderedPage(f"pages/{p.slug}.md", p.meta.title,
                         f"# {_inline(p.meta.title)}\n\n{_block(p.body, page=True)}") for p in pages]


def _storage_key(version: VersionInfo) -> str:
    """Where the browser files ticked boxes: the charter's folder (above the versions' folders), one for all its
    versions, as a box's key holds its text; each language has its own folder, so its own ticks."""
    return ".." if version.versioned else "."


def _site_config(playbook: Playbook, strings: dict, pages: list[RenderedPage], version: VersionInfo,
                 alternates: list[dict]) -> dict[str, Any]:
    config = playbook.config
    nav_titles = strings["nav"]
    by_path = {p.path: p for p in pages}

    def entry(path: str) -> dict[str, str]:
        # the theme prints navigation titles as HTML: a title from YAML must arrive escaped
        return {html.escape(by_path[path].title): path}

    nav: list[Any] = [{nav_titles["home"]: "index.md"},
                      {nav_titles[CHARTER_SECTION]: [entry(part.path) for part in in_menu(CHARTER_SECTION)
                                                     if part.path in by_path]},
                      {nav_titles["networks"]: [entry(p.path) for p in pages if p.path.startswith("networks/")]},
                      *({nav_titles[part.title]: part.path} for part in in_menu(OWN_ENTRY) if part.path in by_path),
                      {nav_titles["glossary"]: "glossary.md"},
                      {nav_titles["onboarding"]: "onboarding.md"},
                      entry("readiness.md")]
    free = [entry(p.path) for p in pages if p.path.startswith("pages/")]
    if free:
        nav.append({nav_titles[FREE_PAGES]: free})
    about = [entry(path) for path in ("signoff.md", "changes.md") if path in by_path]
    if about:
        nav.append({nav_titles["version"]: about})
    site = {
        "site_name": str(config.site_name or config.organisation.name),  # validated: no <, > or "
        "docs_dir": "docs",
        "use_directory_urls": False,  # pages open from a plain folder or file:// too
        "theme": {
            "name": "material",
            "language": playbook.lang,
            "custom_dir": "overrides",
            "font": False,  # no web fonts: intranets often have no internet access
            "features": ["navigation.sections", "navigation.top", "navigation.footer", "navigation.indexes",
                         "toc.follow", "search.highlight", "search.suggest", "content.tooltips", "content.code.copy"],
        },
        "markdown_extensions": copy.deepcopy(GENERATED_MARKDOWN),
        # search in the site's language (see search.py); offline: search works from a folder opened as file://,
        # with a worker shim of the theme's own (no CDN)
        "plugins": [search.plugin(playbook.lang), "offline"],
        "extra": {"generator": False, "playbook": dict(status(version, strings), key=_storage_key(version)),
                  search.FORMS: search.term_forms(build_glossary(playbook).entries),
                  "polyfills": ["assets/javascripts/iframe-worker-shim.js"]},
        "nav": nav,
    }
    if version.versioned:
        site["extra"]["version"] = {"provider": "mike"}  # Material's selector reads ../versions.json
    if alternates:  # the language switcher; links are relative to this site's root (see partials/alternate.html)
        site["extra"]["alternate"] = alternates
    extra = mkdocs_settings.escaped(copy.deepcopy(config.mkdocs))  # validated: only allowed settings
    theme = extra.get("theme") or {}
    if "features" in theme:  # added to the generated ones, which they must not replace
        theme["features"] = site["theme"]["features"] + [f for f in theme["features"]
                                                        if f not in site["theme"]["features"]]
    for key in ("markdown_extensions", "plugins"):  # added to the generated ones, which they must not replace
        names = {next(iter(e)) if isinstance(e, dict) else e for e in site[key]}
        site[key] += [e for e in extra.pop(key, None) or []
                      if (next(iter(e)) if isinstance(e, dict) else e) not in names]
    return merge(site, extra)


_UNTRANSLATED = re.compile(r'<pb-untranslated lang="(\w+)"')


def _untranslated_note(text: str, strings: dict) -> str:
    """A note under the title of a page that shows texts not translated yet, saying how they are marked."""
    codes = sorted(set(_UNTRANSLATED.findall(text)))
    if not codes:
        return text
    label = strings["label"]
    note = label["untranslated_note"].format(codes=", ".join(code.upper() for code in codes))
    admonition = f'!!! warning "{label["untranslated_title"]}"\n    {escape_text(note)}\n'
    title, newline, rest = text.partition("\n")
    if title.startswith("# "):
        return f"{title}\n\n{admonition}{newline}{rest}"
    return f"{admonition}\n{text}"


UNRELEASED = VersionInfo(name="draft", state="draft", versioned=False)


def render(playbook: Playbook, user_theme: Path | None = None, version: VersionInfo = UNRELEASED,
           alternates: list[dict] | None = None) -> RenderedSite:
    """Render every page of one version of the site, in the playbook's language, and its MkDocs configuration.

    `alternates` lists the languages of the site for Material's language switcher, if it has several."""
    strings = playbook_strings(playbook, user_theme, playbook.config.theme_dir or "theme")
    env = _environment(user_theme)
    links = _Links(playbook, strings["label"]["restricted"], strings["label"]["or_word"])
    glossary = build_glossary(playbook)
    common = dict(pb=playbook, t=strings, status=status(version, strings), version=version, glossary=glossary,
                  label=lambda group, value: strings["label"]["none"] if value is None else
                  strings["enum"].get(group, {}).get(value, str(value).capitalize()),
                  duration=lambda minutes: duration_text(minutes, strings), day=lambda d: day_text(d, strings),
                  rhythm=lambda r: rhythm_text(r, strings), within=lambda m, form: within_text(m, strings, form),
                  name=links.name, anchor=links.anchor, box=box_marker)
    helpers = Helpers(playbook, strings, links.name)
    common.update(contexts(helpers))  # what each part's pages need beyond the playbook: its figures, its lookups
    planned: list[tuple[str, str, str, dict]] = [("index.md", "home.md.j2", strings["nav"]["home"], {})]
    present = [part for part in PARTS if playbook.parts[part.stem] is not None]  # an optional part may be absent
    # the pages of the parts this charter has, in the order of the menu, for the home page and the onboarding path
    common["part_pages"] = [{"stem": part.stem, "path": part.path, "title": strings["title"][part.title]}
                            for nav in (CHARTER_SECTION, OWN_ENTRY) for part in present if part in in_menu(nav)]
    # a line of changes opens with the title of the page it is about: that title leads to the page
    heads = {f"{strings['nav']['networks']} › {n.name}": f"networks/{n.id}.md" for n in playbook.active_networks}
    heads.update({page["title"]: page["path"] for page in common["part_pages"]})
    common["change_line"] = lambda line: _change_line(str(line), heads)
    planned += [(part.path, part.template, strings["title"][part.title], {}) for part in present
                if part in in_menu(CHARTER_SECTION)]
    planned += [(f"networks/{n.id}.md", "network.md.j2", n.name, {"network": n}) for n in playbook.active_networks]
    planned += [(part.path, part.template, strings["title"][part.title], {}) for part in present
                if part in in_menu(OWN_ENTRY)]
    planned += [("glossary.md", "glossary.md.j2", strings["title"]["glossary"], {}),
                ("onboarding.md", "onboarding.md.j2", strings["title"]["onboarding"],
                 {"onboarding": onboarding_groups(playbook, common["part_pages"], strings)}),
                ("readiness.md", "readiness.md.j2", strings["readiness"]["page_title"],
                 {"report": assess(playbook), "steps": READINESS_STEPS, "groups": READINESS_GROUPS})]
    if version.is_release:
        planned.append(("signoff.md", "signoff.md.j2", strings["release"]["signoff_title"], {}))
    if version.versioned:
        planned.append(("changes.md", "changes.md.j2", strings["release"]["changes_title"], {}))
    pages = []
    for path, template, title, extra in planned:
        context = dict(common, page_path=path, title=title,
                       link=lambda kind, item_id, _path=path: links.link(_path, kind, item_id), **extra)
        try:
            text = env.get_template(template).render(context)
        except (jinja2.TemplateError, RecursionError, ArithmeticError, LookupError, TypeError, ValueError,
                AttributeError) as exc:
            raise template_error(exc, user_theme, playbook.config.theme_dir or "theme") from None
        pages.append(RenderedPage(path, title, text))
    pages += _free_pages(playbook)
    for page in pages:
        page.text = _untranslated_note(page.text, strings)
        page.text = glossary.finish(page.path, page.text)  # the charter's terms everywhere, a network's on its page
    overrides = [theme_dir() / "overrides"]
    if user_theme is not None and (user_theme / "overrides").is_dir():
        overrides.append(user_theme / "overrides")
    return RenderedSite(pages=pages, config=_site_config(playbook, strings, pages, version, alternates or []),
                        overrides=overrides, strings=strings)


def write(site: RenderedSite, dest: Path) -> Path:
    """Write the pages, the theme overrides and mkdocs.yml into `dest`; returns the mkdocs.yml path."""
    docs = dest / "docs"
    for page in site.pages:
        target = docs / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.text, encoding="utf-8")
    overrides = dest / "overrides"
    overrides.mkdir(parents=True, exist_ok=True)
    for folder in site.overrides:  # later folders (the user's theme) win; links are left behind, never followed
        copy_files(folder, overrides)
    config_path = dest / "mkdocs.yml"
    config_path.write_text(yaml.safe_dump(site.config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config_path
