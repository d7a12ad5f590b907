"""Shared fixtures: fresh copies of the starter and example playbooks to build or break."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

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


# A charter of three parts, and the parts it leaves out.
ABSENT = ("objectives", "audiences", "strategy", "resources", "editorial", "calendar", "crisis", "kpis", "results",
          "roles", "listening", "training", "ambassadors")


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
