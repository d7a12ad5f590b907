"""The guide (docs/): built by the product's engine in strict mode, offline, its reference made from the source."""
from __future__ import annotations

import sys
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from generator import audit
from generator.model.language import Translations
from generator.schema import schemas

DOCS = Path(__file__).resolve().parent.parent / "docs"
sys.path.insert(0, str(DOCS / "hooks"))
import reference  # noqa: E402  (the guide's hook, which makes its reference pages)


@pytest.fixture(scope="module")
def guide(tmp_path_factory) -> Path:
    """The guide built as CI builds it: MkDocs with Material, strict (a broken link or anchor fails the build)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    site = tmp_path_factory.mktemp("guide")
    build(load_config(config_file=str(DOCS / "mkdocs.yml"), site_dir=str(site), strict=True))
    return site


def test_the_guide_builds_strict_and_asks_nothing_outside(guide):
    assert (guide / "index.html").is_file()
    assert audit.outside_requests(guide) == []


def _models_in(annotation) -> list[type[BaseModel]]:
    """The models a field's annotation holds: itself, a list's items, one of a union, inside Annotated."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [] if annotation is Translations else [annotation]
    return [model for arg in typing.get_args(annotation) for model in _models_in(arg)]


def _paths(model: type[BaseModel], prefix: str = "", seen: tuple = ()) -> set[str]:
    """Every field of `model` as a dotted path, read from pydantic's fields (not from the JSON Schema)."""
    found = set()
    for name, field in model.model_fields.items():
        path = f"{prefix}{field.alias or name}"
        found.add(path)
        for inner in _models_in(field.annotation):
            if inner not in seen:
                found |= _paths(inner, f"{path}.", (*seen, inner))
    return found


def test_the_content_reference_lists_every_field_of_every_file(guide):
    from generator.model import Network, PageMeta, SiteConfig
    from generator.parts import PARTS
    models = {"site_config": SiteConfig, **{part.stem: part.model for part in PARTS}, "network": Network,
              "page": PageMeta}
    made = schemas()
    assert set(made) == {f"{stem}.schema.json" for stem in models}
    page = (guide / "reference" / "content.html").read_text(encoding="utf-8")
    for stem, model in models.items():
        listed = {path for path, _, _ in reference.fields(made[f"{stem}.schema.json"])}
        fields = _paths(model, seen=(model,))
        assert fields <= listed, stem
        # beyond the models' fields: the MkDocs settings a playbook may pass, a mapping whose schema lists them
        assert all(path.startswith("mkdocs.") for path in listed - fields), stem
        assert f'id="{stem}"' in page
    assert "<code>within_minutes</code>" in page and "whole number" in page


def test_the_commands_reference_lists_every_command_and_option(guide):
    from generator.cli import COMMANDS, _parser
    listed = [name for name, _, _ in reference.commands()]
    assert {name.split()[1] for name in listed} == set(COMMANDS)
    assert {"playbook acknowledgements serve", "playbook acknowledgements report"} <= set(listed)
    page = (guide / "reference" / "commands.html").read_text(encoding="utf-8")
    for name, _, parser in reference.commands(_parser("en")):
        assert f"{name}</h2>" in page or f"{name}<a" in page, name
        for action in reference.options(parser):
            for option in action.option_strings:
                assert f"<code>{option}</code>" in page, (name, option)
