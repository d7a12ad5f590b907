"""playbook init: create a new playbook folder from a starter (full or minimal) of one language."""
from __future__ import annotations

import shutil
from pathlib import Path

from ..diagnostics import Diagnostic, PlaybookError
from ..line_endings import GITATTRIBUTES, PLAYBOOK_ATTRIBUTES
from ..resources import scaffold_dir
from ..schema import FOLDER, write_schemas
from ..message import Message

LANGUAGES = ("fr", "en")
GITIGNORE = ".gitignore"
# what playbook writes in a playbook's folder and no repository should hold: the published site and the cache,
# rebuilt from the sources, and the acknowledgements' database (people's names, the secret of their tokens)
PLAYBOOK_IGNORED = ("# Written by playbook, never committed:\n"
                    "# the site (output_dir of site_config.yml) and the build's cache, made again by playbook build\n"
                    "/site/\n"
                    "/.playbook/\n"
                    "# the database of acknowledgements (playbook acknowledgements serve), with its -wal and -shm\n"
                    "acknowledgements.sqlite3*\n")


def run(target: Path, language: str, minimal: bool = False) -> Path:
    """Copy the starter playbook in `language` into `target`, which must be new or empty: the full starter, or with
    `minimal` the one of the charter, its personal-use and comment policies alone."""
    if language not in LANGUAGES:
        raise PlaybookError([Diagnostic("init-language", Message("init-language.is-not-a-supported-language",
                                                                 language=language),
                                        hint=Message("audience.choose-one-of", values=', '.join(LANGUAGES)))])
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise PlaybookError([Diagnostic("init-exists", Message("init-exists.already-exists-and-is-not", target=target),
                                        hint=Message("init-exists.choose-a-new-folder-name"))])
    shutil.copytree(scaffold_dir(language, minimal), target, dirs_exist_ok=True)
    write_schemas(target / FOLDER)  # the files name them on their first line
    # a Windows checkout (core.autocrlf) must not convert the releases to come: their hashes are of bytes
    (target / GITATTRIBUTES).write_text(PLAYBOOK_ATTRIBUTES, encoding="utf-8", newline="\n")
    (target / GITIGNORE).write_text(PLAYBOOK_IGNORED, encoding="utf-8", newline="\n")
    return target
