"""Real servers for the acknowledgements' tests and benchmark: a throwaway PostgreSQL, the service in its own
uvicorn process, and clients that acknowledge at once through it."""
from __future__ import annotations

import hmac
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx

POSTGRES_BIN = Path("/usr/lib/postgresql/15/bin")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ThrowawayPostgres:
    """A PostgreSQL server in a temporary folder, listening on 127.0.0.1 only, trusting local connections.

    initdb refuses to run as root: as root, the server runs as Debian's `postgres` user (runuser)."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="playbook-postgres-"))
        self.port = free_port()
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.folder, "postgres")

    @staticmethod
    def available() -> bool:
        return (POSTGRES_BIN / "initdb").is_file() and (POSTGRES_BIN / "pg_ctl").is_file()

    def _run(self, *command: str) -> None:
        subprocess.run([*self.as_user, *command], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def start(self) -> str:
        data = self.folder / "data"
        self._run(str(POSTGRES_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                  "--no-sync")
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c max_connections=200"
        self._run(str(POSTGRES_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(self.folder / "log"),
                  "-w", "start")
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def fresh_database(self, name: str) -> str:
        """A new empty database on the server, and its address."""
        self._run(str(POSTGRES_BIN.parent / "bin" / "createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                  "-U", "postgres", name)
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        try:
            self._run(str(POSTGRES_BIN / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


class ServiceProcess:
    """`playbook acknowledgements serve` in a process of its own, on a free port of 127.0.0.1, or on the Unix socket
    `uds`; `proof` is how it tells the proxy's requests (by default: it believes this computer's addresses)."""

    def __init__(self, root: Path, db: str | None = None, *extra: str, proof: tuple[str, ...] = ("--trust-loopback",),
                 uds: Path | None = None) -> None:
        self.port = free_port()
        where = ["--unix-socket", str(uds)] if uds else ["--port", str(self.port)]
        command = [sys.executable, "-m", "generator.cli", "acknowledgements", "serve", "-C", str(root), *where,
                   *(["--db", db] if db else []), *proof, *extra]
        # its output in a file: a pipe nobody reads while it logs every request would stop it once full
        self.output = tempfile.TemporaryFile("w+", encoding="utf-8")
        self.process = subprocess.Popen(command, stdout=self.output, stderr=subprocess.STDOUT, text=True)
        self.url = "http://localhost" if uds else f"http://127.0.0.1:{self.port}"
        self.transport = (lambda: httpx.HTTPTransport(uds=str(uds))) if uds else (lambda: None)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the service stopped: {self.stop()}")
            try:
                with self.client(timeout=1) as http:
                    if http.get("/healthz").status_code == 200:
                        return
            except httpx.HTTPError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("the service did not start within 30 s")

    def client(self, **options) -> httpx.Client:
        """A client of the service, over its socket when it has one."""
        return httpx.Client(base_url=self.url, transport=self.transport(), **options)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> str:
        """Stop the service; what it wrote (standard output and error)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
        self.process.wait()
        self.output.seek(0)
        return self.output.read()


def token(secret: bytes, person: str) -> str:
    """The anti-forgery token the service gives `person` (GET /api/acknowledgements/me), made the same way."""
    return hmac.new(secret, person.encode("utf-8"), "sha256").hexdigest()


@dataclass
class Outcome:
    statuses: dict[str, list[int]] = field(default_factory=dict)  # person -> the statuses answered to them
    failures: int = 0  # requests without an answer
    seconds: float = 0.0

    @property
    def succeeded(self) -> set[str]:
        return {person for person, answers in self.statuses.items() if any(s in (200, 201) for s in answers)}

    def count(self, status: int) -> int:
        return sum(answers.count(status) for answers in self.statuses.values())


def acknowledge_all(urls: list[str], people: list[str], secret: bytes, version: str, content_hash: str,
                    clients: int = 50) -> Outcome:
    """Each of `people` acknowledges once, `clients` at a time, spread over the service instances at `urls`."""
    outcome = Outcome()
    shares = [people[i::clients] for i in range(clients)]

    def client(number: int) -> None:
        with httpx.Client(base_url=urls[number % len(urls)], timeout=30) as http:
            for person in shares[number]:
                try:
                    answer = http.post("/api/acknowledgements", json={"version": version, "content_hash": content_hash},
                                       headers={"Remote-User": person, "X-Playbook-Token": token(secret, person)})
                    outcome.statuses.setdefault(person, []).append(answer.status_code)
                except httpx.HTTPError:
                    outcome.failures += 1

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, range(clients)))
    outcome.seconds = time.perf_counter() - started
    return outcome
