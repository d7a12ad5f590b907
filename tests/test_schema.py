"""JSON Schemas for editors: generated from the models, named by every file, agreeing with the validator."""
from __future__ import annotations

import datetime
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.commands import init
from generator.resources import example_dir, scaffold_dir
from generator.schema import FOLDER, schema_for, schemas, write_schemas

from .test_bad_inputs import CASES, apply

SCHEMA_CODES = {"unknown-key", "missing-key", "invalid-value", "string-type", "int-parsing", "list-type",
                "dict-type", "model-type", "not-a-mapping", "empty", "out-of-range", "invalid-id", "bool-parsing"}


def yaml_files(root: Path) -> list[Path]:
    content = root / "content"
    return [root / "site_config.yml", *sorted(content.glob("*.yml")), *sorted((content / "networks").glob("*.yml"))]


def as_json(value):
    """What an editor's schema check sees: dates are text."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def schema_errors(root: Path, path: Path) -> list[str]:
    schema = json.loads((root / FOLDER / Path(schema_for(path, root / "content", root)).name).read_text())
    data = as_json(yaml.safe_load(path.read_text(encoding="utf-8-sig")))
    return [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(data)]


def test_committed_schemas_are_the_generated_ones():
    folder = example_dir() / FOLDER
    committed = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.json")}
    assert committed == schemas(), "run 'playbook schema' and commit schemas/"


ROOTS = {"example": example_dir(), "fr": scaffold_dir("fr"), "en": scaffold_dir("en"),
         "minimal-fr": scaffold_dir("fr", minimal=True), "minimal-en": scaffold_dir("en", minimal=True)}


@pytest.mark.parametrize("root", ROOTS.values(), ids=ROOTS.keys())
def test_every_yaml_file_names_its_schema(root):
    for path in yaml_files(root):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema={schema_for(path, root / 'content', root)}", path


@pytest.mark.parametrize("minimal", [False, True], ids=["full", "minimal"])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_init_writes_the_schemas_its_files_name(tmp_path, language, minimal):
    root = init.run(tmp_path / "new", language, minimal)
    for path in yaml_files(root):
        assert schema_errors(root, path) == [], path


def test_example_satisfies_the_schemas():
    root = example_dir()
    for path in yaml_files(root):
        assert schema_errors(root, path) == [], path


@pytest.mark.parametrize("case", [c for c in CASES if c.get("expect", {}).get("code") in SCHEMA_CODES
                                  and str(c["expect"].get("file", "")).endswith(".yml")], ids=lambda c: c["name"])
def test_schemas_reject_what_the_validator_rejects(case, starter, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    for step in case["mutate"]:
        apply(step, starter, outside)
    write_schemas(starter / FOLDER)
    assert schema_errors(starter, starter / case["expect"]["file"]), case["name"]


def objects(node):
    """Every object schema inside `node` (the root, its $defs, nested ones), as (where, schema)."""
    if isinstance(node, dict):
        if isinstance(node.get("properties"), dict):
            yield node
        for key, value in node.items():
            yield from objects(list(value.values()) if key == "properties" and isinstance(value, dict) else value)
    elif isinstance(node, list):
        for value in node:
            yield from objects(value)


@pytest.mark.parametrize("name", sorted(schemas()))
def test_every_field_has_a_description(name):
    """An editor shows a key's description when hovering it: every property of every object has one."""
    schema = schemas()[name]
    undescribed = [f"{obj.get('title', '?')}.{key}" for obj in objects(schema)
                   for key, prop in obj["properties"].items() if not str(prop.get("description", "")).strip()]
    assert undescribed == [], "give these fields a docstring in generator/model/"
    for title, obj in [("the file", schema), *schema.get("$defs", {}).items()]:
        if title == "Translations":  # a branch of a text field's anyOf: the editor would show it instead
            assert "description" not in obj and "title" not in obj, "the field's description would be hidden"
        else:
            assert str(obj.get("description", "")).strip(), f"{name}: {title} has no description (a class docstring)"


def test_texts_in_each_language_say_so():
    for name, schema in schemas().items():
        for obj in objects(schema):
            for key, prop in obj["properties"].items():
                if "#/$defs/Translations" in json.dumps(prop):
                    assert "{fr: ..., en: ...}" in prop["description"], (name, key)


def test_fields_whose_format_is_not_obvious_have_examples():
    charter, crisis = schemas()["charter.schema.json"], schemas()["crisis.schema.json"]
    roles, editorial = schemas()["roles.schema.json"], schemas()["editorial.schema.json"]
    site = schemas()["site_config.schema.json"]
    title = charter["properties"]["title"]
    assert {"fr": "Charte des réseaux sociaux", "en": "Social media charter"} in title["examples"]
    assert "{fr: ..., en: ...}" in title["description"]
    assert charter["properties"]["effective_date"]["examples"] == ["2025-09-01"]
    step = crisis["$defs"]["EscalationStep"]["properties"]
    assert "minutes" in step["within_minutes"]["description"] and step["within_minutes"]["examples"]
    assert any(isinstance(e, list) for e in step["role"]["examples"])  # a list of roles: any one of them
    assert any(isinstance(e, list) for e in roles["$defs"]["RaciActivity"]["properties"]["accountable"]["examples"])
    assert sum(editorial["$defs"]["NetworkEditorial"]["properties"]["mix"]["examples"][0].values()) == 100
    assert site["properties"]["networks"]["examples"] and site["properties"]["language"]["examples"]
    for schema in schemas().values():  # every id of an item
        for obj in objects(schema):
            if "id" in obj["properties"]:
                assert obj["properties"]["id"].get("examples"), obj.get("title")


def test_examples_satisfy_their_field():
    """An example an editor offers is one the schema accepts."""
    for name, schema in schemas().items():
        for obj in objects(schema):
            for key, prop in obj["properties"].items():
                for example in prop.get("examples", []):
                    field = {k: v for k, v in prop.items() if k not in ("examples", "default")}
                    validator = jsonschema.Draft202012Validator({**field, "$defs": schema.get("$defs", {})})
                    assert not list(validator.iter_errors(example)), (name, key, example)
