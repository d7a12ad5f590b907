"""Releases: freezing with sign-off, refusals, the manifest and its hash chain, tamper detection."""
from __future__ import annotations

import json
import os
import stat
from datetime import date
from pathlib import Path

import pytest

from generator import releases
from generator.commands import release, verify
from generator.diagnostics import PlaybookError

from .conftest import edit


def freeze(root: Path, version: str, when: str = "2026-03-02"):
    return release.run(root, version, "Claire Martin", "Directrice générale", date.fromisoformat(when))


def codes(caught) -> list[str]:
    return [d.code for d in caught.value.diagnostics]


def make_writable(path: Path) -> None:
    path.chmod(path.stat().st_mode | stat.S_IWUSR)


def test_release_freezes_every_input_with_a_manifest(starter):
    made = freeze(starter, "1.0")
    folder = starter / "releases" / "1.0"
    assert made.folder == folder
    assert (folder / "site_config.yml").read_bytes() == (starter / "site_config.yml").read_bytes()
    frozen = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    sources = sorted(["site_config.yml"] + [p.relative_to(starter).as_posix()
                                             for p in (starter / "content").rglob("*") if p.is_file()])
    assert frozen == sorted(sources + ["manifest.json", "charter-1.0.pdf"])  # its PDF, sealed with it
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["version"] == "1.0" and manifest["approved_by"] == "Claire Martin"
    assert manifest["role"] == "Directrice générale" and manifest["date"] == "2026-03-02"
    assert manifest["previous"] is None and manifest["changes"] == []
    assert set(manifest["files"]) == set(sources) | {"charter-1.0.pdf"}
    assert manifest["files"]["content/kpis.yml"] == releases.file_hash(starter / "content" / "kpis.yml")
    assert manifest["content_hash"] == releases.content_hash(manifest)
    # frozen files are read-only, and the draft stays editable
    assert not os.access(folder / "content" / "kpis.yml", os.W_OK) or os.geteuid() == 0
    assert not (folder / "content" / "kpis.yml").stat().st_mode & stat.S_IWUSR
    assert (starter / "content" / "kpis.yml").stat().st_mode & stat.S_IWUSR


def test_second_release_records_its_changes_and_chains_hashes(starter):
    first = freeze(starter, "1.0")
    edit(starter / "content" / "comments.yml", "target_minutes: 60", "target_minutes: 30")
    second = freeze(starter, "1.1", "2026-06-01")
    assert second.manifest.previous == "1.0"
    assert second.manifest.previous_hash == first.manifest.content_hash
    assert any("Instagram" in line and "30 min" in line for line in second.manifest.changes), second.manifest.changes


def test_release_date_defaults_to_today(starter):
    made = release.run(starter, "1.0", "Claire Martin", "DG")
    assert made.manifest.date == date.today()


@pytest.mark.parametrize("version, code", [("1.0", "release-exists"), ("0.9", "release-order"),
                                           ("draft", "release-version"), ("deux", "release-version")])
def test_release_refusals(starter, version, code):
    freeze(starter, "1.0")
    with pytest.raises(PlaybookError) as caught:
        freeze(starter, version)
    assert code in codes(caught)
    assert sorted(p.name for p in (starter / "releases").iterdir() if p.is_dir()) == ["1.0"]


def test_release_refused_when_content_is_invalid(starter):
    edit(starter / "content" / "objectives.yml", "    kpis:", "    kpi:")
    with pytest.raises(PlaybookError) as caught:
        freeze(starter, "1.0")
    assert "unknown-key" in codes(caught)
    assert not (starter / "releases" / "1.0").exists()


def test_release_refused_without_approver(starter):
    with pytest.raises(PlaybookError) as caught:
        release.run(starter, "1.0", "  ", "DG", date(2026, 3, 2))
    assert "release-approval" in codes(caught)


def test_verify_accepts_intact_releases(starter):
    freeze(starter, "1.0")
    edit(starter / "content" / "kpis.yml", "id: engagement-rate", "id: engagement-rate")  # draft is free to change
    freeze(starter, "2.0")
    assert [r.version for r in verify.run(starter)] == ["1.0", "2.0"]


def test_verify_names_an_edited_file(starter):
    freeze(starter, "1.0")
    target = starter / "releases" / "1.0" / "content" / "crisis.yml"
    make_writable(target)
    target.write_text(target.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    with pytest.raises(PlaybookError) as caught:
        verify.run(starter)
    [problem] = caught.value.diagnostics
    assert problem.code == "release-tampered" and problem.file == "releases/1.0/content/crisis.yml"


def test_verify_names_added_and_deleted_files(starter):
    freeze(starter, "1.0")
    folder = starter / "releases" / "1.0" / "content"
    (folder / "networks" / "linkedin.yml").unlink()
    (folder / "extra.yml").write_text("a: 1\n", encoding="utf-8")
    with pytest.raises(PlaybookError) as caught:
        verify.run(starter)
    found = {(d.code, d.file) for d in caught.value.diagnostics}
    assert ("release-missing", "releases/1.0/content/networks/linkedin.yml") in found
    assert ("release-extra", "releases/1.0/content/extra.yml") in found


def test_rewriting_a_manifest_breaks_the_chain(starter):
    freeze(starter, "1.0")
    freeze(starter, "2.0")
    # someone edits an approved file of 1.0 and rewrites its manifest to match
    folder = starter / "releases" / "1.0"
    target = folder / "content" / "crisis.yml"
    make_writable(target)
    target.write_text(target.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    manifest_path = folder / "manifest.json"
    make_writable(manifest_path)
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["files"]["content/crisis.yml"] = releases.file_hash(target)
    manifest["content_hash"] = releases.content_hash(manifest)
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(PlaybookError) as caught:
        verify.run(starter)
    assert [(d.code, d.file) for d in caught.value.diagnostics] == [("release-chain", "releases/2.0/manifest.json"),
                                                                     ("release-anchor", "releases/1.0/manifest.json")]


def test_no_new_release_over_a_damaged_one(starter):
    freeze(starter, "1.0")
    (starter / "releases" / "1.0" / "content" / "kpis.yml").unlink()
    with pytest.raises(PlaybookError) as caught:
        freeze(starter, "2.0")
    assert "release-missing" in codes(caught) and "release-refused" in codes(caught)


@pytest.mark.parametrize("field, value", [("approved_by", "Mallory"), ("date", "2030-01-01"), ("role", "Intern"),
                                          ("changes", ["nothing"])])
def test_rewriting_the_approval_is_detected(starter, field, value):
    freeze(starter, "1.0")
    path = starter / "releases" / "1.0" / "manifest.json"
    make_writable(path)
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest[field] = value
    path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(PlaybookError) as caught:
        verify.run(starter)
    found = [(d.code, d.file) for d in caught.value.diagnostics]
    assert found[0] == ("release-chain", "releases/1.0/manifest.json")
    # the anchor records the approver and the date too
    assert found[1:] == ([("release-anchor", "releases/1.0/manifest.json")] if field in ("approved_by", "date") else [])


def _verify_stderr(root: Path, capsys, command: str = "verify") -> str:
    from generator import cli
    assert cli.main([command, "-C", str(root)]) == 1
    err = capsys.readouterr().err
    assert "internal error" not in err and "Traceback" not in err, err
    return err


@pytest.mark.parametrize("name", ["chain.json", "1.0/manifest.json"])
def test_a_release_file_nested_too_deeply_is_named_not_a_crash(starter, capsys, name):
    freeze(starter, "1.0")
    path = starter / "releases" / name
    make_writable(path)
    path.write_text("[" * 50_000 + "]" * 50_000, encoding="utf-8")
    err = _verify_stderr(starter, capsys)
    assert f"releases/{name}: error: releases/{name} nests more than 8 levels of brackets (line 1, column 9)" in err
    assert len(err) < 1000, err  # the line is not shown under the message
    assert "restore it from version control" in err


@pytest.mark.parametrize("text, where, words", [
    ('{"releases": [}', "releases/chain.json:1:15", "is not valid JSON"),
    ('{"releases": 3}', "releases/chain.json", "the anchor of the releases cannot be read"),
    ("{}" + " " * (600 * 1024), "releases/chain.json", "playbook never writes a file of the releases this large"),
])
def test_a_broken_chain_is_named_at_its_file(starter, capsys, text, where, words):
    freeze(starter, "1.0")
    chain = starter / "releases" / "chain.json"
    make_writable(chain)
    chain.write_text(text, encoding="utf-8")
    err = _verify_stderr(starter, capsys)
    assert where in err and words in err, err


def _refused(monkeypatch, target: Path) -> None:
    """Reading `target` is refused as for a file the user running playbook may not read (chmod 000)."""
    import builtins
    import errno
    real_open, real_os_open = builtins.open, os.open

    def guarded(opener):
        def open_(file, *args, **kwargs):
            if Path(os.fspath(file)) == target:
                raise PermissionError(errno.EACCES, "Permission denied", str(file))
            return opener(file, *args, **kwargs)
        return open_
    monkeypatch.setattr(builtins, "open", guarded(real_open))
    monkeypatch.setattr(os, "open", guarded(real_os_open))


@pytest.mark.parametrize("name", ["1.0/content/kpis.yml", "1.0/manifest.json", "chain.json"])
@pytest.mark.parametrize("command", ["verify", "build"])
def test_a_release_file_the_user_cannot_read_is_named(starter, capsys, monkeypatch, name, command):
    freeze(starter, "1.0")
    _refused(monkeypatch, starter / "releases" / name)
    err = _verify_stderr(starter, capsys, command)
    assert f"releases/{name}" in err and "cannot be read: check its permissions" in err, err


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads every file")
def test_a_release_file_made_unreadable_is_named(starter, capsys):
    freeze(starter, "1.0")
    path = starter / "releases" / "1.0" / "content" / "kpis.yml"
    path.chmod(0)
    try:
        err = _verify_stderr(starter, capsys)
    finally:
        path.chmod(stat.S_IRUSR)
    assert "releases/1.0/content/kpis.yml cannot be read: check its permissions" in err, err
