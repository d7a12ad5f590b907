"""The text to blame for a page that took too long to build, or nested too deep: found by building each text of the
playbook alone, under the same bound, in a worker of its own.

A page holds many texts (a part, all its items; the glossary, every term), and which one makes Markdown slow is
not foreseen (bounds.py says why). Once a page went over bounds.PAGE_SECONDS, each text of the version's files
is converted alone with the site's Markdown extensions, one after the other, while the build watches as it
watches pages (page_clock.py): the text still converting at the bound is the one to blame, named at its file,
line and column; one that makes Markdown recurse past Python's limit too. When no text is slow alone (the page
is slow as a whole), the slowest one is named with its time. This costs one bound more, on a build that fails.
"""
from __future__ import annotations

import posixpath
import re
import time
from pathlib import Path
from typing import Any

from . import bounds, page_clock, workers
from .characters import _strings
from .diagnostics import Diagnostic, PlaybookError
from .load import load_project
from .mkdocs_extensions import GENERATED_MARKDOWN
from .message import Message

SLOW, DEEP = "markdown-too-slow", "markdown-too-deep"
_SLOW_HINT = Message("slow-text.look-in-it-for-marks")
_PAGE_HINT = Message("slow-text.shorten-the-texts-of-this")
_BLOCKS = re.compile(r"(?<=\n)(?=[ \t]*\n)")  # before each empty line: blocks keep their line ends
_DEEP_KEY = "markdown-too-deep.the-markdown-of-the-page"  # build.too_deep's message, from the worker
_DEEP_HINT = Message("slow-text.write-it-flatter")


def located(root: Path, job: Any, errors: list[Diagnostic]) -> list[Diagnostic]:
    """`errors` of a job, a page that nests too deep placed at the text to blame when one is found."""
    deep = next((d for d in errors if d.code == DEEP and not d.file and getattr(d.message, "key", "") == _DEEP_KEY),
                None)
    if deep is None:
        return errors
    page = dict(deep.message.params)["page"]
    return [d for d in errors if d is not deep] + locate(root, job, page, deep)


def locate(root: Path, job: Any, page: str, deep: Diagnostic | None = None) -> list[Diagnostic]:
    """The diagnostic of a page of `job` (as MkDocs names it) that went over the bound (or, given `deep`, nested
    too deep), at the text to blame in the version's files."""
    shown = _shown(page, job)
    folder = job.release.folder if job.release is not None else root
    try:
        sources = load_project(folder, shown_from=root)
    except PlaybookError:
        sources = None
    texts = _texts(sources) if sources is not None else []
    kind, index, seconds = _convert_alone([text for *_, text in texts]) if texts else ("none", -1, 0.0)
    bound = f"{bounds.PAGE_SECONDS:g}"
    if kind in ("deep", "stopped"):
        return [_at(*texts[index][:3], DEEP, Message("slow-text.this-text-nests-too-deep", page=shown), _DEEP_HINT)]
    if deep is not None:
        return [deep]
    if kind == "slow":
        return [_at(*texts[index][:3], SLOW, Message("slow-text.this-text-alone-takes-as-long", page=shown, bound=bound),
                    _SLOW_HINT)]
    if kind == "slowest":
        return [_at(*texts[index][:3], SLOW, Message("slow-text.the-slowest-text-takes", page=shown, bound=bound,
                                                     seconds=f"{seconds:.1f}"), _PAGE_HINT)]
    return [Diagnostic(SLOW, Message("slow-text.the-page-took-more-than", page=shown, bound=bound), hint=_PAGE_HINT)]


def _shown(page: str, job: Any) -> str:
    """A page as readers find it in the site, with the version it belongs to: 'kpis.html (en: draft)'."""
    return f"{posixpath.splitext(page)[0]}.html ({job.label})"


def _texts(sources: Any) -> list[tuple[Any, tuple | None, int, str]]:
    """(source, place, line, text) of every text of the playbook's files: YAML strings at their value; the blocks
    of pages' bodies (between empty lines) at their line, then each body whole, in case only the whole is slow."""
    found, bodies = [], []
    for source in [sources.config, *sources.parts.values(), *sources.networks, *sources.pages]:
        found += [(source, loc, 0, text) for loc, text in _strings(source.data)
                  if not (source is sources.config and loc[:1] == ("mkdocs",))]  # settings, not Markdown
        if source.body:
            line = 0
            for block in _BLOCKS.split(source.body):
                if block.strip():  # at its first line that is not empty
                    found.append((source, None, line + block[:len(block) - len(block.lstrip())].count("\n"), block))
                line += block.count("\n")
            bodies.append((source, None, 0, source.body))
    return found + bodies


def _at(source: Any, loc: tuple | None, line: int, code: str, message: str, hint: str) -> Diagnostic:
    """A diagnostic at a YAML value, or at a line of a page's body."""
    if loc is not None:
        return source.diagnostic(loc, code, message, hint)
    return Diagnostic(code, message, source.display, source.body_line + line, 1, hint)


def _convert_alone(texts: list[str]) -> tuple[str, int, float]:
    """Convert each text alone in a worker, watched: ('slow', the text at the bound), ('deep', the text that
    recursed too deep), ('stopped', the text its worker died on) or ('slowest', the slowest text, its seconds)."""
    context = workers.context(several=False)
    if context is None:  # no worker can start here: nothing is converted unwatched
        return "none", -1, 0.0
    with workers.clock_folder() as clock:
        receiver, sender = context.Pipe(duplex=False)
        worker = context.Process(target=_convert, args=(texts, str(clock), sender), daemon=True)
        try:
            worker.start()
        except OSError:  # no process can start (the system's limits): the page is named without its text
            return "none", -1, 0.0
        sender.close()
        try:
            while True:
                if receiver.poll(workers.POLL):
                    return receiver.recv()
                late = page_clock.overdue(clock, bounds.PAGE_SECONDS)
                if late is not None:
                    return "slow", int(late.page), late.seconds
                if not worker.is_alive():  # killed by its own stack, or by the system for its memory
                    stopped = page_clock.in_progress(clock)
                    return ("stopped", int(stopped.page), 0.0) if stopped else ("none", -1, 0.0)
        except EOFError:  # it died while it answered
            return "none", -1, 0.0
        finally:
            workers.kill(worker.pid)
            worker.join()


def _convert(texts: list[str], clock: str, answer: Any) -> None:
    """In the worker: each text through the site's Markdown, its clock started before it."""
    import markdown

    page_clock.use(clock)
    names = [e if isinstance(e, str) else next(iter(e)) for e in GENERATED_MARKDOWN]
    configs = {next(iter(e)): e[next(iter(e))] for e in GENERATED_MARKDOWN if isinstance(e, dict)}
    converter = markdown.Markdown(extensions=names, extension_configs=configs)
    slowest, which = 0.0, -1
    for index, text in enumerate(texts):
        page_clock.start(str(index))
        started = time.perf_counter()
        try:
            converter.reset().convert(text)
        except RecursionError:
            answer.send(("deep", index, 0.0))
            return
        spent = time.perf_counter() - started
        if spent >= slowest:
            slowest, which = spent, index
    page_clock.stop()
    answer.send(("slowest", which, slowest))
