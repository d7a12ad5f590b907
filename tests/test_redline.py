"""What changed, word by word: a one-word edit shows exactly that word deleted and inserted, in diff, on the
pages and in the PDF; and the draft proposed for approval says which release it will become, and who approves."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.commands import build, diff, release
from generator.redline import redline

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
                     "Approval Approved by Role Date of approval Signature",
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
    assert top[:4] == ["What changed", "The charter", "Objectives", "Target audiences"] and "LinkedIn" in top
    assert any(isinstance(entry, list) for entry in reader.outline)  # the sections of each part below it
    contents = " ".join(reader.pages[1].extract_text().split())
    assert contents.startswith("Contents") or "Contents" in contents.split(" What changed")[0]
    assert "Comment moderation" in contents and "Crisis and bad buzz playbook" in contents


def test_the_release_pdf_draws_the_sites_figures(starter):
    made = release.run(starter, "1.0", "Ana Diaz", "Director", when=date(2026, 11, 2))
    text = _text(next(made.folder.rglob("*.pdf")))
    # the decision tree's questions and outcomes, the escalation chains and the content mix, as the site draws them
    assert "Moderation decision tree 1. Is it unrelated advertising, a suspicious link or a fake account? Spam or " \
           "scam Delete If yes If no 2." in text
    assert "1. Watch Social media manager ≤ 60 min 2. Incident" in text
    assert text.count("Content mix") >= 2  # the table's heading, and the figure's title
