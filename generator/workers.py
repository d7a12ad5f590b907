"""The worker processes that build the versions of a site, and the watch the build keeps on their pages.

Every job that builds pages runs in a worker process, never in the build's own: a page that takes more than
bounds.PAGE_SECONDS (page_clock.py tells which page each worker is on, and since when) gets its worker killed,
at once, whatever it is doing (Python-Markdown's loops, a regular expression, a C library), and the build stops
with the text to blame (slow_text.py). The pool's other workers are stopped with it; what the killed worker
left (the sources it wrote, a half-built folder of the staging site) is in folders the build removes.
"""
from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path
from typing import Any, Iterator

from . import page_clock, parts

# How often the build looks at its workers' pages, in seconds: a page over the bound is stopped this late at most.
POLL = 0.2
# How the pool's workers start (PLAYBOOK_START_METHOD overrides it, for the benchmark). Several workers start as
# fresh interpreters ("spawn"), which import the build's modules once each (about a second, then reused for every
# job they run) and inherit nothing of the build: not the output folder's lock, not MkDocs' logging handlers, not a
# heap that each of their garbage collections would walk again (forked workers of a process that had built before
# ran hardly faster than one job; see benchmarks/releases_scaling.py). "forkserver" would make workers children of
# a server process, which outlives a killed build (tried): they would go on writing into a staging folder.
# A single worker is forked: it starts at once, as the build was about to run its job itself.
START_METHOD = "PLAYBOOK_START_METHOD"


class Late(Exception):
    """A page over the bound, whose worker was killed."""

    def __init__(self, late: page_clock.Late) -> None:
        super().__init__(late.page)
        self.late = late


def context(several: bool) -> multiprocessing.context.BaseContext | None:
    """How workers start (see START_METHOD): `several` at once, or one; None where no worker can start (a system
    without fork, running a script that a spawned worker could not import): the jobs then run in this process."""
    methods = multiprocessing.get_all_start_methods()
    wanted = os.environ.get(START_METHOD)
    if wanted in methods:
        return multiprocessing.get_context(wanted)
    main = getattr(sys.modules.get("__main__"), "__file__", None)  # spawned workers start by importing it
    if several and (main is None or os.path.exists(main)):
        return multiprocessing.get_context("spawn")
    if "fork" in methods:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn") if main is None or os.path.exists(main) else None


@contextlib.contextmanager
def clock_folder() -> Iterator[Path]:
    """A folder for the workers' clocks and temporary files, removed with all it holds once they are gone."""
    folder = Path(tempfile.mkdtemp(prefix="playbook-workers-"))
    try:
        (folder / "tmp").mkdir()
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def start(build: int, folder: str, outside: list[tuple[str, str, str]] | tuple = ()) -> None:
    """A worker's start: it dies with the build that started it (Linux), writes its pages' clock into `folder`
    and its temporary files under it, and registers again the parts the build registered from outside the package
    (`outside`: a spawned worker is a fresh interpreter). A killed build must leave no worker writing into its
    staging folder or the cache, nor holding the output folder's lock it inherited."""
    page_clock.use(folder)
    tempfile.tempdir = str(Path(folder) / "tmp")
    parts.register_again(outside)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the worker ends when it finds its queue closed
        return
    if os.getppid() != build:  # the build died before the line above
        os._exit(1)


def watch(folder: Path, bound: float) -> None:
    """Kill the worker of a page building for more than `bound` seconds, and raise Late."""
    late = page_clock.overdue(folder, bound)
    if late is not None:
        kill(late.pid)
        raise Late(late)


def kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def stop_all(pool: Any) -> None:
    """Kill the workers of a pool that will build nothing more (the build failed): none of them lingers, whatever
    page it was on, and the pool's shutdown does not wait for them."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        kill(process.pid)
