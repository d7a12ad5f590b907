"""The cache of built releases is reused only as it was stored: anything changed in it is rebuilt."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator import cache, cli
from generator.commands import build
from generator.resources import scaffold_dir

from .conftest import copy_playbook, copy_tree


@pytest.fixture(scope="session")
def _cached(tmp_path_factory) -> Path:
    """The starter with release 1.0, built twice: the second build reuses the release's cache entry. Made once for
    the run (the release draws its PDF); a copy of it reuses the entry too, which each test then damages."""
    root = copy_playbook(scaffold_dir("en"), tmp_path_factory.mktemp("cache") / "starter")
    assert cli.main(["release", "1.0", "-q", "-C", str(root), "--approved-by", "Claire", "--role", "CEO"]) == 0
    assert build.run(root).reused == []
    assert build.run(root).reused == ["1.0"]
    assert build.run(copy_tree(root, tmp_path_factory.mktemp("cache") / "copy")).reused == ["1.0"]
    return root


@pytest.fixture
def cached(_cached, tmp_path) -> Path:
    return copy_tree(_cached, tmp_path / "starter")


def _entry(root: Path) -> Path:
    (entry,) = [p for p in (root / cache.CACHE).iterdir() if p.is_dir()]
    return entry


def _rebuilt(root: Path) -> None:
    again = build.run(root)
    assert again.reused == []
    page = (root / "site" / "1.0" / "index.html").read_text(encoding="utf-8")
    assert "evil.example" not in page and "alert(" not in page
    assert build.run(root).reused == ["1.0"]  # stored again, as built


def test_a_script_added_to_a_cached_page_is_never_published(cached):
    page = _entry(cached) / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</body>", "<script>alert(1)</script></body>"),
                    encoding="utf-8")
    _rebuilt(cached)


def test_a_file_added_to_a_cached_release_is_never_published(cached):
    (_entry(cached) / "assets" / "javascripts" / "extra.js").write_text("fetch('//evil.example')", encoding="utf-8")
    _rebuilt(cached)
    assert not (cached / "site" / "1.0" / "assets" / "javascripts" / "extra.js").exists()


@pytest.mark.slow
def test_a_file_deleted_or_replaced_by_a_link_is_rebuilt(cached, tmp_path):
    entry = _entry(cached)
    (entry / "kpis.html").unlink()
    _rebuilt(cached)
    entry = _entry(cached)
    outside = tmp_path / "kpis.html"
    outside.write_bytes((entry / "kpis.html").read_bytes())
    (entry / "kpis.html").unlink()
    (entry / "kpis.html").symlink_to(outside)
    _rebuilt(cached)


@pytest.mark.slow
def test_an_entry_from_elsewhere_is_not_trusted(cached, tmp_path, monkeypatch):
    """An entry and digest made with another key (another machine, a restored CI cache) are rebuilt."""
    entry = _entry(cached)
    digest = entry.with_name(entry.name + cache.DIGEST)
    digest.write_text(cache.digest(entry, b"k" * 32), encoding="utf-8")
    _rebuilt(cached)
    _entry(cached).with_name(_entry(cached).name + cache.DIGEST).unlink()  # no digest at all
    _rebuilt(cached)


def test_without_a_place_for_the_key_nothing_is_reused(cached, tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))  # a file where the folder would be
    assert build.run(cached).reused == []
