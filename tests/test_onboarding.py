"""The onboarding path: steps grouped by time, derived from the charter, and keys shared with the network pages."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from generator.load import load_project
from generator.render import render
from generator.validate import validate
from generator.versions import VersionInfo

from .conftest import edit

STEP = re.compile(r"^- \[ \] <!--pb-(?:box|steps) [0-9a-f ]+-->(.*)$", re.M)


def _site(root: Path, version: VersionInfo | None = None):
    playbook, _ = validate(load_project(root), today=date(2026, 11, 27))
    return render(playbook, version=version) if version else render(playbook)


def _groups(text: str) -> dict[str, list[str]]:
    """Each group of the path (its heading) with its steps' text, a network's steps after its name."""
    groups: dict[str, list[str]] = {}
    current = ""
    for line in text.split("\n"):
        if line.startswith("## "):
            current = line[3:].split(" { #")[0]
            groups[current] = []
        elif line.startswith("### "):
            groups[current].append(line)
        elif STEP.match(line):
            groups[current].append(STEP.match(line).group(1))
    return groups


def test_the_path_is_ordered_by_time(starter):
    groups = _groups(_site(starter).page("onboarding.md").text)
    assert list(groups) == ["Day 1", "Week 1", "Month 1"]
    assert groups["Day 1"] == ["Read: [Social media charter of Your organisation](index.md)",
                               "Read: [Personal use of social media](personal_use.md)",
                               "Read: [Comment moderation](comments.md)",
                               "Read: [Roles and organisation](roles.md)", "Read: [Glossary](glossary.md)",
                               "### Training sessions",
                               "Take the session: [The charter in practice](training.md#training-session-charter-basics)"]
    week = groups["Week 1"]
    assert week[:3] == ["Read: [Editorial line](editorial.md)", "Read: [Target audiences](audiences.md)",
                        "Read: [Objectives](objectives.md)"]
    linkedin = week[week.index("### LinkedIn"):week.index("### Instagram")]
    assert linkedin[1] == "Read: [LinkedIn](networks/linkedin.md)"
    assert linkedin[2].startswith("[Learn the lexicon (2 terms)<span class=\"playbook-unseen\"> — LinkedIn</span>]"
                                  "(networks/linkedin.md#lexicon)")
    assert linkedin[3].startswith("Go through the checklist: [Before publishing"
                                  "<span class=\"playbook-unseen\"> — LinkedIn</span>]"
                                  "(networks/linkedin.md#checklist-linkedin-before-publishing)")
    assert week[-2:] == ["### Training sessions", "Take the session: [Running the official accounts]"
                                                  "(training.md#training-session-running-the-accounts)"]
    assert [step.split("](")[1].split(")")[0] for step in groups["Month 1"]] == [
        "crisis.md", "kpis.md", "results.md", "listening.md", "calendar.md", "strategy.md", "resources.md",
        "training.md", "ambassadors.md"]


def test_a_set_up_checklist_comes_first_in_its_network(starter):
    network = starter / "content" / "networks" / "linkedin.yml"
    edit(network, "when: weekly", "when: setup")
    week = _groups(_site(starter).page("onboarding.md").text)["Week 1"]
    checklists = [step for step in week if "linkedin.md#checklist-" in step]
    assert "linkedin-weekly-review" in checklists[0] and "linkedin-before-publishing" in checklists[1]


def test_a_charter_with_few_parts_has_only_what_it_covers(small):
    groups = _groups(_site(small).page("onboarding.md").text)
    assert list(groups) == ["Day 1", "Week 1"]  # nothing for the first month: no crisis, KPIs, listening, calendar
    assert [step.split("](")[1].split(")")[0] for step in groups["Day 1"]] == [
        "index.md", "personal_use.md", "comments.md", "glossary.md"]
    assert groups["Week 1"][0] == "### LinkedIn"


def test_a_box_has_the_same_key_on_both_pages_and_in_every_version(starter):
    """A box's key is its checklist and its text: the path counts the boxes of the network page, and a box whose
    text did not change keeps its key from one release to the next."""
    def keys(site):
        boxes = re.findall(r"^- \[ \] <!--pb-box ([0-9a-f]+)-->", site.page("networks/linkedin.md").text, re.M)
        steps = re.findall(r"<!--pb-steps ([0-9a-f ]+)-->Go through the checklist: \[Before publishing<",
                           site.page("onboarding.md").text)
        return boxes, steps[0].split()

    boxes, step = keys(_site(starter))
    assert step == boxes[:3] and len(set(boxes)) == len(boxes)
    released = keys(_site(starter, VersionInfo(name="2.0", state="current", versioned=True)))
    assert released == (boxes, step)
    edit(starter / "content" / "networks" / "linkedin.yml", "Names, figures and links have been checked",
         "Names, figures, dates and links have been checked")
    changed, _ = keys(_site(starter))
    assert [a == b for a, b in zip(changed, boxes)] == [True, False] + [True] * (len(boxes) - 2)


def test_a_training_session_is_a_step_of_the_group_it_names(starter):
    """A session says when a newcomer takes it; one that does not is not on the path, and its box is its own."""
    training = starter / "content" / "training.yml"
    edit(training, "    onboarding: week_1\n", "    onboarding: month_1\n")
    edit(training, "    onboarding: day_1\n", "")
    groups = _groups(_site(starter).page("onboarding.md").text)
    assert not any("charter-basics" in step for steps in groups.values() for step in steps)
    assert "### Training sessions" not in groups["Day 1"] + groups["Week 1"]
    assert groups["Month 1"][-2:] == ["### Training sessions", "Take the session: [Running the official accounts]"
                                                               "(training.md#training-session-running-the-accounts)"]
    edit(training, "    onboarding: month_1\n", "")
    assert "Take the session" not in _site(starter).page("onboarding.md").text
