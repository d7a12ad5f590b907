"""A field text means what its author sees: a wrapped line never silently becomes a heading, a rule or a quote."""
from __future__ import annotations

from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest

from generator import approval_only, cli, markdown_text
from generator.commands import build
from generator.diagnostics import WARNING
from generator.load import Source, load_project, parse_yaml
from generator.validate import validate
from generator.versions import VersionInfo

from .conftest import edit

TODAY = date(2026, 3, 1)
RULE = """    text: |
      Never share unpublished figures, projects, customer information or photos of internal
      documents.
"""


HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


class _Page(HTMLParser):
    """A built page as a reader sees it: its headings, and its paragraphs, list items and quotes, as text."""

    def __init__(self):
        super().__init__()
        self.open: list[str] = []
        self.headings: list[str] = []
        self.blocks: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in HEADINGS:
            self.open.append(tag)
            self.headings.append("")
        elif tag in ("p", "li", "blockquote"):
            self.open.append(tag)
            self.blocks.append((tag, ""))

    def handle_endtag(self, tag):
        if self.open and self.open[-1] == tag:
            self.open.pop()

    def handle_data(self, data):
        if self.open and self.open[-1] in HEADINGS:
            self.headings[-1] += data
        elif self.open:
            tag, text = self.blocks[-1]
            self.blocks[-1] = (tag, text + data)


def page(path: Path) -> _Page:
    parsed = _Page()
    parsed.feed(path.read_text(encoding="utf-8"))
    parsed.headings = [" ".join(h.replace("\u00b6", "").split()) for h in parsed.headings]
    parsed.blocks = [(tag, " ".join(text.split())) for tag, text in parsed.blocks]
    return parsed


def with_rule_text(starter: Path, *lines: str) -> Path:
    """The starter, its rule 'keep-confidential' written `lines` (a literal block text from line 32)."""
    part = starter / "content" / "personal_use.yml"
    edit(part, RULE, "    text: |\n" + "".join(f"      {line}\n" if line else "\n" for line in lines))
    return part


def text_warnings(starter: Path) -> list:
    _, warnings = validate(load_project(starter), today=TODAY)
    codes = (markdown_text.HEADING_CODE, markdown_text.RULE_CODE, markdown_text.LINE_CODE)
    return [w for w in warnings if w.code in codes]


HASHTAGS = ("Never share unpublished figures: the", "#newswire Slack channel may say more, and",
            "#safe is the word to use.")


def test_a_hash_without_a_space_is_text_and_check_is_silent(starter, capsys):
    with_rule_text(starter, *HASHTAGS)
    assert text_warnings(starter) == []
    assert cli.main(["check", "-C", str(starter)]) == 0
    assert "0 warnings" in capsys.readouterr().out
    build.run(starter)
    built = page(starter / "site" / "personal_use.html")
    assert not [h for h in built.headings if "newswire" in h or "safe" in h]
    assert ("p", "Never share unpublished figures: the #newswire Slack channel may say more, and #safe is the word "
            "to use.") in built.blocks


def test_a_heading_in_a_field_text_is_shown_as_written_and_warned_at_its_line(starter):
    part = with_rule_text(starter, "Never share unpublished figures.", "", "# Why it matters", "Leaks hurt.")
    [warning] = text_warnings(starter)
    line = part.read_text(encoding="utf-8").split("\n").index("      # Why it matters") + 1
    assert (warning.code, warning.severity, warning.file, warning.line, warning.column) == (
        "heading-in-text", WARNING, "content/personal_use.yml", line, 7)
    assert warning.message == "'# Why it matters' would be a heading inside this text: it is shown as written, " \
                              "'#' included"
    assert "**Title**" in warning.hint
    build.run(starter)
    built = page(starter / "site" / "personal_use.html")
    assert "Why it matters" not in built.headings
    assert ("p", "# Why it matters Leaks hurt.") in built.blocks


@pytest.mark.parametrize("lines, kind, column, message", [
    (("Never share figures", "---", "with anyone."), "heading-in-text", 7,
     "this line of '-' under a line of text would make it a heading: both are shown as written"),
    (("Never share figures", "===", "with anyone."), "heading-in-text", 7,
     "this line of '=' under a line of text would make it a heading: both are shown as written"),
    (("Never share figures.", "", "***", "", "Ever."), "rule-in-text", 7,
     "'***' alone on its line would draw a line across the page: it is shown as written"),
    (("Never share figures", "> 10,000 euros or", "any other."), "structure-in-paragraph", 7,
     "'> 10,000 euros or' would cut the paragraph to start a quote: it is shown as written"),
    (("Never share figures of the", "- year before; that is", "all."), "structure-in-paragraph", 7,
     "'- year before; that is' starts like a list item in the middle of a paragraph: it is shown as part of "
     "the sentence"),
    (("Never share figures of the", "1. quarter; that is", "all."), "structure-in-paragraph", 7,
     "'1. quarter; that is' starts like a list item in the middle of a paragraph: it is shown as part of "
     "the sentence"),
    (("Never share figures that", "we keep for ourselves", ": internal ones."), "structure-in-paragraph", 7,
     "': internal ones.' would make the lines before it terms of a definition list: it is shown as written"),
    (("Never share:", "- figures;", "- # photos."), "heading-in-text", 9,
     "'- # photos.' would be a heading inside this text: it is shown as written, '#' included"),
])
def test_each_construct_that_would_change_a_text_is_warned_at_its_line(starter, lines, kind, column, message):
    part = with_rule_text(starter, *lines)
    [warning] = text_warnings(starter)
    text = part.read_text(encoding="utf-8").split("\n")
    marked = next(line for line in reversed(lines) if line.startswith(("-", "=", "*", ">", "1.", ":")))
    assert (warning.code, warning.line, warning.column, warning.message) == (
        kind, text.index("      " + marked) + 1, column, message)


def test_what_is_warned_is_shown_as_written_on_the_page(starter):
    with_rule_text(starter, "Never share figures", "---", "nor amounts", "> 10,000 euros or", "any other",
                   "- of the year before.", "", "***")
    build.run(starter)
    built = page(starter / "site" / "personal_use.html")
    assert ("p", "Never share figures --- nor amounts > 10,000 euros or any other - of the year before.") \
        in built.blocks
    assert ("p", "***") in built.blocks
    assert not [tag for tag, text in built.blocks if tag in ("li", "blockquote") and "euros" in text]
    assert "Never share figures" not in built.headings


def test_a_list_or_a_quote_the_author_wrote_stays_one(starter):
    with_rule_text(starter, "Never share:", "- unpublished figures;", "- photos of internal documents.",
                   "", "As the saying goes:", "> loose lips", "> sink ships.", "", "Term", ": its definition.")
    assert text_warnings(starter) == []
    build.run(starter)
    built = page(starter / "site" / "personal_use.html")
    items = [text for tag, text in built.blocks if tag == "li"]
    assert "unpublished figures;" in items and "photos of internal documents." in items
    assert ("p", "loose lips sink ships.") in built.blocks  # inside the quote
    html = (starter / "site" / "personal_use.html").read_text(encoding="utf-8")
    assert "<blockquote>" in html and "<dt>Term</dt>" in html


def test_a_free_page_keeps_its_headings_and_its_hashtags(starter):
    free = next((starter / "content" / "pages").glob("*.md"))
    edit(free, "## Where everything is", "## Where everything is\n\n#newswire is our channel.\n\nA title\n---")
    assert text_warnings(starter) == []
    build.run(starter)
    built = page(starter / "site" / "pages" / f"{free.stem}.html")
    assert "Where everything is" in built.headings and "A title" in built.headings
    assert ("p", "#newswire is our channel.") in built.blocks


def test_a_heading_written_in_a_list_item_is_text(starter):
    edit(starter / "content" / "personal_use.yml", "text: Sharing our latest job offer with a word about your team.",
         "text: '# Sharing our latest job offer'")
    build.run(starter)
    built = page(starter / "site" / "personal_use.html")
    assert "Sharing our latest job offer" not in built.headings
    assert any("# Sharing our latest job offer" in text for _, text in built.blocks)


def test_a_folded_text_is_warned_at_its_value():
    # a folded text's lines are not the file's: the warning is at the value, the line quoted
    config = parse_yaml("title: x\n", Source(Path("site_config.yml"), "site_config.yml"))
    part = parse_yaml("summary: >-\n  Our charter.\n\n  # Scope\n", Source(Path("charter.yml"), "content/charter.yml"))
    [warning] = markdown_text.warnings(SimpleNamespace(config=config, parts={"charter": part}, networks=[], pages=[]))
    assert (warning.code, warning.file, warning.line, warning.column) == (
        "heading-in-text", "content/charter.yml", 1, 10)
    assert warning.message.startswith("'# Scope' would be a heading")


@pytest.mark.parametrize("text", ["```\n# not a heading\n---\n```", "Code:\n\n    # a comment\n    ---",
                                  "#hashtag at the start", "Cost: 3 # per month"])
def test_code_and_hashtags_are_left_alone(text):
    assert markdown_text.findings(text) == [] and markdown_text.as_written(text) == text


def test_a_release_approval_page_reads_a_hashtag_and_a_heading_mark_as_text():
    info = VersionInfo(name="2.0", state="current", chained_to="1.0")
    _, text = approval_only.page_text(info, [], ("#newswire: the channel is named", "# Scope: rewritten"), "en")
    extensions = approval_only._config("Charter", "Approval", info, "en", "2.0", [])["markdown_extensions"]
    names = [e for e in extensions if isinstance(e, str)]  # toc's options change no text
    shown = markdown.markdown(text, extensions=names)
    assert "<li>#newswire: the channel is named</li>" in shown
    assert "<li># Scope: rewritten</li>" in shown
