"""Where the service listens: an address and port, or a Unix socket only the service's owner and group may use, and
the log it writes while it runs (gate.py's lines, on standard error)."""
from __future__ import annotations

import contextlib
import errno
import logging
import os
import signal
import socket
import stat
import sys
from pathlib import Path
from typing import Callable

from ..diagnostics import Diagnostic, PlaybookError
from ..message import Message

SOCKET_MODE = 0o660  # the owner (the service) and its group (the proxy's) connect; nobody else


def _log_to_stderr() -> None:
    logger = logging.getLogger("playbook.acknowledgements")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def unix_socket(path: Path) -> socket.socket:
    """A Unix socket bound at `path`, made with mode 0660 from its first instant (the umask stays strict while it
    is created). A socket left by a service that stopped is replaced; anything else at `path` is refused."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None:
        if not stat.S_ISSOCK(mode):
            raise PlaybookError([Diagnostic("acknowledgements-socket",
                                            Message("acknowledgements-socket.exists-and-is-not-a", path=path),
                                            str(path),
                                            hint=Message("acknowledgements-socket.choose-another-path-for-unix"))])
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            if probe.connect_ex(str(path)) == 0:
                raise PlaybookError([Diagnostic("acknowledgements-socket",
                                                Message("acknowledgements-socket.another-service-listens-on",
                                                        path=path),
                                                str(path),
                                                hint=Message("acknowledgements-socket.stop-it-or-choose-another"))])
        path.unlink()
    made = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    before = os.umask(0o117)
    try:
        made.bind(str(path))
    except OSError as exc:
        made.close()
        reason = Message("read.permission-denied") if exc.errno in (errno.EACCES, errno.EPERM) else exc.strerror
        raise PlaybookError([Diagnostic("acknowledgements-socket",
                                        Message("acknowledgements-socket.the-service-cannot-make-its", path=path,
                                                reason=reason), str(path),
                                        hint=Message("acknowledgements-socket.choose-a-path-in-a"))]) from None
    finally:
        os.umask(before)
    os.chmod(path, SOCKET_MODE)
    return made


def _exit(signum, frame) -> None:
    raise SystemExit(0)


def run(app, host: str, port: int, socket_path: Path | None, ready: Callable[[str], None]) -> None:
    """Serve `app` with uvicorn until interrupted."""
    import uvicorn
    _log_to_stderr()
    # the proxy's headers are read by the service itself: uvicorn must not rewrite the client's address from
    # X-Forwarded-For; each request is logged by gate.py, uvicorn's own access log is off
    config = uvicorn.Config(app, host=host, port=port, proxy_headers=False, server_header=False, access_log=False,
                            log_level="warning")
    server = uvicorn.Server(config)
    if socket_path is not None:
        bound = unix_socket(socket_path)
        # uvicorn stops on SIGTERM, then raises it again: ended by Python rather than by the system, the service
        # removes its socket on the way out
        signal.signal(signal.SIGTERM, _exit)
        ready(f"unix:{socket_path}")
        try:
            server.run(sockets=[bound])
        finally:
            bound.close()
            with contextlib.suppress(OSError):
                socket_path.unlink()
    else:
        ready(f"http://{host}:{port}/")
        server.run()
    if not server.started:
        where = str(socket_path) if socket_path is not None else f"{host}:{port}"
        raise PlaybookError([Diagnostic("acknowledgements-address",
                                        Message("acknowledgements-address.the-service-cannot-listen-on", where=where),
                                        hint=Message("acknowledgements-address.choose-another-port-with-port"))])
