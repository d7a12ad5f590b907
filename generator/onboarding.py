"""The onboarding path: the charter's pages and networks as steps ordered in time, derived from the charter.

Day 1 is what everyone must know from the start (the charter's home, the personal-use and comment
policies, who does what, the words used); week 1, what a community manager needs to run the networks
(the line, its audiences and objectives, then each network: its page, its lexicon, its checklists);
month 1, what they will need less often (crisis, KPIs, listening, the calendar). Only the parts and
networks the charter has are there; a part the lists below do not name goes to month 1. The training
sessions that say when a newcomer takes them (`onboarding: day_1`...) close the group they name.

Each step has the key of its box (checklists.py): a checklist's step holds the keys of that
checklist's boxes, so that the path shows how many of them are ticked on the network page.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from .checklists import box_key, steps_marker

HOME = "charter"  # the home page's part: read on the first day
GLOSSARY = "glossary"
NETWORKS = "networks"
TRAINING = "training"  # its sessions meant for newcomers are steps of the group they name
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("day_1", (HOME, "personal_use", "comments", "roles", GLOSSARY)),
    ("week_1", ("editorial", "audiences", "objectives", NETWORKS)),
    ("month_1", ("crisis", "kpis", "results", "listening", "calendar")),
)
# set-up first: what a newcomer goes through once, before the checklists of every day
MOMENTS = ("setup", "before_publishing", "after_publishing", "daily", "weekly", "monthly", "incident", "other")


@dataclass
class Step:
    kind: str  # read, lexicon, checklist or training (a session to take)
    title: str
    path: str  # the page, with its anchor if any
    key: str = ""  # the box's key; a checklist's step has `keys` instead
    keys: list[str] = field(default_factory=list)
    count: int = 0  # the lexicon's terms

    @property
    def marker(self) -> Markup:
        """What the template writes after `- [ ] ` (see checklists.py)."""
        return steps_marker(self.keys) if self.keys else Markup(f"<!--pb-box {self.key}-->")


@dataclass
class Section:
    title: str  # a network's name, or "" for the steps of the group itself
    steps: list[Step]


@dataclass
class Group:
    id: str  # day_1, week_1, month_1: its title and introduction in the strings' `onboarding:`
    sections: list[Section]


def _read(path: str, title: str) -> Step:
    return Step("read", title, path, key=box_key("read", path))


def _network(network: Any) -> Section:
    path = f"networks/{network.id}.md"
    steps = [_read(path, network.name)]
    if network.lexicon:
        steps.append(Step("lexicon", network.name, f"{path}#lexicon", key=box_key("lexicon", network.id),
                          count=len(network.lexicon)))
    order = {moment: rank for rank, moment in enumerate(MOMENTS)}
    for checklist in sorted(network.checklists, key=lambda c: order.get(c.when, len(MOMENTS))):
        scope = f"{network.id}-{checklist.id}"
        steps.append(Step("checklist", checklist.title, f"{path}#checklist-{scope}",
                          keys=[box_key(scope, item) for item in checklist.items]))
    return Section(network.name, steps)


def onboarding_groups(playbook: Any, part_pages: list[dict], strings: dict) -> list[Group]:
    """The groups of the path, in time order, each with only what this charter has."""
    pages = {page["stem"]: page for page in part_pages}
    pages[HOME] = {"path": "index.md", "title": playbook.charter.title}
    pages[GLOSSARY] = {"path": "glossary.md", "title": strings["title"]["glossary"]}
    named = {stem for _, stems in GROUPS for stem in stems}
    groups = []
    for group_id, stems in GROUPS:
        if group_id == "month_1":  # a part added to the charter later, not named above, comes last
            stems = stems + tuple(stem for stem in pages if stem not in named)
        sections: list[Section] = []
        for stem in stems:
            if stem == NETWORKS:
                sections += [_network(n) for n in playbook.active_networks]
            elif stem in pages:
                if not sections or sections[-1].title:
                    sections.append(Section("", []))
                sections[-1].steps.append(_read(pages[stem]["path"], pages[stem]["title"]))
        sessions = _sessions(playbook, pages, group_id)
        if sessions:
            sections.append(Section(strings["label"]["onboarding_training"], sessions))
        if sections:
            groups.append(Group(group_id, sections))
    return groups


def _sessions(playbook: Any, pages: dict[str, dict], group_id: str) -> list[Step]:
    """The training sessions a newcomer takes in this group of the path (their `onboarding`), in the charter's order."""
    training = playbook.parts.get(TRAINING)
    if training is None or TRAINING not in pages:
        return []
    return [Step("training", s.title, f"{pages[TRAINING]['path']}#training-session-{s.id}",
                 key=box_key("training", s.id)) for s in training.sessions if s.onboarding == group_id]
