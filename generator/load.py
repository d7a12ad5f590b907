"""Load stage: read a playbook's YAML and Markdown sources, keeping where every value came from.

Which files are read, and how, is files.py's concern (only regular files, within the size bounds);
turning their text into data with positions is yaml_source.py's. This module walks the playbook:
site_config.yml, the content folder, its networks/ and pages/, and gathers what cannot be read as
problems reported with the validation's.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter

from . import cut_text
from .diagnostics import Diagnostic, PlaybookError
from .files import MAX_FILE_BYTES, MAX_PLAYBOOK_BYTES
from .files import entries, folder_name_problem, inside, name_problem, printable, read_text, size_words, what
from .yaml_source import FAST_LOADER, MAX_DEPTH, MAX_NODES, Source, parse_yaml  # noqa: F401  (likewise)
from .message import Message


def load_yaml(path: Path, display: str) -> Source:
    """Load one YAML file."""
    source = Source(path=path, display=display)
    return parse_yaml(read_text(path, display), source)


def load_page(path: Path, display: str) -> Source:
    """Load one Markdown page with optional YAML front matter."""
    text = read_text(path, display)
    source = Source(path=path, display=display)
    handler = frontmatter.YAMLHandler()
    if handler.detect(text):
        try:
            fm, body = handler.split(text)
        except ValueError:
            raise PlaybookError([Diagnostic("front-matter", Message("front-matter.the-front-matter-is-not"), display,
                                            1, 1,
                                            Message("front-matter.end-the-front-matter-with"))]) from None
        parse_yaml(fm, source, line_offset=text[: text.index(fm)].count("\n") if fm else 0)
        source.body = body.lstrip("\n")
        source.body_line = text.count("\n") - source.body.count("\n") + 1
    else:
        source.data = {}
        source.body = text
    if source.data is None:
        source.data = {}
    return source


CONFIG_FILE = "site_config.yml"
TABLES = "results"  # the folder of the content that holds the CSV exports of the networks' analytics


@dataclass(frozen=True)
class Table:
    """A CSV file of the content, as text: read here, its cells are read by generator/results_import.py."""

    path: Path
    display: str
    text: str


def load_table(path: Path, display: str) -> Table:
    return Table(path, display, read_text(path, display))


@dataclass
class Sources:
    """Every input of a playbook, loaded but not yet validated."""

    root: Path
    config: Source
    content_dir: Path
    parts: dict[str, Source] = field(default_factory=dict)  # file stem -> source
    networks: list[Source] = field(default_factory=list)
    pages: list[Source] = field(default_factory=list)
    tables: dict[str, Table] = field(default_factory=dict)  # the CSV files of results/, by file name
    # Files that could not be read: their problems are reported with the validation's.
    problems: list[Diagnostic] = field(default_factory=list)
    broken: set[Path] = field(default_factory=set)

    def all(self) -> list[Source]:
        return [self.config, *self.parts.values(), *self.networks, *self.pages]


def _display(path: Path, root: Path) -> str:
    """`path` as messages name it: from `root` where it is inside, printable whatever its bytes."""
    try:
        return printable(path.relative_to(root).as_posix())
    except ValueError:
        return printable(path.as_posix())


def _load_config(root: Path, shown_from: Path) -> Source:
    config_path = root / CONFIG_FILE
    if what(config_path) == "nothing":
        raise PlaybookError([Diagnostic(
            "no-config", Message("no-config.no-config-file-in", file=CONFIG_FILE, root=printable(str(root))),
            hint=Message("no-config.run-the-command-from-a"))])
    return load_yaml(config_path, _display(config_path, shown_from))


def _content_dir(root: Path, config: Source) -> Path:
    """The content folder named by site_config.yml; raises PlaybookError, at content_dir, when it cannot be one."""
    name = "content"
    if isinstance(config.data, dict) and isinstance(config.data.get("content_dir"), str):
        name = config.data["content_dir"]
    shown, content_dir = printable(name), root / name

    def refuse(code: str, message: str, hint: str) -> PlaybookError:
        return PlaybookError([config.diagnostic(("content_dir",), code, message, hint)])

    problem = folder_name_problem(name)
    if problem:
        raise refuse("content-dir", Message("load.content-dir", name=shown, problem=problem),
                     Message("load.give-a-folder-name-such"))
    if not inside(content_dir, root):
        raise refuse("path-outside", Message("load.content-dir-points-outside-the", name=shown),
                     Message("load.give-a-folder-inside-the"))
    if inside(root, content_dir) or inside(content_dir, root / "releases"):
        # the playbook folder itself would make site_config.yml and releases/ parts of the content
        raise refuse("content-dir", Message("content-dir.is-the-playbook-folder", name=shown) if inside(root, content_dir)
                     else Message("content-dir.is-inside-releases", name=shown),
                     Message("load.give-the-content-a-folder"))
    found = what(content_dir)
    if found == "nothing":
        raise refuse("no-content", Message("load.the-content-folder-does-not", name=shown),
                     Message("load.create-it-or-fix-content"))
    if found != "a folder":
        raise refuse("no-content", Message("load.the-content-folder-is-not", name=shown, found=found),
                     Message("load.make-it-a-folder-holding"))
    return content_dir


def _check_releases(sources: Sources, shown_from: Path) -> None:
    """A problem when `releases` is there but is not a folder: release, verify and build would each stumble on it."""
    path = sources.root / "releases"
    found = what(path)
    if found not in ("nothing", "a folder"):
        sources.problems.append(Diagnostic(
            "releases-not-a-folder", Message("releases-not-a-folder.releases-is-not-a-folder", found=found),
            _display(path, shown_from), hint=Message("releases-not-a-folder.remove-it-or-move-it")))


def _listed(sources: Sources, folder: Path, suffixes: tuple[str, ...], shown_from: Path) -> list[Path] | None:
    """The files of `folder` that the loader reads, or None when the folder cannot be listed (its problem noted).

    When a folder of the content cannot be read, what it holds is unknown: a path standing for any of its
    files is marked broken, so that references to what it defines are not reported as dangling."""
    display = _display(folder, shown_from)
    found = what(folder)
    if found == "nothing":
        return []
    if found == "a folder" and not inside(folder, sources.content_dir):
        problem = Diagnostic("path-outside", Message("path-outside.the-folder-is-a-link", folder=folder.name), display,
                             hint=Message("path-outside.copy-the-files-into-the"))
    elif found != "a folder":
        hint = Message("not-a-folder.one-file-per-network", name=folder.name) if folder.name == "networks" else \
            Message("not-a-folder.one-file-per-csv-export", name=folder.name) if folder.name == TABLES else \
            Message("not-a-folder.one-file-per-page", name=folder.name)
        problem = Diagnostic("not-a-folder", Message("not-a-folder.is-not-a-folder-playbook", path=display,
                                                     found=found),
                             display, hint=hint)
    else:
        try:
            return [path for path in entries(folder, display) if path.suffix in suffixes]
        except PlaybookError as exc:
            problem = exc.diagnostics[0]
    sources.problems.append(problem)
    sources.broken.add(folder / "*")
    return None


def _check_total(sources: Sources, files: list[Path], shown_from: Path) -> None:
    """Raise when the content files, each within its bound, are together more than a playbook may hold.

    Checked from the sizes on disk before any file is read: a playbook over the bound is not read at all."""
    sizes = {}
    for path in files:
        try:
            info = os.stat(path)
        except (OSError, ValueError):
            continue  # reading it says why
        if stat.S_ISREG(info.st_mode) and info.st_size <= MAX_FILE_BYTES:  # a larger one is refused alone, unread
            sizes[path] = info.st_size
    total = sum(sizes.values())
    if total > MAX_PLAYBOOK_BYTES:
        largest = max(sizes, key=sizes.__getitem__)
        raise PlaybookError(sources.problems + [Diagnostic(
            "playbook-too-big", Message("playbook-too-big.the-content-files-are-in", size=size_words(total),
                                        max=size_words(MAX_PLAYBOOK_BYTES)), _display(sources.content_dir,
                                                                                      shown_from) + "/",
            hint=Message("playbook-too-big.shorten-or-split-the-playbook", file=_display(largest, shown_from),
                         size=size_words(sizes[largest])))])


def _take(sources: Sources, path: Path, loader, shown_from: Path) -> Source | None:
    """Load one content file; its problems go to `sources.problems`."""
    display = _display(path, shown_from)
    problem = name_problem(path, display)
    if problem is None and not inside(path, sources.content_dir):  # a link, or a file in a linked folder
        problem = Diagnostic("path-outside", Message("path-outside.this-file-is-a-link"), display,
                             hint=Message("path-outside.copy-the-file-into-the"))
    if problem is None:
        try:
            return loader(path, display)
        except PlaybookError as exc:
            sources.problems.extend(exc.diagnostics)
    else:
        sources.problems.append(problem)
    sources.broken.add(path)
    return None


def _parts(sources: Sources, files: list[Path], shown_from: Path) -> None:
    for path in files:
        twin = path.with_suffix(".yml")
        if path.suffix == ".yaml" and twin in files:
            sources.problems.append(Diagnostic(
                "duplicate-file", Message("duplicate-file.both-and-exist-only-one", first=printable(path.name),
                                          second=printable(twin.name)), _display(path, shown_from),
                                          hint=Message("duplicate-file.merge-them-into-one-file")))
            sources.broken.add(path)
            continue
        source = _take(sources, path, load_yaml, shown_from)
        if source is not None:
            sources.parts[path.stem] = source


def _hidden_page(path: Path, shown_from: Path) -> Diagnostic:
    """A free page whose name starts with '.' ('.brouillon.md', '.en.md'): MkDocs publishes no hidden file, while the
    menu would link to it."""
    name = printable(path.name)
    rest = name.lstrip(".")
    example = "page" + name if rest.removesuffix(".md") in ("fr", "en", "") else rest  # '.en.md': 'page.en.md'
    return Diagnostic("hidden-page", Message("hidden-page.a-free-page-cannot-be", name=name), _display(path,
                                                                                                       shown_from),
                      hint=Message("hidden-page.rename-it-without-the-leading", example=example))


def load_project(root: Path, shown_from: Path | None = None) -> Sources:
    """Load `site_config.yml` and every file of the content folder; unreadable files are noted in `problems`.

    Only regular files are read (see files.py); a folder of the content that is not a folder is one problem
    at its path. Raises PlaybookError when there is nothing to go on: no configuration, no content folder,
    too many files or too many bytes."""
    root = root.resolve()
    shown_from = (shown_from or root).resolve()  # paths in messages are relative to it
    config = _load_config(root, shown_from)
    content_dir = _content_dir(root, config)
    sources = Sources(root=root, config=config, content_dir=content_dir)
    _check_releases(sources, shown_from)
    try:
        listing = entries(content_dir, _display(content_dir, shown_from) + "/")
    except PlaybookError as exc:
        raise PlaybookError(sources.problems + exc.diagnostics) from None
    parts = [path for path in listing if path.suffix in (".yml", ".yaml")]
    networks = _listed(sources, content_dir / "networks", (".yml", ".yaml"), shown_from)
    pages = _listed(sources, content_dir / "pages", (".md",), shown_from)
    tables = _listed(sources, content_dir / TABLES, (".csv",), shown_from)
    _check_total(sources, parts + (networks or []) + (pages or []) + (tables or []), shown_from)
    _parts(sources, parts, shown_from)
    for files, loader, target in ((networks, load_yaml, sources.networks), (pages, load_page, sources.pages)):
        for path in files or []:
            if target is sources.pages and path.name.startswith("."):
                sources.problems.append(_hidden_page(path, shown_from))
                continue
            source = _take(sources, path, loader, shown_from)
            if source is not None:
                target.append(source)
    for path in tables or []:
        table = _take(sources, path, load_table, shown_from)
        if table is not None:
            sources.tables[path.name] = table
    for source in sources.all():  # texts a comment cut short: warned, the file is read as YAML reads it
        sources.problems.extend(cut_text.warnings(source))
    return sources
