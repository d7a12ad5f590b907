"""Acknowledgements: each employee confirms the release of the charter in force, and the team sees who has not.

The one part of playbook that is not static: a small web service (`service.py`) over a database (`store.py`),
a report (`report.py`), and the site's side, the button on the chosen pages (`site.py`, which needs none of the
service's libraries). Whom the service believes: `identity.py` (the one rule of names and hosts), `gate.py` (the
host rule and the request log, around every request), `listening.py` (an address, or a Unix socket of mode 0660).
The service's libraries are an optional extra, `playbook[acknowledgements]`.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

from ..diagnostics import Diagnostic, PlaybookError
from ..message import Message

# the modules of the extra, as Python imports them
EXTRA = ("starlette", "uvicorn", "sqlalchemy", "alembic")


def require_extra(postgresql: bool = False) -> None:
    """Raise a PlaybookError saying how to install the extra when one of its libraries is missing."""
    needed = EXTRA + (("psycopg",) if postgresql else ())
    missing = [name for name in needed if importlib.util.find_spec(name) is None]
    if missing:
        raise PlaybookError([Diagnostic(
            "acknowledgements-extra", Message("acknowledgements-extra.the-acknowledgements-service-needs-libraries",
                                              names=', '.join(missing)),
            hint=Message("acknowledgements-extra.install-them-with-pip-install"))])


# the refusal to start without a way to tell the proxy's requests from others'
NO_PROOF = "acknowledgements-proof"
# problems of the command line's options rather than of the playbook: the command ends with the usage errors' code, 2
USAGE_CODES = (NO_PROOF,)


def add_serve_options(serve, port) -> None:
    """The options of `playbook acknowledgements serve` (the command line's parser `serve`; `port` reads --port)."""
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=port, default=8400)
    serve.add_argument("--unix-socket", type=Path, metavar="PATH",
                       help="listen on this Unix socket only (mode 0660: the service's user and group may connect), "
                            "and believe the requests that come on it")
    serve.add_argument("--proxy-secret-file", type=Path, metavar="FILE",
                       help="believe only the requests whose X-Playbook-Proxy-Secret header is this file's content")
    serve.add_argument("--trust-loopback", action="store_true",
                       help="believe the requests from this computer's addresses, or from --trusted-proxy's")
    serve.add_argument("--trusted-proxy", action="append", default=[], metavar="ADDR",
                       help="an address or network of the reverse proxy (default with --trust-loopback: this "
                            "computer's)")
    serve.add_argument("--allowed-host", action="append", default=[], metavar="NAME",
                       help="a name the service answers for (the Host header, port aside; .example.org: and its "
                            "subdomains); default: --host, localhost and the hosts of --allowed-origin")
    serve.add_argument("--user-header", default="Remote-User", help="the proxy's header naming the user")
    serve.add_argument("--dev-user", default="", metavar="NAME", help="try it locally as NAME (loopback only)")
    serve.add_argument("--group-header", default="Remote-Groups", help="the proxy's header listing the groups")
    serve.add_argument("--team-group", default="", help="the group that may read the report page (/report)")
    serve.add_argument("--allowed-origin", action="append", default=[], metavar="ORIGIN",
                       help="the site's origin, when it is not the service's (https://intranet.example)")
