"""The onboarding path: the charter's pages and networks as steps ordered in time, derived from the charter.

Day 1 is what everyone must know from the start (the charter's home, the personal-use and comment
policies, who does what, the words used); week 1, what a community manager needs to run the networks
(the line, its audiences and objectives, then each network: its page, its lexicon, its checklists);
month 1, what they will need less often (crisis, KPIs, listening, the calendar). Each part says in which
group it stands and where (its `onboarding` in the registry of parts); only the parts and networks the
charter has are there, and a part that says nothing goes to month 1. What a part asks a newcomer to do in
a group (its `newcomer_steps`: the training sessions that say `onboarding: day_1`...) closes that group.

Each step has the key of its box (checklists.py): a checklist's step holds the keys of that
checklist's boxes, so that the path shows how many of them are ticked on the network page.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from .checklists import box_key, steps_marker
from .parts import PARTS, home, title_of

GLOSSARY = "glossary"
NETWORKS = "networks"
GROUPS = ("day_1", "week_1", "month_1")
LATER = "month_1"  # where a part that does not say where it stands goes, last
# the steps that are not parts, where they stand among them: (group, rank)
FIXED = {GLOSSARY: ("day_1", 90), NETWORKS: ("week_1", 90)}
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


def _places() -> dict[str, tuple[str, int]]:
    """(group, rank) of every step that says where it stands: the parts', then the glossary and the networks."""
    return {**{part.stem: part.onboarding for part in PARTS if part.onboarding is not None}, **FIXED}


def onboarding_groups(playbook: Any, part_pages: list[dict], strings: dict) -> list[Group]:
    """The groups of the path, in time order, each with only what this charter has."""
    pages = {page["stem"]: page for page in part_pages}
    pages[home().stem] = {"path": "index.md", "title": title_of(playbook)}
    pages[GLOSSARY] = {"path": "glossary.md", "title": strings["title"]["glossary"]}
    places = _places()
    groups = []
    for group_id in GROUPS:
        stems = [stem for stem, _ in sorted(((stem, place[1]) for stem, place in places.items()
                                             if place[0] == group_id), key=lambda found: found[1])]
        if group_id == LATER:  # a part that does not say where it stands (one added later) comes last
            stems += [stem for stem in pages if stem not in places]
        sections: list[Section] = []
        for stem in stems:
            if stem == NETWORKS:
                sections += [_network(n) for n in playbook.active_networks]
            elif stem in pages:
                if not sections or sections[-1].title:
                    sections.append(Section("", []))
                sections[-1].steps.append(_read(pages[stem]["path"], pages[stem]["title"]))
        tasks = _tasks(playbook, pages, group_id)
        if tasks:
            sections.append(Section(strings["label"]["onboarding_training"], tasks))
        if sections:
            groups.append(Group(group_id, sections))
    return groups


def _tasks(playbook: Any, pages: dict[str, dict], group_id: str) -> list[Step]:
    """What the parts ask a newcomer to do in this group of the path (the training sessions to take), in the
    registry's order, then the charter's; each leads to its place on its part's page."""
    steps = []
    for part in PARTS:
        model = playbook.parts.get(part.stem)
        if part.newcomer_steps is None or model is None or part.stem not in pages:
            continue
        steps += [Step(kind, title, f"{pages[part.stem]['path']}#{anchor}", key=box_key(kind, item))
                  for kind, title, anchor, item in part.newcomer_steps(model, group_id)]
    return steps
