"""Reading the playbook's files: no hang on what is not a file, located read errors, bounded work.

What the corpus of bad inputs (tests/bad_inputs/cases.yml) cannot express: a time limit, a file
that turns into a pipe between its check and its read, a file the system refuses to open, a folder
of 100,000 files, and a site published outside the playbook.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import cli, files
from generator.commands import build
from generator.diagnostics import PlaybookError
from generator.load import load_project
from generator.validate import validate

PLAYBOOK = [sys.executable, "-m", "generator.cli"]


def check(root: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    """`playbook check` in a process of its own, killed if it hangs."""
    return subprocess.run([*PLAYBOOK, "check", "-C", str(root)], capture_output=True, text=True, timeout=timeout,
                          cwd=Path(__file__).resolve().parent.parent)


def diagnostics(root: Path):
    with pytest.raises(PlaybookError) as caught:
        validate(load_project(root))
    return caught.value.diagnostics


@pytest.mark.parametrize("where", ["content/x.yml", "content/networks/x.yml", "content/pages/x.md"])
def test_a_named_pipe_is_refused_without_waiting(starter, where):
    os.mkfifo(starter / where)
    done = check(starter, timeout=30)  # reading the pipe would wait forever: TimeoutExpired
    assert done.returncode == 1, done.stderr
    assert f"{where} is not a regular file (a named pipe): playbook reads only files" in done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr


def test_a_socket_is_refused(starter):
    import socket
    path = starter / "content" / "networks" / "s.yml"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        [problem] = diagnostics(starter)
    assert problem.message == "content/networks/s.yml is not a regular file (a socket): playbook reads only files"


def test_a_link_to_a_device_is_never_read(tmp_path):
    link = tmp_path / "zero.yml"
    link.symlink_to("/dev/zero")
    started = time.monotonic()
    with pytest.raises(PlaybookError) as caught:
        files.read_text(link, "content/zero.yml")
    assert time.monotonic() - started < 5
    [problem] = caught.value.diagnostics
    assert problem.message == "content/zero.yml is not a regular file (a device): playbook reads only files"


def test_a_file_swapped_for_a_pipe_after_its_check_is_refused_on_its_descriptor(tmp_path, monkeypatch):
    pipe = tmp_path / "x.yml"
    os.mkfifo(pipe)
    regular = os.stat(__file__)
    monkeypatch.setattr(files.os, "stat", lambda path, *a, **k: regular)  # as if it was a file when checked
    with pytest.raises(PlaybookError) as caught:
        files.read_bytes(pipe, "content/x.yml")
    assert "(a named pipe)" in caught.value.diagnostics[0].message


def test_a_file_that_cannot_be_opened_is_located(starter, monkeypatch):
    target = starter / "content" / "kpis.yml"
    real_open = os.open

    def refusing(path, *args, **kwargs):
        if Path(path) == target:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(files.os, "open", refusing)
    [problem] = diagnostics(starter)  # one error: not also 'kpis.yml is missing'
    assert (problem.code, problem.file, problem.message) == ("read", "content/kpis.yml",
                                                            "cannot read this file: permission denied")


def test_a_file_without_read_permission_is_located(starter):
    target = starter / "content" / "kpis.yml"
    target.chmod(0)
    try:
        if os.access(target, os.R_OK):
            pytest.skip("running as root: every file is readable")
        [problem] = diagnostics(starter)
        assert (problem.file, problem.message) == ("content/kpis.yml", "cannot read this file: permission denied")
    finally:
        target.chmod(0o644)


def test_a_file_that_grows_past_the_bound_while_read_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "kpis.yml"
    path.write_bytes(b"#" * (files.MAX_FILE_BYTES + 10))
    real_fstat = os.fstat

    class Small:  # what fstat said before the file grew
        def __init__(self, info):
            self.st_mode, self.st_size = info.st_mode, 10

    monkeypatch.setattr(files.os, "fstat", lambda fd: Small(real_fstat(fd)))
    with pytest.raises(PlaybookError) as caught:
        files.read_bytes(path, "content/kpis.yml")
    assert caught.value.diagnostics[0].code == "file-too-big"


@pytest.mark.slow
def test_a_content_folder_of_a_hundred_thousand_files_is_one_quick_message(starter):
    content = starter / "content"
    for i in range(100_000):
        (content / f"empty-{i}.yml").touch()
    started = time.monotonic()
    with pytest.raises(PlaybookError) as caught:
        load_project(starter)
    assert time.monotonic() - started < 5
    [problem] = caught.value.diagnostics
    assert (problem.code, problem.file) == ("too-many-files", "content/")
    assert "more than 1,000 files" in problem.message


def test_editor_lock_files_are_left_out(starter):
    # Emacs writes '.#kpis.yml', a link to nowhere, while kpis.yml is edited
    (starter / "content" / ".#kpis.yml").symlink_to("user@host.1234:1700000000")
    validate(load_project(starter))


def test_names_are_printable_whatever_their_bytes():
    assert files.printable(os.fsdecode(b"caf\xe9.yml")) == "caf\\xe9.yml"
    assert files.printable("a\nb\x1b.yml") == "a\\nb\\x1b.yml"
    assert files.printable("café.yml") == "café.yml"


def test_a_site_published_outside_the_playbook_is_allowed(starter, tmp_path):
    elsewhere = tmp_path / "published" / "site"
    text = (starter / "site_config.yml").read_text(encoding="utf-8")
    (starter / "site_config.yml").write_text(text.replace("output_dir: site", f"output_dir: {elsewhere}"),
                                             encoding="utf-8")
    build.run(starter)
    assert (elsewhere / "index.html").is_file()


def test_verify_says_so_when_releases_is_a_file(starter, capsys):
    (starter / "releases").write_text("not a folder\n", encoding="utf-8")
    assert cli.main(["verify", "-C", str(starter)]) == 1
    err = capsys.readouterr().err
    assert "releases: error: releases is a file, not a folder" in err and "Traceback" not in err


def test_an_output_folder_the_system_refuses_is_a_message(starter, capsys):
    assert cli.main(["build", "-C", str(starter), "--out", str(starter.parent / ("x" * 300))]) == 1
    err = capsys.readouterr().err
    assert "the output folder cannot be used" in err and "Traceback" not in err
