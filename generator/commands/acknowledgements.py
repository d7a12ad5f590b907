"""playbook acknowledgements serve | report: the service that records who acknowledged the charter in force, and
the report of who has and who has not (generator/acknowledgements/)."""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Callable

from ..acknowledgements import NO_PROOF, listening, require_extra
from ..acknowledgements.identity import default_hosts, loopback
from ..diagnostics import Diagnostic, PlaybookError
from ..messages import tr
from ..message import Message


@dataclass
class ServeOptions:
    """The options of `playbook acknowledgements serve` (cli.py's names)."""

    db: str | None = None
    host: str = "127.0.0.1"
    port: int = 8400
    trusted_proxy: list[str] = field(default_factory=list)
    user_header: str = "Remote-User"
    dev_user: str = ""
    group_header: str = "Remote-Groups"
    team_group: str = ""
    people: Path | None = None
    allowed_origin: list[str] = field(default_factory=list)
    allowed_host: list[str] = field(default_factory=list)
    proxy_secret_file: Path | None = None
    unix_socket: Path | None = None
    trust_loopback: bool = False

    @classmethod
    def of(cls, args) -> "ServeOptions":
        return cls(**{each.name: getattr(args, each.name) for each in fields(cls)})


def _trusted(options: ServeOptions) -> list:
    from ..acknowledgements.service import LOOPBACK, trusted_network
    found, problems = [], []
    for text in options.trusted_proxy:
        try:
            found.append(trusted_network(text))
        except ValueError:
            problems.append(Diagnostic("acknowledgements-proxy", Message("acknowledgements-proxy.is-not-an-address-or",
                                                                         text=text),
                                       hint=Message("acknowledgements-proxy.write-the-proxy-s-address")))
    if problems:
        raise PlaybookError(problems)
    return found or (list(LOOPBACK) if options.trust_loopback else [])


def _checked(options: ServeOptions) -> None:
    """Refuse options that would leave the service believing anyone, or a try-out open to others."""
    if not (options.proxy_secret_file or options.unix_socket or options.trust_loopback or options.dev_user):
        raise PlaybookError([Diagnostic(
            NO_PROOF, Message("acknowledgements.the-service-cannot-tell-the"),
            hint=Message("acknowledgements.unix-socket-path-when-the"))])
    if options.dev_user and not loopback(options.host):
        raise PlaybookError([Diagnostic(
            "acknowledgements-dev-user", Message("acknowledgements-dev-user.dev-user-is-for-trying",
                                                 host=options.host),
                                        hint=Message("acknowledgements-dev-user.leave-out-host-127-0"))])


def _secret(path: Path | None, language: str) -> bytes:
    """The proxy's secret: a regular file's content, without the spaces around it; warns when others may read it."""
    if path is None:
        return b""
    from ..files import read_bytes
    secret = read_bytes(path, str(path)).strip()
    if not secret:
        raise PlaybookError([Diagnostic("acknowledgements-secret",
                                        Message("acknowledgements-secret.the-proxy-s-secret-file"), str(path),
                                        hint=Message("acknowledgements-secret.write-a-long-random-text"))])
    if os.stat(path).st_mode & 0o004:
        warning = Message("acknowledgements.warning-every-user-of-this", path=path)
        print(tr(warning, language), file=sys.stderr)
    return secret


def serve(root: Path, options: ServeOptions, language: str = "en",
          ready: Callable[[str], None] = lambda url: None) -> None:
    """Serve the acknowledgements of the playbook in `root` until interrupted, on options.host:port or on the Unix
    socket options.unix_socket."""
    _checked(options)
    require_extra(postgresql=bool(options.db and options.db.startswith("postgres")))
    from ..acknowledgements import charter, report, service, store
    root = root.resolve()
    charter.read(root)  # a broken release stops here, before anything listens
    if options.people is not None:
        report.read_people(options.people)
    origins, secret, trusted = tuple(options.allowed_origin), _secret(options.proxy_secret_file, language), \
        _trusted(options)
    url = store.database_url(root, options.db)
    store.outside_the_site(url, root)
    if store.shared_file(url):
        print(tr(Message("acknowledgements.warning-other-users-of-this", path=store.shared_file(url)), language),
              file=sys.stderr)
    settings = service.Settings(
        root, store.engine(url), trusted, options.user_header, options.dev_user,
        options.group_header, options.team_group, options.people, origins, language,
        tuple(options.allowed_host) or default_hosts(options.host, origins), secret, str(options.unix_socket or ""))
    store.migrate(settings.engine)
    listening.run(service.application(settings), options.host, options.port, options.unix_socket, ready)


def report(root: Path, db: str | None, version: str | None = None, people: Path | None = None):
    """The report on `version` (by default the release in force) from the database, with the staff list `people`."""
    require_extra(postgresql=bool(db and db.startswith("postgres")))
    from ..acknowledgements import charter, report as reports, store
    root = root.resolve()
    known = charter.read(root)
    if db is None and not (root / store.DEFAULT_FILE).is_file():
        raise PlaybookError([Diagnostic("acknowledgements-db",
                                        Message("acknowledgements-db.no-acknowledgement-was-recorded-yet",
                                                file=store.DEFAULT_FILE),
                                        hint=Message("acknowledgements-db.start-the-service-playbook-acknowledgements"))])
    listed = reports.read_people(people) if people is not None else None  # a regular file only, as content
    engine = store.engine(store.database_url(root, db))
    store.migrate(engine)
    return reports.make(store.everyone(engine), known, version, listed)
