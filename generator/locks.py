"""Exclusive locks between playbook processes: one `release` per playbook, one build per output folder.

A lock is a small file held with `fcntl.flock` (`msvcrt.locking` on Windows), never waited for: a
second process is refused at once, with the pid of the holder. The operating system releases the
lock when its process ends, killed or not, so a lock is never stale; the file itself is removed by
its holder, or by the next process that takes it.
"""
from __future__ import annotations

import contextlib
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

try:
    import fcntl
    msvcrt = None
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
    try:
        import msvcrt
    except ImportError:  # neither: locks cannot be taken, every lock is granted, as before locks existed
        msvcrt = None  # type: ignore[assignment]

# On Windows a locked byte cannot be read by others: lock one far beyond the pid written at the start.
_WINDOWS_LOCK_OFFSET = 1 << 20
_ATTEMPTS = 5


class Held(Exception):
    """The lock is held by another process: `pid` is that process and `command` what it runs (the playbook
    command that took the lock), 0 and "" when they cannot be read."""

    def __init__(self, path: Path, pid: int = 0, command: str = ""):
        self.path, self.pid, self.command = path, pid, command
        super().__init__(f"{path} is held by {self.who}")

    @property
    def who(self) -> str:
        return f"pid {self.pid}" if self.pid else "pid unknown"


def _try_lock(fd: int) -> bool:
    """Take the lock on an open file without waiting; False if another process holds it."""
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True
    if msvcrt is not None:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        finally:
            os.lseek(fd, 0, os.SEEK_SET)
    return True


def _holder(fd: int) -> tuple[int, str]:
    """The pid and command the holder wrote into the lock file; (0, "") when they are not there yet."""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        words = os.read(fd, 64).decode("ascii", "replace").split()
    except OSError:
        return 0, ""
    if not words or not words[0].isdigit():
        return 0, ""
    return int(words[0]), " ".join(words[1:2])


def _is_current(fd: int, path: Path) -> bool:
    """Whether the open file is still the one at `path`: its holder may have removed it meanwhile, and a
    lock on a removed file protects nothing."""
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except OSError:
        return False


def acquire(path: Path, command: str) -> int:
    """Take the lock file `path` (created if needed) and write our pid and `command` in it, for the message
    of a process refused meanwhile; raises `Held` when another process has it. Returns the open descriptor,
    to hand back to `release`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for _ in range(_ATTEMPTS):
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        if not _try_lock(fd):
            pid, holder = _holder(fd)
            os.close(fd)
            raise Held(path, pid, holder)
        if fcntl is None or _is_current(fd, path):
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()} {command}\n".encode("ascii"))
            return fd
        os.close(fd)  # its holder removed it as we opened it: take the new one
    raise Held(path)


def release(path: Path, fd: int) -> None:
    """Give the lock back and remove its file, so that a finished run leaves nothing behind."""
    if fcntl is not None:
        # removed while still held: a process that opens it now sees it is gone and opens the next one
        _unlink(path)
        os.close(fd)
    else:
        os.close(fd)  # Windows removes no open file
        _unlink(path)


def _unlink(path: Path) -> None:
    with contextlib.suppress(OSError):  # already gone, or not ours to remove: the lock is free either way
        path.unlink()


@contextmanager
def held(path: Path, command: str) -> Iterator[None]:
    """Hold the lock file `path` for the duration of the block; raises `Held` when another process has it."""
    fd = acquire(path, command)
    try:
        yield
    finally:
        release(path, fd)

