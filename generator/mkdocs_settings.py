"""The MkDocs settings that site_config.yml may pass through to the generated mkdocs.yml: an allow-list.

MkDocs and Material read their configuration as code-adjacent input: a setting can load a script
or a font from the internet, put raw HTML on every page, read a file from anywhere on the disk or
import a Python module. So `mkdocs:` accepts only the settings of `SETTINGS`, each checked by its
own function, and refuses everything else at its key, naming why (`REFUSED`) or what is allowed.
The same table gives editors their JSON Schema (`json_schema`).
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from .diagnostics import Report, did_you_mean
from .mkdocs_checks import (ACCENT, FEATURE, FILE_PATH, ICON, MEDIA, PRIMARY, SCHEME, Checker, Loc, dotted, features,
                            font, icons, list_of, palette, plain_text, social, theme_file)
from .mkdocs_extensions import EXTENSIONS, PLUGINS, check_extensions, check_plugins
from .message import Message


# --- the allow-list -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Setting:
    check: Callable[[Checker, Loc, Any], None]
    why: str  # what it is checked for, and why that makes it safe
    schema: dict  # for editors (see json_schema)


_TEXT = {"type": "string", "pattern": r'^[^<>"\x00-\x1f\x7f]+$'}
_ICON = {"type": "string", "pattern": ICON.pattern}
_FILE = {"type": "string", "pattern": FILE_PATH.pattern}
_ICON_NAME = dict(_ICON, description="An icon name, such as material/brightness-7.")
_PALETTE = {"type": "object", "additionalProperties": False, "properties": {
    "scheme": {"type": "string", "pattern": SCHEME.pattern, "description": "The colour scheme: a plain name "
               "(default, slate...)."},
    "primary": {"enum": PRIMARY, "description": "The primary colour: one of Material's colour names."},
    "accent": {"enum": ACCENT, "description": "The accent colour: one of Material's colour names."},
    "media": {"type": "string", "pattern": MEDIA.pattern, "description": "When this palette applies: "
              "(prefers-color-scheme: light) or (prefers-color-scheme: dark)."},
    "toggle": {"type": "object", "additionalProperties": False, "required": ["icon", "name"],
               "description": "The button that switches to the next palette: an icon name and a label.",
               "properties": {"icon": _ICON_NAME, "name": dict(_TEXT, description="The button's label, plain "
                                                                                  "text.")}}}}


def _named_list(names: dict[str, dict], what: str) -> dict:
    """Schema of a list of names, each alone or with its options."""
    def options_of(name: str, options: dict) -> dict:
        described = {option: {"description": f"The {option} option of {name}."} for option in options}
        return {"type": ["object", "null"], "additionalProperties": False, "properties": described,
                "description": f"The {what} {name}, with its options: {', '.join(options)}." if options else
                f"The {what} {name}, which takes no options here: write it alone."}
    return {"type": "array", "items": {"anyOf": [{"enum": list(names)}, {
        "type": "object", "minProperties": 1, "maxProperties": 1, "additionalProperties": False,
        "properties": {name: options_of(name, options) for name, options in names.items()}}]}}


SETTINGS: dict[str, Setting] = {
    "theme.palette": Setting(palette, "Material's colour names, a colour-scheme media query, and a toggle's "
                             "icon name and plain-text label", {"anyOf": [_PALETTE, {"type": "array", "items": _PALETTE}]}),
    "theme.features": Setting(features, "feature names (navigation.tabs...), added to playbook's own",
                              {"type": "array", "items": {"type": "string", "pattern": FEATURE.pattern}}),
    "theme.icon": Setting(icons, "icon names only (material/library), never a path",
                          {"type": "object", "additionalProperties": {"anyOf": [
                              _ICON, {"type": "object", "additionalProperties": _ICON}]}}),
    "theme.logo": Setting(theme_file, "an image of theme_dir/overrides/, named by a relative path", _FILE),
    "theme.favicon": Setting(theme_file, "an image of theme_dir/overrides/, named by a relative path", _FILE),
    "theme.font": Setting(font, "false only: other fonts come from Google's servers", {"const": False}),
    "copyright": Setting(plain_text, "plain text, shown escaped: Material prints it as raw HTML", _TEXT),
    "site_description": Setting(plain_text, "plain text, escaped: it goes into a meta attribute", _TEXT),
    "site_author": Setting(plain_text, "plain text, escaped: it goes into a meta attribute", _TEXT),
    "extra.social": Setting(list_of(social), "footer links: an icon name, an https:, http: or mailto: "
                            "address and a plain-text name", {"type": "array", "items": {
                                "type": "object", "additionalProperties": False, "required": ["icon", "link"],
                                "properties": {"icon": _ICON_NAME, "link": {
                                    "type": "string", "pattern": "^(https?://|mailto:)[^\\s\"'<>`]*$",
                                    "description": "An https:, http: or mailto: address."},
                                    "name": dict(_TEXT, description="Optional: the link's name, plain text.")}}}),
    "markdown_extensions": Setting(check_extensions, "names from a list of extensions that neither read files nor run "
                                   "code, with their yes/no options", _named_list(
                                       {n: e.options for n, e in EXTENSIONS.items()}, "Markdown extension")),
    "plugins": Setting(check_plugins, "search and tags, which work without a network",
                       _named_list(PLUGINS, "plugin")),
}
CONTAINERS = {"theme", "extra"}  # mappings whose allowed keys are listed in SETTINGS

_OWNED = Message("mkdocs-reserved.playbook-sets-it")
REFUSED: dict[str, Message] = {
    "docs_dir": Message("mkdocs-reserved.playbook-writes-the-pages-itself"),
    "site_dir": Message("mkdocs-reserved.use-output-dir-or-out"),
    "hooks": Message("mkdocs-reserved.hooks-run-python-code-which"),
    "INHERIT": Message("mkdocs-reserved.the-configuration-is-generated-from"),
    "nav": Message("mkdocs-reserved.the-navigation-is-generated-from"),
    "site_name": Message("mkdocs-reserved.use-site-name-in-site"),
    "site_url": Message("mkdocs-reserved.the-site-opens-from-any"), "use_directory_urls": _OWNED,
    "extra_javascript": Message("mkdocs-reserved.a-script-could-come-from"),
    "extra_css": Message("mkdocs-reserved.a-style-sheet-can-load"),
    "extra_templates": Message("mkdocs-reserved.templates-go-in-the-overrides"),
    **{key: Message("mkdocs-reserved.the-site-links-to-no")
       for key in ("repo_url", "repo_name", "edit_uri", "edit_uri_template")},
    **{key: Message("mkdocs-reserved.playbook-does-not-deploy-the") for key in ("remote_branch", "remote_name")},
    "dev_addr": Message("mkdocs-reserved.use-playbook-serve-port"),
    "watch": Message("mkdocs-reserved.playbook-serve-watches-the-playbooks"),
    **{key: Message("mkdocs-reserved.playbook-checks-the-playbook-itself") for key in ("strict", "validation")},
    **{key: Message("mkdocs-reserved.the-pages-are-generated-from")
       for key in ("exclude_docs", "not_in_nav", "draft_docs")},
    "theme.name": Message("mkdocs-reserved.the-site-is-built-with"),
    "theme.custom_dir": Message("mkdocs-reserved.use-theme-dir"),
    "theme.language": Message("mkdocs-reserved.each-languages-site-takes-it"),
    "theme.static_templates": Message("mkdocs-reserved.templates-go-in-the-overrides"),
    **{f"extra.{key}": _OWNED for key in ("generator", "version", "alternate", "playbook")},
    "extra.analytics": Message("mkdocs-reserved.it-would-send-every-visit"),
    "extra.consent": Message("mkdocs-reserved.the-site-sets-no-cookie"),
}


def _walk(c: Checker, loc: Loc, settings: dict) -> None:
    for key, value in settings.items():
        path = dotted(loc + (key,))
        if path in SETTINGS:
            SETTINGS[path].check(c, loc + (key,), value)
        elif path in CONTAINERS:
            if isinstance(value, dict):
                _walk(c, loc + (key,), value)
            else:
                c.value(loc + (key,), Message("mkdocs-value.must-be-a-mapping-key", key=path),
                        Message("mkdocs-value.write-the-settings-under-it", key=path))
        elif path in REFUSED:
            c.key(loc + (key,), "mkdocs-reserved", Message("mkdocs-reserved.cannot-be-set-here", key=path,
                                                           reason=REFUSED[path]),
                  Message("mkdocs-reserved.remove-from-settings-of", key=key, parent=loc[0]) if loc
                  else Message("mkdocs-reserved.remove-from-mkdocs-settings", key=key))
        else:
            here = [p.rpartition(".")[2] for p in [*SETTINGS, *CONTAINERS] if p.rpartition(".")[0] == dotted(loc)]
            c.key(loc + (key,), "mkdocs-setting", Message("mkdocs-setting.is-not-a-setting-playbook", key=path),
                  did_you_mean(key, here) or Message("mkdocs-setting.the-settings-allowed-here-are",
                                                     keys=', '.join(sorted(here))))


def check(source: Any, settings: dict, report: Report, overrides: Path | None, frozen: bool = False) -> None:
    """Report every mkdocs setting of site_config.yml (`source`) that is not allowed, at its place.

    `overrides` is the user's theme overrides folder (None without theme_dir); `frozen`, for an approved
    release, skips looking for its files, which the current theme folder provides."""
    _walk(Checker(source, report, overrides, frozen), (), settings)


def json_schema() -> dict:
    """The allowed settings as a JSON Schema, for editors: the same table as the checks."""
    root: dict = {"type": "object", "additionalProperties": False, "properties": {}}
    for path, setting in SETTINGS.items():
        node = root
        *parents, last = path.split(".")
        for parent in parents:
            allowed = [p.rpartition(".")[2] for p in SETTINGS if p.startswith(parent + ".")]
            node = node["properties"].setdefault(parent, {
                "type": "object", "additionalProperties": False, "properties": {},
                "description": f"The {parent} settings you may pass: {', '.join(allowed)}."})
        node["properties"][last] = dict(setting.schema, description=setting.why)
    return root


def escaped(settings: dict) -> dict:
    """The texts Material prints as raw HTML or into attributes, escaped (checked already: no '<', '>' or '"')."""
    return {key: html.escape(value) if key in ("copyright", "site_description", "site_author")
            and isinstance(value, str) else value for key, value in settings.items()}
