"""Processes at once: locks on releases and builds, leftovers of killed runs, line endings, dates, schema --out."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from generator import anchor, cli, line_endings, locks, publish, releases
from generator.commands import build, init, release, schema, verify
from generator.diagnostics import PlaybookError

from .conftest import edit

REPO = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(REPO)}


def freeze(root: Path, version: str, when: date = date(2026, 3, 2)):
    return release.run(root, version, "Claire Martin", "CEO", when)


def codes(caught) -> list[str]:
    return [d.code for d in caught.value.diagnostics]


class Holder:
    """Another process holding a lock, as a running `playbook release` or `build` would, until killed."""

    def __init__(self, path: Path, command: str, staging: Path | None = None):
        code = ("import sys; from pathlib import Path; from generator import locks\n"
                f"locks.acquire(Path({str(path)!r}), {command!r})\n"
                + (f"Path({str(staging)!r}).mkdir()\n" if staging else "")
                + "print('held', flush=True); sys.stdin.read()\n")
        self.process = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True, env=ENV)
        assert self.process.stdout.readline().strip() == "held"

    @property
    def pid(self) -> int:
        return self.process.pid

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self.process.stdin.close()
        self.process.stdout.close()


@pytest.fixture
def holders():
    started: list[Holder] = []
    yield lambda *args: started.append(Holder(*args)) or started[-1]
    for holder in started:
        if holder.process.poll() is None:
            holder.kill()


def playbook(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd, capture_output=True, text=True,
                          env=ENV, timeout=300)


# --- releases: one at a time ------------------------------------------------------------------------------------

def test_a_release_is_refused_while_another_runs_and_the_chain_stays_whole(starter, holders):
    freeze(starter, "1.0")
    other = holders(starter / "releases" / releases.LOCK, "release")
    with pytest.raises(PlaybookError) as caught:
        freeze(starter, "1.1")
    [problem] = caught.value.diagnostics
    assert problem.code == "release-locked" and problem.file == "releases/"
    assert problem.message == (f"another `playbook release` is running on this playbook (pid {other.pid}); "
                               "wait for it to finish")
    assert not (starter / "releases" / "1.1").exists()
    other.kill()  # the system gives the lock back: a killed release never blocks the next one
    second = freeze(starter, "1.1")
    assert second.manifest.previous == "1.0"
    assert [r.version for r in verify.run(starter)] == ["1.0", "1.1"]
    assert not (starter / "releases" / releases.LOCK).exists()  # a finished release leaves no lock file


def test_the_refusal_from_the_command_line(starter, holders):
    other = holders(starter / "releases" / releases.LOCK, "release")
    result = playbook("release", "1.0", "--approved-by", "A", "--role", "B", cwd=starter)
    assert result.returncode == 1, result.stderr
    assert f"releases/: error: another `playbook release` is running on this playbook (pid {other.pid})" \
        in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr


def test_a_refused_first_release_leaves_no_releases_folder(starter):
    edit(starter / "content" / "objectives.yml", "    kpis:", "    kpi:")
    with pytest.raises(PlaybookError):
        freeze(starter, "1.0")
    assert not (starter / "releases").exists()


@pytest.mark.slow
def test_two_releases_started_at_once_keep_one_chain(starter):
    freeze(starter, "1.0", date(2026, 1, 5))
    edit(starter / "content" / "comments.yml", "target_minutes: 60", "target_minutes: 30")
    started = [subprocess.Popen([sys.executable, "-m", "generator.cli", "release", version, "--approved-by", "A",
                                 "--role", "B", "-C", str(starter)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=ENV) for version in ("2.0", "3.0")]
    outcomes = [(p.wait(timeout=300), p.stderr.read()) for p in started]
    for process in started:
        process.stdout.close()
        process.stderr.close()
    for rc, err in outcomes:  # each either made its release or was refused with a message
        assert rc == 0 or "error: another `playbook release` is running" in err or "release-order" in err or \
            "is not newer than the last release" in err, err
    made = verify.run(starter)  # whatever the order, one chain
    assert [r.version for r in made][0] == "1.0" and len(made) == 1 + sum(rc == 0 for rc, _ in outcomes)
    for before, after in zip(made, made[1:]):
        assert after.manifest.previous == before.version
        assert after.manifest.previous_hash == before.manifest.content_hash
    freeze(starter, "4.0", date.today())  # and the next release works


# --- builds: one per output folder ------------------------------------------------------------------------------

def test_a_build_is_refused_while_another_writes_the_same_output(starter, holders, tmp_path):
    site = (starter / "site").resolve()
    live = site.parent / f".site.new-{os.getpid() + 1}-live"
    other = holders(publish.lock_path(site), "build", live)
    with pytest.raises(PlaybookError) as caught:
        build.run(starter)
    [problem] = caught.value.diagnostics
    assert problem.code == "output-locked" and problem.file == str(site)
    assert f"another `playbook build` is writing this output folder (pid {other.pid})" in problem.message
    assert live.is_dir(), "the refused build removed the staging folder of the running one"
    assert not site.exists()
    build.run(starter, tmp_path / "elsewhere")  # another output folder is free
    other.kill()
    build.run(starter)  # the lock died with its process: its staging folder is now a leftover, removed
    assert not live.exists()
    assert sorted(p.name for p in site.parent.iterdir() if p.name.startswith(".site")) == []


def test_a_build_refused_from_the_command_line(starter, holders):
    other = holders(publish.lock_path((starter / "site").resolve()), "build")
    result = playbook("build", cwd=starter)
    assert result.returncode == 1
    assert f"another `playbook build` is writing this output folder (pid {other.pid}); wait for it to finish" \
        in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr


def test_builds_of_two_outputs_and_a_lock_file_left_by_a_killed_build(starter, tmp_path):
    site = (starter / "site").resolve()
    publish.lock_path(site).write_text("999999 build\n", encoding="utf-8")  # its process is gone: no lock held
    build.run(starter)
    assert not publish.lock_path(site).exists()


def test_an_output_folder_that_cannot_be_written_beside(starter, tmp_path):
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    blocked.chmod(0o500)
    try:
        if os.access(blocked, os.W_OK):
            pytest.skip("running as root: every folder is writable")
        with pytest.raises(PlaybookError) as caught:
            build.run(starter, blocked / "site")
        assert codes(caught) == ["output-dir"]
    finally:
        blocked.chmod(0o700)


# --- killed releases --------------------------------------------------------------------------------------------

def leftover(root: Path, name: str = ".3.0.new-123-abc") -> Path:
    """The staging folder of a release killed mid-copy: part of the content, read-only."""
    folder = root / "releases" / name
    (folder / "content").mkdir(parents=True)
    shutil.copy(root / "content" / "kpis.yml", folder / "content" / "kpis.yml")
    (folder / "content" / "kpis.yml").chmod(0o444)
    return folder


@pytest.mark.parametrize("command", ["verify", "build", "release"])
def test_a_killed_release_is_cleaned_by_the_next_run(starter, command):
    freeze(starter, "1.0")
    dead = leftover(starter)
    if command == "verify":
        assert [r.version for r in verify.run(starter)] == ["1.0"]
    elif command == "build":
        build.run(starter)
    else:
        freeze(starter, "3.0")
    assert not dead.exists()
    assert releases.verify(starter) == []
    freeze(starter, "4.0")


def test_verify_leaves_a_running_release_alone(starter, holders):
    freeze(starter, "1.0")
    live = leftover(starter, f".3.0.new-{os.getpid() + 1}-live")
    holders(starter / "releases" / releases.LOCK, "release")
    assert [r.version for r in verify.run(starter)] == ["1.0"]  # not damage...
    assert live.is_dir()  # ...and not removed while its release may still be writing it


@pytest.mark.slow
def test_a_release_killed_at_any_moment_leaves_no_release_or_the_whole(starter):
    freeze(starter, "1.0")
    edit(starter / "content" / "comments.yml", "target_minutes: 60", "target_minutes: 30")
    for delay in (0.2, 0.5, 0.8, 1.1, 1.5, 2.0):
        target = starter / "releases" / "2.0"
        process = subprocess.Popen([sys.executable, "-m", "generator.cli", "release", "2.0", "--approved-by", "A",
                                    "--role", "B", "-C", str(starter)], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, env=ENV)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        releases.clean_leftovers(starter, "verify")  # what the next run does: a staged anchor is completed or dropped
        assert releases.verify(starter) == [], f"killed after {delay} s: a release is damaged"
        if target.exists():  # made whole before the kill: start again, from the anchor of 1.0 alone
            shutil.rmtree(target)
            anchor.write(starter / "releases", anchor.read(starter / "releases")[:1])
    made = release.run(starter, "2.0", "A", "B")
    assert made.manifest.previous == "1.0" and releases.leftovers(starter) == []


# --- line endings -----------------------------------------------------------------------------------------------

def test_gitattributes_from_init_and_release(tmp_path):
    root = init.run(tmp_path / "new", "en")
    assert "releases/** -text" in (root / ".gitattributes").read_text(encoding="utf-8")
    freeze(root, "1.0")
    attributes = root / "releases" / ".gitattributes"
    assert attributes.read_text(encoding="utf-8").splitlines()[-1] == "* -text"
    assert ".gitattributes" not in releases.list_releases(root)[0].manifest.files
    attributes.write_text("* -text\n# mine\n", encoding="utf-8")
    freeze(root, "1.1")
    assert attributes.read_text(encoding="utf-8") == "* -text\n# mine\n"  # the team's own is kept
    assert [r.version for r in verify.run(root)] == ["1.0", "1.1"]


def test_the_repository_keeps_its_releases_byte_for_byte():
    text = (REPO / ".gitattributes").read_text(encoding="utf-8")
    assert "releases/** -text" in text.splitlines()


def test_a_released_file_converted_to_crlf(starter):
    freeze(starter, "1.0")
    target = starter / "releases" / "1.0" / "content" / "kpis.yml"
    target.chmod(0o644)
    target.write_bytes(target.read_bytes().replace(b"\n", b"\r\n"))
    problems = releases.verify(starter)
    assert [(p.code, p.file) for p in problems] == [("release-line-endings", "releases/1.0/content/kpis.yml")]
    assert "Windows line endings (CRLF)" in problems[0].message and "git converted it" in problems[0].message
    assert ".gitattributes" in problems[0].hint and "git reset --hard" in problems[0].hint
    target.write_bytes(target.read_bytes().replace(b"\r\n", b"\n").replace(b"kpis", b"KPIs", 1))
    assert [p.code for p in releases.verify(starter)] == ["release-tampered"]  # an edit is still an edit


def test_a_file_approved_with_crlf_then_converted_to_lf(starter):
    kpis = starter / "content" / "kpis.yml"
    kpis.write_bytes(kpis.read_bytes().replace(b"\n", b"\r\n"))
    freeze(starter, "1.0")
    target = starter / "releases" / "1.0" / "content" / "kpis.yml"
    target.chmod(0o644)
    target.write_bytes(target.read_bytes().replace(b"\r\n", b"\n"))
    [problem] = releases.verify(starter)
    assert problem.code == "release-line-endings" and "approved with Windows line endings" in problem.message


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "init.defaultBranch=main",
                    *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_windows_checkout_of_a_new_playbook_verifies(tmp_path):
    root = init.run(tmp_path / "origin", "en")
    roles = root / "content" / "roles.yml"  # written on Windows: approved with CRLF, stored so by git
    roles.write_bytes(roles.read_bytes().replace(b"\n", b"\r\n"))
    freeze(root, "1.0")
    git("init", "-q", cwd=root)
    git("add", "-A", cwd=root)
    git("commit", "-q", "-m", "1.0", cwd=root)
    for autocrlf in ("true", "input", "false"):
        clone = tmp_path / f"clone-{autocrlf}"
        git("clone", "-q", "-c", f"core.autocrlf={autocrlf}", str(root), clone.name, cwd=tmp_path)
        assert b"\r\n" not in (clone / "content" / "kpis.yml").read_bytes()  # the draft: LF everywhere
        assert [r.version for r in verify.run(clone)] == ["1.0"], autocrlf  # the release: as approved


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_advice_for_a_converted_checkout_works(tmp_path):
    root = init.run(tmp_path / "origin", "en")
    (root / ".gitattributes").unlink()
    freeze(root, "1.0")
    (root / "releases" / ".gitattributes").unlink()  # a playbook from before these files existed
    git("init", "-q", cwd=root)
    git("add", "-A", cwd=root)
    git("commit", "-q", "-m", "1.0", cwd=root)
    clone = tmp_path / "windows"
    git("clone", "-q", "-c", "core.autocrlf=true", str(root), "windows", cwd=tmp_path)
    problems = releases.verify(clone)
    assert problems and {p.code for p in problems} == {"release-line-endings"}
    (clone / ".gitattributes").write_text(line_endings.PLAYBOOK_ATTRIBUTES, encoding="utf-8")
    git("rm", "--cached", "-r", "-q", "releases", cwd=clone)
    git("reset", "--hard", "-q", cwd=clone)
    assert releases.verify(clone) == []


# --- dates ------------------------------------------------------------------------------------------------------

def test_a_release_dated_before_the_previous_one_is_refused(starter):
    freeze(starter, "1.0", date(2026, 3, 2))
    with pytest.raises(PlaybookError) as caught:
        freeze(starter, "1.1", date(2026, 3, 1))
    [problem] = caught.value.diagnostics
    assert problem.code == "release-date" and problem.file == "releases/1.0/manifest.json"
    assert "2026-03-01" in problem.message and "2026-03-02" in problem.message
    assert freeze(starter, "1.1", date(2026, 3, 2)).manifest.previous == "1.0"  # the same day is fine


def test_a_release_dated_in_the_future_is_refused(starter):
    with pytest.raises(PlaybookError) as caught:
        freeze(starter, "1.0", date.today() + timedelta(days=1))
    assert codes(caught) == ["release-date"]
    assert not (starter / "releases" / "1.0").exists()
    assert freeze(starter, "1.0", date.today()).manifest.date == date.today()


# --- schema --out -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("out, where", [("releases/1.0/schemas", "releases/1.0/schemas/"),
                                        ("releases", "releases/"), ("content/schemas", "content/schemas/")])
def test_schema_out_refuses_frozen_and_released_folders(starter, out, where):
    freeze(starter, "1.0")
    with pytest.raises(PlaybookError) as caught:
        schema.run(starter, starter / out)
    [problem] = caught.value.diagnostics
    assert problem.code == "schema-out" and problem.file == where
    assert releases.verify(starter) == []
    assert not (starter / out).exists() or not list((starter / out).glob("*.schema.json"))


def test_schema_out_elsewhere_and_from_the_command_line(starter, tmp_path, capsys):
    assert len(schema.run(starter, tmp_path / "editor")) == len(schema.run(starter))
    (tmp_path / "file").write_text("", encoding="utf-8")
    assert cli.main(["schema", "-C", str(starter), "--out", str(tmp_path / "file")]) == 1
    assert "is a file, not a folder" in capsys.readouterr().err
    assert cli.main(["schema", "-C", str(starter), "--out", str(starter / "releases" / "x")]) == 1
    err = capsys.readouterr().err
    assert "releases/x/: error:" in err and "Traceback" not in err


# --- the lock itself --------------------------------------------------------------------------------------------

def test_a_lock_names_its_holder_and_dies_with_it(tmp_path, holders):
    path = tmp_path / "x.lock"
    other = holders(path, "release")
    with pytest.raises(locks.Held) as caught:
        locks.acquire(path, "build")
    assert (caught.value.pid, caught.value.command) == (other.pid, "release")
    other.kill()
    with locks.held(path, "build"):
        assert path.read_text(encoding="ascii") == f"{os.getpid()} build\n"
    assert not path.exists()
