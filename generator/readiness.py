"""Readiness: how far the playbook covers the ten steps of integrating social media in an organisation, the nine
steps of defining its strategy and the four obstacles to it (strategy_steps.py), each a group of steps.

Each step has a few checks on the content; a check passes, or names what is missing and what to
write next. The same report is printed by `playbook check --report` and shown as a page.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from . import strategy_steps
from .model import Playbook
from .parts import NETWORKS, PARTS, Rule

STEPS = ["listening", "audiences", "networks", "content", "policies", "training", "distribution", "community",
         "interaction", "evaluation"]


@dataclass
class Check:
    step: str
    name: str  # key of the check's texts in the strings' `readiness.checks`
    missing: list[str] = field(default_factory=list)  # the items at fault; empty when the check passes
    absent: list[str] = field(default_factory=list)  # the files of the parts it reads that the charter does not have

    @property
    def passed(self) -> bool:
        return not self.missing and not self.absent


@dataclass
class Report:
    checks: list[Check]

    def step(self, step: str) -> list[Check]:
        return [c for c in self.checks if c.step == step]

    def score(self, step: str | None = None) -> tuple[int, int]:
        checks = self.step(step) if step else self.checks
        return sum(c.passed for c in checks), len(checks)

    def group_score(self, steps: list[str]) -> tuple[int, int]:
        """The checks passed and run of a group of steps."""
        checks = [c for c in self.checks if c.step in steps]
        return sum(c.passed for c in checks), len(checks)


# The checks that read the network files only; every part declares those it answers (its `rules`, in the registry
# of parts). A check whose parts are not all in the charter is not run, and says which files would cover it. The checks
# of profiles, lexicons, editorial lines and response times ask them only of the networks where the organisation has
# accounts.
RULES: list[Rule] = [
    Rule("networks", "profiles_complete", (NETWORKS,),
         lambda pb, today: [n.name for n in pb.official_networks if not ((n.handle and n.url) or n.accounts)], rank=1),
    Rule("training", "lexicons", (NETWORKS,),
         lambda pb, today: [n.name for n in pb.official_networks if len(n.lexicon) < 5], rank=2),
    Rule("training", "setup_checklists", (NETWORKS,),
         lambda pb, today: [n.name for n in pb.official_networks if not any(c.when == "setup" for c in n.checklists)],
         rank=3),
    Rule("added_value", "added_value_written", (NETWORKS,),
         lambda pb, today: [n.name for n in pb.official_networks if not n.added_value], rank=1),
    Rule("community", "etiquette", (NETWORKS,),
         lambda pb, today: [n.name for n in pb.official_networks if len(n.etiquette) < 3], rank=2),
]


# The groups of steps, in the order of the report: (key of its title in the strings' `readiness.groups`, its steps).
GROUPS = [("integration", STEPS), ("strategy", strategy_steps.STEPS), ("obstacles", strategy_steps.OBSTACLES)]


def rules() -> list[Rule]:
    """Every check, in the order of the report: step by step, each step's checks by their rank."""
    steps = {step: number for number, step in enumerate(step for _, steps in GROUPS for step in steps)}
    found = [*RULES, *(rule for part in PARTS for rule in part.rules)]
    return sorted(found, key=lambda rule: (steps.get(rule.step, len(steps)), rule.rank))


def _absent(pb: Playbook, parts: tuple[str, ...]) -> list[str]:
    """The files of `parts` the charter does not have (for `networks`: no network file in use)."""
    return [(f"{NETWORKS}/" if stem == NETWORKS else f"{stem}.yml") for stem in parts
            if (not pb.active_networks if stem == NETWORKS else pb.parts.get(stem) is None)]


def assess(playbook: Playbook, today: date | None = None) -> Report:
    """Run every check on the playbook; a check of parts the charter does not have is not run, and fails."""
    today = today or date.today()
    checks = []
    for rule in rules():
        absent = _absent(playbook, rule.reads)
        checks.append(Check(rule.step, rule.name, [] if absent else list(rule.find(playbook, today)), absent))
    return Report(checks)


def text_report(report: Report, strings: dict) -> str:
    """The report for a terminal: a line a step, then what is missing and what to write next."""
    words = strings["readiness"]
    done, total = report.score()
    lines = [words["title"], words["score"].format(done=done, total=total)]
    for group, steps in GROUPS:
        passed, count = report.group_score(steps)
        lines += ["", f"{words['groups'][group]} — {passed}/{count}"]
        for number, step in enumerate(steps, start=1):
            lines += _step_lines(report, step, number, strings)
    return "\n".join(lines)


def _step_lines(report: Report, step: str, number: int, strings: dict) -> list[str]:
    words = strings["readiness"]
    passed, count = report.score(step)
    lines = [f"{number:>2}. {words['steps'][step]} — {passed}/{count}"]
    for check in report.step(step):
        texts = words["checks"][check.name]
        lines.append(f"      {'✓' if check.passed else '✗'} {texts['check']}")
        if check.absent:
            lines.append(f"              {words['not_covered'].format(files=', '.join(check.absent))}")
        elif not check.passed:
            lines.append(f"              {words['missing']}{strings['colon']} {', '.join(check.missing)}")
            lines.append(f"              {words['next']}{strings['colon']} {texts['next']}")
    return lines
