"""playbook schema: export the JSON Schema of every content file, for editors."""
from __future__ import annotations

from pathlib import Path

import yaml

from ..diagnostics import Diagnostic, PlaybookError
from ..files import read_text
from ..load import CONFIG_FILE
from ..releases import releases_dir
from ..schema import FOLDER, write_schemas
from ..message import Message


def _content_dir(root: Path) -> Path:
    """The content folder site_config.yml names; the default when the file cannot say (check reports why)."""
    try:
        config = yaml.safe_load(read_text(root / CONFIG_FILE, CONFIG_FILE))  # a file only: never a pipe's wait
    except (PlaybookError, yaml.YAMLError):
        config = None
    configured = config.get("content_dir") if isinstance(config, dict) else None
    return (root / (configured if isinstance(configured, str) and configured.strip() else "content")).resolve()


def _where(root: Path, out: Path) -> str:
    """`out` as a diagnostic names it: from the playbook folder when it is inside."""
    return f"{out.relative_to(root).as_posix()}/" if out.is_relative_to(root) else str(out)


def refusal(root: Path, out: Path) -> Diagnostic | None:
    """Why the schemas cannot go into `out`: a frozen release, or the content that the next release freezes.

    Elsewhere is allowed, outside the playbook too: an editor may keep the schemas of several playbooks in one
    folder of its own."""
    out = out.resolve()
    frozen = releases_dir(root)
    if out == frozen or out.is_relative_to(frozen):
        return Diagnostic("schema-out", Message("schema-out.is-inside-the-releases-folder", out=out),
                          _where(root, out),
                          hint=Message("schema-out.write-the-schemas-into-the", folder=FOLDER))
    content = _content_dir(root)
    if out == content or out.is_relative_to(content):
        return Diagnostic("schema-out", Message("schema-out.is-inside-the-content-folder", out=out), _where(root, out),
                          hint=Message("schema-out.write-the-schemas-into-the", folder=FOLDER))
    if out.exists() and not out.is_dir():
        return Diagnostic("schema-out", Message("schema-out.is-a-file-not-a", output=out), str(out),
                          hint=Message("schema-out.name-a-folder-for-out"))
    return None


def run(root: Path, out: Path | None = None) -> list[Path]:
    """Write the schemas into `out` (default: the playbook's `schemas/` folder)."""
    root = root.resolve()
    folder = out if out is not None else root / FOLDER
    problem = refusal(root, folder)
    if problem is not None:
        raise PlaybookError([problem])
    try:
        return write_schemas(folder)
    except OSError as exc:
        raise PlaybookError([Diagnostic("schema-out", Message("schema-out.cannot-write-the-schemas",
                                                              reason=exc.strerror),
                                        str(exc.filename or folder),
                                        hint=Message("schema-out.name-a-folder-you-may"))]) from None
