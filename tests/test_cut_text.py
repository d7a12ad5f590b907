"""A plain text that a comment cut short (`text: see #news` is the text "see"): warned where the '#' is."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator import cli, cut_text
from generator.diagnostics import WARNING
from generator.load import load_page, load_project, load_yaml
from generator.resources import example_dir, scaffold_dir

from .conftest import edit


def warned(tmp_path: Path, text: str, name: str = "part.yml"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    loader = load_page if name.endswith(".md") else load_yaml
    return cut_text.warnings(loader(path, f"content/{name}"))


@pytest.mark.parametrize("text, line, column, lost, written", [
    ("text: Post in the channel #brand-news for help\n", 1, 27, "#brand-news for help",
     'text: "Post in the channel #brand-news for help"'),
    ("dos:\n  - write to #social-media\n", 2, 14, "#social-media", '- "write to #social-media"'),
    ("contact: Slack #brand-news\n", 1, 16, "#brand-news", 'contact: "Slack #brand-news"'),
    # a plain text on several lines: the comment is on its last line
    ("why: They buy from us\n  and tell others #TeamLumen\n", 2, 19, "#TeamLumen",
     'why: "They buy from us and tell others #TeamLumen"'),
    # nothing before the comment: the value is empty
    ("hashtag: #TeamLumen\n", 1, 10, "#TeamLumen", 'hashtag: "#TeamLumen"'),
    ("hashtags:\n  - #TeamLumen\n", 2, 5, "#TeamLumen", '- "#TeamLumen"'),
    ("palette:\n  primary: #3f51b5\n", 2, 12, "#3f51b5", 'primary: "#3f51b5"'),
    ("rank: we are #1 in the region\n", 1, 14, "#1 in the region", 'rank: "we are #1 in the region"'),
    # Windows line ends, and tabs before the '#'
    ("a: x\r\ntext: see\t#news\r\n", 2, 11, "#news", 'text: "see #news"'),
    # a text holding a double quote is shown between single quotes
    ('text: say "hi" on #general\n', 1, 19, "#general", "text: 'say \"hi\" on #general'"),
])
def test_a_text_cut_by_a_comment_is_warned_at_the_hash(tmp_path, text, line, column, lost, written):
    [warning] = warned(tmp_path, text)
    assert (warning.code, warning.severity) == ("text-cut-by-comment", WARNING)
    assert (warning.file, warning.line, warning.column) == ("content/part.yml", line, column)
    assert warning.message == f"the text stops before '{lost}'; put the value in quotes"
    assert warning.hint == f"YAML takes ' #' and what follows for a comment; write {written}"


@pytest.mark.parametrize("text", [
    "text: |\n  Post in #brand-news\n",  # a block text keeps its '#'
    "text: >\n  Post in #brand-news\n",
    "text: 'Post in #brand-news'\n",  # quoted
    'text: "Post in #brand-news"\n',
    "text: Post in the channel\n# brand-news, on its own line\n",
    "text: Post in the channel\n  #brand-news, alone on the next line\n",
    "owner: community-manager  # a role defined in roles.yml\n",  # a comment written as comments are
    "title: Our charter # shown in the header\n",
    "text: Post in the channel ## brand-news\n",
    "text: C# and F#, issue#12\n",  # no space before '#': not a comment
    "year: 2026 #goal\n",  # not texts: a number, a boolean, a date
    "enabled: true #for-now\n",
    "date: 2026-05-01 #launch\n",
    "hashtag: # to be chosen\n",
    "hashtags: [one, two] #three\n",  # after the list, not after a text
])
def test_what_is_not_warned(tmp_path, text):
    assert warned(tmp_path, text) == []


def test_a_long_text_is_shortened_in_the_message_and_the_hint(tmp_path):
    text = "why: " + "a long sentence that goes on and on about the channels we use" + \
           " #brand-news-and-announcements-for-the-whole-team\n"
    [warning] = warned(tmp_path, text)
    assert warning.message == "the text stops before '#brand-news-and-announcements-…'; put the value in quotes"
    assert warning.hint.endswith('write why: "a long sentence that goes on…nnels we use #brand-news-and-announcements-…"')


def test_in_a_pages_front_matter_the_line_counts_from_the_top_of_the_page(tmp_path):
    [warning] = warned(tmp_path, "---\ntitle: Help\nsummary: ask on #help-desk\n---\nBody #1\n", "help.md")
    assert (warning.line, warning.column) == (3, 17)


@pytest.mark.parametrize("root", [example_dir(), scaffold_dir("fr"), scaffold_dir("en")], ids=str)
def test_the_example_and_the_starters_lose_no_text(root):
    sources = load_project(root)
    assert [d for d in sources.problems if d.code == cut_text.CODE] == []


def _cut(root: Path) -> int:
    """Cut the first audience's `why` of the starter in `root` with a channel name; the line of the '#'."""
    path = root / "content" / "audiences.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("    why: "))
    edit(path, lines[line - 1], "    why: Ask on #social-media for help", 1)
    return line


def test_check_and_build_show_the_warning_in_english(starter, capsys):
    line = _cut(starter)
    assert cli.main(["check", "-C", str(starter)]) == 0
    err = capsys.readouterr().err
    assert (f"content/audiences.yml:{line}:17: warning: the text stops before '#social-media for help'; "
            "put the value in quotes\n") in err, err
    assert "  hint: YAML takes ' #' and what follows for a comment; write why: \"Ask on #social-media for help\"" in err
    assert cli.main(["check", "-C", str(starter), "--format", "json"]) == 0
    [warning] = [d for d in json.loads(capsys.readouterr().out)["diagnostics"] if d["code"] == cut_text.CODE]
    assert (warning["line"], warning["column"], warning["severity"]) == (line, 17, "warning")
    assert cli.main(["build", "-C", str(starter)]) == 0
    assert f"content/audiences.yml:{line}:17: warning: the text stops before" in capsys.readouterr().err


def test_a_french_playbook_shows_it_in_french(tmp_path, capsys):
    root = tmp_path / "charte"
    assert cli.main(["init", str(root), "--lang", "fr"]) == 0
    line = _cut(root)
    capsys.readouterr()
    assert cli.main(["check", "-C", str(root)]) == 0
    err = capsys.readouterr().err
    assert (f"content/audiences.yml:{line}:17: avertissement: le texte s'arrête avant '#social-media for help' ; "
            "mettez la valeur entre guillemets\n") in err, err
    assert ("  conseil: YAML prend ' #' et ce qui suit pour un commentaire ; "
            "écrivez why: \"Ask on #social-media for help\"") in err, err
    assert cli.main(["check", "-C", str(root), "--format", "json"]) == 0
    [warning] = [d for d in json.loads(capsys.readouterr().out)["diagnostics"] if d["code"] == cut_text.CODE]
    assert warning["message"].startswith("le texte s'arrête avant")
