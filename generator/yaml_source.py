"""YAML text into a `Source`: plain data, and the line and column of every value and key.

A `Source` holds plain Python data (dicts, lists, scalars) plus the line and column of every
value and key, addressed by its path (`("objectives", 0, "kpis", 1)`). Later stages report
problems by path; the source turns the path back into a position in the author's file.

Every problem of the text (syntax, tags, aliases, sizes, characters YAML refuses) is raised as a
PlaybookError located where the author can find it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .characters import describe, removal_hint
from .diagnostics import Diagnostic, PlaybookError
from .message import Message
from .words import yaml_type_word

Path_ = tuple  # a path into a document: keys and list indexes
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
# What PyYAML's reader refuses: C0 and C1 controls but tab, line ends and NEL, DEL, lone surrogates, U+FFFE.
_NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # the line ends YAML counts lines by
_COMMENT = re.compile(r"[ \t]+(#.*)")  # what may follow a plain text on its line: a comment
_AFTER_SOMETHING = re.compile(r"\S[ \t]+#")  # a line where a comment may follow a value


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
    # Every plain text that a comment ends on its last line (`text: see #news` is the text "see"): the
    # line and column of its '#', and the comment as written, for a warning (see cut_text.py).
    cut: dict[Path_, tuple[int, int, str]] = field(default_factory=dict)
    # Every literal block text (`text: |`): the line and column of its first line, whose lines are the
    # file's lines one for one (see markdown_text.py, which warns at a line of such a text).
    literal: dict[Path_, tuple[int, int]] = field(default_factory=dict)

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

    def __init__(self, source: Source, line_offset: int = 0, text: str = ""):
        self.source = source
        self.text = text
        # the lines of the text where a comment follows something, by index: found when first needed
        self.commented: dict[int, str] | None = None
        self.lines: list[str] | None = None  # the lines of the text, split when a literal block text needs them
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
        if node.style == "|":
            self._literal(node, path)
        value = self._scalar(node)
        if value is not None and not isinstance(value, str) and not node.style and node.value:  # plain, not quoted
            self.source.written[path] = node.value
        elif not node.style and (isinstance(value, str) or not node.value):  # a plain text, or nothing
            if self.commented is None:
                self.commented = {i: line for i, line in enumerate(_LINE_BREAK.split(self.text))
                                  if _AFTER_SOMETHING.search(line)}
            if node.end_mark.line in self.commented:
                self._comment_after(node, path)
        return value

    def _literal(self, node: ScalarNode, path: Path_) -> None:
        """Note where the lines of the literal block text `node` start: the line after its '|', at its indentation."""
        if self.lines is None:
            self.lines = _LINE_BREAK.split(self.text)
        first = node.start_mark.line + 1
        written = [line for line in self.lines[first:node.end_mark.line + 1] if line.strip()]
        indent = len(written[0]) - len(written[0].lstrip(" ")) if written else 0
        self.source.literal.setdefault(path, (first + 1 + self.line_offset, indent + 1))

    def _comment_after(self, node: ScalarNode, path: Path_) -> None:
        """Note a comment on the last line of the plain text (or empty value) `node`: YAML ended the text before it."""
        end = node.end_mark
        found = _COMMENT.match(self.commented[end.line][end.column:])
        if found:
            line, column = end.line + 1 + self.line_offset, end.column + found.start(1) + 1
            self.source.cut[path] = (line, column, found.group(1).rstrip())

    def _collection(self, node: Node, path: Path_) -> Any:
        self.source.marks.setdefault(path, self._mark(node))
        if isinstance(node, (MappingNode, SequenceNode)) and node.tag not in (MAP_TAG, SEQ_TAG):
            self._problem(node, "yaml-tag", Message("yaml-tag.the-yaml-tag-is-not", tag=node.tag),
                          Message("yaml-tag.remove-the-tag-playbook-content"))
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
            self._problem(node, "yaml-tag", Message("yaml-tag.the-yaml-tag-is-not", tag=node.tag),
                          Message("yaml-tag.remove-the-tag-playbook-content"))
            return None
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError) as exc:
            # an impossible date such as 2026-02-30, or a tag forced on a word (!!bool maybe)
            tag = node.tag.rsplit(":", 1)[-1]
            if tag == "int" and "digits" in str(exc):  # beyond Python's 4,300 digits: shown cut, as numbers are
                cut = f"{node.value[:12]}… ({len(node.value)} digits)"
                self._problem(node, "out-of-range", Message("out-of-range.too-large-a-number-to-read", value=cut),
                              Message("out-of-range.write-a-number-of-at"))
                return None
            hint = (Message("yaml-value.write-a-real-date-as") if tag == "timestamp" else
                    Message("yaml-value.write-a-valid-value-or"))
            said, value = yaml_type_word(tag), node.value
            self._problem(node, "yaml-value", Message("yaml-value.cannot-be-read-as-because", value=value, type=said,
                                                      reason=str(exc)) if isinstance(exc, ValueError) else
                          Message("yaml-value.cannot-be-read-as", value=value, type=said), hint)
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
                        self._problem(src, "yaml-merge", Message("yaml-merge.only-a-mapping-can-be"))
            else:
                own.append((key_node, value_node))
        own_keys = {k.value for k, _ in own if isinstance(k, ScalarNode)}
        return own + [(k, v) for k, v in merged if k.value not in own_keys]

    def _mapping(self, node: MappingNode, path: Path_) -> dict:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in self._pairs(node):
            if not isinstance(key_node, ScalarNode):
                self._problem(key_node, "yaml-key", Message("yaml-key.a-key-must-be-a"))
                continue
            # Keys are kept as written: `no:` stays the word "no", not the boolean false.
            key = str(key_node.value)
            line, column = self._mark(key_node)
            if key in first_seen:
                self._problem(key_node, "duplicate-key",
                              Message("duplicate-key.the-key-appears-twice-in", key=key, line=first_seen[key]),
                              Message("duplicate-key.remove-one-of-them-or"))
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


UNCLOSED = {
    "while parsing a flow sequence": (Message("yaml-syntax.this-is-never-closed"),
                                      Message("yaml-syntax.end-the-list-with-on")),
    "while parsing a flow mapping": (Message("yaml-syntax.this-is-never-closed-2"),
                                     Message("yaml-syntax.end-the-mapping-with-on")),
    "while scanning a quoted scalar": (Message("yaml-syntax.this-quote-is-never-closed"),
                                       Message("yaml-syntax.end-the-text-with-the")),
}


def _yaml_error(exc: yaml.MarkedYAMLError, display: str, line_offset: int) -> Diagnostic:
    if exc.context in UNCLOSED and exc.context_mark is not None:
        # the parser notices only later (at the next key, or at the end): name where it was opened
        message, hint = UNCLOSED[exc.context]
        return Diagnostic("yaml-syntax", Message("yaml-syntax.yaml-syntax-error", problem=message), display,
                          exc.context_mark.line + 1 + line_offset, exc.context_mark.column + 1, hint)
    mark = exc.problem_mark or exc.context_mark
    line = (mark.line + 1 + line_offset) if mark else 1
    column = (mark.column + 1) if mark else 1
    problem = exc.problem or exc.context or Message("yaml-syntax.invalid-yaml")
    hint = Message("yaml-syntax.check-the-indentation-and-the")
    if "\\t" in problem or "'\\t'" in str(exc) or "tab" in problem:
        problem = Message("yaml-syntax.a-tab-character-is-used")
        hint = Message("yaml-syntax.yaml-indents-with-spaces-only")
    elif "mapping values are not allowed" in problem:
        hint = Message("yaml-syntax.a-value-that-contains-must")
    elif "expected <block end>" in problem or "did not find expected" in problem:
        hint = Message("yaml-syntax.the-indentation-of-this-line")
    return Diagnostic("yaml-syntax", Message("yaml-syntax.yaml-syntax-error", problem=problem), display, line, column,
                      hint)


def _character_name(char: str) -> str:
    """A character YAML refuses, as a reader can find it: 'U+0000 NUL', 'U+FFFE (not a character)'."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return Message("yaml-character.half-of-a-pair", code=f"{code:04X}")
    if code in (0xFFFE, 0xFFFF):
        return Message("yaml-character.not-a-character", code=f"{code:04X}")
    return describe(char)


def _refused_character(text: str, display: str, line_offset: int) -> Diagnostic:
    """The first character of `text` that YAML refuses, at its line and column in the file.

    PyYAML checks every character before parsing and names only an offset; the place is counted here,
    in the text as read (line ends made '\\n'), as the parser counts columns: in characters."""
    found = _NON_PRINTABLE.search(text)
    if found is None:  # not expected: the reader refuses nothing else
        return Diagnostic("yaml-syntax", Message("yaml-syntax.yaml-cannot-read-this-file"), display, 1 + line_offset, 1)
    before = text[: found.start()]
    line = before.count("\n") + 1 + line_offset
    column = found.start() - (before.rfind("\n") + 1) + 1
    nuls = text.count("\x00")
    hint = Message("invisible-character.remove-it-nul", code=f"{ord(found.group()):04X}", n=nuls) if nuls > 1 \
        else removal_hint(found.group())
    return Diagnostic("invisible-character", Message("invisible-character.this-file-holds-a-character",
                                                     character=_character_name(found.group())), display, line, column,
                                                     hint)


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
        raise PlaybookError([Diagnostic("yaml-too-deep", Message("yaml-too-deep.the-values-are-nested-more",
                                                                 n=MAX_DEPTH),
                                        source.display, 1 + line_offset, 1,
                                        Message("yaml-too-deep.check-the-brackets-and-the"))]) from None
    except yaml.MarkedYAMLError as exc:
        raise PlaybookError([_yaml_error(exc, source.display, line_offset)]) from None
    except yaml.YAMLError:  # the reader's error: a character YAML refuses, named by its place in the text
        raise PlaybookError([_refused_character(text, source.display, line_offset)]) from None
    if len(documents) > 1:
        # point at the '---' line that starts the second document, which may be the file's last line
        lines = text.split("\n")
        last = min(documents[1].start_mark.line, len(lines) - 1)
        marker = next((i for i in range(last, 0, -1) if lines[i].startswith("---")), last)
        raise PlaybookError([Diagnostic(
            "yaml-documents", Message("yaml-documents.a-second-yaml-document-starts"),
            source.display, marker + 1 + line_offset, 1,
            Message("yaml-documents.keep-one-document-per-file"))])
    if not documents or documents[0] is None:
        source.data = None
        return source
    converter = _Converter(source, line_offset, text)
    try:
        source.data = converter.convert(documents[0])
    except _TooBig as exc:
        line, column = converter._mark(exc.node)
        found = _locate_recursive_alias(text) if isinstance(exc, _Loop) else None
        if found is not None:
            raise PlaybookError([Diagnostic(
                "yaml-recursive", Message("yaml-recursive.the-alias-is-used-inside", name=found.anchor),
                source.display, found.mark.line + 1 + line_offset, found.mark.column + 1,
                Message("yaml-recursive.an-item-cannot-contain-itself"))]) from None
        code, message, hint = {
            _Loop: ("yaml-alias-loop", Message("yaml-source.an-alias-name-is-used"),
                    Message("yaml-source.an-anchor-cannot-contain-itself")),
            _TooDeep: ("yaml-too-deep", Message("yaml-too-deep.the-values-are-nested-more", n=MAX_DEPTH),
                       Message("yaml-source.check-the-indentation-and-the")),
        }.get(type(exc), ("yaml-too-big", Message("yaml-source.this-file-expands-to-more", n=f"{MAX_NODES:,}"),
                          Message("yaml-source.yaml-aliases-name-are-expanded")))
        raise PlaybookError([Diagnostic(code, message, source.display, line, column, hint)]) from None
    if converter.problems:
        raise PlaybookError(converter.problems)
    return source


def value_at(data: Any, path: tuple) -> Any:
    """The value at `path` (keys and indexes) in loaded YAML, or None where there is none."""
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data
