"""The newest release cannot be rewritten unseen: the anchor, links inside releases, a release killed midway."""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from generator import anchor, cli, releases
from generator.commands import verify
from generator.diagnostics import PlaybookError
from generator.resources import scaffold_dir

from .conftest import copy_playbook, copy_tree


@pytest.fixture(scope="session")
def _released(tmp_path_factory) -> Path:
    """The starter with releases 1.0 and 2.0, made once for the run: each release draws its PDF."""
    starter = copy_playbook(scaffold_dir("en"), tmp_path_factory.mktemp("anchor") / "starter")
    for version, when in (("1.0", "2026-01-05"), ("2.0", "2026-02-05")):
        assert cli.main(["release", version, "-q", "-C", str(starter), "--approved-by", "Claire Vasseur",
                         "--role", "CEO", "--date", when]) == 0
        (starter / "content" / "charter.yml").write_text(
            (starter / "content" / "charter.yml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    return starter


@pytest.fixture
def released(_released, tmp_path) -> Path:
    """A copy of it, which the test may change."""
    return copy_tree(_released, tmp_path / "starter")


def _writable(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        path.chmod(path.stat().st_mode | stat.S_IWUSR)


def _forge(root: Path, folder_name: str, **changes) -> None:
    """Rewrite a release the way someone who knows the format would: every hash recomputed."""
    folder = root / "releases" / folder_name
    _writable(folder)
    for name, text in changes.pop("files", {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    data.update(changes)
    data["files"] = {p.relative_to(folder).as_posix(): releases.file_hash(p)
                     for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "manifest.json"}
    data["content_hash"] = releases.content_hash(data)
    (folder / "manifest.json").write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _errors(root: Path, capsys, *args: str) -> str:
    assert cli.main([*args, "-C", str(root)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err
    return err


def test_an_intact_chain_is_anchored_by_every_release(released, capsys):
    links = anchor.read(released / "releases")
    assert [item.version for item in links] == ["1.0", "2.0"]
    assert cli.main(["verify", "-C", str(released)]) == 0


def test_a_rewritten_approver_of_the_newest_release_is_found(released, capsys):
    _forge(released, "2.0", approved_by="Someone Else")
    err = _errors(released, capsys, "verify")
    assert "releases/2.0/manifest.json: error: release 2.0 is not the one that was approved: its approver, " \
           "content hash differ from the anchor (approved by Claire Vasseur on 2026-02-05)" in err
    err = _errors(released, capsys, "build")
    assert "release 2.0 is not the one that was approved" in err
    assert not (released / "site" / "2.0").exists()


def test_a_rewritten_file_of_the_newest_release_is_found(released, capsys):
    charter = (released / "releases" / "2.0" / "content" / "charter.yml").read_text(encoding="utf-8")
    _forge(released, "2.0", files={"content/charter.yml": charter.replace("employees", "nobody", 1)})
    assert "its content hash differ" in _errors(released, capsys, "verify")


def test_a_release_folder_added_by_hand_is_not_anchored(released, capsys):
    _forge(released, "2.0")  # the same content: still intact
    assert cli.main(["verify", "-q", "-C", str(released)]) == 0
    capsys.readouterr()
    folder = released / "releases" / "2.0"
    copy = released / "releases" / "3.0"
    os.system(f"cp -r '{folder}' '{copy}'")
    _forge(released, "3.0", version="3.0", previous="2.0",
           previous_hash=json.loads((folder / "manifest.json").read_text())["content_hash"], date="2026-03-01")
    err = _errors(released, capsys, "verify")
    assert "release 3.0 is not in the anchor of the releases" in err


def test_a_file_replaced_by_a_link_to_the_same_bytes_is_refused(released, capsys, tmp_path):
    target = released / "releases" / "2.0" / "content" / "kpis.yml"
    outside = tmp_path / "kpis.yml"
    outside.write_bytes(target.read_bytes())
    _writable(target.parent)
    target.unlink()
    target.symlink_to(outside)
    err = _errors(released, capsys, "verify")
    assert "releases/2.0/content/kpis.yml: error: this file of release 2.0 is a link" in err


def test_a_release_killed_between_its_folder_and_its_anchor_is_completed(released, capsys, monkeypatch):
    from generator.commands import release

    def killed(folder):
        raise RuntimeError("killed")
    monkeypatch.setattr(anchor, "commit", killed)
    with pytest.raises(RuntimeError, match="killed"):
        release.run(released, "3.0", "Claire Vasseur", "CEO")
    monkeypatch.undo()
    assert (released / "releases" / "3.0").is_dir() and (released / "releases" / anchor.STAGED).exists()
    assert cli.main(["verify", "-C", str(released)]) == 0
    assert [item.version for item in anchor.read(released / "releases")] == ["1.0", "2.0", "3.0"]
    assert not (released / "releases" / anchor.STAGED).exists()


def test_an_anchor_staged_for_a_release_that_never_landed_is_dropped(released, capsys):
    links = anchor.read(released / "releases")
    anchor.stage(released / "releases", links + [anchor.Link(version="3.0", approved_by="X", date="2026-03-01",
                                                              content_hash="0" * 64)])
    assert cli.main(["verify", "-C", str(released)]) == 0
    assert not (released / "releases" / anchor.STAGED).exists()
    assert anchor.read(released / "releases") == links


def test_releases_without_an_anchor_are_anchored_once(released, capsys):
    chain = released / "releases" / anchor.CHAIN
    chain.chmod(0o644)
    chain.unlink()
    err = _errors(released, capsys, "verify")
    assert "releases/chain.json: error: the releases have no anchor" in err and "--anchor" in err
    assert cli.main(["verify", "--anchor", "-C", str(released)]) == 0
    assert "2 releases verified, and anchored in releases/chain.json." in capsys.readouterr().out
    assert cli.main(["verify", "-q", "-C", str(released)]) == 0
    with pytest.raises(PlaybookError, match="never rewritten"):
        verify.run(released, record_anchor=True)


def test_a_damaged_release_is_not_anchored(released):
    chain = released / "releases" / anchor.CHAIN
    chain.chmod(0o644)
    chain.unlink()
    _writable(released / "releases" / "1.0")
    (released / "releases" / "1.0" / "content" / "kpis.yml").write_text("changed\n", encoding="utf-8")
    with pytest.raises(PlaybookError, match="only intact releases are anchored"):
        verify.run(released, record_anchor=True)
    assert not chain.exists()
