"""playbook serve as a user meets it: an address it cannot take, broken and restored sources while it runs,
and the closing line of every command. Never a traceback, never a request left waiting."""
from __future__ import annotations

import contextlib
import errno
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pytest

from generator import build as engine
from generator import preview as preview_module
from generator.commands import serve
from generator.diagnostics import PlaybookError

from .conftest import edit
from .test_cli import _free_port, _get, _wait_for, playbook

ENV = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}


@dataclass
class Preview:
    url: str
    process: subprocess.Popen
    lines: list[str] = field(default_factory=list)  # its standard error, read as it comes by a thread
    consumed: int = 0  # how much of it `reported` has gone through

    @property
    def stderr(self) -> str:
        return "".join(self.lines)

    def page(self) -> str:
        """The home page as served now; a request that hangs fails the test (urllib's timeout)."""
        return _get(self.url)

    def shows(self, text: str) -> bool:
        return text in self.page()

    def reported(self, text: str, seconds: float = 60.0) -> None:
        """Wait until the preview writes `text` on its standard error after what earlier calls found."""
        deadline = time.monotonic() + seconds
        while (found := self.stderr.find(text, self.consumed)) < 0:
            assert time.monotonic() < deadline, f"{text!r} was never reported:\n{self.stderr}"
            assert self.process.poll() is None, f"the preview stopped:\n{self.stderr}"
            time.sleep(0.2)
        self.consumed = found + len(text)


@contextlib.contextmanager
def serving(root: Path) -> Iterator[Preview]:
    """`playbook serve` on a free port, its first page served; stopped at the end, its errors kept."""
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "generator.cli", "serve", "--port", str(port)], cwd=root,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=ENV)
    preview = Preview(f"http://127.0.0.1:{port}/index.html", process)
    reader = threading.Thread(target=lambda: preview.lines.extend(process.stderr), daemon=True)
    reader.start()
    try:
        _wait_for(lambda: "<html" in preview.page())
        yield preview
    finally:
        process.terminate()
        process.wait(timeout=20)
        reader.join(timeout=20)
    assert "Traceback" not in preview.stderr and "internal error" not in preview.stderr, preview.stderr


def _retitle(root: Path, title: str) -> None:
    path = root / "content" / "charter.yml"
    text = path.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("title: "))
    path.write_text(text.replace(line, f"title: {title}", 1), encoding="utf-8")


# --- an address the preview cannot take ---------------------------------------------------------------

def test_port_in_use_is_reported_before_building(starter):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "generator.cli", "serve", "--port", str(port)], cwd=starter,
                                capture_output=True, text=True, timeout=120, env=ENV)
    assert result.returncode == 1
    assert (f"port {port} is already in use on 127.0.0.1: stop the other server or choose another port "
            "with --port") in result.stderr
    assert "1 error: the preview was not started." in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert "Serving on" not in result.stdout


def test_port_out_of_range_is_a_usage_error(starter):
    for port in ("0", "70000", "eighty"):
        result = playbook("serve", "--port", port, cwd=starter)
        assert result.returncode == 2 and "from 1 to 65535" in result.stderr, result.stderr


@pytest.mark.parametrize("code, port, expected", [
    (errno.EACCES, 80, "port 80 on 127.0.0.1 is reserved to the administrator"),
    (errno.EACCES, 8000, "does not allow the preview to listen on port 8000"),
    (errno.EADDRNOTAVAIL, 8000, "127.0.0.1 is not an address of this computer"),
    (errno.EADDRINUSE, 8000, "port 8000 is already in use on 127.0.0.1"),
])
def test_address_refusals_say_what_to_do(code, port, expected):
    # a port below 1024 cannot be refused for real when the tests run as root: the refusal is made up
    error = engine._address_error(OSError(code, os.strerror(code)), "127.0.0.1", port)
    [diagnostic] = error.diagnostics
    assert expected in diagnostic.message and diagnostic.code == engine.ADDRESS
    assert "--port" in diagnostic.message + diagnostic.hint or "--host" in diagnostic.hint


def test_a_host_that_is_not_this_computer(starter):
    result = playbook("serve", "--host", "192.0.2.1", cwd=starter)  # TEST-NET-1: never a local address
    assert result.returncode == 1 and "is not an address of this computer" in result.stderr
    assert "Traceback" not in result.stderr


# --- a rebuild never stops the preview ----------------------------------------------------------------

def test_unexpected_rebuild_failure_is_reported_and_keeps_the_site(starter, monkeypatch):
    reports: list[PlaybookError] = []
    preview = preview_module.Preview(starter.resolve(), None, reports.append)
    try:
        preview.first_build()
        before = (preview.site_dir / "index.html").read_bytes()

        def half_written(*args, **kwargs):
            raise OSError(errno.ENOENT, "No such file or directory", str(starter / "content" / "roles.yml"))
        monkeypatch.setattr(preview_module, "write_sources", half_written)
        preview.rebuild()  # must not raise
        monkeypatch.setattr(preview_module, "write_sources", lambda *a, **k: 1 / 0)
        preview.rebuild()
        assert (preview.site_dir / "index.html").read_bytes() == before  # the last good site, still there
    finally:
        preview.close()
    first, second = (report.diagnostics[0] for report in reports)
    assert first.message == "the preview could not be rebuilt: No such file or directory"
    assert first.file == "content/roles.yml"
    assert second.message == "the preview could not be rebuilt: division by zero"
    assert "save it again" in first.hint and "tries again at the next change" in second.hint


@pytest.mark.slow
def test_broken_theme_strings_keep_the_last_site_until_fixed(starter):
    strings = starter / "theme" / "strings" / "en.yml"
    strings.parent.mkdir(parents=True)
    strings.write_text("nav:\n  glossary: Lexicon-Before\n", encoding="utf-8")
    with (starter / "site_config.yml").open("a", encoding="utf-8") as config:
        config.write("theme_dir: theme\n")
    with serving(starter) as preview:
        assert preview.shows("Lexicon-Before")
        strings.write_text("nav:\n  glossary: [Lexicon-Broken\n", encoding="utf-8")
        preview.reported("theme/strings/en.yml:")
        preview.reported("the preview still shows the last good site.")
        assert preview.shows("Lexicon-Before")  # answered at once, the last good site
        strings.write_text("nav:\n  glossary: Lexicon-After\n", encoding="utf-8")
        _wait_for(lambda: preview.shows("Lexicon-After"))
    assert "not valid YAML" in preview.stderr


@pytest.mark.slow
def test_content_folder_deleted_and_restored(starter):
    content = starter / "content"
    with serving(starter) as preview:
        # as `git stash` or `git checkout` do: the folder goes, then another one comes back in its place
        saved = content.rename(starter / "content-away")
        preview.reported("the preview still shows the last good site.")
        assert "<html" in preview.page()
        shutil.copytree(saved, content)
        shutil.rmtree(saved)
        _retitle(starter, "Title-After-Restore")
        _wait_for(lambda: preview.shows("Title-After-Restore"))
        # and the new folder is watched in its turn
        _retitle(starter, "Title-Edited-Again")
        _wait_for(lambda: preview.shows("Title-Edited-Again"))


@pytest.mark.slow
def test_site_config_broken_then_fixed(starter):
    config = starter / "site_config.yml"
    good = config.read_text(encoding="utf-8")
    with serving(starter) as preview:
        _retitle(starter, "Title-Kept")
        _wait_for(lambda: preview.shows("Title-Kept"))
        config.write_text(good + "networks: [linkedin\n", encoding="utf-8")
        preview.reported("site_config.yml:")
        assert preview.shows("Title-Kept")
        config.unlink()
        preview.reported("site_config.yml")
        assert preview.shows("Title-Kept")
        config.write_text(good, encoding="utf-8")
        _retitle(starter, "Title-Fixed")
        _wait_for(lambda: preview.shows("Title-Fixed"))


@pytest.mark.slow
def test_theme_folder_deleted_then_restored(starter):
    theme = starter / "theme"
    (theme / "strings").mkdir(parents=True)
    (theme / "strings" / "en.yml").write_text("nav:\n  glossary: Lexicon-Theme\n", encoding="utf-8")
    with (starter / "site_config.yml").open("a", encoding="utf-8") as config:
        config.write("theme_dir: theme\n")
    with serving(starter) as preview:
        saved = theme.rename(starter / "theme-away")
        preview.reported("the theme folder 'theme' does not exist")
        assert preview.shows("Lexicon-Theme")
        saved.rename(theme)
        _retitle(starter, "Title-With-Theme")
        _wait_for(lambda: preview.shows("Title-With-Theme") and preview.shows("Lexicon-Theme"))


# --- the closing line says what the command left undone -------------------------------------------------

def _closing(result: subprocess.CompletedProcess) -> str:
    return result.stderr.rstrip().splitlines()[-1]


def test_closing_line_of_build_and_serve(starter):
    edit(starter / "content" / "roles.yml", "    title:", "    titel:")
    assert _closing(playbook("build", cwd=starter)) == "1 error: nothing was built, the previous site is unchanged."
    assert _closing(playbook("serve", "--port", str(_free_port()), cwd=starter)) == (
        "1 error: nothing was built, the previous site is unchanged.")


@pytest.mark.slow
def test_closing_line_of_commands_that_build_nothing(starter, example, tmp_path):
    edit(starter / "content" / "roles.yml", "    title:", "    titel:")
    check = playbook("check", cwd=starter)
    assert check.returncode == 1 and _closing(check) == "1 error"
    release = playbook("release", "1.0", "--approved-by", "A", "--role", "B", cwd=starter)
    assert release.returncode == 1 and _closing(release) == "1 error: no release was made."
    for args in (("diff", "3.0"), ("schema", "--out", "content")):
        result = playbook(*args, cwd=starter)
        assert result.returncode == 1, result.stderr
        assert "nothing was built" not in result.stderr and _closing(result).endswith(("error", "errors")), result.stderr
    approved = sorted((example / "releases").glob("*/content/charter.yml"))[0]
    approved.chmod(0o644)
    approved.write_text(approved.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    verify = playbook("verify", cwd=example)  # the example is French: so are its messages
    assert verify.returncode == 1 and _closing(verify) == "1 erreur", verify.stderr
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "file").write_text("x")
    init = playbook("init", "taken", "--lang", "en", cwd=tmp_path)
    assert init.returncode == 1 and _closing(init) == "1 error: no playbook was created."
    init = playbook("init", "taken", cwd=tmp_path)  # a new playbook is French unless --lang says otherwise
    assert init.returncode == 1 and _closing(init) == "1 erreur : aucune charte n'a été créée."


# --- the preview builds again as little as it can ----------------------------------------------------------

def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*"))
            if path.is_file() and path.name != "search_index.json"}


def _index_docs(site: Path) -> list[str]:
    import json
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    return sorted(json.dumps(doc, sort_keys=True) for doc in docs)


@pytest.fixture
def preview(starter):
    reports: list[PlaybookError] = []
    made = preview_module.Preview(starter.resolve(), None, reports.append)
    made.reports = reports
    made.first_build()
    yield made
    made.close()


def test_an_edited_rule_rebuilds_only_its_page_and_matches_a_whole_build(preview, starter):
    policy = preview.site_dir / "personal_use.html"
    other = preview.site_dir / "comments.html"
    other_time = other.stat().st_mtime_ns
    edit(starter / "content" / "personal_use.yml", "say that you work for us", "say that you work for Edited-Word")
    preview.rebuild()
    assert preview.reports == [] and preview.last == "pages"
    assert "Edited-Word" in policy.read_text(encoding="utf-8")
    assert other.stat().st_mtime_ns == other_time  # not built again
    assert any("Edited-Word" in doc for doc in _index_docs(preview.site_dir))
    # the same sources built whole give the same site, search index included
    whole = preview.workdir / "whole"
    engine.build_html(preview.src / "mkdocs.yml", whole)
    assert _files(preview.site_dir) == _files(whole)
    assert _index_docs(preview.site_dir) == _index_docs(whole)


def test_a_change_of_the_navigation_or_settings_rebuilds_the_whole_site(preview, starter):
    edit(starter / "content" / "personal_use.yml", "title: Say that you work here", "title: Say it-Renamed")
    preview.rebuild()
    assert preview.last == "pages"  # a rule's title is in its page only
    edit(starter / "site_config.yml", "site_name: Social media charter", "site_name: Renamed-Site")
    preview.rebuild()
    assert preview.reports == [] and preview.last == "whole"  # the site's name is on every page
    assert "Renamed-Site" in (preview.site_dir / "comments.html").read_text(encoding="utf-8")


def test_a_change_no_reader_sees_builds_nothing(preview, starter):
    served = _files(preview.site_dir)
    edit(starter / "content" / "personal_use.yml", "# The rules.", "# The rules, as a comment that changed.")
    preview.rebuild()
    assert preview.last == "none" and _files(preview.site_dir) == served


def test_after_a_failed_build_the_next_one_is_whole(preview, starter, monkeypatch):
    path = starter / "content" / "personal_use.yml"
    good = path.read_text(encoding="utf-8")
    path.write_text(good + "rules: [broken\n", encoding="utf-8")
    preview.rebuild()  # refused by the check: nothing was written, the next build may still build only pages
    path.write_text(good.replace("say that you work for us", "say that you work for First-Word"), encoding="utf-8")
    preview.rebuild()
    assert len(preview.reports) == 1 and preview.last == "pages"
    real = preview_module.engine.build_html

    def failing(*args, **kwargs):
        monkeypatch.setattr(preview_module.engine, "build_html", real)
        raise OSError(errno.EIO, "Input/output error", str(preview.workdir / "next" / "x.html"))
    monkeypatch.setattr(preview_module.engine, "build_html", failing)
    edit(path, "First-Word", "Second-Word")
    preview.rebuild()  # the engine failed half-way: the sources are ahead of the site served
    assert len(preview.reports) == 2 and "First-Word" in (preview.site_dir / "personal_use.html").read_text("utf-8")
    edit(path, "Second-Word", "Fixed-Word")
    preview.rebuild()
    assert preview.last == "whole" and "Fixed-Word" in (preview.site_dir / "personal_use.html").read_text("utf-8")
