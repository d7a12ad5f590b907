"""playbook acknowledgements serve | report: the service that records who acknowledged the charter in force, and
the report of who has and who has not (generator/acknowledgements/)."""
from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Callable

from ..acknowledgements import require_extra
from ..diagnostics import Diagnostic, PlaybookError


def _loopback(host: str) -> bool:
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _trusted(addresses: list[str]) -> list:
    from ..acknowledgements.service import trusted_network
    found, problems = [], []
    for text in addresses:
        try:
            found.append(trusted_network(text))
        except ValueError:
            problems.append(Diagnostic("acknowledgements-proxy", f"'{text}' is not an address or a network",
                                       hint="write the proxy's address, such as 10.0.0.5 or 10.0.0.0/24"))
    if problems:
        raise PlaybookError(problems)
    return found


def serve(root: Path, db: str | None, host: str, port: int, trusted: list[str], user_header: str,
          dev_user: str = "", group_header: str = "Remote-Groups", team_group: str = "", people: Path | None = None,
          allowed_origins: tuple[str, ...] = (), language: str = "en",
          ready: Callable[[str], None] = lambda url: None) -> None:
    """Serve the acknowledgements of the playbook in `root` on host:port until interrupted."""
    require_extra(postgresql=bool(db and db.startswith("postgres")))
    if dev_user and not _loopback(host):
        raise PlaybookError([Diagnostic(
            "acknowledgements-dev-user", f"--dev-user is for trying the service on this computer only, and {host} "
            "is not this computer's own address", hint="leave out --host (127.0.0.1), or leave out --dev-user and "
            "put the service behind the company's proxy")])
    import uvicorn
    from ..acknowledgements import charter, report, service, store
    root = root.resolve()
    charter.read(root)  # a broken release stops here, before anything listens
    if people is not None:
        report.read_people(people)
    settings = service.Settings(root, store.engine(store.database_url(root, db)), user_header=user_header,
                                dev_user=dev_user, group_header=group_header, team_group=team_group, people=people,
                                allowed_origins=allowed_origins, language=language)
    if trusted:
        settings.trusted = _trusted(trusted)
    store.migrate(settings.engine)
    # the proxy's headers are read by the service itself, from the proxy's addresses only: uvicorn must not
    # rewrite the client's address from X-Forwarded-For
    server = uvicorn.Server(uvicorn.Config(service.application(settings), host=host, port=port, proxy_headers=False,
                                           server_header=False, access_log=False, log_level="warning"))
    ready(f"http://{host}:{port}/")
    server.run()
    if not server.started:
        raise PlaybookError([Diagnostic("acknowledgements-address", f"the service cannot listen on {host}:{port}",
                                        hint="choose another port with --port, or another address with --host")])


def report(root: Path, db: str | None, version: str | None = None, people: Path | None = None):
    """The report on `version` (by default the release in force) from the database, with the staff list `people`."""
    require_extra(postgresql=bool(db and db.startswith("postgres")))
    from ..acknowledgements import charter, report as reports, store
    root = root.resolve()
    known = charter.read(root)
    if db is None and not (root / store.DEFAULT_FILE).is_file():
        raise PlaybookError([Diagnostic("acknowledgements-db", "no acknowledgement was recorded yet: the database "
                                        f"{store.DEFAULT_FILE} is not in the playbook's folder",
                                        hint="start the service (playbook acknowledgements serve), or name its "
                                             "database with --db")])
    listed = reports.read_people(people) if people is not None else None
    engine = store.engine(store.database_url(root, db))
    store.migrate(engine)
    return reports.make(store.everyone(engine), known, version, listed)
