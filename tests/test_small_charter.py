"""A charter of three parts (the charter, the personal-use policy, the comment policy) and its networks, as
many real policies are: it checks, builds, releases, diffs and exports its PDF, with no page, menu entry or
PDF section for what it does not cover."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from generator.commands import build, diff, release, verify

from .conftest import ABSENT


def test_builds_with_no_page_for_what_it_does_not_cover(small):
    site = build.run(small).output
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    assert {"index.html", "comments.html", "personal_use.html", "glossary.html", "onboarding.html"} <= pages
    for stem in ABSENT:
        assert f"{stem}.html" not in pages
    home = (site / "index.html").read_text(encoding="utf-8")
    for stem in ABSENT:
        assert f'href="{stem}.html' not in home, stem  # neither in the menu nor in the list of parts
    onboarding = (site / "onboarding.html").read_text(encoding="utf-8")
    assert "personal_use.html" in onboarding and "kpis.html" not in onboarding
    readiness = (site / "readiness.html").read_text(encoding="utf-8")
    assert "Not covered by this charter yet: it has no kpis.yml." in readiness
    assert "Charter owner" not in home
    # where to start, by reader: no card for the crisis the charter does not cover
    assert 'href="personal_use.html">I am an employee' in home and 'href="onboarding.html">I am joining the team' in home
    assert "There is a crisis" not in home
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not any(doc["location"].startswith("kpis.html") for doc in index["docs"])


def test_releases_diffs_and_exports_its_pdf(small):
    made = release.run(small, "1.0", "Ana Diaz", "Director", when=date(2026, 11, 2))
    pdf = next(made.folder.rglob("*.pdf"))
    reader = PdfReader(pdf)
    printed = [entry.title for entry in reader.outline if not isinstance(entry, list)]  # its pages, by their titles
    assert "Comment moderation" in printed and "Personal use of social media" in printed
    for title in ("Crisis and bad buzz playbook", "Key performance indicators (KPIs)", "Roles and organisation"):
        assert title not in printed, title
    assert "Charter owner" not in "\n".join(page.extract_text() for page in reader.pages)
    # a part added to the draft is a change of its own
    starter_roles = Path(__file__).parent.parent / "generator" / "scaffolds" / "en" / "content" / "roles.yml"
    (small / "content" / "roles.yml").write_text(starter_roles.read_text(encoding="utf-8"), encoding="utf-8")
    lines = diff.run(small, "1.0", "draft")
    assert any("Roles and organisation" in line and "added" in line for line in lines), lines
    site = build.run(small).output
    assert (site / "draft" / "roles.html").exists() and not (site / "1.0" / "roles.html").exists()
    assert (site / "1.0" / "charter-1.0.pdf").exists()
    assert verify.run(small)
