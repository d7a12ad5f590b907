"""Acknowledgements under load, against real uvicorn processes: 1,000 acknowledgements from 50 clients at once,
each recorded once (SQLite; PostgreSQL with two instances on one database), and a service killed while writing."""
from __future__ import annotations

import os
import sqlite3
import threading
import time

import pytest

pytest.importorskip("uvicorn", reason="the acknowledgements extra is not installed")
import sqlalchemy as sa  # noqa: E402

from generator.acknowledgements import charter, store  # noqa: E402
from generator.resources import example_dir  # noqa: E402

from .acknowledgement_servers import ServiceProcess, ThrowawayPostgres, acknowledge_all  # noqa: E402
from .conftest import copy_playbook  # noqa: E402

PEOPLE = [f"person-{i:04}@example.org" for i in range(1000)]
TWICE = PEOPLE[:100]  # these send their acknowledgement twice, at the same time, from two clients


@pytest.fixture(scope="module")
def playbook(tmp_path_factory):
    return copy_playbook(example_dir(), tmp_path_factory.mktemp("ack-load") / "example")


@pytest.fixture(scope="session")
def postgres():
    """A throwaway PostgreSQL server, stopped at the end; skipped only where its programs are not installed."""
    if not ThrowawayPostgres.available():
        if os.environ.get("CI"):
            raise RuntimeError("PostgreSQL 15 is missing: .ci/run must install Debian's postgresql")
        pytest.skip("PostgreSQL 15's programs (initdb, pg_ctl) are not installed in /usr/lib/postgresql/15/bin")
    server = ThrowawayPostgres()
    server.start()
    yield server
    server.stop()


def recorded(url: str) -> list[tuple[str, str]]:
    made = store.engine(url)
    try:
        with made.connect() as connection:
            return [tuple(row) for row in connection.execute(
                sa.select(store.acknowledgements.c.person, store.acknowledgements.c.version))]
    finally:
        made.dispose()


def load(playbook, urls: list[str], db_url: str) -> None:
    known = charter.read(playbook)
    made = store.engine(db_url)
    secret = store.secret(made)
    made.dispose()
    outcome = acknowledge_all(urls, PEOPLE + TWICE, secret, known.in_force, known.in_force_hash)
    assert outcome.failures == 0
    assert outcome.count(201) == len(PEOPLE), "each person's acknowledgement is new exactly once"
    assert outcome.count(200) == len(TWICE)
    rows = recorded(db_url)
    assert sorted(rows) == [(person, known.in_force) for person in PEOPLE]


@pytest.mark.slow
def test_a_thousand_acknowledgements_on_sqlite(playbook, tmp_path):
    db = f"sqlite:///{tmp_path / 'ack.sqlite3'}"
    server = ServiceProcess(playbook, db)
    try:
        load(playbook, [server.url], store.database_url(playbook, db))
    finally:
        server.stop()


@pytest.mark.slow
def test_a_thousand_acknowledgements_on_postgresql_two_instances(playbook, postgres):
    db = postgres.fresh_database("load")
    # two instances started at once on an empty database: one migrates, the other waits for it
    first, second = ServiceProcess(playbook, db), ServiceProcess(playbook, db)
    try:
        load(playbook, [first.url, second.url], store.database_url(playbook, db))
    finally:
        first.stop()
        second.stop()


def test_killed_while_writing_keeps_every_answered_acknowledgement(playbook, tmp_path):
    path = tmp_path / "ack.sqlite3"
    server = ServiceProcess(playbook, f"sqlite:///{path}")
    known = charter.read(playbook)
    made = store.engine(store.database_url(playbook, f"sqlite:///{path}"))
    secret = store.secret(made)
    made.dispose()
    results = {}

    def clients():
        results["outcome"] = acknowledge_all([server.url], PEOPLE, secret, known.in_force, known.in_force_hash,
                                             clients=20)

    writing = threading.Thread(target=clients)
    writing.start()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and len(recorded(f"sqlite:///{path}")) < 200:
        time.sleep(0.05)
    server.kill()
    writing.join()
    outcome = results["outcome"]
    assert outcome.failures > 0, "the service was killed before the clients were done"
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        kept = {row[0] for row in connection.execute("SELECT person FROM acknowledgements")}
    assert outcome.succeeded and outcome.succeeded <= kept
