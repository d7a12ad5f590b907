"""Publish stage: put a freshly built site in place of the previous one, all at once.

The new site is built in a sibling folder, then exchanged with the published one in a single
`renameat2(RENAME_EXCHANGE)` call where the system has it: a reader, or a build killed at any
moment, sees either the old site or the new one, never a mix or nothing.

Two builds of one output folder never run at once: a build holds the output's lock (a file beside
it) from before it cleans the leftovers of killed builds until its site is published.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from . import locks, modes
from .diagnostics import Diagnostic, PlaybookError
from .message import Message

RENAME_EXCHANGE = 2
MARKER = ".playbook-site"  # in every published site: a folder without it is never replaced
AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False where the system cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    result = renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    return result == 0


def lock_path(output: Path) -> Path:
    """The lock of an output folder: beside it, named after it (not `.site.*`: that is a leftover's name)."""
    return output.parent / f".{output.name}-build.lock"


@contextmanager
def locked(output: Path) -> Iterator[None]:
    """Hold the lock of `output` (a resolved path) for the block; refuses when another build writes there."""
    path = lock_path(output)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        fd = locks.acquire(path, "build")
    except locks.Held as exc:
        raise PlaybookError([Diagnostic(
            "output-locked", Message("output-locked.another-playbook-is-writing-this", command=exc.command or 'build',
                                     who=exc.who), str(output),
            hint=Message("output-locked.run-the-build-again-once", lock=path.name))]) from None
    except OSError as exc:
        raise PlaybookError([Diagnostic("output-dir", Message("output-dir.cannot-write-beside-the-output",
                                                              reason=exc.strerror),
                                        str(output), hint=Message("output-dir.choose-a-folder-you-may"))]) from None
    try:
        yield
    finally:
        locks.release(path, fd)


@contextmanager
def staging(output: Path) -> Iterator[Path]:
    """A fresh folder beside `output` to build into, named after this process; removed if the build fails."""
    output.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-{os.getpid()}-", dir=output.parent))
    try:
        yield folder
    finally:
        if folder.exists():
            shutil.rmtree(folder, ignore_errors=True)


def swap_in(new: Path, output: Path) -> None:
    """Make `new` the published `output`; the previous output is removed afterwards. Before the rename, `new`
    (a private temporary folder) takes the modes of a folder made with the umask, its files too (modes.py): the
    web server's workers, another user, read the site from its first second."""
    modes.open_to_readers(new)
    if not output.exists():
        new.rename(output)
        return
    if _exchange(new, output):
        shutil.rmtree(new, ignore_errors=True)  # `new` now holds the previous site
        return
    old = output.with_name(f".{output.name}.old-{os.getpid()}")
    output.rename(old)
    new.rename(output)
    shutil.rmtree(old, ignore_errors=True)


def clean_leftovers(output: Path) -> None:
    """Remove folders left by builds of `output` that were killed before they finished.

    Call it only while holding the output's lock (`locked`): the lock proves that no other build of this
    output is running, so that every staging folder found is a dead build's, never a live one's."""
    if output.parent.is_dir():
        for leftover in output.parent.glob(f".{output.name}.*-*"):
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)


def refusal(output: Path, root: Path, sources: list[Path]) -> Message | str:
    """Why `output` cannot receive the site (publishing replaces it whole), or an empty string."""
    output, root = output.resolve(), root.resolve()
    if output == root or root.is_relative_to(output):
        return Message("publish.would-replace-the-playbook", output=output)
    for source in sources:
        source = source.resolve()
        if output == source or output.is_relative_to(source) or source.is_relative_to(output):
            return Message("publish.would-replace-sources", output=output, source=source.relative_to(root))
    if output.exists() and not output.is_dir():
        return Message("publish.is-a-file-not-a-folder", output=output)
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).exists():
        return Message("publish.already-holds-files", output=output)
    return ""


def mark(site: Path) -> None:
    """Sign a built site as playbook's, so that a later build may replace it."""
    (site / MARKER).write_text("This folder is published by playbook and replaced by each build.\n",
                               encoding="utf-8")
