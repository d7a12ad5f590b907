"""The acknowledgements service: a Starlette application over the store, for uvicorn.

Who is asking comes from the company's reverse proxy (or single sign-on), in a header it sets, and is believed only
when the request proves it comes through that proxy: it arrived on the service's Unix socket (whose permissions let
the proxy's group alone connect), it carries the proxy's secret (header X-Playbook-Proxy-Secret), or it comes from
an address named trusted. The header is read by the one rule of identity.py (once, UTF-8, NFC). A request for a host
the service does not answer for is refused before any of this (gate.py). A browser on another site cannot
acknowledge on a reader's behalf: a POST must come from the service's own origin (or one named with
--allowed-origin), carry a token that only a page of that origin can read (GET /api/acknowledgements/me gives it),
and be JSON, which a plain form cannot send.
"""
from __future__ import annotations

import hmac
import ipaddress
import json
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from ..messages import tr
from . import report, store
from .charter import Releases
from .gate import LOG, WHO, Gate, too_deep
from .identity import LOOPBACK_NAMES, BadHeader, normal, one_header, same_origin, shown
from ..message import Message

TOKEN_HEADER = "X-Playbook-Token"
SECRET_HEADER = "X-Playbook-Proxy-Secret"
MAX_BODY = 4096  # far more than {"version", "content_hash"} needs
MAX_PERSON = 200  # the column's size
LOOPBACK = [ipaddress.ip_network("127.0.0.1/32"), ipaddress.ip_network("::1/128")]


@dataclass
class Settings:
    """What a running service knows: where the releases and the database are, whom to believe.

    A request's identity is believed when it proves it comes through the proxy: with `proxy_secret`, it must carry
    it, always; then it must have come on the Unix socket (`unix_socket`), or from a `trusted` address, or, when no
    address is trusted, the secret alone is the proof."""

    root: Path
    engine: sa.Engine
    trusted: list = field(default_factory=lambda: list(LOOPBACK))
    user_header: str = "Remote-User"
    dev_user: str = ""
    group_header: str = "Remote-Groups"
    team_group: str = ""
    people: Path | None = None
    allowed_origins: tuple[str, ...] = ()
    language: str = "en"
    allowed_hosts: tuple[str, ...] = LOOPBACK_NAMES
    proxy_secret: bytes = b""
    unix_socket: str = ""


class Refused(Exception):
    """A request the service refuses: its status, a code for scripts and a message for people."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def trusted_network(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    """An address or network (10.0.0.5, 10.0.0.0/24) the proxy's requests come from; ValueError otherwise."""
    return ipaddress.ip_network(text.strip(), strict=False)


class Service:
    """The application's handlers, around its settings and its database."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.releases = Releases(settings.root)
        self.secret = store.secret(settings.engine)

    def refuse(self, status: int, code: str, message: str) -> Refused:
        return Refused(status, code, tr(message, self.settings.language))

    def header(self, request: Request, name: str) -> str | None:
        """The header `name`, by the rule of identity.py; Refused (400, logged) when sent twice or not UTF-8."""
        try:
            return one_header(request.scope, name)
        except BadHeader as bad:
            peer = request.client.host if request.client else "-"
            if bad.reason == "twice":
                LOG.warning("refused: %d %s headers (%s) in one request from %s", len(bad.values), name,
                            shown(bad.values), peer)
                raise self.refuse(400, "bad-identity", Message("service.the-request-has-more-than",
                                                               name=name)) from None
            LOG.warning("refused: a %s header that is not UTF-8 (%s) from %s", name, shown(bad.values), peer)
            raise self.refuse(400, "bad-identity", Message("service.the-header-is-not-utf", name=name)) from None

    def through_proxy(self, request: Request) -> None:
        """Refused unless `request` proves it comes through the company's proxy (see Settings)."""
        settings = self.settings
        if settings.proxy_secret:
            given = request.headers.getlist(SECRET_HEADER)
            if len(given) != 1 or not hmac.compare_digest(given[0].strip().encode("latin-1", "replace"),
                                                           settings.proxy_secret):
                raise self.refuse(403, "not-from-proxy", Message("service.this-request-does-not-carry",
                                                                 header=SECRET_HEADER))
        server = request.scope.get("server")
        if settings.unix_socket and (server is None or server[1] is None):  # on the socket: its rights are the proof
            return
        peer = request.client.host if request.client else ""
        if not settings.trusted and settings.proxy_secret:
            return
        try:
            believed = any(ipaddress.ip_address(peer) in network for network in settings.trusted)
        except ValueError:
            believed = False
        if not believed:
            raise self.refuse(403, "not-from-proxy", Message("service.this-request-does-not-come",
                                                             address=peer or 'unknown address'))

    def person(self, request: Request) -> str:
        """Who sends `request`, as the proxy says; Refused when it cannot be believed."""
        settings = self.settings
        if settings.dev_user:
            name = normal(settings.dev_user)
        else:
            self.through_proxy(request)
            name = self.header(request, settings.user_header) or ""
            if not name:
                raise self.refuse(401, "no-identity", Message("service.the-proxy-did-not-say",
                                                              header=settings.user_header))
            if len(name) > MAX_PERSON or not name.isprintable():
                raise self.refuse(400, "bad-identity", Message("service.the-header-does-not-hold",
                                                               header=settings.user_header))
        request.scope.get(WHO, {})["person"] = name
        return name

    def wrong_host(self, code: str, host: str) -> dict:
        """The answer to a request for a host the service does not answer for (gate.py)."""
        return {"error": code, "message": tr(Message("service.this-service-does-not-answer", host=host[:100]),
                                             self.settings.language)}

    def token(self, person: str) -> str:
        return hmac.new(self.secret, person.encode("utf-8"), "sha256").hexdigest()

    def check_origin(self, request: Request) -> None:
        """Refuse a request sent by a page of another site."""
        origin = request.headers.get("origin")
        if origin is None:
            if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
                raise self.refuse(403, "other-origin", Message("service.this-request-comes-from-another-2"))
            return
        if origin in self.settings.allowed_origins:
            return
        if origin == "null" or not same_origin(origin, request.headers.get("host", "")):
            raise self.refuse(403, "other-origin", Message("service.this-request-comes-from-another", origin=origin))

    async def body(self, request: Request) -> dict:
        """The JSON object of a POST: small, well-formed, with the version and content hash only."""
        if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
            raise self.refuse(415, "not-json", Message("service.send-the-acknowledgement-as-json"))
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_BODY:
            raise self.refuse(413, "too-large", Message("service.the-request-is-larger-than", size=MAX_BODY))
        raw = b""
        async for chunk in request.stream():
            raw += chunk
            if len(raw) > MAX_BODY:
                raise self.refuse(413, "too-large", Message("service.the-request-is-larger-than", size=MAX_BODY))
        if too_deep(raw):
            raise self.refuse(400, "malformed", Message("service.the-request-is-not-well"))
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise self.refuse(400, "malformed", Message("service.the-request-is-not-well-2")) from None
        if not isinstance(data, dict) or set(data) != {"version", "content_hash"} or \
                not all(isinstance(value, str) for value in data.values()):
            raise self.refuse(422, "malformed", Message("service.send-version-content-hash-and"))
        return data

    def release(self, data: dict) -> tuple[str, str]:
        """The release acknowledged, if it is the one in force and its hash is its own."""
        known = self.releases.current()
        version, content = data["version"], data["content_hash"]
        if version not in known.hashes:
            raise self.refuse(422, "unknown-version", Message("acknowledgements-version.the-charter-has-no-release",
                                                              version=version[:40]))
        if not hmac.compare_digest(known.hashes[version].encode(), content.encode()):
            raise self.refuse(422, "unknown-hash", Message("service.this-is-not-the-content", version=version))
        if version != known.in_force:
            raise self.refuse(409, "not-in-force", Message("service.release-is-no-longer-in", version=version,
                                                           current=known.in_force))
        return version, content

    async def acknowledge(self, request: Request) -> Response:
        person = self.person(request)
        self.check_origin(request)
        if not hmac.compare_digest(request.headers.get(TOKEN_HEADER, "").encode(), self.token(person).encode()):
            raise self.refuse(403, "bad-token", Message("service.the-request-has-no-valid", header=TOKEN_HEADER))
        version, content = self.release(await self.body(request))
        made, new = await run_in_threadpool(store.record, self.settings.engine, person, version, content)
        return JSONResponse(made.to_json(), status_code=201 if new else 200)

    async def me(self, request: Request) -> Response:
        person = self.person(request)
        known = self.releases.current()
        mine = await run_in_threadpool(store.of_person, self.settings.engine, person)
        return JSONResponse({"person": person, "token": self.token(person),
                             "in_force": {"version": known.in_force, "content_hash": known.in_force_hash},
                             "acknowledgements": [a.to_json() for a in mine]},
                            headers={"Cache-Control": "no-store"})

    async def health(self, request: Request) -> Response:
        if await run_in_threadpool(store.answers, self.settings.engine):
            return JSONResponse({"status": "ok"})
        return JSONResponse({"status": "unavailable", "message": "the database does not answer"}, status_code=503)

    async def team_report(self, request: Request) -> Response:
        """The report, for the members of the team's group only."""
        self.person(request)
        settings = self.settings
        if not settings.team_group:
            raise self.refuse(403, "no-team-group", Message("service.the-report-is-not-open"))
        groups = {normal(group) for group in (self.header(request, settings.group_header) or "").split(",")}
        if normal(settings.team_group) not in groups:
            raise self.refuse(403, "not-in-team", Message("service.the-report-is-for-the", group=settings.team_group))
        known = self.releases.current()
        people = await run_in_threadpool(report.read_people, settings.people) if settings.people else None
        made = report.make(await run_in_threadpool(store.everyone, settings.engine), known, None, people)
        shown = request.query_params.get("format", "html")
        if shown == "json":
            return JSONResponse(report.as_json(made), headers={"Cache-Control": "no-store"})
        if shown == "csv":
            return Response(report.as_csv(made), media_type="text/csv; charset=utf-8")
        return HTMLResponse(report.as_html(made, settings.language),  # a page that runs and loads nothing
                            headers={"Cache-Control": "no-store", "Content-Security-Policy":
                                     "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"})


def _handled(handler):
    async def endpoint(request: Request) -> Response:
        try:
            return await handler(request)
        except Refused as refused:
            return JSONResponse({"error": refused.code, "message": refused.message}, status_code=refused.status)
        except sa.exc.OperationalError:
            return JSONResponse({"error": "database", "message": "the database does not answer: try again in a "
                                 "moment"}, status_code=503)
    return endpoint


def application(settings: Settings) -> Starlette:
    """The ASGI application of the service."""
    service = Service(settings)
    routes = [Route("/api/acknowledgements", _handled(service.acknowledge), methods=["POST"]),
              Route("/api/acknowledgements/me", _handled(service.me), methods=["GET"]),
              Route("/healthz", _handled(service.health), methods=["GET"]),
              Route("/report", _handled(service.team_report), methods=["GET"])]
    middleware = [Middleware(Gate, hosts=lambda: settings.allowed_hosts, refusal=service.wrong_host)]
    if settings.allowed_origins:
        middleware.append(Middleware(CORSMiddleware, allow_origins=list(settings.allowed_origins),
                                     allow_credentials=True, allow_methods=["GET", "POST"],
                                     allow_headers=["Content-Type", TOKEN_HEADER]))
    return Starlette(routes=routes, middleware=middleware)
