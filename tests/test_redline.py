"""What changed, word by word: a one-word edit shows exactly that word deleted and inserted, in diff, on the
pages and in the PDF; and the draft proposed for approval says which release it will become, and who approves."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from generator import redline as module
from generator.commands import build, diff, release
from generator.redline import parts, redline

from .conftest import edit
ENV = {**__import__("os").environ, "PYTHONPATH": str(Path(__file__).parent.parent)}

PROPOSAL = 'proposal:\n  version: "2.0"\n  approver: the managing director\n'


def _text(pdf: Path) -> str:
    return " ".join("\n".join(page.extract_text() for page in PdfReader(pdf).pages).split())


def test_long_texts_show_their_changed_sentences_only():
    old = "One stays. Two stays. The law of 1881 applies. Four stays."
    assert redline(old, old.replace("1881", "2004")) == "… The law of [-1881-]{+2004+} applies. …"
    assert redline("Same words,\nnew lines.", "Same words, new lines.") == ""
    assert redline("A.", "A. B is new.") == "… {+B is new.+}"


def _long_text(words: int) -> str:
    """`words` words in sentences of 12, five sentences a paragraph: the same few words over and over, and a number
    now and then, as a long page may be."""
    vocabulary = "the post names its author and respects the law on the press when you answer a comment".split()
    out = [f"{vocabulary[i * 7 % len(vocabulary)]}{'' if i % 97 else f' {i}'}" for i in range(words)]
    return " ".join(word + (".\n\n" if i % 60 == 59 else "." if i % 12 == 11 else "") for i, word in enumerate(out))


def test_a_text_of_20000_words_with_every_tenth_word_changed():
    old = _long_text(20_000)
    words = old.split(" ")
    new = " ".join("changed" if i % 10 == 9 else word for i, word in enumerate(words))
    pieces = parts(redline(old, new))
    assert [text for kind, text in pieces if kind == "deleted"] == [
        " ".join(word.split()) for i, word in enumerate(words) if i % 10 == 9]
    assert {text for kind, text in pieces if kind == "inserted"} == {"changed"}
    # nothing else is marked: what is left reads as the new text
    assert "".join(text for kind, text in pieces if kind != "deleted") == " ".join(new.split())


@pytest.mark.parametrize("alike", [False, True])
def test_5000_list_items_that_all_changed(alike):
    def items(how: str) -> str:
        return "\n".join(f"- Post {how} a week." if alike else f"- Item {i}: post {how} a week." for i in range(5000))

    line = redline(items("twice"), items("three times"))
    assert line.count("[-twice-]{+three times+}") == 5000
    assert [kind for kind, _ in parts(line)].count("deleted") == 5000


def test_a_text_that_changed_all_over_is_compared_word_by_word(monkeypatch):
    """Beyond its short sides, the comparison anchors on unique words: a word moved, words added and removed."""
    monkeypatch.setattr(module, "SMALL", 100)
    old = "One two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"
    new = "Zero one two four five six seven eight nine ten twelve eleven thirteen fourteen fifteen sixteen"
    assert redline(old, new) == ("[-One-]{+Zero one+} two [-three-] four five six seven eight nine ten "
                                 "[-eleven-] twelve {+eleven+} thirteen fourteen fifteen {+sixteen+}")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "c", "d", "e", "f"]), max_size=60),
       st.lists(st.sampled_from(["a", "b", "c", "d", "e", "f"]), max_size=60), st.integers(0, 40))
def test_any_two_sequences_give_a_whole_and_true_edit(a, b, small):
    """However the long path cuts them (tiny bounds here, so that anchors and windows are taken), the opcodes
    cover both sides in order, and what they call equal is."""
    saved = module.SMALL, module.WINDOW
    module.SMALL, module.WINDOW = small, 4 + small % 7
    try:
        codes = module._opcodes(a, b)
    finally:
        module.SMALL, module.WINDOW = saved
    i = j = 0
    for op, i1, i2, j1, j2 in codes:
        assert (i1, j1) == (i, j) and (i2 > i1 or j2 > j1)
        if op == "equal":
            assert a[i1:i2] == b[j1:j2]
        else:
            assert op == ("replace" if i2 > i1 and j2 > j1 else "delete" if i2 > i1 else "insert")
        i, j = i2, j2
    assert (i, j) == (len(a), len(b))
    assert all(x[0] != y[0] or x[0] != "equal" for x, y in zip(codes, codes[1:]))  # equal runs are whole


@pytest.mark.slow
def test_a_one_word_edit_everywhere(starter):
    release.run(starter, "1.0", "Ana Diaz", "Director", when=date(2026, 11, 2))
    edit(starter / "content" / "personal_use.yml", "say that you work for us", "say that you work with us")
    expected = "— text: When you talk about our products or services, say that you work [-for-]{+with+} us."
    lines = diff.run(starter, "1.0", "draft")
    assert len(lines) == 1 and lines[0].endswith(expected), lines
    listed = subprocess.run([sys.executable, "-m", "generator.cli", "diff", "1.0", "--format", "json", "-C",
                             str(starter)], capture_output=True, text=True, env=ENV, check=True)
    change = json.loads(listed.stdout)["changes"][0]
    assert [p for p in change["pieces"] if p["kind"] != "same"] == [{"kind": "deleted", "text": "for"},
                                                                    {"kind": "inserted", "text": "with"}]
    assert change["before"].endswith("work for us.") and change["after"].endswith("work with us.")
    site = build.run(starter).output
    page = (site / "draft" / "changes.html").read_text(encoding="utf-8")
    assert "say that you work <del>for</del><ins>with</ins> us." in page
    assert '<a href="personal_use.html">Personal use of social media</a> › Rules' in page  # leads to its page
    made = release.run(starter, "2.0", "Ana Diaz", "Director", when=date(2026, 11, 3))
    assert "say that you work [-for-]{+with+} us." in _text(next(made.folder.rglob("*.pdf")))


@pytest.mark.slow
def test_the_draft_proposed_for_approval(starter):
    release.run(starter, "1.0", "Ana Diaz", "Director", when=date(2026, 11, 2))
    with (starter / "site_config.yml").open("a", encoding="utf-8") as config:
        config.write(PROPOSAL)
    edit(starter / "content" / "personal_use.yml", "say that you work for us", "say that you work with us")
    site = build.run(starter).output
    home = (site / "draft" / "index.html").read_text(encoding="utf-8")
    assert "Draft of version 2.0 — to be approved by the managing director" in home
    assert 'href="charter-2.0-proposal.pdf">The PDF for approval' in home
    text = _text(site / "draft" / "charter-2.0-proposal.pdf")
    for expected in ("FOR APPROVAL — NOT IN FORCE", "Proposed version 2.0", "To be approved by the managing director",
                     "Approval Not approved yet: to be signed once approved. Approved by the managing director Role "
                     "Date of approval Signature",
                     "work [-for-]{+with+} us"):
        assert expected in text, expected
    # a release's own pages say nothing of the proposal
    assert "to be approved by" not in (site / "1.0" / "index.html").read_text(encoding="utf-8")


def test_the_release_pdf_has_contents_bookmarks_and_the_release_date(starter):
    made = release.run(starter, "1.0", "Ana Diaz", "Director", when=date(2026, 11, 2))
    reader = PdfReader(next(made.folder.rglob("*.pdf")))
    assert reader.metadata["/CreationDate"].startswith("D:20261102") and reader.metadata["/ModDate"].startswith(
        "D:20261102")
    top = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    # the contents, then every page of the menu in its order, each under its own title, then the signature block
    assert top[:4] == ["Contents", "Social media charter of Your organisation", "Objectives", "Target audiences"]
    assert top.index("LinkedIn") < top.index("Glossary") < top.index("What changed") and top[-1] == "Approval"
    assert any(isinstance(entry, list) for entry in reader.outline)  # the sections of each page below it
    contents = " ".join(reader.pages[1].extract_text().split())
    assert contents.startswith("Contents Social media charter of Your organisation .")
    assert "Comment moderation" in contents and "Crisis and bad buzz playbook" in contents
    # each entry of the contents with the page its page starts on
    number = re.search(r"Objectives \.+ (\d+)", contents)
    assert number and "Objectives" in reader.pages[int(number.group(1)) - 1].extract_text().split("\n")[0]


def test_the_release_pdf_draws_the_sites_figures(starter):
    made = release.run(starter, "1.0", "Ana Diaz", "Director", when=date(2026, 11, 2))
    text = _text(next(made.folder.rglob("*.pdf")))
    # the decision tree's questions and outcomes, the escalation chains and the content mix, as the site draws them
    assert "1. Is it unrelated advertising, a suspicious link or a fake account? Spam or scam Delete If yes If no 2." \
           in text
    assert "1. Watch Social media manager ≤ 60 min 2. Incident" in text
    assert text.count("Content mix") >= 2  # the table's heading, and the figure's title


