"""playbook render: the engine's sources of the draft, written for the author to read or to give the engine alone."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator import cli
from generator.commands import render
from generator.diagnostics import PlaybookError
from tests.conftest import copy_tree


def _pages(folder: Path, suffix: str) -> set[str]:
    return {path.relative_to(folder).with_suffix("").as_posix() for path in folder.rglob(f"*{suffix}")}


def test_the_sources_of_the_draft_are_the_pages_build_publishes(released_starter_built, tmp_path):
    written = render.run(released_starter_built.root, tmp_path / "sources")
    assert list(written) == ["en"]
    config_file = written["en"]
    assert config_file == tmp_path / "sources" / "en" / "mkdocs.yml"
    docs = config_file.parent / "docs"
    # the draft of a site with releases: the same pages as the draft build publishes, what changed since 2.0 included
    published = released_starter_built.site / "draft"
    assert _pages(docs, ".md") == _pages(published, ".html") - {"404"}
    assert "Draft-Title" in (docs / "index.md").read_text(encoding="utf-8")
    assert "Draft-Title" in (docs / "changes.md").read_text(encoding="utf-8")


def test_the_engine_alone_builds_what_render_writes(released_starter_built, tmp_path):
    config_file = render.run(released_starter_built.root, tmp_path / "sources")["en"]
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config_file), "-d",
                          str(tmp_path / "html")], capture_output=True, text=True, env={"NO_MKDOCS_2_WARNING": "1"})
    assert run.returncode == 0, run.stderr
    page = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    assert "Draft-Title" in page


def test_render_replaces_its_own_folder_and_refuses_another(released_starter_built, tmp_path):
    out = tmp_path / "sources"
    render.run(released_starter_built.root, out)
    (out / "en" / "docs" / "stale.md").write_text("left from before", encoding="utf-8")
    render.run(released_starter_built.root, out)  # its own folder: replaced whole, in one swap
    assert not (out / "en" / "docs" / "stale.md").exists()
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("the author's", encoding="utf-8")
    with pytest.raises(PlaybookError) as caught:
        render.run(released_starter_built.root, mine)
    assert caught.value.diagnostics[0].code == "output-dir"
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]


def test_an_invalid_draft_writes_nothing(released_starter_built, tmp_path):
    root = copy_tree(released_starter_built.root, tmp_path / "playbook")
    (root / "content" / "charter.yml").write_text("title: [unclosed\n", encoding="utf-8")
    assert cli.main(["render", "--out", str(tmp_path / "sources"), "-C", str(root)]) == 1
    assert not (tmp_path / "sources").exists()


def test_render_says_where_it_wrote_in_the_playbooks_language(released_starter_built, tmp_path, capsys,
                                                               monkeypatch):
    monkeypatch.setenv("PLAYBOOK_LANG", "fr")
    out = tmp_path / "sources"
    assert cli.main(["render", "--out", str(out), "-C", str(released_starter_built.root)]) == 0
    said = capsys.readouterr().out
    assert f"Sources en anglais écrites dans {out / 'en'}" in said
    assert f"mkdocs build -f {out / 'en' / 'mkdocs.yml'}" in said
