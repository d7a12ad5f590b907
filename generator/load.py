"""Load stage: read YAML and Markdown sources, keeping where every value came from.

A `Source` holds plain Python data (dicts, lists, scalars) plus the line and column of every
value and key, addressed by its path (`("objectives", 0, "kpis", 1)`). Later stages report
problems by path; the source turns the path back into a position in the author's file.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Diagnostic, PlaybookError

Path_ = tuple  # a path into a document: keys and list indexes
# Bounds that keep a build of the largest accepted playbook within a minute on a 2-core machine
# (benchmarks/largest_input.py): Material's search index is quadratic in the headings of a page, so
# the size of one part is what counts; the whole playbook is bounded too, as every part is a page.
MAX_FILE_BYTES = 512 * 1024
MAX_PLAYBOOK_BYTES = 1024 * 1024
# Aliases are expanded; this bounds the expansion so that an "alias bomb" fails fast, and a file
# that is small on disk cannot stand for more values than a large one.
MAX_NODES = 100_000
MAX_DEPTH = 60  # lists in mappings in lists...: a charter needs fewer than ten levels
MERGE_TAG = "tag:yaml.org,2002:merge"
MAP_TAG = "tag:yaml.org,2002:map"
# libyaml parses about ten times faster; errors are then re-read by the pure-Python parser.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SEQ_TAG = "tag:yaml.org,2002:seq"
STR_TAG = "tag:yaml.org,2002:str"


@dataclass
class Source:
    """One input file: its data and the position of everything in it."""

    path: Path
    display: str
    data: Any = None
    body: str = ""  # Markdown body, for free pages
    body_line: int = 1  # line of the first body line in the file
    marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    # The text of every plain scalar that YAML 1.1 read as something else than text (`+33612345678`,
    # `18:30`, `no`...), so that a text field can show it as written (see model/written.py).
    written: dict[Path_, str] = field(default_factory=dict)

    def position(self, loc: Path_, key: bool = False) -> tuple[int, int]:
        """Line and column of the value at `loc` (of its key if `key`), or of its nearest parent."""
        loc = tuple(loc)
        if key and loc in self.key_marks:
            return self.key_marks[loc]
        while loc:
            if loc in self.marks:
                return self.marks[loc]
            loc = loc[:-1]
        return self.marks.get((), (1, 1))

    def diagnostic(self, loc: Path_, code: str, message: str, hint: str = "", key: bool = False,
                   severity: str = "error") -> Diagnostic:
        line, column = self.position(loc, key=key)
        return Diagnostic(code=code, message=message, file=self.display, line=line, column=column,
                          hint=hint, severity=severity)


class _Converter:
    """Turns a composed YAML node tree into Python data, recording positions and duplicate keys."""

    def __init__(self, source: Source, line_offset: int = 0):
        self.source = source
        self.line_offset = line_offset
        self.constructor = SafeConstructor()
        self.nodes = 0
        self.open: set[int] = set()  # the collections being converted, to find an alias that loops
        self.problems: list[Diagnostic] = []

    def _mark(self, node: Node) -> tuple[int, int]:
        return node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1

    def _problem(self, node: Node, code: str, message: str, hint: str = "") -> None:
        line, column = self._mark(node)
        self.problems.append(Diagnostic(code, message, self.source.display, line, column, hint))

    def convert(self, node: Node, path: Path_ = ()) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooBig(node)
        if len(path) > MAX_DEPTH:
            raise _TooDeep(node)
        if isinstance(node, (MappingNode, SequenceNode)):
            if id(node) in self.open:  # an alias inside its own anchor
                raise _Loop(node)
            self.open.add(id(node))
            try:
                return self._collection(node, path)
            finally:
                self.open.discard(id(node))
        self.source.marks.setdefault(path, self._mark(node))
        value = self._scalar(node)
        if value is not None and not isinstance(value, str) and not node.style and node.value:  # plain, not quoted
            self.source.written[path] = node.value
        return value

    def _collection(self, node: Node, path: Path_) -> Any:
        self.source.marks.setdefault(path, self._mark(node))
        if isinstance(node, (MappingNode, SequenceNode)) and node.tag not in (MAP_TAG, SEQ_TAG):
            self._problem(node, "yaml-tag", f"the YAML tag '{node.tag}' is not allowed here",
                          "remove the tag: playbook content holds only text, numbers, dates, lists and mappings")
            return None
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        return [self.convert(child, path + (i,)) for i, child in enumerate(node.value)]

    def _scalar(self, node: ScalarNode) -> Any:
        if node.tag == STR_TAG:  # most values: no need for the constructor
            return node.value
        try:
            return self.constructor.construct_object(node, deep=True)
        except ConstructorError:
            self._problem(node, "yaml-tag", f"the YAML tag '{node.tag}' is not allowed here",
                          "remove the tag: playbook content holds only text, numbers, dates, lists and mappings")
            return None
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError) as exc:
            # an impossible date such as 2026-02-30, or a tag forced on a word (!!bool maybe)
            reason = f": {exc}" if isinstance(exc, ValueError) else ""
            tag = node.tag.rsplit(":", 1)[-1]
            hint = ("write a real date, as YYYY-MM-DD" if tag == "timestamp" else
                    "write a valid value, or remove the tag (!!...) and put the text in quotes")
            self._problem(node, "yaml-value", f"'{node.value}' cannot be read as a {tag}{reason}", hint)
            return None

    def _pairs(self, node: MappingNode, merging: frozenset[int] = frozenset()) -> list[tuple[Node, Node]]:
        """The mapping's own pairs, with `<<: *anchor` merges expanded (own keys win)."""
        if not any(key.tag == MERGE_TAG for key, _ in node.value):  # nearly every mapping: nothing to merge
            return node.value
        if id(node) in merging:
            raise _Loop(node)
        merging = merging | {id(node)}
        own: list[tuple[Node, Node]] = []
        merged: list[tuple[Node, Node]] = []
        for key_node, value_node in node.value:
            if key_node.tag == MERGE_TAG:
                sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
                for src in sources:
                    if isinstance(src, MappingNode):
                        merged.extend(self._pairs(src, merging))
                    else:
                        self._problem(src, "yaml-merge", "only a mapping can be merged with '<<'")
            else:
                own.append((key_node, value_node))
        own_keys = {k.value for k, _ in own if isinstance(k, ScalarNode)}
        return own + [(k, v) for k, v in merged if k.value not in own_keys]

    def _mapping(self, node: MappingNode, path: Path_) -> dict:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in self._pairs(node):
            if not isinstance(key_node, ScalarNode):
                self._problem(key_node, "yaml-key", "a key must be a plain word, not a list or a mapping")
                continue
            # Keys are kept as written: `no:` stays the word "no", not the boolean false.
            key = str(key_node.value)
            line, column = self._mark(key_node)
            if key in first_seen:
                self._problem(key_node, "duplicate-key",
                              f"the key '{key}' appears twice in the same mapping (first on line {first_seen[key]})",
                              "remove one of them or merge their contents")
                continue
            first_seen[key] = line
            self.source.key_marks[path + (key,)] = (line, column)
            result[key] = self.convert(value_node, path + (key,))
        return result


class _RecursiveAlias(Exception):
    def __init__(self, anchor: str, mark):
        self.anchor, self.mark = anchor, mark


class _AliasAwareLoader(yaml.SafeLoader):
    """The pure-Python composer, stopping on an alias used inside the item its anchor names."""

    def __init__(self, stream):
        super().__init__(stream)
        self._open_anchors: set[str] = set()

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) and event.anchor in self._open_anchors:
            raise _RecursiveAlias(event.anchor, event.start_mark)
        anchor = getattr(event, "anchor", None)
        if anchor is None:
            return super().compose_node(parent, index)
        self._open_anchors.add(anchor)
        try:
            return super().compose_node(parent, index)
        finally:
            self._open_anchors.discard(anchor)


def _locate_recursive_alias(text: str) -> _RecursiveAlias | None:
    try:
        list(yaml.compose_all(text, Loader=_AliasAwareLoader))
    except _RecursiveAlias as found:
        return found
    except (yaml.YAMLError, RecursionError):
        return None  # another problem: the caller reports it in general terms
    return None


class _TooBig(Exception):
    def __init__(self, node: Node):
        self.node = node


class _TooDeep(_TooBig):
    """Values nested deeper than MAX_DEPTH."""


class _Loop(_TooBig):
    """A collection that contains itself through an alias."""


def _decode(raw: bytes, display: str) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise PlaybookError([Diagnostic(
            "encoding", "this file is not UTF-8 text", display, line, column,
            "save the file as UTF-8 (in most editors: 'Save with encoding' > UTF-8)")]) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


UNCLOSED = {
    "while parsing a flow sequence": ("this '[' is never closed", "end the list with ']' on the same line"),
    "while parsing a flow mapping": ("this '{' is never closed", "end the mapping with '}' on the same line"),
    "while scanning a quoted scalar": ("this quote is never closed", "end the text with the same quote mark"),
}


def _yaml_error(exc: yaml.MarkedYAMLError, display: str, line_offset: int) -> Diagnostic:
    if exc.context in UNCLOSED and exc.context_mark is not None:
        # the parser notices only later (at the next key, or at the end): name where it was opened
        message, hint = UNCLOSED[exc.context]
        return Diagnostic("yaml-syntax", f"YAML syntax error: {message}", display,
                          exc.context_mark.line + 1 + line_offset, exc.context_mark.column + 1, hint)
    mark = exc.problem_mark or exc.context_mark
    line = (mark.line + 1 + line_offset) if mark else 1
    column = (mark.column + 1) if mark else 1
    problem = exc.problem or exc.context or "invalid YAML"
    hint = "check the indentation and the punctuation (':' after a key, '- ' before a list item)"
    if "\\t" in problem or "'\\t'" in str(exc) or "tab" in problem:
        problem = "a tab character is used for indentation"
        hint = "YAML indents with spaces only: replace the tab by spaces"
    elif "mapping values are not allowed" in problem:
        hint = "a value that contains ': ' must be put in quotes, or the indentation is off"
    elif "expected <block end>" in problem or "did not find expected" in problem:
        hint = "the indentation of this line does not match the lines around it"
    return Diagnostic("yaml-syntax", f"YAML syntax error: {problem}", display, line, column, hint)


def parse_yaml(text: str, source: Source, line_offset: int = 0) -> Source:
    """Parse YAML `text` into `source.data`, recording positions. Raises PlaybookError."""
    try:
        documents = list(yaml.compose_all(text, Loader=FAST_LOADER))
    except (yaml.YAMLError, RecursionError):
        documents = None  # read it again with the pure-Python parser, whose messages are clearer
    try:
        if documents is None:
            documents = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except RecursionError:
        raise PlaybookError([Diagnostic("yaml-too-deep", f"the values are nested more than {MAX_DEPTH} levels deep",
                                        source.display, 1 + line_offset, 1,
                                        "check the brackets and the indentation: a charter needs only a few "
                                        "levels")]) from None
    except yaml.MarkedYAMLError as exc:
        raise PlaybookError([_yaml_error(exc, source.display, line_offset)]) from None
    except yaml.YAMLError as exc:  # reader errors: control characters and the like
        raise PlaybookError([Diagnostic("yaml-syntax", f"YAML cannot read this file: {exc}", source.display, 1, 1,
                                        "remove control characters from the file")]) from None
    if len(documents) > 1:
        # point at the '---' line that starts the second document, which may be the file's last line
        lines = text.split("\n")
        last = min(documents[1].start_mark.line, len(lines) - 1)
        marker = next((i for i in range(last, 0, -1) if lines[i].startswith("---")), last)
        raise PlaybookError([Diagnostic(
            "yaml-documents", "a second YAML document starts here, after this '---' line",
            source.display, marker + 1 + line_offset, 1,
            "keep one document per file: remove the '---' line or split the file")])
    if not documents or documents[0] is None:
        source.data = None
        return source
    converter = _Converter(source, line_offset)
    try:
        source.data = converter.convert(documents[0])
    except _TooBig as exc:
        line, column = converter._mark(exc.node)
        found = _locate_recursive_alias(text) if isinstance(exc, _Loop) else None
        if found is not None:
            raise PlaybookError([Diagnostic(
                "yaml-recursive", f"the alias *{found.anchor} is used inside &{found.anchor}, the item it refers to",
                source.display, found.mark.line + 1 + line_offset, found.mark.column + 1,
                "an item cannot contain itself: remove the alias or copy the values it stands for")]) from None
        code, message, hint = {
            _Loop: ("yaml-alias-loop", "an alias (*name) is used inside the anchor (&name) it refers to",
                    "an anchor cannot contain itself: copy the values instead"),
            _TooDeep: ("yaml-too-deep", f"the values are nested more than {MAX_DEPTH} levels deep",
                       "check the indentation and the brackets: a charter needs only a few levels"),
        }.get(type(exc), ("yaml-too-big", f"this file expands to more than {MAX_NODES:,} values",
                          "YAML aliases (*name) are expanded: do not nest them in each other"))
        raise PlaybookError([Diagnostic(code, message, source.display, line, column, hint)]) from None
    if converter.problems:
        raise PlaybookError(converter.problems)
    return source


def _size(size: int) -> str:
    """A size in words: '3.1 MB', '512 KB'."""
    return f"{size / 1048576:.1f} MB" if size >= 1048576 else f"{size // 1024} KB"


def _read(path: Path, display: str) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise PlaybookError([Diagnostic(
                "file-too-big", f"{display} is {_size(size)}: a content file may hold at most {_size(MAX_FILE_BYTES)}",
                display, hint="split it: a network per file in networks/, long texts in free pages of their own")])
        raw = path.read_bytes()
    except OSError as exc:
        raise PlaybookError([Diagnostic("read", f"cannot read this file: {exc.strerror}", display)]) from None
    return _decode(raw, display)


def load_yaml(path: Path, display: str) -> Source:
    """Load one YAML file."""
    source = Source(path=path, display=display)
    return parse_yaml(_read(path, display), source)


def load_page(path: Path, display: str) -> Source:
    """Load one Markdown page with optional YAML front matter."""
    text = _read(path, display)
    source = Source(path=path, display=display)
    handler = frontmatter.YAMLHandler()
    if handler.detect(text):
        try:
            fm, body = handler.split(text)
        except ValueError:
            raise PlaybookError([Diagnostic("front-matter", "the front matter is not closed", display, 1, 1,
                                            "end the front matter with a line holding only '---'")]) from None
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


@dataclass
class Sources:
    """Every input of a playbook, loaded but not yet validated."""

    root: Path
    config: Source
    content_dir: Path
    parts: dict[str, Source] = field(default_factory=dict)  # file stem -> source
    networks: list[Source] = field(default_factory=list)
    pages: list[Source] = field(default_factory=list)
    # Files that could not be read: their problems are reported with the validation's.
    problems: list[Diagnostic] = field(default_factory=list)
    broken: set[Path] = field(default_factory=set)

    def all(self) -> list[Source]:
        return [self.config, *self.parts.values(), *self.networks, *self.pages]


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _check_total(sources: Sources, content_dir: Path, shown_from: Path) -> None:
    """A problem when the content files, each within its bound, are together more than a playbook may hold."""
    files = [p for p in content_dir.rglob("*") if p.suffix in (".yml", ".yaml", ".md") and p.is_file()]
    total = sum(p.stat().st_size for p in files)
    if total > MAX_PLAYBOOK_BYTES:
        largest = max(files, key=lambda p: p.stat().st_size)
        sources.problems.append(Diagnostic(
            "playbook-too-big", f"the content files are {_size(total)} in all: a playbook may hold at most "
            f"{_size(MAX_PLAYBOOK_BYTES)}", _display(content_dir, shown_from) + "/",
            hint=f"shorten or split the playbook; the largest file is {_display(largest, shown_from)} "
            f"({_size(largest.stat().st_size)})"))


def load_project(root: Path, shown_from: Path | None = None) -> Sources:
    """Load `site_config.yml` and every file of the content folder; unreadable files are noted in `problems`."""
    root = root.resolve()
    config_path = root / CONFIG_FILE
    if not config_path.is_file():
        raise PlaybookError([Diagnostic(
            "no-config", f"no {CONFIG_FILE} in {root}", hint="run the command from a playbook folder, "
            "or create one with 'playbook init DIR'")])
    shown_from = (shown_from or root).resolve()  # paths in messages are relative to it
    config = load_yaml(config_path, _display(config_path, shown_from))
    content_name = "content"
    if isinstance(config.data, dict) and isinstance(config.data.get("content_dir"), str):
        content_name = config.data["content_dir"]
    content_dir = root / content_name
    if not _inside(content_dir, root):
        raise PlaybookError([config.diagnostic(
            ("content_dir",), "path-outside", f"content_dir '{content_name}' points outside the playbook folder",
            "give a folder inside the playbook folder, such as 'content'")])
    if not content_dir.is_dir():
        raise PlaybookError([config.diagnostic(("content_dir",), "no-content",
                                               f"the content folder '{content_name}' does not exist",
                                               "create it, or fix content_dir in site_config.yml")])
    sources = Sources(root=root, config=config, content_dir=content_dir)
    problems = sources.problems

    def take(path: Path, loader):
        display = _display(path, shown_from)
        if not _inside(path, content_dir):  # a link, or a file in a linked folder, that leads outside
            problems.append(Diagnostic("path-outside", "this file is a link to a file outside the content folder",
                                       display, hint="copy the file into the content folder instead of linking it"))
            sources.broken.add(path)
            return None
        try:
            return loader(path, display)
        except PlaybookError as exc:
            problems.extend(exc.diagnostics)
            sources.broken.add(path)
            return None

    for path in sorted(content_dir.iterdir()):
        if path.is_file() and path.suffix in (".yml", ".yaml"):
            twin = path.with_suffix(".yml" if path.suffix == ".yaml" else ".yaml")
            if path.suffix == ".yaml" and twin.exists():
                problems.append(Diagnostic("duplicate-file", f"both {path.name} and {twin.name} exist: only one "
                                           "can hold this part", _display(path, shown_from),
                                           hint="merge them into one file and delete the other"))
                sources.broken.add(path)
                continue
            source = take(path, load_yaml)
            if source is not None:
                sources.parts[path.stem] = source
    _check_total(sources, content_dir, shown_from)
    for folder, loader, suffixes, target in (
        ("networks", load_yaml, (".yml", ".yaml"), sources.networks),
        ("pages", load_page, (".md",), sources.pages),
    ):
        directory = content_dir / folder
        if directory.is_dir() and not _inside(directory, content_dir):
            problems.append(Diagnostic("path-outside", f"the folder {folder}/ is a link to a folder outside the content "
                                       "folder", _display(directory, shown_from),
                                       hint="copy the files into the content folder instead of linking them"))
        elif directory.is_dir():
            for path in sorted(directory.iterdir()):
                if path.is_file() and path.suffix in suffixes:
                    source = take(path, loader)
                    if source is not None:
                        target.append(source)
    return sources
