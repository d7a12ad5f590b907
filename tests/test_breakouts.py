"""Text that would break out of where it is printed: invisible characters, a name on several lines,
the print header's CSS string."""
from __future__ import annotations

import json
import re

import pytest

from generator import cli
from generator.versions import VersionInfo, css_string, status
from generator.theme import load_strings


@pytest.mark.parametrize("escape, name", [("\\x1b[31m", "U+001B ESC"), ("\\0", "U+0000 NUL"), ("\\a", "U+0007 BEL"),
                                          ("\\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"), ("\\x85", "U+0085"),
                                          ("\\u2066", "U+2066 LEFT-TO-RIGHT ISOLATE"), ("\\x7f", "U+007F DEL")])
def test_an_invisible_character_in_a_text_is_refused_where_it_is_written(starter, capsys, escape, name):
    kpis = starter / "content" / "kpis.yml"
    text = kpis.read_text(encoding="utf-8")
    line = text.splitlines()[20]
    assert line.startswith("    formula: ")
    kpis.write_text(text.replace(line, f'    formula: "reach {escape} x 100"'), encoding="utf-8")
    assert cli.main(["check", "-C", str(starter)]) == 1
    err = capsys.readouterr().err
    assert "content/kpis.yml:21:14: error: this text holds an invisible character, " + name in err, err
    assert "Traceback" not in err


def test_an_invisible_character_in_a_free_page_is_found_at_its_line(starter, capsys):
    page = next((starter / "content" / "pages").glob("*.md"))
    lines = page.read_text(encoding="utf-8").split("\n")
    lines[-3] = "Approved \u202eby the board"
    page.write_text("\n".join(lines), encoding="utf-8")
    assert cli.main(["check", "-C", str(starter)]) == 1
    err = capsys.readouterr().err
    assert f"content/pages/{page.name}:{len(lines) - 2}:10: error: this text holds an invisible character, U+202E" in err


def test_direction_marks_and_tabs_are_kept(starter):
    kpis = starter / "content" / "kpis.yml"
    text = kpis.read_text(encoding="utf-8")
    line = text.splitlines()[20]
    kpis.write_text(text.replace(line, '    formula: "reach\\t\u200e(x) \u200f× 100"'), encoding="utf-8")
    assert cli.main(["check", "-q", "-C", str(starter)]) == 0


@pytest.mark.parametrize("name", ["Claire Vasseur\n} @import url(//evil.example/x.css); .x {", "Claire\rVasseur",
                                  "Claire\u202eVasseur", "Claire\x1bVasseur", "Claire\u2028Vasseur"])
def test_an_approver_on_several_lines_or_with_invisible_characters_is_refused(starter, capsys, name):
    assert cli.main(["release", "1.0", "-C", str(starter), "--approved-by", name, "--role", "CEO"]) == 1
    err = capsys.readouterr().err
    assert "--approved-by cannot be accepted" in err and "Traceback" not in err
    assert not (starter / "releases" / "1.0").exists()
    assert cli.main(["release", "1.0", "-C", str(starter), "--approved-by", "Claire", "--role", name]) == 1
    assert "--role cannot be accepted" in capsys.readouterr().err


def test_a_manifest_whose_approver_was_given_a_second_line_is_damaged(starter, capsys):
    assert cli.main(["release", "1.0", "-q", "-C", str(starter), "--approved-by", "Claire", "--role", "CEO"]) == 0
    manifest = starter / "releases" / "1.0" / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["approved_by"] = "Claire\n} @import url(//evil.example/x.css); .x {"
    manifest.chmod(0o644)
    manifest.write_text(json.dumps(data), encoding="utf-8")
    assert cli.main(["verify", "-C", str(starter)]) == 1
    assert "releases/1.0/manifest.json" in capsys.readouterr().err


CSS_STRING = re.compile(r'^(?:[^"\\\n<]|\\[0-9a-f]{6})*$')


@pytest.mark.parametrize("text", ['a"b', "a\nb", "a\\b", "</style><script>alert(1)</script>", "a\x0cb", "a\u2028b",
                                  "Version 2.0, approuvée par Claire Vasseur (Directrice générale) le 2026-07-06"])
def test_the_print_header_string_cannot_be_ended_by_its_text(text):
    escaped = css_string(text)
    assert CSS_STRING.match(escaped), escaped
    info = VersionInfo(name="2.0", state="current", approved_by=text, role="CEO", date="2026-07-06")
    assert CSS_STRING.match(status(info, load_strings("en"))["print_text"])


@pytest.mark.slow
def test_the_print_header_of_a_built_page_is_one_css_string(starter):
    assert cli.main(["release", "1.0", "-q", "-C", str(starter), "--approved-by", "Claire \"C\" O'Neil",
                     "--role", "CEO & <founder>"]) == 0
    assert cli.main(["build", "-q", "-C", str(starter)]) == 0
    page = (starter / "site" / "1.0" / "index.html").read_text(encoding="utf-8")
    header = re.search(r'@top-left \{ content: "([^"\n]*)";', page)
    assert header and CSS_STRING.match(header.group(1)), header
