"""The guide's reference pages, made from the source at each build of the guide, never written twice.

- `reference/content.md`: every content file and every field, from the JSON Schemas that the models give
  (`playbook schema` writes the same schemas for editors): its type, whether it is required, its default, its
  description and examples;
- `reference/commands.md`: every command and option, from the command line's own parser.

MkDocs runs `on_files` (a hook named in mkdocs.yml); the tests call `content_page` and `commands_page` too, and
compare what they list with the models and the parser.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, Iterator

PAGES = {"reference/content.md": "content_page", "reference/commands.md": "commands_page"}
NO_DEFAULT = object()


REPOSITORY = Path(__file__).resolve().parent.parent.parent
SHIPPED = ("deploy",)  # folders of the repository the guide serves as they are, to read or download


def on_files(files: Any, config: Any) -> Any:
    from mkdocs.structure.files import File
    for uri, maker in PAGES.items():
        files.append(File.generated(config, uri, content=globals()[maker]()))
    for folder in SHIPPED:
        for path in sorted((REPOSITORY / folder).iterdir()):
            files.append(File.generated(config, f"{folder}/{path.name}", content=path.read_bytes()))
    return files


# ---- content files -------------------------------------------------------------------------------------------------

def _resolve(schema: dict, node: dict) -> dict:
    ref = node.get("$ref")
    return schema["$defs"][ref.rsplit("/", 1)[1]] if ref else node


def _kind(schema: dict, node: dict) -> str:
    """A field's type in words: 'text', 'whole number', 'list of Contact', 'text, or one per language'..."""
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[1]
        if name == "Translations":
            return "one text per language ({fr: …, en: …})"
        return _kind(schema, {k: v for k, v in _resolve(schema, node).items() if k != "title"})
    if "anyOf" in node:
        kinds = [_kind(schema, each) for each in node["anyOf"] if each.get("type") != "null"]
        return " or ".join(dict.fromkeys(kinds))
    if "enum" in node:
        return "one of " + ", ".join(f"`{value}`" for value in node["enum"])
    kind = node.get("type", "any")
    if isinstance(kind, list):  # ["string", "number"]
        return " or ".join(_kind(schema, {**node, "type": each}) for each in kind if each != "null")
    if kind == "array":
        inner = _kind(schema, node.get("items", {}))
        return "list of mappings" if inner == "mapping" else f"list of {inner}"
    return {"string": "text", "integer": "whole number", "number": "number", "boolean": "true or false",
            "object": "mapping"}.get(kind, str(kind))


def _object_of(schema: dict, node: dict) -> dict | None:
    """The object a field holds (itself, a list's items, or one choice of anyOf), if it has fields of its own."""
    if node.get("$ref", "").endswith("/Translations"):  # {fr: …, en: …}: said by the field's type
        return None
    node = _resolve(schema, node)
    if node.get("type") == "array":
        return _object_of(schema, node.get("items", {}))
    for each in node.get("anyOf", []):
        found = _object_of(schema, each)
        if found is not None:
            return found
    return node if node.get("properties") else None


def fields(schema: dict, node: dict | None = None, prefix: str = "", seen: tuple = ()) -> Iterator[tuple[str, dict, bool]]:
    """(dotted path, field schema, required) for every field of `node` (by default the file's), depth first."""
    node = schema if node is None else node
    required = set(node.get("required", []))
    for name, field in node.get("properties", {}).items():
        path = f"{prefix}{name}"
        yield path, field, name in required
        inner = _object_of(schema, field)
        if inner is not None and inner.get("title") not in seen:
            yield from fields(schema, inner, f"{path}.", (*seen, inner.get("title")))


def _escaped(text: str) -> str:
    """A description as text, not as HTML: it may say "without <, > or \""."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _line(schema: dict, path: str, field: dict, required: bool) -> str:
    depth = path.count(".")
    words = [f"`{path.rsplit('.', 1)[-1]}`", _kind(schema, field), "**required**" if required else "optional"]
    default = field.get("default", NO_DEFAULT)
    if not required and default not in (NO_DEFAULT, None, "", [], {}):
        words.append(f"default `{default}`")
    text = "    " * depth + "- " + " — ".join(words)
    if field.get("description"):
        text += f": {_escaped(' '.join(field['description'].split()))}"
    if field.get("examples"):
        shown = [example if isinstance(example, str) else json.dumps(example, ensure_ascii=False)
                 for example in field["examples"]]  # as YAML's flow style writes it: ["linkedin", "instagram"]
        text += " Example: " + ", ".join(f"`{example}`" for example in shown) + "."
    return text


def content_page() -> str:
    from generator.schema import schemas
    out = ["# Content files", "",
           "Every file of a playbook and every field it may hold, made from the models that check them (the same",
           "models give the JSON Schemas that `playbook schema` writes for editors). A field inside a list or a",
           "mapping is indented under it.", ""]
    for name, schema in schemas().items():
        stem = name.removesuffix(".schema.json")
        where = {"site_config": "`site_config.yml`", "network": "`content/networks/<id>.yml`",
                 "page": "the front matter of a free page, `content/pages/<name>.md`"}.get(stem, f"`content/{stem}.yml`")
        out += [f"## {stem}", "", f"File: {where}.", ""]
        if schema.get("description"):
            out += [_escaped(" ".join(schema["description"].split())), ""]
        out += [_line(schema, path, field, required) for path, field, required in fields(schema)] + [""]
    return "\n".join(out)


# ---- commands ------------------------------------------------------------------------------------------------------

def commands(parser: argparse.ArgumentParser | None = None, prefix: str = "playbook") -> Iterator[tuple[str, str, argparse.ArgumentParser]]:
    """(command, help, its parser) for every command and sub-command, in the parser's order."""
    if parser is None:
        from generator.cli import _parser
        parser = _parser("en")
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help for choice in action._choices_actions}
            for name, sub in action.choices.items():
                yield f"{prefix} {name}", helps.get(name, ""), sub
                yield from commands(sub, f"{prefix} {name}")


def options(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [a for a in parser._actions
            if not isinstance(a, (argparse._HelpAction, argparse._SubParsersAction))]


def _option(action: argparse.Action) -> str:
    name = ", ".join(f"`{each}`" for each in action.option_strings) or f"`{action.dest.upper()}`"
    words = [name]
    if action.choices:
        words.append("one of " + ", ".join(f"`{c}`" for c in action.choices))
    if action.required and action.option_strings:
        words.append("**required**")
    text = " — ".join(words)
    return f"- {text}: {action.help}" if action.help else f"- {text}"


def commands_page() -> str:
    out = ["# Commands", "", "Every command and option, from the command line's own parser (`playbook COMMAND --help`",
           "prints the same). Exit codes: `0` success, `1` the playbook has errors, `2` wrong usage.", ""]
    for name, help_text, parser in commands():
        if any(isinstance(a, argparse._SubParsersAction) for a in parser._actions):
            out += [f"## {name}", "", f"{help_text[:1].upper()}{help_text[1:]}.", ""]
            continue
        out += [f"## {name}", "", f"{help_text[:1].upper()}{help_text[1:]}.", "", "```",
                parser.format_usage().strip().replace("usage: ", ""), "```", ""]
        out += [_option(action) for action in options(parser)] + [""]
    return "\n".join(out)
