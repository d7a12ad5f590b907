"""The Markdown extensions and MkDocs plugins site_config.yml may add: names from a list, options checked.

An extension is named the way Python-Markdown finds it (an installed entry point first, else a module,
maybe with ':Class'), so a name is accepted only as written in `EXTENSIONS` and only when it loads the
module listed there; any other spelling of a refused extension is refused, naming the module it loads.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any, Callable, Iterator

from .mkdocs_checks import Checker, Loc, choice, flag, mapping
from .message import Message

# The Markdown extensions of every site, in mkdocs.yml as render.py writes it; site_config.yml adds to them.
GENERATED_MARKDOWN = [
    "abbr", "admonition", "attr_list", "def_list", "tables", "md_in_html",
    "pymdownx.saneheaders", {"toc": {"permalink": True}},  # saneheaders: '#word' is text, not a heading
    {"pymdownx.tasklist": {"custom_checkbox": True, "clickable_checkbox": True}},
    "pymdownx.details", "pymdownx.superfences",
    "generator.checklists",  # labels and keys for the boxes, remembered by the browser
    "generator.terms",  # after abbr: glossary terms as links to their entry, none in headings
    "generator.sanitize",  # last: keeps author text inert (no script URL, handler or outside image)
]


# --- Markdown extensions and plugins --------------------------------------------------------------

@dataclass(frozen=True)
class Extension:
    """A Markdown extension that neither reads files nor runs code, with the options it may be given."""

    module: str  # what Python-Markdown must import for its name
    options: dict[str, Callable] = field(default_factory=dict)
    enabled: bool = False  # playbook enables it already, with its own options


def flags(*names: str) -> dict[str, Callable]:
    return {name: flag for name in names}


_BUILT_IN = "markdown.extensions."
# Options that take text are left out on purpose: several are printed as raw HTML (smarty's
# substitutions, footnotes' back-link text) or name a Python function.
EXTENSIONS: dict[str, Extension] = {
    **{name: Extension(_BUILT_IN + name, enabled=True)
       for name in ("abbr", "admonition", "attr_list", "def_list", "tables", "md_in_html", "toc")},
    "footnotes": Extension(_BUILT_IN + "footnotes"),
    "sane_lists": Extension(_BUILT_IN + "sane_lists"),
    "nl2br": Extension(_BUILT_IN + "nl2br"),
    "smarty": Extension(_BUILT_IN + "smarty", flags("smart_dashes", "smart_quotes", "smart_angled_quotes",
                                                    "smart_ellipses")),
    **{name: Extension(name, enabled=True) for name in ("pymdownx.tasklist", "pymdownx.details",
                                                        "pymdownx.superfences")},
    "pymdownx.tabbed": Extension("pymdownx.tabbed", flags("alternate_style", "combine_header_slug")),
    "pymdownx.mark": Extension("pymdownx.mark", flags("smart_mark")),
    "pymdownx.caret": Extension("pymdownx.caret", flags("smart_insert", "insert", "superscript")),
    "pymdownx.tilde": Extension("pymdownx.tilde", flags("smart_delete", "delete", "subscript")),
    "pymdownx.keys": Extension("pymdownx.keys", flags("strict", "camel_case")),
    "pymdownx.smartsymbols": Extension("pymdownx.smartsymbols", flags(
        "trademark", "copyright", "registered", "plusminus", "arrows", "notequal", "fractions", "ordinal_numbers")),
    "pymdownx.betterem": Extension("pymdownx.betterem", {"smart_enable": choice("all", "asterisk", "underscore",
                                                                                 "none")}),
    "pymdownx.critic": Extension("pymdownx.critic", {"mode": choice("view", "accept", "reject"),
                                                     "raw_view": flag}),
    "pymdownx.saneheaders": Extension("pymdownx.saneheaders", enabled=True),  # '#word' is text, not a heading
}
# Why some well-known modules are refused, by the module they load (any spelling of their name).
REFUSED_MODULES = {
    "pymdownx.snippets": Message("mkdocs-refused.inserts-files"),
    "pymdownx.b64": Message("mkdocs-refused.embeds-files"),
    "pymdownx.emoji": Message("mkdocs-refused.emoji"),
    "pymdownx.arithmatex": Message("mkdocs-refused.formulas"),
    "pymdownx.blocks.html": Message("mkdocs-refused.any-html"),
    "pymdownx.magiclink": Message("mkdocs-refused.outside-links"),
    _BUILT_IN + "wikilinks": Message("mkdocs-refused.any-address"),
    _BUILT_IN + "meta": Message("mkdocs-refused.metadata"),
    "generator": Message("mkdocs-refused.own-extensions"),
}
REFUSED_EXTENSION = Message("mkdocs-refused.not-on-the-list")


@functools.lru_cache(maxsize=1)
def _entry_points() -> dict[str, str]:
    return {ep.name: ep.value for ep in entry_points(group="markdown.extensions")}


def resolve(name: str) -> str:
    """The module Python-Markdown loads for an extension name: an installed entry point of that name
    first, else the name itself without its ':Class' (`pymdownx.snippets:SnippetExtension`)."""
    target = _entry_points().get(name, name)
    return target.partition(":")[0].strip()


def _refusal(name: str) -> str:
    """Why an extension name is refused, naming the module it would load when that is not its name."""
    module = resolve(name)
    parts = module.split(".")
    known = next((".".join(parts[:n]) for n in range(len(parts), 0, -1) if ".".join(parts[:n]) in REFUSED_MODULES),
                 None)  # `pymdownx.snippets.SnippetExtension` is inside pymdownx.snippets
    allowed = next((n for n, e in EXTENSIONS.items() if e.module == module), None)
    if allowed is not None:
        return Message("mkdocs-refused.it-is-written", name=allowed)
    reason = REFUSED_MODULES[known] if known else REFUSED_EXTENSION
    loaded = known or module
    return reason if loaded == name else Message("mkdocs-refused.it-loads", module=loaded, reason=reason)


def _entry(c: Checker, loc: Loc, item: Any, what: str) -> tuple[str, Any] | None:
    """The name and options of one item of a list of extensions or plugins: 'name' or 'name: {options}'."""
    if isinstance(item, str):
        return item, None
    if isinstance(item, dict) and len(item) == 1 and isinstance(next(iter(item)), str):
        name, options = next(iter(item.items()))
        return name, options
    c.value(loc, Message("mkdocs-value.each-plugin-is-a-name") if what == "plugin" else
            Message("mkdocs-value.each-extension-is-a-name"),
            Message("mkdocs-value.write-name-or-name-option"))
    return None


def _options(c: Checker, loc: Loc, name: str, options: Any, allowed: dict[str, Callable], why: str) -> None:
    if options is None:
        return
    if not allowed:
        c.value(loc, Message("mkdocs-value.takes-no-options-here", name=name, why=why),
                Message("mkdocs-value.write-alone", name=name))
        return
    mapping(c, loc, options, allowed)


def _named(c: Checker, loc: Loc, value: Any, setting: str, what: str, one: str) -> Iterator[tuple[Loc, Loc, str, Any]]:
    """Each item of a list of extensions or plugins: its place, the place of its options, its name, its options."""
    if not isinstance(value, list):
        c.value(loc, Message("mkdocs-value.must-be-a-list", key=setting),
                Message("mkdocs-value.one-line-per-plugin") if one == "plugin" else
                Message("mkdocs-value.one-line-per-extension"))
        return
    for i, item in enumerate(value):
        entry = _entry(c, loc + (i,), item, what)
        if entry is not None:
            yield loc + (i,), loc + ((i, entry[0]) if isinstance(item, dict) else (i,)), entry[0], entry[1]


def check_extensions(c: Checker, loc: Loc, value: Any) -> None:
    for at, options_at, name, options in _named(c, loc, value, "markdown_extensions", "Markdown extension",
                                                "extension"):
        extension = EXTENSIONS.get(name)
        if extension is None or resolve(name) != extension.module:
            # a name that is not on the list, or that an installed package made load something else
            reason = _refusal(name) if extension is None else Message("mkdocs-extension.it-would-load",
                                                                      module=resolve(name))
            c.report.add(c.source.diagnostic(("mkdocs",) + at, "mkdocs-extension",
                                             Message("mkdocs-extension.the-markdown-extension-is-not", name=name,
                                                     reason=reason),
                                             Message("mkdocs-extension.the-extensions-allowed-are",
                                                     names=', '.join(EXTENSIONS))))
            continue
        why = (Message("mkdocs-value.playbook-enables-it-with-its") if extension.enabled else
               Message("mkdocs-value.it-has-none-that-are"))
        _options(c, options_at, name, options, extension.options, why)


# Plugins shipped with Material that work without a network; only switching them off is an option
# (search's take file paths, tags' name Python functions or files to write).
PLUGINS: dict[str, dict[str, Callable]] = {"search": {}, "tags": {"enabled": flag}}
# Refused with their reason: the ones a playbook might be expected to want.
REFUSED_PLUGINS = {"offline": Message("mkdocs-refused.offline")}


def check_plugins(c: Checker, loc: Loc, value: Any) -> None:
    for at, options_at, name, options in _named(c, loc, value, "plugins", "plugin", "plugin"):
        if name not in PLUGINS:
            c.report.add(c.source.diagnostic(("mkdocs",) + at, "mkdocs-plugin",
                                             Message("mkdocs-plugin.not-allowed-because", name=name,
                                                     reason=REFUSED_PLUGINS[name]) if name in REFUSED_PLUGINS
                                             else Message("mkdocs-plugin.not-allowed", name=name),
                                             Message("mkdocs-plugin.the-plugins-allowed-are",
                                                     names=', '.join(sorted(PLUGINS)))))
            continue
        why = Message("mkdocs-value.playbook-sets-the-search-language") if name == "search" else ""
        _options(c, options_at, name, options, PLUGINS[name], why)
