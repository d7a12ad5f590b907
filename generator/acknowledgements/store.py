"""The database of acknowledgements: its tables, its migrations (Alembic, in migrations/), and the few queries
the service and the report make.

SQLite in a file by default, PostgreSQL from a `postgresql://` address. The database alone decides whether an
acknowledgement is new: a unique constraint on (person, version), so that several instances of the service on one
PostgreSQL never record a person's acknowledgement of a version twice, and never answer 201 twice for it.
"""
from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..diagnostics import Diagnostic, PlaybookError
from .identity import normal
from ..message import Message

DEFAULT_FILE = "acknowledgements.sqlite3"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"

metadata = sa.MetaData()
acknowledgements = sa.Table(
    "acknowledgements", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("person", sa.String(200), nullable=False),
    sa.Column("version", sa.String(40), nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("person", "version", name="one_acknowledgement_per_version"),
    sa.Index("acknowledgements_by_version", "version"),
)
# one row: the secret the anti-forgery tokens are made with, shared by every instance through the database
service_secret = sa.Table(
    "service_secret", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("secret", sa.String(64), nullable=False),
)


@dataclass(frozen=True)
class Acknowledgement:
    """A person acknowledged a release (its number and content hash) at a moment, in UTC."""

    person: str
    version: str
    content_hash: str
    at: datetime

    def to_json(self) -> dict:
        return {"person": self.person, "version": self.version, "content_hash": self.content_hash,
                "acknowledged_at": self.at.isoformat()}


def database_url(root: Path, given: str | None) -> str:
    """The SQLAlchemy address of the database: `given` (postgresql://… is read with psycopg 3, sqlite:///…), or a
    SQLite file in the playbook's folder."""
    if not given:
        return f"sqlite:///{root / DEFAULT_FILE}"
    for plain in ("postgresql://", "postgres://"):
        if given.startswith(plain):
            return "postgresql+psycopg://" + given[len(plain):]
    if given.startswith(("sqlite:///", "postgresql+psycopg://")):
        return given
    raise PlaybookError([Diagnostic("acknowledgements-db", Message("acknowledgements-db.is-not-a-database-address",
                                                                   url=_shown(given)),
                                    hint=Message("acknowledgements-db.write-postgresql-user-host-database"))])


def outside_the_site(url: str, root: Path) -> None:
    """Refuse a SQLite file in the site's folder (output_dir of site_config.yml): the web server would publish the
    names and the tokens' secret, and the next build would replace the folder, the database with it."""
    path = sa.engine.make_url(url).database if url.startswith("sqlite") else None
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    from ..load import CONFIG_FILE, load_yaml
    try:
        data = load_yaml(root / CONFIG_FILE, CONFIG_FILE).data
    except PlaybookError:  # the build says what is wrong with it; the default is then the one that counts
        data = None
    output = (root / str(data.get("output_dir") or "site") if isinstance(data, dict) else root / "site").resolve()
    if Path(os.path.abspath(path)).resolve().is_relative_to(output):
        raise PlaybookError([Diagnostic(
            "acknowledgements-db", Message("acknowledgements-db.the-database-is-in-the", path=path, output=output),
            hint=Message("acknowledgements-db.leave-out-db-acknowledgements-sqlite3"))])


def _shown(url: str) -> str:
    """An address as a message may print it: without its password."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return url.split("@")[-1]


def _sqlite_settings(connection, _record) -> None:
    cursor = connection.cursor()
    # WAL: readers never wait for the writer; FULL: an answered acknowledgement survives a power cut too
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _private_file(url: str) -> None:
    """Create the SQLite file of `url`, when it does not exist yet, readable and writable by its owner only (0600),
    before SQLite opens it: SQLite gives its -wal and -shm files the mode of the database's."""
    path = sa.engine.make_url(url).database
    if not path or path == ":memory:" or path.startswith("file:") or os.path.exists(path):
        return
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError:  # a folder that does not exist, a file made meanwhile: SQLite says so in its words
        return
    os.fchmod(fd, 0o600)  # whatever the umask
    os.close(fd)


def shared_file(url: str) -> str | None:
    """The SQLite file of `url` when other users than its owner may read or write it (one made before playbook made
    them private), or None."""
    path = sa.engine.make_url(url).database if url.startswith("sqlite") else None
    try:
        return path if path and os.stat(path).st_mode & 0o077 else None
    except (OSError, ValueError):
        return None


def engine(url: str) -> sa.Engine:
    """An engine for `url`, its connections set up for concurrent writers; a new SQLite file is made private."""
    if url.startswith("sqlite"):
        _private_file(url)
        made = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                                pool_size=8, max_overflow=8)
        sa.event.listen(made, "connect", _sqlite_settings)
        return made
    return sa.create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


def migrate(made: sa.Engine) -> None:
    """Bring the database's tables to the newest migration, then make sure the secret exists.

    On PostgreSQL, instances starting together take turns (an advisory lock): only one migrates."""
    from alembic import command
    from alembic.config import Config
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with made.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(sa.text("SELECT pg_advisory_xact_lock(7714201)"))
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            connection.execute(_insert(connection.dialect.name, service_secret).values(
                id=1, secret=secrets.token_hex(32)).on_conflict_do_nothing())
    except sa.exc.OperationalError as exc:
        raise unreachable(made, exc) from None


def unreachable(made: sa.Engine, exc: Exception) -> PlaybookError:
    lines = str(getattr(exc, "orig", exc)).strip().splitlines()
    reason = lines[0] if lines else "no answer"
    return PlaybookError([Diagnostic("acknowledgements-db",
                                     Message("acknowledgements-db.the-database-cannot-be-opened",
                                             url=_shown(str(made.url)), reason=reason),
                                     hint=Message("acknowledgements-db.check-the-address-given-with"))])


def _insert(dialect: str, table: sa.Table):
    return (postgresql_insert if dialect == "postgresql" else sqlite_insert)(table)


def _row(row) -> Acknowledgement:
    at = row.acknowledged_at
    return Acknowledgement(row.person, row.version, row.content_hash,
                           at if at.tzinfo else at.replace(tzinfo=timezone.utc))


def record(made: sa.Engine, person: str, version: str, content: str) -> tuple[Acknowledgement, bool]:
    """Record that `person` acknowledged `version`; (the acknowledgement, True) when it is new, (the one recorded
    before, False) when the person had already acknowledged that version. Committed before it returns.

    Names are kept and looked up in NFC, compared exactly (identity.py): one rule for every query."""
    person = normal(person)
    now = datetime.now(timezone.utc)
    with made.begin() as connection:
        added = connection.execute(_insert(connection.dialect.name, acknowledgements).values(
            person=person, version=version, content_hash=content, acknowledged_at=now).on_conflict_do_nothing()
            .returning(acknowledgements.c.id))
        if added.first() is not None:  # RETURNING gives the row only when it was inserted
            return Acknowledgement(person, version, content, now), True
    with made.connect() as connection:
        row = connection.execute(sa.select(acknowledgements).where(
            acknowledgements.c.person == person, acknowledgements.c.version == version)).one()
    return _row(row), False


def of_person(made: sa.Engine, person: str) -> list[Acknowledgement]:
    """The acknowledgements of one person, oldest first."""
    person = normal(person)
    with made.connect() as connection:
        rows = connection.execute(sa.select(acknowledgements).where(acknowledgements.c.person == person)
                                  .order_by(acknowledgements.c.acknowledged_at, acknowledgements.c.id))
        return [_row(row) for row in rows]


def everyone(made: sa.Engine) -> list[Acknowledgement]:
    """Every acknowledgement, oldest first."""
    with made.connect() as connection:
        rows = connection.execute(sa.select(acknowledgements).order_by(acknowledgements.c.acknowledged_at,
                                                                       acknowledgements.c.id))
        return [_row(row) for row in rows]


def secret(made: sa.Engine) -> bytes:
    """The secret that anti-forgery tokens are made with, the same for every instance."""
    with made.connect() as connection:
        value = connection.execute(sa.select(service_secret.c.secret).where(service_secret.c.id == 1)).scalar_one()
    return hashlib.sha256(value.encode()).digest()


def answers(made: sa.Engine) -> bool:
    """Whether the database answers a query."""
    try:
        with made.connect() as connection:
            connection.execute(sa.select(sa.func.count()).select_from(acknowledgements)).scalar_one()
        return True
    except sa.exc.SQLAlchemyError:
        return False
