"""A corpus of bad inputs (tests/bad_inputs/cases.yml), each with the exact error it must produce.

Every case starts from a copy of the English starter whose site was already built, breaks it
(see the header of cases.yml for the mutations), runs the real command line
(`playbook build -C DIR`) and checks that:

- the exit code is 1 and stderr names the expected `file:line:column`, message and hint;
- the same build, called as a library, raises a PlaybookError carrying that diagnostic code;
- nothing crashed ("Traceback", "internal error");
- the published site is byte-for-byte what it was, with no temporary folder left beside it, and the
  playbook's own files are as the mutation left them.

The inputs that must simply work (BOM, CRLF, anchors...) must exit 0 and rebuild the site.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from generator import cli
from generator.commands import build, check
from generator.diagnostics import Diagnostic, PlaybookError
from generator.resources import scaffold_dir

from .conftest import copy_playbook

CASES_FILE = Path(__file__).parent / "bad_inputs" / "cases.yml"
CASES: list[dict] = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
SITE = "site"  # output_dir of the starter
FIVE_MIB = 5 * 1024 * 1024
OUTSIDE_TOKEN = "@OUTSIDE@"  # in a written text: the absolute path of a folder beside the project


# --- the built starter, once per session --------------------------------------------------------

def snapshot(folder: Path, skip: str | None = None) -> dict[str, str]:
    """Every file under `folder` (links followed) and the SHA-256 of its bytes."""
    out = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if skip and (rel == skip or rel.startswith(skip + "/")):
            continue
        if path.is_file():
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


@dataclass(frozen=True)
class Template:
    root: Path
    site: dict[str, str]


@pytest.fixture(scope="session")
def built_starter(tmp_path_factory) -> Template:
    root = copy_playbook(scaffold_dir("en"), tmp_path_factory.mktemp("bad-inputs") / "starter")
    build.run(root)
    return Template(root, snapshot(root / SITE))


# --- mutations ----------------------------------------------------------------------------------

def _alias_bomb() -> bytes:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    return ("\n".join(lines) + "\n").encode()


def _generated(step: dict) -> bytes:
    kind, text = step["generate"], step.get("text", "")
    if kind == "latin1":
        return text.encode("latin-1")
    if kind == "bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    if kind == "crlf":
        return text.replace("\n", "\r\n").encode("utf-8")
    if kind == "bom+crlf":
        return b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    if kind == "huge":  # valid YAML (comments), one MiB over the limit
        line = b"# " + b"padding " * 8 + b"\n"
        return b"audiences: []\n" + line * ((FIVE_MIB + 1024 * 1024) // len(line))
    if kind == "alias_bomb":
        return _alias_bomb()
    if kind == "deep_nesting":
        return b"audiences: " + b"[" * 1000 + b"]" * 1000 + b"\n"
    raise ValueError(f"unknown generator {kind!r}")


def _set_config_key(root: Path, key: str, value: str) -> None:
    """Set a top-level key of site_config.yml in place (or after the last line if it is absent)."""
    path = root / "site_config.yml"
    text = path.read_text(encoding="utf-8")
    line = f"{key}: {value}"
    pattern = re.compile(rf"^#?\s*{re.escape(key)}:.*$", re.M)
    text = pattern.sub(lambda _: line, text, count=1) if pattern.search(text) else text.rstrip("\n") + f"\n{line}\n"
    path.write_text(text, encoding="utf-8")


def apply(step: dict, root: Path, outside: Path) -> None:
    [(kind, arg)] = step.items()
    if kind in ("write", "outside"):
        target = (outside if kind == "outside" else root) / arg["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(arg["text"].replace(OUTSIDE_TOKEN, str(outside)).encode("utf-8"))
    elif kind == "bytes":
        target = root / arg["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(bytes.fromhex(arg["hex"]) if "hex" in arg else _generated(arg))
    elif kind == "delete":
        (root / arg).unlink()
    elif kind == "replace":
        target = root / arg["path"]
        text = target.read_text(encoding="utf-8")
        assert arg["old"] in text, f"{arg['old']!r} is not in {arg['path']}: fix the case"
        target.write_text(text.replace(arg["old"], arg["new"], 1), encoding="utf-8")
    elif kind == "set":
        _set_config_key(root, arg["key"], str(arg["value"]))
    elif kind == "symlink":
        link = root / arg["path"]
        outside.mkdir(parents=True, exist_ok=True)
        target = outside / link.name
        if arg.get("move"):
            shutil.move(str(link), str(target))
        else:
            target.write_text(arg["text"], encoding="utf-8")
        link.symlink_to(target, target_is_directory=target.is_dir())
    elif kind in ODD_FILES:
        ODD_FILES[kind](root, arg, outside)
    else:
        raise ValueError(f"unknown mutation {kind!r}")


def _remove(root: Path, arg: str, outside: Path) -> None:
    target = root / arg
    shutil.rmtree(target) if target.is_dir() and not target.is_symlink() else target.unlink()


def _link(root: Path, arg: dict, outside: Path) -> None:
    outside.mkdir(parents=True, exist_ok=True)
    (root / arg["path"]).symlink_to(arg["target"].replace(OUTSIDE_TOKEN, str(outside)))


def _many(root: Path, arg: dict, outside: Path) -> None:
    for i in range(arg["count"]):
        (root / arg["path"].format(i)).touch()


# Mutations that make files and folders that are not what they seem (see the end of cases.yml).
ODD_FILES = {
    "fifo": lambda root, arg, outside: os.mkfifo(root / arg),
    "mkdir": lambda root, arg, outside: (root / arg).mkdir(parents=True),
    "remove": _remove,
    "link": _link,
    "rename": lambda root, arg, outside: (root / arg["path"]).rename(root / arg["to"]),
    "many": _many,
}


# --- reading what the command line printed ------------------------------------------------------

HEADER = re.compile(r"^(?P<where>\S.*?): (?P<severity>error|warning): (?P<message>.*)$")


@dataclass
class Printed:
    where: str
    severity: str
    message: str
    hint: str


def printed(stderr: str) -> list[Printed]:
    """The diagnostics of stderr, as the text printer lays them out (header, source, caret, hint)."""
    found: list[Printed] = []
    for line in stderr.splitlines():
        match = HEADER.match(line)
        if match:
            found.append(Printed(match["where"], match["severity"], match["message"], ""))
        elif found and line.startswith("  hint: "):
            found[-1].hint = line.removeprefix("  hint: ")
    return found


def expected_line(expect: dict, root: Path) -> int | None:
    if "line_of" in expect:
        lines = (root / expect["file"]).read_text(encoding="utf-8").splitlines()
        return next(n for n, text in enumerate(lines, start=1) if expect["line_of"] in text)
    return expect.get("line")


def expected_where(expect: dict, line: int | None) -> str:
    if line is None:
        return expect["file"]
    where = f"{expect['file']}:{line}:"
    return where + str(expect["column"]) if "column" in expect else where


def where_matches(where: str, wanted: str) -> bool:
    return where.startswith(wanted) if wanted.endswith(":") else where == wanted


def describe(items) -> str:
    return "\n".join(f"  {item}" for item in items) or "  (none)"


def check_error(case: dict, root: Path, rc: int, stderr: str) -> None:
    expect = case["expect"]
    assert rc == 1, f"exit code {rc}, expected 1\n{stderr}"
    line = expected_line(expect, root)
    where = expected_where(expect, line)
    shown = printed(stderr)
    matches = [p for p in shown if p.severity == "error" and where_matches(p.where, where)
               and expect["message"] in p.message and expect.get("hint", "") in p.hint]
    assert matches, (f"no error printed at {where!r} with message {expect['message']!r}"
                     + (f" and hint {expect['hint']!r}" if "hint" in expect else "") + f"; stderr was:\n{stderr}")
    if "errors" in expect:
        count = f"{expect['errors']} error" + ("s" if expect["errors"] != 1 else "")
        assert f"\n{count}:" in stderr, f"expected {count}:\n{stderr}"
    for text in expect.get("absent", []):
        assert text not in stderr, f"{text!r} should not be printed:\n{stderr}"
    # the code is not printed as text: ask the same build, called as a library
    with pytest.raises(PlaybookError) as caught:
        build.run(root)
    diagnostics: list[Diagnostic] = caught.value.diagnostics
    coded = [d for d in diagnostics if d.code == expect["code"] and where_matches(d.where, where)
             and expect["message"] in d.message]
    assert coded, f"no diagnostic {expect['code']!r} at {where!r}; got:\n{describe(diagnostics)}"


def check_warning(expect: dict, root: Path, stderr: str) -> None:
    """The warning `expect` describes is printed at its place, and made with its code (asked of `check`)."""
    where = expected_where(expect, expected_line(expect, root))
    shown = printed(stderr)
    matches = [p for p in shown if p.severity == "warning" and where_matches(p.where, where)
               and expect["message"] in p.message and expect.get("hint", "") in p.hint]
    assert matches, f"no warning printed at {where!r} with message {expect['message']!r}; stderr was:\n{stderr}"
    try:
        diagnostics = check.run(root).warnings
    except PlaybookError as exc:
        diagnostics = exc.diagnostics
    coded = [d for d in diagnostics if d.code == expect["code"] and where_matches(d.where, where)]
    assert coded, f"no warning {expect['code']!r} at {where!r}; got:\n{describe(diagnostics)}"


# --- the cases ----------------------------------------------------------------------------------

def _param(case: dict):
    marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if "xfail" in case else []
    return pytest.param(case, id=case["name"], marks=marks)


def test_corpus_is_well_formed():
    names = [case["name"] for case in CASES]
    assert len(names) == len(set(names)), "case names must be unique"
    for case in CASES:
        assert {"name", "family", "why", "mutate", "expect"} <= set(case), case.get("name")
        expect = case["expect"]
        if expect.get("exit", 1) == 1:
            assert {"file", "code", "message"} <= set(expect), case["name"]
        else:
            assert {"page", "contains"} <= set(expect), case["name"]
    assert len(CASES) >= 60


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_bad_input(case, built_starter, tmp_path, capsys):
    root = tmp_path / "playbook"
    shutil.copytree(built_starter.root, root, symlinks=True)
    site = root / SITE
    assert snapshot(site) == built_starter.site, "the copy of the built site differs from the template"
    for step in case["mutate"]:
        apply(step, root, tmp_path / "outside")
    entries_before = sorted(p.name for p in root.iterdir())
    inputs_before = snapshot(root, skip=SITE)

    rc = cli.main(["build", "-C", str(root)])
    out = capsys.readouterr()
    text = out.out + out.err
    assert "Traceback" not in text, text
    assert "internal error" not in text, text

    expect = case["expect"]
    if expect.get("exit", 1) == 0:
        assert rc == 0, f"exit code {rc}, expected 0\n{text}"
        assert f"into {site}" in out.out, out.out
        assert snapshot(site) != built_starter.site, "the site was not rebuilt"
        page = site / expect["page"]
        assert expect["contains"] in page.read_text(encoding="utf-8"), f"{expect['contains']!r} not in {page}"
    else:
        check_error(case, root, rc, out.err)
        assert snapshot(site) == built_starter.site, "a failed build changed the published site"
    if "warning" in expect:
        check_warning(expect["warning"], root, out.err)
    leftovers = [p.name for p in root.iterdir() if p.name.startswith(f".{SITE}.")]
    assert not leftovers, f"temporary folders left beside the site: {leftovers}"
    assert sorted(p.name for p in root.iterdir()) == entries_before, "the build added or removed files beside the site"
    assert snapshot(root, skip=SITE) == inputs_before, "the build changed the playbook's own files"
