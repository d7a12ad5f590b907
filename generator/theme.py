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
import shutil
import stat
import string
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

import jinja2
import yaml
from jinja2 import ChoiceLoader, FileSystemBytecodeCache, FileSystemLoader, PrefixLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .cache import user_folder
from .diagnostics import Diagnostic, PlaybookError, did_you_mean
from .files import inside, kind, not_a_file, printable, read_text
from .load import FAST_LOADER, Source, load_yaml
from .parts import string_files, template_folders
from .resources import theme_dir
from .wording import titled
from .message import Message


def _shown(path: Path, user_theme: Path | None, shown_as: str) -> str:
    """A theme file's path as messages show it: under the theme_dir of site_config.yml, or the built-in theme."""
    path = Path(path)
    for folder, name in ((user_theme, shown_as), (theme_dir(), "themes/default")):
        if folder is not None and path.resolve().is_relative_to(folder.resolve()):
            return f"{name}/{path.resolve().relative_to(folder.resolve()).as_posix()}"
    return str(path)


# The folders of a theme that playbook reads: templates, labels, and Material's custom_dir.
PARTS = ("pages", "strings", "overrides")
# The only kinds of content a user theme may add: the kinds of a network's content mix (README, "In two languages")
FREE_KEYS = {("enum", "mix")}


def load_strings(language: str, user_theme: Path | None = None, shown_as: str = "theme") -> dict[str, Any]:
    """The UI labels of a language; a user theme may override any of them, keeping their shape."""
    builtin = theme_dir() / "strings" / f"{language}.yml"
    strings = yaml.load(read_text(builtin, _shown(builtin, None, shown_as)), Loader=FAST_LOADER)
    for path in string_files(language):  # a part's from outside the theme: its title, its labels
        merge(strings, yaml.load(read_text(path, str(path)), Loader=FAST_LOADER) or {})
    if user_theme is not None:
        extra = user_theme / "strings" / f"{language}.yml"
        if os.path.lexists(extra):  # whatever it is: read as a file, or refused at its path (a pipe, a folder)
            merge(strings, _user_strings(extra, user_theme, shown_as, strings))
    return strings


def playbook_strings(playbook: Any, user_theme: Path | None = None, shown_as: str = "theme") -> dict[str, Any]:
    """The UI labels a playbook's documents use: its language's, with its theme's overrides and the pages it
    renames in site_config.yml (`titles`)."""
    return titled(load_strings(playbook.lang, user_theme, shown_as), playbook.config.titles)


def _user_strings(path: Path, user_theme: Path, shown_as: str, builtin: dict[str, Any]) -> dict[str, Any]:
    """The user's strings, read with their positions and checked against the built-in ones of the same language.

    Every label is printed by code that expects the built-in shape: a text where a text is, the fields it is
    given and nothing else (a format spec such as {n:>2000000000} would allocate gigabytes). What does not
    fit is reported at its key or value, all at once."""
    shown = _shown(path, user_theme, shown_as)
    if path.is_symlink():  # validation refuses it first; this is for a link made since
        raise PlaybookError([link_diagnostic(shown)])
    try:
        source = load_yaml(path, shown)
    except PlaybookError as exc:  # located by the loader; a syntax error says which file it is about
        raise PlaybookError([replace(d, message=Message("theme-strings.not-valid-yaml",
                                                        reason=d.message.get("problem", d.message)))
                             if d.code == "yaml-syntax" and isinstance(d.message, Message) else d
                             for d in exc.diagnostics]) from None
    if source.data is None:
        return {}
    if not isinstance(source.data, dict):
        raise PlaybookError([source.diagnostic((), "theme-strings", Message("theme-strings.the-theme-s-strings-must"),
                                               Message("theme-strings.start-from-themes-default-strings"))])
    problems: list[Diagnostic] = []
    _fitting(source, (), source.data, builtin, problems)
    if problems:
        raise PlaybookError(problems)
    return source.data


def _fitting(source: Source, loc: tuple, value: Any, builtin: Any, problems: list[Diagnostic]) -> None:
    """`value` checked against the built-in value of the same key: mappings key by key, lists item by item."""
    name = ".".join(str(step) for step in loc)
    if isinstance(builtin, dict):
        if not isinstance(value, dict):
            problems.append(source.diagnostic(loc, "theme-strings", Message("theme-strings.must-be-a-mapping-of",
                                                                            key=name),
                                              Message("theme-strings.give-the-keys-of-you", key=name)))
            return
        for key, item in value.items():
            if key in builtin:
                _fitting(source, loc + (key,), item, builtin[key], problems)
            elif loc in FREE_KEYS:  # a kind of content of one's own: a plain text
                _fitting(source, loc + (key,), item, "", problems)
            else:
                hint = did_you_mean(key, builtin) or (Message("unknown-key.the-keys-of-are", key=name,
                                                              names=', '.join(builtin)) if name else
                                                      Message("unknown-key.the-keys-are-those-of"))
                problems.append(source.diagnostic(loc + (key,), "unknown-key", Message("unknown-key.unknown-key",
                                                                                       key=key), hint, key=True))
    elif isinstance(builtin, list):
        if not isinstance(value, list) or len(value) != len(builtin):
            problems.append(source.diagnostic(loc, "theme-strings", Message("theme-strings.must-be-a-list-of",
                                                                            key=name, n=len(builtin)),
                                              Message("theme-strings.give-every-item-in-order")))
        else:
            for i, item in enumerate(value):
                _fitting(source, loc + (i,), item, builtin[i], problems)
    elif not isinstance(value, str):
        problems.append(source.diagnostic(loc, "theme-strings", Message("mkdocs-value.must-be-a-text", key=name),
                                          Message("theme-strings.write-the-label-as-text")))
    else:
        problem = _field_problem(value, name, _fields(builtin))
        if problem:
            problems.append(source.diagnostic(loc, "theme-strings", *problem))


def _fields(text: str) -> list[str]:
    """The names of the {fields} of a built-in text, which the code that prints it fills in."""
    return [field for _, field, _, _ in string.Formatter().parse(text) if field is not None]


def _field_problem(text: str, name: str, allowed: list[str]) -> tuple[Message, Message] | None:
    """What is wrong with the {fields} of a user's text, which may use those of the built-in text as they are."""
    given = (Message("theme-strings.this-text-is-given", fields=', '.join('{' + field + '}' for field in allowed))
             if allowed else Message("theme-strings.this-text-is-given-no-field"))
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return (Message("theme-strings.a-brace-that-opens-no-field", key=name),
                Message("theme-strings.write-a-brace-twice", given=given))
    for _, field, spec, conversion in parsed:
        if field is None:
            continue
        if field not in allowed:
            return (Message("theme-strings.uses-the-field", key=name, field=field),
                    did_you_mean(field, allowed) or given)
        if spec or conversion:
            return (Message("theme-strings.formats-the-field", key=name, field=field),
                    Message("theme-strings.write-the-field-alone"))
    return None


def check_folder(folder: Path, shown: str, languages: list[str]) -> list[Diagnostic]:
    """The problems of a user's theme folder: links among its files, strings that do not fit the built-in ones."""
    problems = theme_links(folder, shown)
    if problems:
        return problems  # a strings file may be one of them: it is not read
    for language in languages:
        try:
            load_strings(language, folder, shown)
        except PlaybookError as exc:
            problems += exc.diagnostics
    return problems


def link_diagnostic(shown: str) -> Diagnostic:
    """A link found among the files of a theme folder, at its path."""
    return Diagnostic("theme-link", Message("theme-link.this-is-a-link-a"),
                      shown, hint=Message("theme-link.copy-the-file-into-the"))


def theme_links(folder: Path, shown_as: str) -> list[Diagnostic]:
    """A problem at every link among what playbook reads of a theme folder (pages/, strings/, overrides/).

    No link at all, even to a file of the playbook: a link inside the playbook can still lead to what is not
    meant to be published (.git/config, a file of .playbook/), a release freezes files themselves, and a theme
    is a few small files that cost nothing to copy. Editors' lock files (`.#home.md.j2`) are left out: they
    come and go with each edit, and nothing of the theme reads them."""
    found, odd = [], []
    for part in PARTS:
        top = folder / part
        if top.is_symlink():
            found.append(part)
            continue
        for parent, folders, files in os.walk(top):  # links to folders are listed, never followed
            for name in folders + files:
                path = os.path.join(parent, name)
                if name.startswith(".#"):
                    continue
                if os.path.islink(path):
                    found.append(Path(path).relative_to(folder).as_posix())
                elif name in files and not os.path.isfile(path):  # a pipe would be read forever, a device...
                    odd.append((Path(path).relative_to(folder).as_posix(), os.stat(path).st_mode))
    return [link_diagnostic(f"{shown_as}/{printable(name)}") for name in sorted(found)] + [
        Diagnostic("not-a-file", Message("not-a-file.not-a-regular-file", path=f"{shown_as}/{printable(name)}",
                                         kind=kind(mode)), f"{shown_as}/{printable(name)}",
                   hint=Message("not-a-file.replace-it-by-a-file-2")) for name, mode in sorted(odd)]


def freeze_theme(root: Path, configured: str, release: Path) -> None:
    """Copy what playbook reads of the theme folder `configured` (pages/, strings/, overrides/) into the
    release folder being made, at the same place, so that the manifest seals it with the content.

    A theme inside the content folder was frozen with it. Links were refused by validation; one made since
    is left out rather than followed."""
    folder = Path(os.path.normpath(configured))
    target = release / folder
    for part in PARTS:
        if (root / folder / part).is_dir() and not (target / part).exists():
            copy_files(root / folder / part, target / part, hidden=False)


def frozen_theme(release: Path, configured: str) -> Path | None:
    """The theme a release was approved with: the theme folder frozen in it, or None (the built-in theme) for
    a release approved without one, or before themes were frozen. Never the working folder's theme."""
    if not configured:
        return None
    folder = release / os.path.normpath(configured)
    if not folder.is_dir() or folder.is_symlink() or not inside(folder, release):
        return None
    return folder.resolve()


def copy_files(source: Path, target: Path, hidden: bool = True) -> None:
    """Copy a folder of a theme into `target` (merged with what is there), its files themselves: a link is
    left behind, never followed, so that no file from elsewhere is published or frozen even if validation
    was passed before the link was made. Without `hidden`, hidden files (an editor's, git's) are left too."""
    def left(folder: str, names: list[str]) -> list[str]:
        skipped = [name for name in names if os.path.islink(os.path.join(folder, name))
                   or (not hidden and (name.startswith(".") or name == "__pycache__"))]
        for name in set(names) - set(skipped):  # a pipe would be copied forever, a device read without end
            mode = os.stat(os.path.join(folder, name)).st_mode
            if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                shown = printable(f"{source.name}/{Path(folder, name).relative_to(source).as_posix()}")
                raise PlaybookError([not_a_file(shown, mode)])
        return skipped
    shutil.copytree(source, target, ignore=left, dirs_exist_ok=True)


def merge(base: dict, extra: dict) -> dict:
    """Deep-merge `extra` into `base` (mappings merge, anything else replaces)."""
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            merge(base[key], value)
        else:
            base[key] = copy.deepcopy(value)
    return base


def _bytecode_cache(kind: str) -> FileSystemBytecodeCache | None:
    """Compiled templates kept between runs (keyed by the template's source), where a cache folder can be made.

    One folder per environment (`kind`): a template compiles differently with other options, and code
    compiled outside the sandbox, as versions before it did, must never be loaded by it."""
    folder = user_folder() / f"templates-{kind}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder)) if os.access(folder, os.W_OK) else None


class _FileLoader(FileSystemLoader):
    """Jinja's loader of folders of templates, reading only regular files, through files.py: a template that is a
    named pipe or a folder is refused at its path instead of being waited for."""

    def __init__(self, folders: list[str], shown: Callable[[Path], str]):
        super().__init__(folders)
        self.shown = shown

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        for folder in self.searchpath:
            path = Path(folder, *jinja2.loaders.split_template_path(template))
            if os.path.lexists(path):
                text = read_text(path, self.shown(path))
                mtime = os.path.getmtime(path)
                return text, os.path.normpath(path), lambda: os.path.isfile(path) and os.path.getmtime(path) == mtime
        raise jinja2.TemplateNotFound(template)


def page_environment(user_theme: Path | None, **options: Any) -> ImmutableSandboxedEnvironment:
    """The sandboxed Jinja environment of the page templates: the user's folder first, then the built-in one."""
    folders = [str(user_theme / "pages")] if user_theme and (user_theme / "pages").is_dir() else []
    # the built-in pages, then those of the parts from outside the theme
    builtin = [str(theme_dir() / "pages"), *map(str, template_folders())]
    shown = lambda path: _shown(path, user_theme, user_theme.name if user_theme else "theme")  # noqa: E731
    # "default/home.md.j2" is always the built-in page, which a user's page of the same name may extend
    loader = ChoiceLoader([_FileLoader(folders + builtin, shown), PrefixLoader({"default": _FileLoader(builtin, shown)})])
    return ImmutableSandboxedEnvironment(loader=loader, undefined=StrictUndefined, trim_blocks=True,
                                lstrip_blocks=True, keep_trailing_newline=True, autoescape=False,
                                bytecode_cache=_bytecode_cache("pages"), **options)


def sandboxed(env: jinja2.Environment) -> ImmutableSandboxedEnvironment:
    """A sandboxed copy of an engine's environment (MkDocs' theme templates, Material's and the user's
    overrides): same loader, filters, globals and translations."""
    # Material's templates compiled once and kept: compiling them took a third of each build of a version
    safe = ImmutableSandboxedEnvironment(loader=env.loader, auto_reload=False, extensions=list(env.extensions),
                                         bytecode_cache=_bytecode_cache("theme"))
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
        message = Message("theme-template.the-template-is-not-valid", reason=exc.message)
        hint = Message("theme-template.fix-the-template-s-syntax")
    elif isinstance(exc, jinja2.exceptions.SecurityError):
        message = Message("theme-template.the-template-tried-something-templates", reason=exc)
        hint = Message("theme-template.a-template-prints-the-values")
    elif isinstance(exc, RecursionError):
        message = Message("theme-template.the-template-includes-or-extends")
        hint = Message("theme-template.to-build-on-the-built")
    elif isinstance(exc, jinja2.TemplateNotFound):
        message = Message("theme-template.the-template-does-not-exist", name=exc.name)
        hint = Message("theme-template.check-the-name-in-extends")
    else:
        message = Message("theme-template.the-template-failed", reason=exc)
        hint = Message("theme-template.check-the-names-this-template")
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


def user_theme(root: Path, configured: str) -> Path | None:
    """The theme folder of the playbook in `root`; when `root` is a release, the theme frozen in it (or None,
    the built-in theme), so that what is said of a release (its changes, in diff) uses its own labels."""
    if not configured:
        return None
    if root.parent.name == "releases" and (root / "manifest.json").is_file():  # a release (see releases.py)
        return frozen_theme(root, configured)
    folder = (root / configured).resolve()
    if not folder.is_dir():
        raise PlaybookError([Diagnostic("theme-dir", Message("theme-dir.the-theme-folder-does-not", name=configured),
                                        "site_config.yml", hint=Message("theme-dir.create-it-or-remove-theme"))])
    return folder
