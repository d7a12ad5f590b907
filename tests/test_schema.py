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
