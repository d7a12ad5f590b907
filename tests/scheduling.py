"""How `pytest -n` shares the tests between its workers (pyproject.toml: `--dist loadgroup`, this scheduler).

A unit of work is a module (a class, for the tests of a class), as with xdist's `loadscope`, so that a module's
fixtures (a served site, a Chromium) are made once; tests marked `xdist_group` form the unit of their group instead,
which splits a long module in two (the browser tests of Zensical's site run beside those of MkDocs' site).

A worker that needs work takes the longest unit left, so that the last units are short and the workers end
together. How long a unit takes is what its tests took in the last run that ran them (kept in pytest's cache,
.pytest_cache, by the process that shares the tests out; a test never measured counts as the median test); where
the cache holds no figure for more than one test in ten of the run (a fresh clone, as in CI), the units of SLOWEST
come first, in that order, then the others by their number of tests."""
from __future__ import annotations

import statistics

import pytest
from xdist.scheduler import LoadGroupScheduling

KEY = "playbook/test-seconds"

# The longest units, measured on 2 cores (`pytest --durations`): only used when the cache has no figures.
SLOWEST = ("reading-phone", "tests/test_browser.py", "browser-zensical", "reading-laptop", "tests/test_reading.py",
           "tests/test_audience.py", "tests/test_locks.py", "tests/test_versions.py", "tests/test_deploy.py",
           "tests/test_search.py", "tests/test_languages.py", "tests/test_old_releases.py",
           "tests/test_acknowledgements_load.py")


def unit(nodeid: str) -> str:
    """The unit a test belongs to: its group (`xdist_group`, written after an @ by xdist), else its module or class."""
    if nodeid.rfind("@") > nodeid.rfind("]"):
        return nodeid.rsplit("@", 1)[1]
    return nodeid.rsplit("::", 1)[0]


class LongestFirst(LoadGroupScheduling):
    """xdist's `loadgroup`, but the tests of no group go by module, and the longest unit is handed out first."""

    def __init__(self, config: pytest.Config, log=None, seconds: dict[str, float] | None = None) -> None:
        super().__init__(config, log)
        self.seconds = seconds or {}
        self.usual = statistics.median(self.seconds.values()) if self.seconds else 0.0
        self.use_figures: bool | None = None  # decided when the collection is known

    def _split_scope(self, nodeid: str) -> str:
        return unit(nodeid)

    def measured(self) -> bool:
        """Whether the cache has figures for nine tests in ten of this run at least: else SLOWEST's order."""
        known = sum(unit_test(nodeid) in self.seconds for nodeid in self.collection or ())
        return bool(self.seconds) and known >= 0.9 * len(self.collection or ())

    def weight(self, scope: str) -> tuple:
        tests = self.workqueue[scope]
        if self.use_figures:
            return (sum(self.seconds.get(unit_test(nodeid), self.usual) for nodeid in tests),)
        rank = SLOWEST.index(scope) if scope in SLOWEST else len(SLOWEST)
        return (-rank, len(tests))

    def _assign_work_unit(self, node) -> None:
        if self.use_figures is None:
            self.use_figures = self.measured()
        longest = max(self.workqueue, key=self.weight)
        self.workqueue.move_to_end(longest, last=False)
        super()._assign_work_unit(node)


def unit_test(nodeid: str) -> str:
    """A test's id without its group: the same test, in or out of a group, is the same entry of the cache."""
    return nodeid.rsplit("@", 1)[0] if nodeid.rfind("@") > nodeid.rfind("]") else nodeid


class Timer:
    """In the process that shares the tests out (or runs them, with -n 0): what each test took (setup, call and
    teardown), kept in the cache at the end of the run for the next one."""

    def __init__(self, config: pytest.Config) -> None:
        self.config, self.seconds = config, {}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        name = unit_test(report.nodeid)
        self.seconds[name] = self.seconds.get(name, 0.0) + report.duration

    def pytest_sessionfinish(self) -> None:
        cache = getattr(self.config, "cache", None)
        if cache is not None and self.seconds:
            kept = cache.get(KEY, {})
            kept.update({name: round(seconds, 2) for name, seconds in self.seconds.items()})
            cache.set(KEY, kept)


def scheduler(config: pytest.Config, log) -> LongestFirst:
    cache = getattr(config, "cache", None)
    return LongestFirst(config, log, cache.get(KEY, {}) if cache is not None else {})
