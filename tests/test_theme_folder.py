"""A theme folder (theme_dir): a release keeps the theme it was approved with, a theme holds no links, and a
theme strings file must fit the built-in strings, each problem reported at its key or value."""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from generator import cli, releases
from generator.commands import build, check, release
from generator.diagnostics import PlaybookError
from generator.render import RenderedSite, write

from .conftest import edit
from .test_theme import _fails, _site, themed  # noqa: F401  (themed is a fixture)

MALLORY = ('release:\n  banner_current: "Version {version} in force — approved on {date} by Mallory Forger, '
           'Chair of the Board"\n  release_title: "{version} — approved by Mallory Forger"\n')


def _html(folder: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.html")))


def _theme(root: Path, theme_dir: str) -> Path:
    """Set theme_dir in the starter's site_config.yml; returns the theme folder."""
    edit(root / "site_config.yml", "# theme_dir: theme", f"theme_dir: {theme_dir}")
    (root / theme_dir / "strings").mkdir(parents=True)
    (root / theme_dir / "pages").mkdir()
    return root / theme_dir


# --- 1. a release is built with the theme it was approved with ---------------------------------------

@pytest.mark.parametrize("theme_dir", ["theme", "content/theme"])
def test_a_release_is_built_with_the_theme_it_was_approved_with(starter, theme_dir):
    theme = _theme(starter, theme_dir)
    (theme / "strings" / "en.yml").write_text("nav:\n  glossary: Words\n", encoding="utf-8")
    made = release.run(starter, "1.0", "Claire Real", "CEO", date(2026, 1, 15))
    assert f"{theme_dir}/strings/en.yml" in made.manifest.files  # frozen and sealed with the content
    # then someone rewrites the working theme: the banner, the approval page, the home page
    (theme / "strings" / "en.yml").write_text("nav:\n  glossary: Vocabulary\n" + MALLORY, encoding="utf-8")
    for page in ("signoff.md.j2", "home.md.j2"):
        (theme / "pages" / page).write_text("# Approved by Mallory Forger\n", encoding="utf-8")
    assert cli.main(["verify", "-q", "-C", str(starter)]) == 0
    site = build.run(starter).output
    for version in ("latest", "1.0"):
        pages = _html(site / version)
        assert "Mallory" not in pages and "Vocabulary" not in pages
        assert "Claire Real" in pages and "Words" in pages  # the theme it was approved with
    assert b"Mallory" not in (site / "latest" / "charter-1.0.pdf").read_bytes()
    assert "Mallory" not in (site / "versions.json").read_text(encoding="utf-8")  # the version selector
    assert "Approved by Mallory Forger" in _html(site / "draft")  # the draft shows the working theme


def test_a_frozen_theme_is_sealed(starter):
    theme = _theme(starter, "theme")
    (theme / "strings" / "en.yml").write_text("nav:\n  glossary: Words\n", encoding="utf-8")
    release.run(starter, "1.0", "Claire Real", "CEO", date(2026, 1, 15))
    frozen = starter / "releases" / "1.0" / "theme" / "strings" / "en.yml"
    frozen.chmod(0o644)
    frozen.write_text(MALLORY, encoding="utf-8")
    problems = releases.verify(starter)
    assert [(p.code, p.file) for p in problems] == [("release-tampered", "releases/1.0/theme/strings/en.yml")]


def test_a_release_approved_without_a_frozen_theme_is_built_with_the_built_in_one(starter, monkeypatch):
    theme = _theme(starter, "theme")
    (theme / "strings" / "en.yml").write_text("nav:\n  glossary: Words\n", encoding="utf-8")
    # as a release approved before themes were frozen: its site_config.yml names a theme it does not hold
    monkeypatch.setattr(releases, "freeze_theme", lambda *args: None)
    release.run(starter, "1.0", "Claire Real", "CEO", date(2026, 1, 15))
    assert not (starter / "releases" / "1.0" / "theme").exists()
    (theme / "strings" / "en.yml").write_text("nav:\n  glossary: Words\n" + MALLORY, encoding="utf-8")
    site = build.run(starter).output
    pages = _html(site / "1.0")
    assert "Mallory" not in pages and "Words" not in pages and "Glossary" in pages
    assert "Words" in _html(site / "draft")


def test_editing_the_working_theme_rebuilds_the_draft_only(starter):
    theme = _theme(starter, "theme")
    release.run(starter, "1.0", "Claire Real", "CEO", date(2026, 1, 15))
    build.run(starter)
    (theme / "strings" / "en.yml").write_text("nav:\n  glossary: Words\n", encoding="utf-8")
    again = build.run(starter)
    assert again.reused == ["1.0"]
    assert "Words" in _html(again.output / "draft") and "Words" not in _html(again.output / "1.0")


# --- 2. no links in a theme folder ----------------------------------------------------------------------

@pytest.fixture
def secret(tmp_path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("the board's password: hunter2\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("link", ["overrides/assets/leak.txt", "pages/leak.md.j2", "strings/en.yml",
                                  "overrides/assets"])
def test_a_link_in_the_theme_folder_is_refused_at_its_path(themed, capsys, secret, link):
    target = themed / "theme" / link
    target.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(secret if link != "overrides/assets" else secret.parent, target)
    (themed / "theme" / "pages" / "home.md.j2").write_text('{% include "leak.md.j2" %}\n', encoding="utf-8")
    err = _fails(themed, capsys, f"theme/{link}: error: this is a link", "copy the file into the theme folder")
    assert "hunter2" not in err
    assert not any("hunter2" in p.read_text(encoding="utf-8", errors="replace")
                   for p in (themed / "site").rglob("*") if p.is_file())
    assert cli.main(["check", "-C", str(themed)]) == 1
    assert cli.main(["release", "1.0", "--approved-by", "Claire Real", "--role", "CEO", "-C", str(themed)]) == 1
    assert not (themed / "releases" / "1.0").exists()


def test_a_link_to_a_file_of_the_playbook_is_refused_too(themed, capsys):
    # inside the playbook is no better: .git/config, .playbook/ are not to be published
    (themed / "theme" / "overrides" / "config.txt").symlink_to(themed / "site_config.yml")
    _fails(themed, capsys, "theme/overrides/config.txt: error: this is a link", "copy the file")


@pytest.mark.parametrize("path", ["overrides/pipe.css", "strings/en.yml", "pages/home.md.j2"])
def test_a_pipe_in_the_theme_folder_is_refused_and_never_read(themed, capsys, path):
    target = themed / "theme" / path
    target.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(target)
    _fails(themed, capsys, f"theme/{path}: error: theme/{path} is not a regular file (a named pipe)",
           "remove it from the theme folder")


def test_a_theme_folder_named_with_a_nul_is_one_located_error(starter, capsys):
    with (starter / "site_config.yml").open("a", encoding="utf-8") as config:
        config.write('theme_dir: "\\0x"\n')
    assert cli.main(["check", "-C", str(starter)]) == 1
    err = capsys.readouterr().err
    assert "error: this text holds an invisible character, U+0000 NUL" in err and "internal error" not in err
    assert err.count("error:") == 1


def test_overrides_are_copied_without_following_links(tmp_path, secret):
    overrides = tmp_path / "overrides"
    (overrides / "assets").mkdir(parents=True)
    (overrides / "assets" / "own.css").write_text("body {}\n", encoding="utf-8")
    (overrides / "assets" / "leak.txt").symlink_to(secret)
    (overrides / "linked").symlink_to(secret.parent, target_is_directory=True)
    write(RenderedSite(pages=[], config={}, overrides=[overrides]), tmp_path / "work")
    copied = tmp_path / "work" / "overrides"
    assert (copied / "assets" / "own.css").is_file()
    assert not (copied / "assets" / "leak.txt").exists() and not (copied / "assets" / "leak.txt").is_symlink()
    assert not (copied / "linked").exists()


# --- 3. theme strings that do not fit the built-in ones ---------------------------------------------------

@pytest.mark.parametrize("text, where, message, hint", [
    ("release: [1]\n", ":1:10", "'release' must be a mapping of labels", "indented under it"),
    ("nav: 3\n", ":1:6", "'nav' must be a mapping of labels", "indented under it"),
    ('label:\n  minutes: "{x} min"\n', ":2:12", "'label.minutes' uses the field 'x', which this text is not given",
     "this text is given {n}"),
    ("label:\n  minutes: 5\n", ":2:12", "'label.minutes' must be a text", 'in quotes'),
    ('label:\n  minutes: "{n:>2000000000}"\n', ":2:12", "'label.minutes' formats the field 'n'", "no ':' or '!'"),
    ('label:\n  minutes: "{n!r} min"\n', ":2:12", "'label.minutes' formats the field 'n'", "no ':' or '!'"),
    ('label:\n  minutes: "{n.__class__}"\n', ":2:12", "'label.minutes' uses the field 'n.__class__'",
     "this text is given {n}"),
    ('colon: "{"\n', ":1:8", "'colon' has a brace that opens or closes no field", "{{ or }}"),
    ("nav:\n  glosary: Words\n", ":2:3", "unknown key 'glosary'", "did you mean 'glossary'?"),
    ("label:\n  months: [January]\n", ":2:11", "'label.months' must be a list of 12 texts", "every item"),
    ("label:\n  months: [January, February, March, April, May, June, July, August, September, October, November,"
     " 12]\n", ":2:100", "'label.months.11' must be a text", ""),
])
def test_theme_strings_must_fit_the_built_in_ones(themed, capsys, text, where, message, hint):
    (themed / "theme" / "strings").mkdir()
    (themed / "theme" / "strings" / "en.yml").write_text(text, encoding="utf-8")
    err = _fails(themed, capsys, f"theme/strings/en.yml{where}: error: {message}", hint)
    assert err.count(": error: ") == 1  # one problem (the closing line says "1 error: ...")


def test_every_problem_of_a_strings_file_is_reported_at_once_by_check(starter):
    theme = _theme(starter, "theme")
    (theme / "strings" / "en.yml").write_text(
        'nav:\n  glosary: Words\n  home: 3\nlabel:\n  minutes: "{x} min"\n'
        "enum:\n  mix:\n    customer stories: Customer stories\n", encoding="utf-8")
    with pytest.raises(PlaybookError) as caught:
        check.run(starter)
    found = [(d.file, d.line, d.column, d.code) for d in caught.value.diagnostics]
    assert found == [("theme/strings/en.yml", 2, 3, "unknown-key"), ("theme/strings/en.yml", 3, 9, "theme-strings"),
                     ("theme/strings/en.yml", 5, 12, "theme-strings")]
    # a kind of content of one's own may be named under enum: mix:, as a text without fields
    (theme / "strings" / "en.yml").write_text("enum:\n  mix:\n    customer stories: Customer stories\n",
                                              encoding="utf-8")
    check.run(starter)
    (theme / "strings" / "en.yml").write_text('enum:\n  mix:\n    customer stories: "{n}"\n', encoding="utf-8")
    with pytest.raises(PlaybookError) as caught:
        check.run(starter)
    assert [d.message for d in caught.value.diagnostics] == [
        "'enum.mix.customer stories' uses the field 'n', which this text is not given"]
