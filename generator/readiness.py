"""Readiness: how far the playbook covers the ten steps of integrating social media in an organisation, the nine
steps of defining its strategy and the four obstacles to it (strategy_steps.py), each a group of steps.

Each step has a few checks on the content; a check passes, or names what is missing and what to
write next. The same report is printed by `playbook check --report` and shown as a page.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable

from . import strategy_steps
from .model import Playbook

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


# (step, check, the parts it reads, what it finds missing): a check whose parts are not all in the charter is not
# run, and says which files would cover it. `networks` are the network files, not a part. The checks of profiles,
# lexicons, editorial lines and response times ask them only of the networks where the organisation has accounts.
_Rule = tuple[str, str, tuple[str, ...], Callable[[Playbook, date], list[str]]]


RULES: list[_Rule] = [
    ("listening", "watch_competitors", ("listening",),
     lambda pb, today: [] if {"brand", "competitor"} <= {w.type for w in pb.listening.watch} else ["brand / competitor"]),
    ("listening", "audit_current", ("listening",),
     lambda pb, today: [pb.listening.audit.next_due.isoformat()] if pb.listening.audit.next_due < today else []),
    ("audiences", "audiences_aimed", ("audiences", "objectives"),
     lambda pb, today: [a.name for a in pb.audiences.audiences
                        if a.id not in {x for o in pb.objectives.objectives for x in o.audiences}]),
    ("audiences", "objectives_described", ("objectives",),
     lambda pb, today: [o.title for o in pb.objectives.objectives if not o.description]),
    ("networks", "profiles_complete", ("networks",), lambda pb, today: [n.name for n in pb.official_networks
                                                                         if not ((n.handle and n.url) or n.accounts)]),
    ("networks", "audiences_located", ("audiences",), lambda pb, today: [a.name for a in pb.audiences.audiences
                                                                         if not a.where]),
    ("content", "editorial_per_network", ("editorial", "networks"),
     lambda pb, today: [n.name for n in pb.official_networks if n.id not in {e.network for e in pb.editorial.networks}]),
    ("content", "pillar_examples", ("editorial",), lambda pb, today: [p.name for p in pb.editorial.pillars
                                                                      if not p.examples]),
    ("policies", "response_times", ("comments", "networks"),
     lambda pb, today: [n.name for n in pb.official_networks if n.id not in {r.network for r in pb.comments.response_times}]),
    ("policies", "reply_templates", ("comments",),
     lambda pb, today: [c.name for c in pb.comments.categories
                        if c.action in ("reply", "reply_private") and not c.template]),
    ("policies", "approval_rule", ("personal_use",),
     lambda pb, today: [] if any(r.requires_approval for r in pb.personal_use.rules) else ["personal_use.yml"]),
    ("policies", "holding_statements", ("crisis",),
     lambda pb, today: [lv.name for lv in pb.crisis.levels
                        if not any(h.level == lv.id for h in pb.crisis.holding_statements)]),
    ("training", "people_named", ("roles",), lambda pb, today: [r.title for r in pb.roles.roles if not r.people]),
    ("training", "lexicons", ("networks",), lambda pb, today: [n.name for n in pb.official_networks if len(n.lexicon) < 5]),
    ("training", "setup_checklists", ("networks",),
     lambda pb, today: [n.name for n in pb.official_networks if not any(c.when == "setup" for c in n.checklists)]),
    ("training", "team_training", ("training",),
     lambda pb, today: [] if any(s.roles for s in pb.training.sessions) else ["training.yml"]),
    ("training", "staff_training", ("training",),
     lambda pb, today: [] if any(s.all_staff for s in pb.training.sessions) else ["training.yml"]),
    ("training", "ambassadors_programme", ("ambassadors",),
     lambda pb, today: [key for key, said in (("eligibility", pb.ambassadors.eligibility),
                                              ("training", pb.ambassadors.training or pb.ambassadors.training_notes),
                                              ("rules", pb.ambassadors.rules)) if not said]),
    ("distribution", "calendar", ("calendar",), lambda pb, today: []),
    ("distribution", "best_times", ("editorial",),
     lambda pb, today: [n.network for n in pb.editorial.networks if not n.rhythm.best_times]),
    ("community", "engagement_kpi", ("kpis",),
     lambda pb, today: [] if any(k.type == "engagement" for k in pb.kpis.kpis) else ["kpis.yml"]),
    ("community", "etiquette", ("networks",), lambda pb, today: [n.name for n in pb.official_networks if len(n.etiquette) < 3]),
    ("interaction", "escalation_path", ("comments",),
     lambda pb, today: [] if any(c.action == "escalate" for c in pb.comments.categories) else ["comments.yml"]),
    ("interaction", "quick_answers", ("comments",),
     lambda pb, today: [] if any(r.target_minutes <= 60 for r in pb.comments.response_times) else ["comments.yml"]),
    ("evaluation", "kpi_kinds", ("kpis",), lambda pb, today: sorted({"roi", "roa", "roni"} - {k.type for k in pb.kpis.kpis})),
    ("evaluation", "kpis_per_objective", ("objectives",),
     lambda pb, today: [o.title for o in pb.objectives.objectives if len(o.kpis) < 2]),
]


# The groups of steps, in the order of the report: (key of its title in the strings' `readiness.groups`, its steps).
GROUPS = [("integration", STEPS), ("strategy", strategy_steps.STEPS), ("obstacles", strategy_steps.OBSTACLES)]


def _absent(pb: Playbook, parts: tuple[str, ...]) -> list[str]:
    """The files of `parts` the charter does not have (for `networks`: no network file in use)."""
    return [("networks/" if stem == "networks" else f"{stem}.yml") for stem in parts
            if (not pb.active_networks if stem == "networks" else pb.parts.get(stem) is None)]


def assess(playbook: Playbook, today: date | None = None) -> Report:
    """Run every check on the playbook; a check of parts the charter does not have is not run, and fails."""
    today = today or date.today()
    checks = []
    for step, name, parts, find in [*RULES, *strategy_steps.RULES]:
        absent = _absent(playbook, parts)
        checks.append(Check(step, name, [] if absent else list(find(playbook, today)), absent))
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
