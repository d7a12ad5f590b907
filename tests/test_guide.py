"""The guide (docs/): built by the product's engine in strict mode, offline, its reference made from the source."""
from __future__ import annotations

import os
import re
import subprocess
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
    for path in (DOCS.parent / "deploy").iterdir():  # the how-to's links to the whole files lead to them
        assert (guide / "deploy" / path.name).read_bytes() == path.read_bytes()
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


FENCE = re.compile(r"^```[ \t]*(?P<info>[^\n]*)\n(?P<code>.*?)^```[ \t]*$", re.M | re.S)


def tutorial_steps(page: Path) -> list[tuple[str, str]]:
    """The tutorial's commands, in order: ('run', block) for a ```sh block, ('server', block) for a block of class
    `server` (a service the reader starts in a second terminal). Blocks of other languages are for reading."""
    steps = []
    for match in FENCE.finditer(page.read_text(encoding="utf-8")):
        info = match.group("info")
        classes = re.findall(r"\.([\w-]+)", info) if info.startswith("{") else [info.strip()]
        if "sh" in classes:
            steps.append(("server" if "server" in classes else "run", match.group("code")))
    return steps


def _script(steps: list[tuple[str, str]], log: Path) -> str:
    """One bash script running the steps as a reader would, stopping at the first that fails; a server step is
    started in the background, waited for until it says where it listens, and stopped at the end."""
    lines = ["set -euo pipefail", "servers=()", 'trap \'for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null; '
             'wait "$pid" 2>/dev/null || true; done\' EXIT']
    for kind, code in steps:
        if kind == "run":
            lines.append(code)
            continue
        lines += [f"( {code.strip()} ) > '{log}' 2>&1 &", "servers+=($!)",
                  f"for _ in $(seq 1 240); do grep -q ' on http' '{log}' && break; "
                  f"kill -0 \"${{servers[-1]}}\" 2>/dev/null || {{ cat '{log}'; exit 1; }}; sleep 0.5; done",
                  f"grep -q ' on http' '{log}' || {{ cat '{log}'; exit 1; }}"]
    return "\n".join(lines) + "\n"


@pytest.mark.slow
def test_the_tutorial_runs_as_written(tmp_path):
    steps = tutorial_steps(DOCS / "guide" / "tutorial.md")
    assert [kind for kind, _ in steps].count("server") == 1 and len(steps) >= 8
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "NO_MKDOCS_2_WARNING": "1", "HOME": str(tmp_path)}
    env.pop("PLAYBOOK_LANG", None)
    run = subprocess.run(["bash", "-c", _script(steps, tmp_path / "server.log")], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    charter = tmp_path / "my-charter"
    assert (charter / "releases" / "2.0.sig").is_file()
    assert "Comment moderation › Response times › Instagram" in run.stdout
    assert "2 release(s) verified." in run.stdout or "2 releases verified." in run.stdout
    site = charter / "site"
    assert "acknowledged version {version} on {date}" in (site / "latest" / "personal_use.html").read_text("utf-8")
    assert "acknowledged version" not in (site / "draft" / "personal_use.html").read_text("utf-8")  # the draft: no
    assert '"status":"ok"' in run.stdout.replace(" ", "")
    assert "Acknowledgements of version 2.0" in run.stdout
