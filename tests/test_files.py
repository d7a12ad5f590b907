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


@pytest.mark.timeout(60)
def test_a_named_pipe_as_a_results_export_is_refused_without_waiting(starter):
    (starter / "content" / "results").mkdir()
    os.mkfifo(starter / "content" / "results" / "instagram.csv")
    done = check(starter, timeout=30)
    assert done.returncode == 1, done.stderr
    assert "content/results/instagram.csv is not a regular file (a named pipe): playbook reads only files" \
        in done.stderr and "Traceback" not in done.stderr


@pytest.mark.timeout(60)
@pytest.mark.parametrize("where", ["strings/en.yml", "pages/home.md.j2"])
def test_a_theme_file_that_is_a_pipe_is_refused_by_its_reader_too(tmp_path, where):
    """Validation names it first; the reader refuses it too, for a file swapped since (a release's theme, serve)."""
    from generator.theme import load_strings, page_environment
    theme = tmp_path / "look"
    (theme / "strings").mkdir(parents=True)
    (theme / "pages").mkdir()
    os.mkfifo(theme / where)
    with pytest.raises(PlaybookError) as caught:
        if where.startswith("strings"):
            load_strings("en", theme, "look")
        else:
            page_environment(theme).get_template("home.md.j2")
    [problem] = caught.value.diagnostics
    assert problem.message == f"look/{where} is not a regular file (a named pipe): playbook reads only files"


@pytest.mark.timeout(60)
def test_a_theme_template_that_is_a_folder_is_refused_at_its_path(tmp_path):
    from generator.theme import page_environment
    (tmp_path / "look" / "pages" / "home.md.j2").mkdir(parents=True)
    with pytest.raises(PlaybookError) as caught:
        page_environment(tmp_path / "look").get_template("home.md.j2")
    assert caught.value.diagnostics[0].message == ("look/pages/home.md.j2 is not a regular file (a folder): "
                                                   "playbook reads only files")


def test_a_hidden_free_page_is_refused_by_its_name_at_check(starter):
    pages = starter / "content" / "pages"
    pages.mkdir(exist_ok=True)
    for name in (".brouillon.md", ".en.md"):
        (pages / name).write_text("---\ntitle: Draft\n---\nNot ready.\n", encoding="utf-8")
    found = [(d.where, d.message, d.hint) for d in diagnostics(starter) if d.severity == "error"]
    assert found == [
        ("content/pages/.brouillon.md", "a free page cannot be named '.brouillon.md': a name that starts with '.' is "
         "a hidden file, which the site leaves out while its menu links to it", "rename it without the leading dot, "
         "for example 'brouillon.md'; keep drafts out of the pages folder"),
        ("content/pages/.en.md", "a free page cannot be named '.en.md': a name that starts with '.' is a hidden file, "
         "which the site leaves out while its menu links to it", "rename it without the leading dot, for example "
         "'page.en.md'; keep drafts out of the pages folder")]
    from generator.messages import translate
    assert all(translate(d, "fr")[1] for d in diagnostics(starter))


def test_a_link_to_no_file_of_a_built_site_is_found(tmp_path):
    from generator.site_links import broken_links
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "index.html").write_text("<p>sub</p>", encoding="utf-8")
    (tmp_path / "a b.html").write_text("", encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<meta http-equiv="refresh" content="0; url=latest/index.html">'
        '<a href="pages/.brouillon.html">x</a><a href="#top">t</a><a href="https://example.org/x">e</a>'
        '<a href="//cdn.example/x.js">c</a><a href="mailto:a@b.example">m</a><a href="sub/">s</a>'
        '<a href="sub/index.html#x">s</a><a href="a%20b.html?q=1">q</a><img srcset="sub/index.html 1x, gone.png 2x">'
        '<a href="../outside.html">o</a><a href="/sub/">r</a>', encoding="utf-8")
    assert broken_links(tmp_path) == [("index.html", "latest/index.html"), ("index.html", "pages/.brouillon.html"),
                                      ("index.html", "gone.png"), ("index.html", "../outside.html")]


@pytest.mark.timeout(60)
def test_schema_reads_a_site_config_that_is_a_pipe_without_waiting(tmp_path):
    (tmp_path / "content").mkdir()
    os.mkfifo(tmp_path / "site_config.yml")
    done = subprocess.run([*PLAYBOOK, "schema", "-C", str(tmp_path)], capture_output=True, text=True, timeout=30,
                          cwd=Path(__file__).resolve().parent.parent)
    assert "Traceback" not in done.stderr and (tmp_path / "schemas" / "results.schema.json").is_file()


@pytest.mark.timeout(60)
def test_an_override_that_is_a_pipe_is_refused_when_the_theme_is_copied(tmp_path):
    """Material's overrides are copied, not read by playbook: the copy refuses a pipe at its path too."""
    from generator.theme import copy_files
    (tmp_path / "overrides" / "partials").mkdir(parents=True)
    (tmp_path / "overrides" / "main.html").write_text("{% extends 'base.html' %}", encoding="utf-8")
    os.mkfifo(tmp_path / "overrides" / "partials" / "footer.html")
    with pytest.raises(PlaybookError) as caught:
        copy_files(tmp_path / "overrides", tmp_path / "out")
    assert caught.value.diagnostics[0].message == ("overrides/partials/footer.html is not a regular file (a named "
                                                   "pipe): playbook reads only files")
