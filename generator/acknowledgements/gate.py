"""What every request of the service goes through before and after its handler: the host rule (a request for a name
the service does not answer for is refused before any handler), and the request log, one line a request.

The log line is the Common Log Format's, followed by the time taken:
`127.0.0.1 - alice [07/Dec/2026:09:30:00 +0000] "POST /api/acknowledgements HTTP/1.1" 201 97 12ms`: the client's
address (`-` on a Unix socket), the person the service believed (`-` when it believed none), the request's path as
sent WITHOUT its query string, the status and the size of the answer. Nothing else of the request is written: never
a token, never the proxy's secret (both are headers).
"""
from __future__ import annotations

import logging
import time
from typing import Callable

from starlette.responses import JSONResponse

from .identity import BadHeader, allowed, one_header, shown

LOG = logging.getLogger("playbook.acknowledgements")
ACCESS = logging.getLogger("playbook.acknowledgements.access")
WHO = "playbook.who"  # the scope's key of what the handler learnt: {"person": name}
MAX_DEPTH = 20  # {"version", "content_hash"} needs 1


def too_deep(raw: bytes, limit: int = MAX_DEPTH) -> bool:
    """Whether the JSON text `raw` nests arrays and objects deeper than `limit`, counted outside its strings, before
    any parser recurses into it (Python's would stop with a RecursionError some hundreds of levels down)."""
    depth, in_string, escaped = 0, False, False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > limit:
                return True
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return False


def _escaped(text: str) -> str:
    """A field of the log line: spaces, quotes and backslashes escaped, so that a field stays one field."""
    out = "".join(f"\\x{ord(c):02x}" if c in ' "\\' or not c.isprintable() else c for c in text)
    return out or "-"


def log_line(scope: dict, person: str, status: int, size: int, seconds: float, at: float) -> str:
    client = scope.get("client")
    raw = scope.get("raw_path")  # as sent, without the query string
    path = raw.decode("latin-1") if raw else scope.get("root_path", "") + scope.get("path", "")
    stamp = time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(at))
    request = f'{scope.get("method", "-")} {_escaped(path)} HTTP/{scope.get("http_version", "1.1")}'
    return (f'{client[0] if client else "-"} - {_escaped(person) if person else "-"} [{stamp}] "{request}" {status} '
            f"{size} {round(seconds * 1000)}ms")


class Gate:
    """An ASGI middleware: the host rule, then the application, then the log line."""

    def __init__(self, app, hosts: Callable[[], tuple[str, ...]], refusal: Callable[[str, str], dict]) -> None:
        self.app, self.hosts, self.refusal = app, hosts, refusal

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        at, started = time.time(), time.perf_counter()
        who = scope.setdefault(WHO, {"person": ""})
        answer = {"status": 500, "size": 0}

        async def sending(message) -> None:
            if message["type"] == "http.response.start":
                answer["status"] = message["status"]
            elif message["type"] == "http.response.body":
                answer["size"] += len(message.get("body", b""))
            await send(message)

        try:
            host = self._refused_host(scope)
            if host is not None:
                await JSONResponse(self.refusal("wrong-host", host), status_code=400)(scope, receive, sending)
            else:
                await self.app(scope, receive, sending)
        finally:
            ACCESS.info(log_line(scope, who["person"], answer["status"], answer["size"],
                                 time.perf_counter() - started, at))

    def _refused_host(self, scope) -> str | None:
        """The Host header of a request for a name the service does not answer for, or None."""
        try:
            host = one_header(scope, "host")
        except BadHeader as bad:
            LOG.warning("refused: %d Host headers (%s) in one request", len(bad.values), shown(bad.values))
            return shown(bad.values)
        if host is None or not allowed(host, self.hosts()):
            LOG.warning("refused: a request for host %r, which is not one of --allowed-host", host)
            return host or ""
        return None
