"""JSON Schema of every content file, generated from the models, for editors that complete and check YAML.

The schemas are never written by hand: `playbook schema` exports them from the pydantic models,
and each YAML file names its schema on its first line (`# yaml-language-server: $schema=...`),
which editors with a YAML language server follow.
"""
from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from .model import Network, PageMeta, SiteConfig
from .parts import PARTS

FOLDER = "schemas"


def schemas() -> dict[str, dict]:
    """File name of each schema -> the schema."""
    models: dict[str, type[BaseModel]] = {"site_config": SiteConfig, **{part.stem: part.model for part in PARTS},
                                          "network": Network, "page": PageMeta}
    out = {}
    for name, model in models.items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"playbook: {name}"
        out[f"{name}.schema.json"] = schema
    return out


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into `folder`; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = folder / name
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        written.append(path)
    return written


def schema_for(path: Path, content_dir: Path, root: Path) -> str:
    """The schema a YAML file of the playbook follows, as a path relative to that file."""
    if path == root / "site_config.yml":
        name = "site_config"
    elif path.parent == content_dir / "networks":
        name = "network"
    else:
        name = path.stem
    relative = Path(*([".."] * len(path.parent.relative_to(root).parts))) / FOLDER / f"{name}.schema.json"
    return relative.as_posix()
