"""The command line as a user meets it: exit codes, located messages, never a traceback."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import edit


def playbook(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)})


def test_check_valid_playbook(starter):
    result = playbook("check", cwd=starter)
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stdout


def test_check_reports_every_error_with_location(starter):
    edit(starter / "content" / "objectives.yml", "    kpis:", "    kpi:")
    edit(starter / "content" / "roles.yml", "    title:", "    titel:")
    result = playbook("check", cwd=starter)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "content/objectives.yml:" in result.stderr and "unknown key 'kpi'" in result.stderr
    assert "content/roles.yml:" in result.stderr and "did you mean 'title'?" in result.stderr
    assert "^" in result.stderr  # the caret under the offending spot


def test_check_json_output(starter):
    edit(starter / "content" / "roles.yml", "    title:", "    titel:")
    result = playbook("check", "--format", "json", cwd=starter)
    assert result.returncode == 1
    problems = json.loads(result.stdout)["diagnostics"]
    assert problems and problems[0]["file"] == "content/roles.yml" and problems[0]["line"] > 0


def test_missing_config_is_explained(tmp_path):
    result = playbook("build", cwd=tmp_path)
    assert result.returncode == 1
    assert "site_config.yml" in result.stderr and "playbook init" in result.stderr
    assert "Traceback" not in result.stderr


def test_usage_error_exit_code(tmp_path):
    assert playbook("frobnicate", cwd=tmp_path).returncode == 2


@pytest.mark.slow
def test_build_then_init_from_the_command_line(tmp_path):
    result = playbook("init", "charte", "--lang", "en", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    result = playbook("build", cwd=tmp_path / "charte")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "charte" / "site" / "index.html").is_file()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def _wait_for(predicate, seconds: float = 60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError("timed out")


@pytest.mark.slow
def test_serve_rebuilds_when_yaml_changes(starter):
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "generator.cli", "serve", "--port", str(port)], cwd=starter,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)})
    try:
        url = f"http://127.0.0.1:{port}/index.html"
        _wait_for(lambda: "<html" in _get(url))
        edit(starter / "content" / "charter.yml", "title: ", "title: Fresh-Title-42 ")
        _wait_for(lambda: "Fresh-Title-42" in _get(url))
        # a broken change keeps the last good site served
        edit(starter / "content" / "objectives.yml", "    kpis:", "    kpi:")
        time.sleep(3)
        assert "Fresh-Title-42" in _get(url)
    finally:
        process.terminate()
        _, err = process.communicate(timeout=20)
    assert "unknown key 'kpi'" in err


@pytest.mark.slow
def test_release_verify_and_diff_from_the_command_line(starter):
    made = playbook("release", "1.0", "--approved-by", "Claire Martin", "--role", "CEO", "--date", "2026-02-01",
                    cwd=starter)
    assert made.returncode == 0, made.stderr
    assert "Release 1.0 approved by Claire Martin (CEO) on 2026-02-01" in made.stdout
    edit(starter / "content" / "comments.yml", "target_minutes: 60", "target_minutes: 45")
    changed = playbook("diff", "1.0", cwd=starter)
    assert changed.returncode == 0, changed.stderr
    assert "response-time target: 60 min → 45 min" in changed.stdout and "1 change from" in changed.stdout
    assert playbook("verify", cwd=starter).returncode == 0
    again = playbook("release", "1.0", "--approved-by", "Claire Martin", "--role", "CEO", cwd=starter)
    assert again.returncode == 1 and "already exists" in again.stderr and "Traceback" not in again.stderr
    unknown = playbook("diff", "3.0", cwd=starter)
    assert unknown.returncode == 1 and "the versions are: 1.0, draft" in unknown.stderr


def test_release_date_must_be_a_date(starter):
    result = playbook("release", "1.0", "--approved-by", "A", "--role", "B", "--date", "01/02/2026", cwd=starter)
    assert result.returncode == 2 and "YYYY-MM-DD" in result.stderr


@pytest.mark.slow
def test_progress_quiet_and_verbose(starter):
    from datetime import date

    from generator.commands import release
    release.run(starter, "1.0", "Claire Martin", "CEO", date(2026, 2, 1))
    default = playbook("build", cwd=starter)
    assert default.returncode == 0 and "[1/2] release 1.0: built" in default.stderr
    assert "[2/2] draft: built" in default.stderr and "Built " in default.stdout
    verbose = playbook("build", "-v", cwd=starter)
    assert "[1/2] release 1.0: reused from the cache" in verbose.stderr and " s" in verbose.stderr
    quiet = playbook("build", "-q", cwd=starter)
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""
    assert playbook("check", "-q", cwd=starter).stdout == ""
