"""The examples of examples/: each checks with no warning and builds, with a page for each part it has and none
for the parts it leaves out."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.commands import build, check
from generator.parts import PARTS
from generator.schema import FOLDER, schema_for, write_schemas

from .conftest import copy_playbook

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# each example: the parts it has (besides charter.yml) and its networks, in menu order
EXPECTED = {
    "pays-de-valmorin": {"parts": ("comments", "personal_use"), "networks": ("facebook", "instagram", "linkedin"),
                         "language": "fr"},
}


def test_every_example_is_tested():
    assert sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", EXPECTED)
def test_example_checks_with_no_warning(name):
    checked = check.run(EXAMPLES / name)
    assert checked.warnings == []
    assert [n.id for n in checked.playbook.networks] == list(EXPECTED[name]["networks"])


@pytest.mark.parametrize("name", EXPECTED)
def test_example_builds_its_pages_and_none_for_absent_parts(name, tmp_path):
    expected = EXPECTED[name]
    built = build.run(copy_playbook(EXAMPLES / name, tmp_path / name))
    assert built.warnings == []
    site = built.output
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")
             if p.relative_to(site).parts[0] not in ("assets", "search")}
    assert pages == {"index.html", "404.html", "glossary.html", "onboarding.html", "readiness.html",
                     *(f"{stem}.html" for stem in expected["parts"]),
                     *(f"networks/{network}.html" for network in expected["networks"])}
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f'<html lang="{expected["language"]}"' in home
    for part in PARTS:
        if part.page and part.stem not in expected["parts"]:
            assert f'href="{part.stem}.html' not in home, part.stem
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert {doc["location"].split("#")[0] for doc in index["docs"]} <= pages


@pytest.mark.parametrize("name", EXPECTED)
def test_example_files_name_and_satisfy_their_schemas(name, tmp_path):
    root = EXAMPLES / name
    write_schemas(tmp_path / FOLDER)
    content = root / "content"
    for path in [root / "site_config.yml", *content.glob("*.yml"), *(content / "networks").glob("*.yml")]:
        named = schema_for(path, content, root)
        assert path.read_text(encoding="utf-8").splitlines()[0] == f"# yaml-language-server: $schema={named}", path
        schema = json.loads((tmp_path / FOLDER / Path(named).name).read_text(encoding="utf-8"))
        data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
        assert [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(data)] == [], path
