"""What real policies say, and where it shows: rules as do / don't in the author's order, rules for one group,
whom a charter does not cover, its dates, contacts that are teams or channels, sanctions, how to report a breach,
commitments, related policies and amendments; on the page, in the PDF and in diff."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.commands import build, diff, release
from generator.diagnostics import PlaybookError
from generator.load import load_project
from generator.parts.policies import rule_groups
from generator.validate import validate

from .conftest import edit
from .test_render import rendered

CHARTER_ADDITIONS = """
exceptions:
  - Anonymous reviews on employer review sites
contacts:
  - name: "#brand-questions"
    type: channel
    purpose: Ask before you post
    url: https://chat.example.org/brand-questions
  - name: Ethics line
    type: hotline
    phone: "+33 (0)1 99 00 12 34"
    email: ethics@example.org
effective_date: 2026-03-01
review_date: 2027-03-01
sanctions: A breach may lead to disciplinary action, up to termination.
reporting: Tell the ethics line what you saw, with a link to the post.
commitments:
  - No retaliation against anyone who reports in good faith
related_policies:
  - title: Code of conduct
    reference: Section 4
  - title: IT security policy
    url: https://intranet.example.org/security
amendments: The managing director approves every change.
"""

RULES = """rules:
  - id: speak-for-yourself
    title: Speak for yourself
    do_or_dont: do
    text: Say your opinions are your own.
  - id: no-secrets
    title: No secrets
    do_or_dont: dont
    topic: confidentiality
  - id: no-results
    title: No results before they are out
    do_or_dont: dont
    topic: confidentiality
    only_for: spokespeople
  - id: be-kind
    title: Be kind
    topic: tone
  - id: plain-rule
    title: A rule that is neither
  - id: no-photos
    title: No photos of the workshop
    topic: confidentiality
"""


@pytest.fixture
def policy(starter: Path) -> Path:
    charter = starter / "content" / "charter.yml"
    charter.write_text(charter.read_text(encoding="utf-8") + CHARTER_ADDITIONS, encoding="utf-8")
    personal = starter / "content" / "personal_use.yml"
    text = personal.read_text(encoding="utf-8")
    start, end = text.index("rules:"), text.index("examples:") if "examples:" in text else len(text)
    personal.write_text(text[:start] + RULES + "\n" + text[end:], encoding="utf-8")
    edit(starter / "content" / "ambassadors.yml", "personal_rule: keep-confidential", "personal_rule: no-secrets")
    return starter


def test_rules_keep_the_authors_order_grouped_by_topic_where_first_given(policy):
    playbook, _ = validate(load_project(policy))
    groups = [(g.topic, [r.id for r in g.rules]) for g in rule_groups(playbook.personal_use.rules)]
    assert groups == [(None, ["speak-for-yourself"]), ("confidentiality", ["no-secrets", "no-results", "no-photos"]),
                      ("tone", ["be-kind"]), (None, ["plain-rule"])]


def test_the_pages_say_it(policy):
    pages = {page.path: page.text for page in rendered(policy).pages}
    personal = pages["personal_use.md"]
    summary = personal[personal.index("## In short"):personal.index("## The rules in detail")]
    assert '!!! success "Do"' in summary and "[Speak for yourself](#personal-rule-speak-for-yourself)" in summary
    assert "[No results before they are out](#personal-rule-no-results) *(Only for spokespeople)*" in summary
    assert "Be kind" not in summary  # neither a do nor a don't
    detail = personal[personal.index("## The rules in detail"):]
    assert detail.index("Speak for yourself") < detail.index("### Confidentiality") < detail.index("Be kind")
    assert "*Don't — Only for spokespeople*" in detail
    home = pages["index.md"]
    for text in ("**Not covered by this charter:**", "- Anonymous reviews on employer review sites",
                 "**Takes effect on:** 1 March 2026 · **Next review:** 1 March 2027",
                 "**#brand-questions** (Chat channel) — Ask before you post",
                 "[+33 (0)1 99 00 12 34](tel:+33199001234)", "[ethics@example.org](mailto:ethics@example.org)",
                 "## If the charter is not followed", "up to termination", "## Reporting a breach",
                 "- No retaliation against anyone who reports in good faith", "**Code of conduct** — Section 4",
                 "[IT security policy](https://intranet.example.org/security)", "## How this charter changes"):
        assert text in home, text


def test_built_links_call_and_mail(policy):
    site = build.run(policy).output
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="tel:+33199001234"' in home and 'href="mailto:ethics@example.org"' in home


def test_pdf_and_diff_say_it(policy, starter):
    made = release.run(policy, "1.0", "Ana Diaz", "Director", when=date(2026, 11, 2))
    text = "\n".join(page.extract_text() for page in PdfReader(next(made.folder.rglob("*.pdf"))).pages)
    for expected in ("Not covered by this charter", "Takes effect on: 1 March 2026", "#brand-questions",
                     "If the charter is not followed", "up to termination", "No retaliation", "Code of conduct",
                     "How this charter changes", "No results before they are out (Only for spokespeople)",
                     "Don't — Only for spokespeople"):
        assert expected in " ".join(text.split()), expected
    charter = policy / "content" / "charter.yml"
    edit(charter, "up to termination", "up to and including termination")
    edit(charter, "  - title: Code of conduct\n    reference: Section 4\n", "")
    edit(policy / "content" / "personal_use.yml", "    only_for: spokespeople\n", "    only_for: executives\n")
    lines = diff.run(policy, "1.0", "draft")
    assert any("consequences of a breach: A breach may lead to disciplinary action, up to {+and including+} "
               "termination." in line for line in lines), lines
    assert any("Related policies" in line or "related policies" in line for line in lines), lines
    assert any("only for: [-spokespeople-]{+executives+}" in line for line in lines), lines


@pytest.mark.parametrize("old, new, message", [
    ('    email: ethics@example.org', '    email: "Ethics <ethics@example.org>"', "is not an email address"),
    ('    phone: "+33 (0)1 99 00 12 34"', '    phone: call us', "is not a phone number"),
    ("review_date: 2027-03-01", "review_date: 2025-03-01", "comes before the date the charter takes effect"),
])
def test_bad_contacts_and_dates_are_located(policy, old, new, message):
    charter = policy / "content" / "charter.yml"
    edit(charter, old, new)
    with pytest.raises(PlaybookError) as caught:
        validate(load_project(policy))
    found = [d for d in caught.value.diagnostics if message in d.message]
    lines = charter.read_text(encoding="utf-8").splitlines()
    assert len(found) == 1 and found[0].file == "content/charter.yml"
    assert new.strip().split(":")[0] in lines[found[0].line - 1]


def test_pages_renamed_in_site_config(policy):
    config = policy / "site_config.yml"
    config.write_text(config.read_text(encoding="utf-8") + "titles:\n  personal_use: Your own accounts\n"
                      "  onboarding: Welcome to the team\n  kpis: What we measure\n", encoding="utf-8")
    site = rendered(policy)
    pages = {page.path: page for page in site.pages}
    assert pages["personal_use.md"].text.startswith("# Your own accounts\n")
    assert pages["onboarding.md"].text.startswith("# Welcome to the team\n")
    assert "[Your own accounts](personal_use.md)" in pages["index.md"].text
    nav = str(site.config["nav"])
    assert "'Your own accounts': 'personal_use.md'" in nav and "'What we measure': 'kpis.md'" in nav
    assert "'Welcome to the team': 'onboarding.md'" in nav
    made = release.run(policy, "1.0", "Ana Diaz", "Director", when=date(2026, 11, 2))
    text = " ".join("\n".join(p.extract_text() for p in PdfReader(next(made.folder.rglob("*.pdf"))).pages).split())
    assert "Your own accounts" in text and "Personal use of social media" not in text
    edit(policy / "content" / "personal_use.yml", "title: Be kind", "title: Be kind to all")
    lines = diff.run(policy, "1.0", "draft")
    assert any("Your own accounts ›" in line for line in lines), lines


def test_a_card_of_the_home_page_renamed_for_volunteers(policy):
    config = policy / "site_config.yml"
    config.write_text(config.read_text(encoding="utf-8") + "titles:\n  card_employee: I am a volunteer\n",
                      encoding="utf-8")
    home = {page.path: page for page in rendered(policy).pages}["index.md"].text
    assert "[I am a volunteer](personal_use.md)" in home and "I am an employee" not in home


def test_a_title_for_a_page_that_does_not_exist(policy):
    config = policy / "site_config.yml"
    config.write_text(config.read_text(encoding="utf-8") + "titles:\n  personal_uses: Your own accounts\n",
                      encoding="utf-8")
    with pytest.raises(PlaybookError) as caught:
        validate(load_project(policy))
    found = [d for d in caught.value.diagnostics if d.code == "unknown-title"]
    assert len(found) == 1 and "personal_use" in found[0].hint and found[0].file == "site_config.yml"


ACTIONS = """
actions:
  - id: report-to-platform
    name: Report to the platform
    description: Use the network's reporting tool, then hide the comment until it answers.
"""


def test_actions_beyond_the_built_in_ones(starter):
    comments = starter / "content" / "comments.yml"
    comments.write_text(comments.read_text(encoding="utf-8") + ACTIONS, encoding="utf-8")
    text = comments.read_text(encoding="utf-8")
    category = text.index("action: delete")
    comments.write_text(text[:category] + "action: report-to-platform" + text[category + len("action: delete"):],
                        encoding="utf-8")
    pages = {page.path: page.text for page in rendered(starter).pages}
    assert "- **Action:** Report to the platform" in pages["comments.md"]
    assert "**Report to the platform**: Use the network's reporting tool" in pages["comments.md"]
    made = release.run(starter, "1.0", "Ana Diaz", "Director", when=date(2026, 11, 2))
    text = " ".join("\n".join(p.extract_text() for p in PdfReader(next(made.folder.rglob("*.pdf"))).pages).split())
    assert "Report to the platform" in text
    edit(comments, "action: report-to-platform", "action: hide")
    lines = diff.run(starter, "1.0", "draft")
    assert any("action: Report to the platform → Hide" in line for line in lines), lines
    edit(comments, "action: hide", "action: report")
    with pytest.raises(PlaybookError) as caught:
        validate(load_project(starter))
    found = caught.value.diagnostics[0]
    assert "'report' is neither a built-in action" in found.message and found.file == "content/comments.yml"
    assert "action: report" in comments.read_text(encoding="utf-8").splitlines()[found.line - 1]


def test_several_accounts_and_a_channel_without_one(example_built):
    site = example_built.site
    youtube = (site / "draft" / "networks" / "youtube.html").read_text(encoding="utf-8")
    assert "Nos comptes" in youtube and "@LumenPro" in youtube and 'href="https://www.youtube.com/@LumenPro"' in youtube
    reviews = (site / "draft" / "networks" / "avis.html").read_text(encoding="utf-8")
    assert "n'a pas de compte ici" in reviews and "Ne demandez pas à vos proches" in reviews
    home = (site / "draft" / "index.html").read_text(encoding="utf-8")
    ours, others = home.index("Nos réseaux"), home.index("Autres canaux")
    assert home.index("networks/avis.html", ours) > others  # listed among the other channels, not ours
    import re
    assert "(@MaisonLumen) — Chaîne principale, Lumen Pro" in re.sub(r"<[^>]+>", "", home)
    playbook, _ = validate(load_project(example_built.root))
    from generator.readiness import assess
    report = {c.name: c.missing for c in assess(playbook, date(2026, 11, 27)).checks}
    assert "Sites d'avis" not in report["lexicons"] + report["profiles_complete"] + report["response_times"]


def test_a_duty_held_by_any_one_of_several_roles(starter):
    content = starter / "content"
    edit(content / "roles.yml", "    accountable: communication-director",
         "    accountable: [communication-director, social-media-manager]")
    edit(content / "crisis.yml", "      - role: social-media-manager", "      - role: [social-media-manager, customer-service]")
    edit(content / "personal_use.yml", "    requires_approval: true",
         "    requires_approval: true\n    approver: [communication-director, customer-service]")
    pages = {page.path: page.text for page in rendered(starter).pages}
    assert ("[Social media manager](roles.md#role-social-media-manager) or "
            "[Customer service](roles.md#role-customer-service)") in pages["crisis.md"]
    assert "Approved by: [Communication director](roles.md#role-communication-director) or" in pages["personal_use.md"]
    raci = pages["roles.md"][pages["roles.md"].index("playbook-raci"):]
    accountable_row = next(row for row in raci.split("<tr>") if row.count("raci-a") == 2)
    assert accountable_row  # 'A' in the column of each of the two roles
    made = release.run(starter, "1.0", "Ana Diaz", "Director", when=date(2026, 11, 2))
    text = " ".join("\n".join(p.extract_text() for p in PdfReader(next(made.folder.rglob("*.pdf"))).pages).split())
    assert "Social media manager or Customer service" in text
    edit(content / "crisis.yml", "      - role: [social-media-manager, customer-service]", "      - role: social-media-manager")
    edit(content / "personal_use.yml", "    approver: [communication-director, customer-service]",
         "    approver: communication-director")
    lines = diff.run(starter, "1.0", "draft")
    assert any("approved by: Communication director or Customer service → Communication director" in line
               for line in lines), lines
    edit(content / "roles.yml", "[communication-director, social-media-manager]", "[communication-director, nobody]")
    with pytest.raises(PlaybookError) as caught:
        validate(load_project(starter))
    assert "no role has the id 'nobody'" in caught.value.diagnostics[0].message


def test_what_the_author_did_not_write_is_not_shown(starter):
    objectives = starter / "content" / "objectives.yml"
    text = objectives.read_text(encoding="utf-8")
    objectives.write_text("\n".join(line for line in text.split("\n") if not line.lstrip().startswith("priority:")),
                          encoding="utf-8")
    pages = {page.path: page.text for page in rendered(starter).pages}
    assert "Priority" not in pages["objectives.md"] and "Medium" not in pages["objectives.md"]
    assert "| — |" in pages["index.md"]  # the home page's table says nothing was written
    made = release.run(starter, "1.0", "Ana Diaz", "Director", when=date(2026, 11, 2))
    pdf = " ".join("\n".join(p.extract_text() for p in PdfReader(next(made.folder.rglob("*.pdf"))).pages).split())
    assert "Priority:" not in pdf  # the objectives' pages as printed: no priority was written, none is shown
