"""Shared fixtures: fresh copies of the starter and example playbooks to build or break, and the sites and releases
that many tests only read, made once for the whole run (once per worker with pytest -n)."""
from __future__ import annotations

import contextlib
import fcntl
import importlib.util
import os
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from generator.parts import PARTS
from generator.resources import example_dir, scaffold_dir

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"  # Debian's, driven by Playwright, which downloads no browser
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    """One Chromium for the tests of a module; skipped without it, except in CI, where its absence is an error."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            raise RuntimeError(f"{CHROMIUM} is missing: .ci/run must install Debian's chromium")
        pytest.skip("Debian's chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield instance
        instance.close()


def pytest_configure(config: pytest.Config) -> None:
    """Under pytest -n, before the workers start: the user's key of the build cache (generator/cache.py) is made
    now, once, so that two workers making it at the same moment cannot replace each other's, which would make
    the entries one of them stored look tampered with. Then what each test takes is timed, for the next run's
    order of work (tests/scheduling.py)."""
    if not hasattr(config, "workerinput"):
        from generator import cache
        cache._secret()
        from .scheduling import Timer
        config.pluginmanager.register(Timer(config), "playbook-timer")


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """`--dist loadgroup` (pyproject.toml) is tests/scheduling.py's: a module's tests on one worker (a group's, for
    the tests marked xdist_group), the longest unit of work first."""
    if config.getvalue("dist") == "loadgroup":
        from .scheduling import scheduler
        return scheduler(config, log)
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that drives Chromium (through the `browser` fixture, even by way of another) is marked `browser`,
    so that `pytest -m "not slow and not browser"` leaves it out without a list to keep up to date."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


def copy_playbook(source: Path, dest: Path) -> Path:
    """Copy a playbook's inputs (configuration, content and releases, if any) into `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(source / "site_config.yml", dest / "site_config.yml")
    shutil.copytree(source / "content", dest / "content")
    if (source / "releases").is_dir():
        shutil.copytree(source / "releases", dest / "releases")
    return dest


@pytest.fixture(autouse=True)
def _messages_not_from_the_machines_locale(monkeypatch):
    """Where no playbook says its language, messages follow the locale (LANG...): tests do not depend on it."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def starter(tmp_path: Path) -> Path:
    """A copy of the English starter playbook: small, valid, every part present."""
    return copy_playbook(scaffold_dir("en"), tmp_path / "starter")


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the full French example playbook, with its releases."""
    return copy_playbook(example_dir(), tmp_path / "example")


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace `old` by `new` in a file; fails loudly if `old` is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not found in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


# A charter of three parts, and the parts it leaves out: every other part of the registry.
SMALL_CHARTER = ("charter", "personal_use", "comments")
ABSENT = tuple(part.stem for part in PARTS if part.stem not in SMALL_CHARTER)


def without_lines(path: Path, *starts: str) -> None:
    """Remove the lines of a file that start (after their indent) with one of `starts`."""
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join(line for line in lines if not line.lstrip().startswith(starts)), encoding="utf-8")


@pytest.fixture
def small(starter: Path) -> Path:
    """The starter reduced to what many real charters are: the charter, its personal-use and comment policies,
    and its networks, with nothing that names a part it no longer has."""
    content = starter / "content"
    for stem in ABSENT:
        (content / f"{stem}.yml").unlink()
    without_lines(content / "charter.yml", "owner:")
    without_lines(content / "comments.yml", "owner:", "escalate_to:")
    edit(content / "comments.yml", "action: escalate", "action: hide")
    for network in (content / "networks").glob("*.yml"):
        without_lines(network, "audiences:")
    return starter


# Made once for the whole run: what many tests only read. A test reads them through the function-scoped fixtures
# below, which fail it if it changed a file; a test that changes a playbook or a site works on a copy (copy_tree).


@dataclass(frozen=True)
class Built:
    """A playbook and the site built from it."""
    root: Path
    site: Path


def copy_tree(source: Path, dest: Path) -> Path:
    """A copy of a playbook (with its releases, read-only files and .playbook folder) or of a site, to change."""
    shutil.copytree(source, dest, symlinks=True)
    return dest


def _state(folder: Path) -> dict[str, tuple[int, int, int]]:
    """What a test could change in a shared folder: every file's and link's size, mode and time of change."""
    return {path.relative_to(folder).as_posix(): (info.st_size, info.st_mode, info.st_mtime_ns)
            for path in folder.rglob("*") for info in (path.lstat(),)}


@contextlib.contextmanager
def read_only(shared: Path, request: pytest.FixtureRequest):
    """Hand `shared` to a test (or to the tests of a module, from a module fixture), then fail it if it changed a
    file there: the next tests read it too."""
    before = _state(shared)
    yield
    changed = sorted({name for name, _ in set(before.items()) ^ set(_state(shared).items())})
    if changed:
        pytest.fail(f"{request.node.nodeid} changed {shared}, which the whole run shares "
                    f"({', '.join(changed[:5])}): make it work on a copy (copy_tree)")


def made_once(tmp_path_factory: pytest.TempPathFactory, name: str, make) -> Path:
    """The folder `name` of the run, made by `make(folder)` once for the whole run: under pytest -n, by the first
    worker that needs it while the others wait, then read by all (they only read it)."""
    run = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        run = run.parent  # each worker's folder is in the run's
    folder, done = run / f"shared-{name}", run / f"shared-{name}.done"
    with open(run / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # what a worker that failed midway left
            make(folder)
            done.touch()
    return folder


def _built(tmp_path_factory: pytest.TempPathFactory, name: str, source: Path, copy=copy_playbook, **options) -> Built:
    """The playbook `source`, copied by `copy` and built with `options` (of build.run), once for the run."""
    from generator.commands import build

    def make(folder: Path) -> None:
        build.run(copy(source, folder / "playbook"), **options)
    root = made_once(tmp_path_factory, name, make) / "playbook"
    return Built(root, root / "site")


@pytest.fixture(scope="session")
def _example_built(tmp_path_factory) -> Built:
    return _built(tmp_path_factory, "example", example_dir())


@pytest.fixture(scope="session")
def _example_staff_built(tmp_path_factory) -> Built:
    from generator.audience import STAFF
    return _built(tmp_path_factory, "example-staff", example_dir(), audience=STAFF)


@pytest.fixture(scope="session")
def _example_zensical_built(tmp_path_factory) -> Built:
    """The example built with Zensical (an optional dependency, which the test extra installs), once for the run:
    the browser and search tests read it."""
    if importlib.util.find_spec("zensical") is None and not os.environ.get("CI"):
        pytest.skip("zensical is not installed")
    return _built(tmp_path_factory, "example-zensical", example_dir(), engine_name="zensical")


@pytest.fixture
def example_zensical_built(_example_zensical_built, request) -> Built:
    """The example built once with Zensical, the other engine: to read, never to change."""
    with read_only(_example_zensical_built.root, request):
        yield _example_zensical_built


@pytest.fixture
def example_built(_example_built, request) -> Built:
    """The example (its releases 1.0 and 2.0, its draft; French at the root, English in en/) built once for the
    team with the default engine: to read, never to change."""
    with read_only(_example_built.root, request):
        yield _example_built


@pytest.fixture
def example_staff_built(_example_staff_built, request) -> Built:
    """The example built once for the staff (restricted entries left out): to read, never to change."""
    with read_only(_example_staff_built.root, request):
        yield _example_staff_built


def release_twice(root: Path) -> Path:
    """Releases 1.0 and 2.0 of the English starter in `root`, and a draft that differs from 2.0."""
    from generator.commands import release
    release.run(root, "1.0", "Claire Martin", "Chief executive", date(2026, 1, 15))
    edit(root / "content" / "comments.yml", "target_minutes: 60", "target_minutes: 30")
    release.run(root, "2.0", "Claire Martin", "Chief executive", date(2026, 6, 1))
    edit(root / "content" / "charter.yml", "title: ", "title: Draft-Title ")
    return root


@pytest.fixture(scope="session")
def _released_starter(tmp_path_factory) -> Path:
    """release_twice of the starter, made once: each release builds its pages and prints its PDF from them."""
    return made_once(tmp_path_factory, "released-starter",
                     lambda folder: release_twice(copy_playbook(scaffold_dir("en"), folder)))


@pytest.fixture(scope="session")
def _released_starter_built(_released_starter, tmp_path_factory) -> Built:
    return _built(tmp_path_factory, "released-starter-built", _released_starter, copy=copy_tree)


@pytest.fixture
def released_starter_built(_released_starter_built, request) -> Built:
    """The starter with releases 1.0 and 2.0 and a draft (release_twice), built once: to read, never to change."""
    with read_only(_released_starter_built.root, request):
        yield _released_starter_built
