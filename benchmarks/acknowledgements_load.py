"""Benchmark: acknowledgements per second recorded by `playbook acknowledgements serve`, with SQLite and with
PostgreSQL (a throwaway server, when PostgreSQL 15's programs are installed), from 50 clients at once.

Each run starts the service in its own uvicorn process on a fresh database, then N people acknowledge the release in
force of the example once each. Run from the repository root:
    python benchmarks/acknowledgements_load.py [--people 1000] [--clients 50] [--instances 1]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.acknowledgements import charter, store  # noqa: E402
from generator.resources import example_dir  # noqa: E402
from tests.acknowledgement_servers import ServiceProcess, ThrowawayPostgres, acknowledge_all  # noqa: E402
from tests.conftest import copy_playbook  # noqa: E402


def run(playbook: Path, db: str, people: int, clients: int, instances: int) -> str:
    servers = [ServiceProcess(playbook, db) for _ in range(instances)]
    try:
        known = charter.read(playbook)
        made = store.engine(store.database_url(playbook, db))
        secret = store.secret(made)
        made.dispose()
        names = [f"person-{i:05}" for i in range(people)]
        outcome = acknowledge_all([s.url for s in servers], names, secret, known.in_force, known.in_force_hash,
                                  clients)
        new = outcome.count(201)
        return (f"{new} of {people} recorded in {outcome.seconds:.2f} s: {people / outcome.seconds:.0f} requests/s "
                f"({outcome.failures} without answer)")
    finally:
        for server in servers:
            server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--instances", type=int, default=1, help="service processes sharing the database")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        playbook = copy_playbook(example_dir(), Path(folder) / "example")
        sqlite = f"sqlite:///{Path(folder) / 'ack.sqlite3'}"
        print(f"SQLite (1 instance, {args.clients} clients): {run(playbook, sqlite, args.people, args.clients, 1)}")
        if not ThrowawayPostgres.available():
            print("PostgreSQL: skipped, its programs are not installed in /usr/lib/postgresql/15/bin")
            return
        server = ThrowawayPostgres()
        server.start()
        try:
            db = server.fresh_database("bench")
            print(f"PostgreSQL ({args.instances} instance(s), {args.clients} clients): "
                  f"{run(playbook, db, args.people, args.clients, args.instances)}")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
