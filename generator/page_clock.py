"""The clock of the pages a worker builds: which page it is building and since when, for the build to watch.

A worker process of the build (see workers.py) is given a folder; MkDocs then tells a plugin of ours when each
page starts and ends, in both of its passes (the Markdown converted; then the HTML written, search index and
templates), and the worker writes it into a file of that folder named by its process id: the time it started
(on the clock and in processor time) and the page, or nothing between pages. The build reads these files while
it waits for its jobs (`overdue`): a page over the bound (bounds.PAGE_SECONDS) gets its worker killed, whatever it
was doing, in Python or not. The bound is in processor time, read from /proc where there is one (Linux): a page
counts what it needs, not what the other programs of a busy machine take from it.

Files rather than a pipe: a worker killed at any moment leaves at worst a line half-written, which is simply not
read, and the build needs no thread to listen. Outside a worker (the preview) no folder is set and nothing is
written.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# A page over the bound in processor time is stopped; so is one that has taken this many times the bound on the
# clock, whatever its processor time (a worker that waits, or a machine so busy that it hardly runs it).
WALL_FACTOR = 10
_folder: Path | None = None  # set in a worker
_job = 0  # the step of the plan the worker is building
_page = ""  # the page it is building, if any
_started = 0.0
_spent: dict[str, float] = {}  # seconds each page of the job took, both passes together


def use(folder: str | Path | None) -> None:
    """Write the pages this process builds into `folder` (None: write nothing)."""
    global _folder
    _folder = Path(folder) if folder else None


def job(step: int) -> None:
    """The job of the plan whose pages come next."""
    global _job
    _job = step
    _spent.clear()


def slowest() -> tuple[str, float]:
    """The page of the job that took longest to build so far, and its seconds (('', 0.0) before any)."""
    return max(_spent.items(), key=lambda item: item[1], default=("", 0.0))


def start(page: str) -> None:
    global _page, _started
    _page, _started = page, time.process_time()
    _write(f"{time.monotonic()}\t{_started}\t{_job}\t{page}")


def stop() -> None:
    global _page
    if _page:
        _spent[_page] = _spent.get(_page, 0.0) + time.process_time() - _started
    _page = ""
    _write("")


def current() -> str:
    """The page being built in this process ('' between pages), as MkDocs names it."""
    return _page


def _write(text: str) -> None:
    if _folder is None:
        return
    path = _folder / str(os.getpid())
    partial = _folder / f".{os.getpid()}"
    try:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)  # whole or not at all, for the build that reads it
    except OSError:  # the build is gone with its folder: this worker is about to end too
        pass


@dataclass(frozen=True)
class Late:
    """A page over the bound: the worker building it, the job it belongs to, and the seconds it has taken."""

    pid: int
    step: int
    page: str  # as MkDocs names it: 'kpis.md', 'pages/x.md'
    seconds: float


def overdue(folder: Path, bound: float) -> Late | None:
    """The first page of the workers writing into `folder` that has taken more than `bound` seconds of processor,
    or WALL_FACTOR times as long on the clock (a worker waiting, or a machine so busy it hardly runs it)."""
    for pid, step, page, wall_start, cpu_start in _pages(folder):
        wall = time.monotonic() - wall_start
        cpu = _cpu_seconds(pid)
        spent = wall if cpu is None else cpu - cpu_start
        if spent > bound or wall > bound * WALL_FACTOR:
            return Late(pid, step, page, max(spent, 0.0))
    return None


def in_progress(folder: Path) -> Late | None:
    """The page a worker writing into `folder` was building when it stopped, if any (its seconds: 0)."""
    return next((Late(pid, step, page, 0.0) for pid, step, page, *_ in _pages(folder)), None)


def _pages(folder: Path) -> list[tuple[int, int, str, float, float]]:
    """(worker, job, page, clock time and processor time it started at) of each page the workers are building."""
    found = []
    for entry in os.scandir(folder):
        if not entry.name.isdigit():
            continue
        try:
            wall, cpu, step, page = Path(entry.path).read_text(encoding="utf-8").split("\t", 3)
            found.append((int(entry.name), int(step), page, float(wall), float(cpu)))
        except (OSError, ValueError):  # between pages, or replaced while read
            continue
    return found


def _cpu_seconds(pid: int) -> float | None:
    """The processor time process `pid` has used, user and system, from /proc (Linux); None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def plugin() -> Any:
    """A MkDocs plugin that starts the clock of each page before any other plugin and stops it after all of them."""
    from mkdocs.plugins import BasePlugin, event_priority

    class Clock(BasePlugin):
        @event_priority(100)
        def on_pre_page(self, page: Any, **kwargs: Any) -> None:
            start(page.file.src_uri)

        @event_priority(-100)
        def on_page_content(self, html: str, page: Any, **kwargs: Any) -> None:
            stop()

        @event_priority(100)
        def on_page_context(self, context: Any, page: Any, **kwargs: Any) -> None:
            start(page.file.src_uri)

        @event_priority(-100)
        def on_post_page(self, output: str, page: Any, **kwargs: Any) -> None:
            stop()

    return Clock()


def install(config: Any) -> None:
    """Add the clock to a loaded MkDocs configuration: `current` names the page being built, and in a worker the
    build watches it."""
    config.plugins["playbook-page-clock"] = plugin()
