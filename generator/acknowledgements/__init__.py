"""Acknowledgements: each employee confirms the release of the charter in force, and the team sees who has not.

The one part of playbook that is not static: a small web service (`service.py`) over a database (`store.py`),
a report (`report.py`), and the site's side, the button on the chosen pages (`site.py`, which needs none of the
service's libraries). The service's libraries are an optional extra, `playbook[acknowledgements]`.
"""
from __future__ import annotations

import importlib.util

from ..diagnostics import Diagnostic, PlaybookError

# the modules of the extra, as Python imports them
EXTRA = ("starlette", "uvicorn", "sqlalchemy", "alembic")


def require_extra(postgresql: bool = False) -> None:
    """Raise a PlaybookError saying how to install the extra when one of its libraries is missing."""
    needed = EXTRA + (("psycopg",) if postgresql else ())
    missing = [name for name in needed if importlib.util.find_spec(name) is None]
    if missing:
        raise PlaybookError([Diagnostic(
            "acknowledgements-extra", f"the acknowledgements service needs libraries that are not installed "
            f"({', '.join(missing)})",
            hint="install them with: pip install 'playbook[acknowledgements]'")])
