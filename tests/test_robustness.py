"""A build killed at any moment leaves the published site whole; the same inputs give the same bytes."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from generator.commands import build, release

from generator.resources import scaffold_dir

from .conftest import copy_playbook, copy_tree, edit
from .test_build import snapshot

REPO = Path(__file__).resolve().parent.parent


def _command(root: Path, *args: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator.cli", "build", "-C", str(root), *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})})


@pytest.fixture(scope="session")
def _released_once(tmp_path_factory) -> Path:
    """The starter with release 1.0, made once for the run: the release draws its PDF."""
    starter = copy_playbook(scaffold_dir("en"), tmp_path_factory.mktemp("robustness") / "starter")
    release.run(starter, "1.0", "Claire Martin", "CEO", date(2026, 3, 1))
    return starter


@pytest.fixture
def released_starter(_released_once, tmp_path):
    """A copy of it, which the test may change."""
    return copy_tree(_released_once, tmp_path / "starter")


@pytest.mark.slow
def test_killed_builds_leave_the_old_or_the_new_site_whole(released_starter, tmp_path):
    root = released_starter
    site = build.run(root).output
    old = snapshot(site)
    edit(root / "content" / "charter.yml", "title: ", "title: Next ")
    new = snapshot(build.run(root, tmp_path / "expected").output)  # what a finished build publishes
    assert new != old
    outcomes = []
    # kill at moments spread over a whole build: while validating, rendering, building, caching, swapping
    for delay in (0.05, 0.3, 0.6, 0.9, 1.2, 1.5, 1.8, 2.2, 2.6, 3.0, 3.5, 4.5):
        process = _command(root)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = snapshot(site)
        assert now in (old, new), f"killed after {delay} s: the published site is neither the old one nor the new one"
        outcomes.append("old" if now == old else "new")
        if now == new:  # published: the next builds go back to the other content
            charter = root / "content" / "charter.yml"
            text = charter.read_text(encoding="utf-8")
            charter.write_text(text.replace("title: Next ", "title: ", 1) if "title: Next " in text
                               else text.replace("title: ", "title: Next ", 1), encoding="utf-8")
            old, new = new, old
    # the next build succeeds and removes what the killed ones left behind
    build.run(root)
    assert not [p for p in site.parent.iterdir() if p.name.startswith(f".{site.name}.")]
    assert not [p for p in (root / ".playbook" / "cache" / "releases").iterdir() if p.name.startswith("tmp")]


@pytest.mark.slow
@pytest.mark.parametrize("jobs", [("1", "1", "mkdocs"), ("2", "1", "mkdocs"), ("2", "1", "zensical")],
                         ids=["one-job", "two-jobs-then-one", "zensical"])
def test_same_inputs_give_the_same_bytes(released_starter, tmp_path, jobs):
    if jobs[2] == "zensical":
        pytest.importorskip("zensical")
    epoch = {"SOURCE_DATE_EPOCH": "1767225600"}
    outputs = []
    for run, seed, count in ((1, "1", jobs[0]), (2, "2", jobs[1])):
        out = tmp_path / f"site{run}"
        cache = released_starter / ".playbook"
        if cache.exists():  # a cold build each time
            import shutil
            shutil.rmtree(cache)
        process = _command(released_starter, "--out", str(out), "--jobs", count, "--engine", jobs[2],
                           env={**epoch, "PYTHONHASHSEED": seed})
        assert process.wait(timeout=300) == 0
        outputs.append(snapshot(out))
    assert outputs[0] == outputs[1]
    assert any(name.endswith(".pdf") for name in outputs[0])
