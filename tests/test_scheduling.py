"""How pytest -n shares the suite between its workers (tests/scheduling.py): a module per worker, a group apart, the
longest unit first, from what the last run measured; the workers of a simulated run finish together."""
from __future__ import annotations

import heapq
from types import SimpleNamespace

from .scheduling import KEY, SLOWEST, LongestFirst, Timer, unit


class Worker:
    """What the scheduler sees of an xdist worker: the tests it is sent, in order."""

    def __init__(self, name: str) -> None:
        self.gateway, self.sent, self.shutting_down = SimpleNamespace(id=name), [], False

    def send_runtest_some(self, indexes: list[int]) -> None:
        self.sent += indexes

    def shutdown(self) -> None:
        self.shutting_down = True


def config(workers: int = 2):
    return SimpleNamespace(getvalue=lambda name: {"tx": [f"{workers}*popen"]}[name],
                           option=SimpleNamespace(loadscopereorder=True))


def run(collection: list[str], seconds: dict[str, float], known: dict[str, float] | None = None):
    """Simulate a run of `collection` on two workers, each test taking `seconds`: (the units in the order the
    workers started them, the time each worker ends)."""
    scheduler = LongestFirst(config(), seconds=known)
    workers = [Worker("gw0"), Worker("gw1")]
    for worker in workers:
        scheduler.add_node(worker)
        scheduler.add_node_collection(worker, collection)
    scheduler.schedule()
    clock, started, done, running, ends = [(0.0, 0), (0.0, 1)], [], [0, 0], [None, None], [0.0, 0.0]
    while clock:
        now, i = heapq.heappop(clock)
        worker = workers[i]
        if running[i] is not None:
            scheduler.mark_test_complete(worker, running[i])  # which may send the worker more tests
        if done[i] == len(worker.sent):
            ends[i] = now
            continue
        running[i] = worker.sent[done[i]]
        done[i] += 1
        nodeid = collection[running[i]]
        if unit(nodeid) not in started:
            started.append(unit(nodeid))
        heapq.heappush(clock, (now + seconds[nodeid], i))
    assert sorted(collection[k] for w in workers for k in w.sent) == sorted(collection), "every test runs once"
    return started, ends


# fifty short modules of three tests, then one long module of two tests, last in the collection
SHORT = [f"tests/test_m{m:02}.py::test_{t}" for m in range(50) for t in range(3)]
LONG = ["tests/test_long.py::test_a", "tests/test_long.py::test_b"]
SECONDS = {**{nodeid: 1.0 for nodeid in SHORT}, LONG[0]: 40.0, LONG[1]: 40.0}


def test_the_longest_module_measured_starts_first_and_the_workers_end_together():
    started, ends = run(SHORT + LONG, SECONDS, known=SECONDS)
    assert started[0] == "tests/test_long.py"
    assert abs(ends[0] - ends[1]) <= 3  # one short module apart at most
    assert max(ends) <= sum(SECONDS.values()) / 2 + 3


def test_a_module_stays_on_one_worker():
    scheduler = LongestFirst(config(), seconds=SECONDS)
    assert {scheduler._split_scope(nodeid) for nodeid in LONG} == {"tests/test_long.py"}
    assert unit("tests/test_c.py::Case::test_a") == "tests/test_c.py::Case"


def test_a_group_is_a_unit_of_its_own_apart_from_its_module():
    """The browser tests of Zensical's site (xdist_group "browser-zensical") run beside those of MkDocs' site."""
    collection = ["tests/test_b.py::test_x[mkdocs]", "tests/test_b.py::test_y[mkdocs]",
                  "tests/test_b.py::test_x[zensical]@browser-zensical", "tests/test_b.py::test_y[zensical]@browser-zensical"]
    seconds = dict.fromkeys(collection, 10.0)
    started, ends = run(collection, seconds, known={nodeid.split("@")[0]: 10.0 for nodeid in collection})
    assert sorted(started) == ["browser-zensical", "tests/test_b.py"]
    assert ends == [20.0, 20.0]


def test_without_figures_the_slowest_modules_named_come_first():
    """A fresh clone (CI) has no cache: the units of SLOWEST first, in its order, then by number of tests."""
    collection = SHORT + [f"{SLOWEST[1]}::test_a", f"{SLOWEST[0]}::test_a"]
    started, _ = run(collection, dict.fromkeys(collection, 1.0))
    assert started[:2] == [SLOWEST[0], SLOWEST[1]]


def test_a_test_never_measured_weighs_as_a_usual_test():
    known = dict.fromkeys(SHORT, 1.0)  # test_long.py is new: its two tests count as two usual ones
    scheduler = LongestFirst(config(), seconds=known)
    scheduler.collection = SHORT + LONG
    scheduler.use_figures = scheduler.measured()
    scheduler.workqueue.update({"tests/test_long.py": dict.fromkeys(LONG, False),
                                "tests/test_m00.py": dict.fromkeys(SHORT[:3], False)})
    assert scheduler.use_figures
    assert scheduler.weight("tests/test_long.py") == (2.0,)
    assert scheduler.weight("tests/test_m00.py") == (3.0,)


def test_figures_for_a_few_tests_only_leave_the_order_to_slowest():
    """A cache filled by a run of one module (-n 0 on a file) says nothing of the others."""
    collection = SHORT + [f"{SLOWEST[0]}::test_a"]
    known = {SHORT[0]: 100.0}
    started, _ = run(collection, dict.fromkeys(collection, 1.0), known=known)
    assert started[0] == SLOWEST[0]


class Cache(dict):
    def get(self, key, default):
        return super().get(key, default)

    def set(self, key, value):
        self[key] = value


def test_what_each_test_took_is_kept_for_the_next_run_in_or_out_of_its_group():
    cache = Cache({KEY: {"tests/test_old.py::test_kept": 3.0, "tests/test_b.py::test_x[zensical]": 9.0}})
    timer = Timer(SimpleNamespace(cache=cache))
    for nodeid, phase_seconds in (("tests/test_b.py::test_x[zensical]@browser-zensical", 0.5),
                                  ("tests/test_b.py::test_x[zensical]@browser-zensical", 2.25),
                                  ("tests/test_a.py::test_y", 1.0)):
        timer.pytest_runtest_logreport(SimpleNamespace(nodeid=nodeid, duration=phase_seconds))
    timer.pytest_sessionfinish()
    assert cache[KEY] == {"tests/test_old.py::test_kept": 3.0, "tests/test_b.py::test_x[zensical]": 2.75,
                          "tests/test_a.py::test_y": 1.0}
