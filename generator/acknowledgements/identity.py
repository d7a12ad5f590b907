"""Who is asking, and for which host: the proxy's headers read one way everywhere.

One rule for names: a header's bytes are UTF-8 (HTTP carries bytes; Starlette hands them over decoded as latin-1,
which would store `José` as `JosÃ©`), a request carries the header once (two `Remote-User` headers are two claims,
and the service believes neither), and a name is kept in Unicode NFC, the form keyboards produce, so that `José`
typed as e + combining accent is the same person as `José` typed with é. Names are then compared EXACTLY, in that
form, everywhere: the database, the report and the staff list. `Bob` and `bob`, `straße` and `strasse` are two
people, as the company's sign-in says they are; no rule of case of ours can merge two accounts.

The host rule, as Django's ALLOWED_HOSTS: the Host header's name, its port aside, must be one of the names the
service answers for, so that a page served as `rebind.evil.example`, whose name was made to point at the service's
address (DNS rebinding), reads nothing from it.
"""
from __future__ import annotations

import ipaddress
import unicodedata
from urllib.parse import urlsplit

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


class BadHeader(ValueError):
    """A header the service cannot believe: `reason` says why ('twice', 'not-utf8')."""

    def __init__(self, reason: str, values: list[bytes]) -> None:
        super().__init__(reason)
        self.reason, self.values = reason, values


def normal(name: str) -> str:
    """A name as the service keeps and compares it: NFC, without the spaces around it."""
    return unicodedata.normalize("NFC", name.strip())


def one_header(scope: dict, name: str) -> str | None:
    """The value of the header `name` (any letter case) in the ASGI `scope`, decoded as UTF-8 and in NFC; None when
    absent. Raises BadHeader when it is there more than once, or is not UTF-8."""
    wanted = name.lower().encode("latin-1")
    values = [value for key, value in scope.get("headers", ()) if key.lower() == wanted]
    if not values:
        return None
    if len(values) > 1:
        raise BadHeader("twice", values)
    try:
        return normal(values[0].decode("utf-8"))
    except UnicodeDecodeError:
        raise BadHeader("not-utf8", values) from None


def shown(values: list[bytes]) -> str:
    """Header values as a log line can show them: UTF-8 where they are, escapes elsewhere, quoted."""
    return ", ".join(repr(value.decode("utf-8", "backslashreplace")) for value in values)


def _split(host: str) -> tuple[str, int | None]:
    """A Host header's name (lower case, no final dot) and port (None when absent): `[::1]:8400` -> ('::1', 8400).
    ValueError when the port is not a number."""
    host = host.strip().lower()
    if host.startswith("["):  # an IPv6 address, in brackets, maybe with a port
        end = host.find("]")
        name, rest = (host[1:end], host[end + 1:]) if end > 0 else ("", "")
    elif host.count(":") == 1:
        name, rest = host.split(":", 1)[0], ":" + host.split(":", 1)[1]
    else:
        name, rest = host, ""
    if rest and not (rest.startswith(":") and rest[1:].isdigit()):
        raise ValueError(host)
    return name.rstrip("."), int(rest[1:]) if rest else None


def host_name(host: str) -> str:
    """The name of a Host header, without its port, in lower case and without a final dot: `[::1]:8400` -> `::1`;
    empty when it is no host at all."""
    try:
        return _split(host)[0]
    except ValueError:
        return ""


def allowed(host: str, names: tuple[str, ...]) -> bool:
    """Whether the Host header `host` names one of `names`: a name (`charter.intranet.example`), an address, or a
    leading dot for a domain and its subdomains (`.intranet.example`). The port is not compared."""
    name = host_name(host)
    if not name:
        return False
    for each in names:
        each = host_name(each) if not each.startswith(".") else each.lower().rstrip(".")
        if name == each or (each.startswith(".") and (name.endswith(each) or name == each[1:])):
            return True
    return False


def loopback(host: str) -> bool:
    """Whether `host` is this computer's own name or address."""
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def default_hosts(listening: str, origins: tuple[str, ...]) -> tuple[str, ...]:
    """The hosts the service answers for when --allowed-host is not given: the address it listens on, this computer's
    names, and the hosts of the --allowed-origin's."""
    found = [*LOOPBACK_NAMES]
    if listening and listening not in ("0.0.0.0", "::"):  # a wildcard is no name a browser sends
        found.append(listening)
    found += [urlsplit(origin).hostname or "" for origin in origins]
    return tuple(dict.fromkeys(name for name in found if name))


_DEFAULT_PORTS = {"http": 80, "https": 443}


def same_origin(origin: str, host: str) -> bool:
    """Whether the browser's Origin (`https://charter.example:8443`) is the site the Host header names: same name,
    same port (the scheme's default when a side leaves it out). A proxy forwarding the Host as the browser sent it
    (nginx's `$http_host`, the port kept) passes; one dropping a port the browser used does not."""
    try:
        parts = urlsplit(origin)
        default = _DEFAULT_PORTS.get(parts.scheme)
        name, port = _split(host)
        return default is not None and bool(name) and \
            ((parts.hostname or "").rstrip("."), parts.port or default) == (name, port or default)
    except ValueError:
        return False
