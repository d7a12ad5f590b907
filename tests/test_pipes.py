"""A reader that stops reading (`playbook check --format json | head -1`): the command ends quietly."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import edit

ITEMS = 3000  # warnings enough to fill any pipe's buffer many times over


def _noisy(starter: Path, error: bool) -> Path:
    """The starter with thousands of warnings (texts cut by a comment), and one error if `error`."""
    items = "".join(f"      - see #channel-{i}\n" for i in range(ITEMS))
    path = starter / "content" / "audiences.yml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    first = next(n for n, line in enumerate(lines) if line.startswith("      - "))
    path.write_text("".join(lines[:first] + [items] + lines[first:]), encoding="utf-8")
    if error:
        edit(starter / "content" / "roles.yml", "    title:", "    titel:")
    return starter


def _first_line(args: list[str], cwd: Path, read: str) -> tuple[bytes, int, bytes]:
    """Run playbook, read one line of its standard output (or error), close it; the line, exit code and
    whatever the command wrote on its other stream."""
    pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    process = subprocess.Popen([sys.executable, "-m", "generator.cli", *args], cwd=cwd, **pipes,
                               env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)})
    reader, other = (process.stdout, process.stderr) if read == "stdout" else (process.stderr, process.stdout)
    line = reader.readline()
    reader.close()  # the reader goes away, as `head -1` does
    rest = other.read()
    other.close()
    return line, process.wait(timeout=120), rest


@pytest.mark.parametrize("error", [False, True], ids=["warnings", "errors"])
def test_json_read_one_line_ends_quietly(starter, error):
    line, code, stderr = _first_line(["check", "--format", "json"], _noisy(starter, error), "stdout")
    assert line == b"{\n"
    assert stderr == b"", stderr.decode()  # no traceback, no "Exception ignored"
    assert code == (1 if error else 0)


@pytest.mark.parametrize("error", [False, True], ids=["warnings", "errors"])
def test_text_read_one_line_ends_quietly(starter, error):
    line, code, stdout = _first_line(["check"], _noisy(starter, error), "stderr")
    assert b": warning: the text stops before '#channel-0'" in line
    assert code == (1 if error else 0)  # not 120: Python failing to flush while exiting
    assert b"Traceback" not in stdout
