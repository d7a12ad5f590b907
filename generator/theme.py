"""The theme: page templates, UI strings and Material overrides, the built-in ones and the user's.

A user's theme folder may replace any template or string. Its templates are the user's text, so
they run in Jinja's immutable sandbox, like the built-in ones: a template can print what it is given
and call the helpers it is given, never reach Python's internals (`os.system` through `__globals__`,
say) nor change what it is given (a page template that added `hooks` to the playbook's MkDocs
settings would have them run).
A template or strings file that is broken, or that the sandbox stops, is reported at its file and
line, like a content file.
"""
from __future__ import annotations

import copy
import os
import sys
from pathlib import Path
from typing import Any, Callable

import jinja2
import yaml
from jinja2 import ChoiceLoader, FileSystemBytecodeCache, FileSystemLoader, PrefixLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .diagnostics import Diagnostic, PlaybookError
from .load import FAST_LOADER
from .resources import theme_dir


def _shown(path: Path, user_theme: Path | None, shown_as: str) -> str:
    """A theme file's path as messages show it: under the theme_dir of site_config.yml, or the built-in theme."""
    path = Path(path)
    for folder, name in ((user_theme, shown_as), (theme_dir(), "themes/default")):
        if folder is not None and path.resolve().is_relative_to(folder.resolve()):
            return f"{name}/{path.resolve().relative_to(folder.resolve()).as_posix()}"
    return str(path)


def load_strings(language: str, user_theme: Path | None = None, shown_as: str = "theme") -> dict[str, Any]:
    """The UI labels of a language; a user theme may override any of them."""
    strings = yaml.load((theme_dir() / "strings" / f"{language}.yml").read_text(encoding="utf-8"), Loader=FAST_LOADER)
    if user_theme is not None:
        extra = user_theme / "strings" / f"{language}.yml"
        if extra.is_file():
            merge(strings, _user_strings(extra, user_theme, shown_as))
    return strings


def _user_strings(path: Path, user_theme: Path, shown_as: str) -> dict[str, Any]:
    shown = _shown(path, user_theme, shown_as)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=FAST_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise PlaybookError([Diagnostic(
            "theme-strings", f"the theme's strings are not valid YAML: {exc.problem}", shown,
            mark.line + 1 if mark else 0, mark.column + 1 if mark else 0,
            hint="fix the YAML, or remove the file to use the built-in strings")]) from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise PlaybookError([Diagnostic("theme-strings", f"the theme's strings cannot be read: {exc}", shown,
                                        hint="save it as UTF-8 YAML, or remove it")]) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise PlaybookError([Diagnostic("theme-strings", "the theme's strings must be a mapping of labels", shown, 1, 1,
                                        hint="start from themes/default/strings and keep its keys")])
    return data


def merge(base: dict, extra: dict) -> dict:
    """Deep-merge `extra` into `base` (mappings merge, anything else replaces)."""
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            merge(base[key], value)
        else:
            base[key] = copy.deepcopy(value)
    return base


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    """Compiled templates kept between runs (keyed by the template's source), where a cache folder can be made."""
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "playbook" / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder)) if os.access(folder, os.W_OK) else None


def page_environment(user_theme: Path | None, **options: Any) -> ImmutableSandboxedEnvironment:
    """The sandboxed Jinja environment of the page templates: the user's folder first, then the built-in one."""
    folders = [str(user_theme / "pages")] if user_theme and (user_theme / "pages").is_dir() else []
    folders.append(str(theme_dir() / "pages"))
    # "default/home.md.j2" is always the built-in page, which a user's page of the same name may extend
    loader = ChoiceLoader([FileSystemLoader(folders), PrefixLoader({"default": FileSystemLoader(folders[-1])})])
    return ImmutableSandboxedEnvironment(loader=loader, undefined=StrictUndefined, trim_blocks=True,
                                lstrip_blocks=True, keep_trailing_newline=True, autoescape=False,
                                bytecode_cache=_bytecode_cache(), **options)


def sandboxed(env: jinja2.Environment) -> ImmutableSandboxedEnvironment:
    """A sandboxed copy of an engine's environment (MkDocs' theme templates, Material's and the user's
    overrides): same loader, filters, globals and translations."""
    safe = ImmutableSandboxedEnvironment(loader=env.loader, auto_reload=False, extensions=list(env.extensions))
    safe.filters.update(env.filters)
    safe.tests.update(env.tests)
    safe.globals.update(env.globals)
    for name in ("gettext", "ngettext", "pgettext", "npgettext", "_"):
        if name in env.globals:
            safe.globals[name] = env.globals[name]
    return safe


def template_error(exc: Exception, user_theme: Path | None, shown_as: str = "theme",
                   shown: Callable[[Path], str] | None = None) -> PlaybookError:
    """A template that could not be read or run, as a diagnostic at its file and line (named by `shown` if given)."""
    file, line = _template_place(exc)
    if file:
        file = shown(Path(file)) if shown else _shown(Path(file), user_theme, shown_as)
    if isinstance(exc, jinja2.TemplateSyntaxError):
        message, hint = f"the template is not valid Jinja: {exc.message}", "fix the template's syntax"
    elif isinstance(exc, jinja2.exceptions.SecurityError):
        message = f"the template tried something templates may not do: {exc}"
        hint = "a template prints the values it is given and calls the helpers it is given; remove that expression"
    elif isinstance(exc, RecursionError):
        message = "the template includes or extends itself, directly or through another one"
        hint = 'to build on the built-in page of the same name, include it as "default/NAME": {% include "default/home.md.j2" %}'
    elif isinstance(exc, jinja2.TemplateNotFound):
        message, hint = f"the template '{exc.name}' does not exist", "check the name in extends, include or import"
    else:
        message = f"the template failed: {exc}"
        hint = "check the names this template uses against the built-in template of the same name"
    return PlaybookError([Diagnostic("theme-template", message, file, line, 1 if line else 0, hint=hint)])


def _template_place(exc: Exception) -> tuple[str, int]:
    """The template file and line an error happened at: from a syntax error itself, else from the traceback,
    where Jinja puts template frames under the template's own file name."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        return exc.filename, exc.lineno or 0
    place = ("", 0)
    tb = exc.__traceback__ if exc.__traceback__ is not None else sys.exc_info()[2]
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith((".j2", ".html", ".md", ".xml")):
            place = (name, tb.tb_lineno)
        tb = tb.tb_next
    return place
