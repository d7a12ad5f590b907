"""Readiness: how far the playbook covers the ten steps of integrating social media in an organisation.

Each step has a few checks on the content; a check passes, or names what is missing and what to
write next. The same report is printed by `playbook check --report` and shown as a page.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable

from .model import Playbook

STEPS = ["listening", "audiences", "networks", "content", "policies", "training", "distribution", "community",
         "interaction", "evaluation"]


@dataclass
class Check:
    step: str
    name: str  # key of the check's texts in the strings' `readiness.checks`
    missing: list[str] = field(default_factory=list)  # the items at fault; empty when the check passes

    @property
    def passed(self) -> bool:
        return not self.missing


@dataclass
class Report:
    checks: list[Check]

    def step(self, step: str) -> list[Check]:
        return [c for c in self.checks if c.step == step]

    def score(self, step: str | None = None) -> tuple[int, int]:
        checks = self.step(step) if step else self.checks
        return sum(c.passed for c in checks), len(checks)


def _checks(pb: Playbook, today: date) -> list[tuple[str, str, Callable[[], list[str]]]]:
    active = pb.active_networks
    editorial = {n.network for n in pb.editorial.networks}
    responses = {r.network for r in pb.comments.response_times}
    aimed = {a for o in pb.objectives.objectives for a in o.audiences}
    calendar = pb.calendar
    return [
        ("listening", "watch_competitors",
         lambda: [] if {"brand", "competitor"} <= {w.type for w in pb.listening.watch} else ["brand / competitor"]),
        ("listening", "audit_current",
         lambda: [pb.listening.audit.next_due.isoformat()] if pb.listening.audit.next_due < today else []),
        ("audiences", "audiences_aimed", lambda: [a.name for a in pb.audiences.audiences if a.id not in aimed]),
        ("audiences", "objectives_described", lambda: [o.title for o in pb.objectives.objectives if not o.description]),
        ("networks", "profiles_complete", lambda: [n.name for n in active if not (n.handle and n.url)]),
        ("networks", "audiences_located", lambda: [a.name for a in pb.audiences.audiences if not a.where]),
        ("content", "editorial_per_network", lambda: [n.name for n in active if n.id not in editorial]),
        ("content", "pillar_examples", lambda: [p.name for p in pb.editorial.pillars if not p.examples]),
        ("policies", "response_times", lambda: [n.name for n in active if n.id not in responses]),
        ("policies", "reply_templates",
         lambda: [c.name for c in pb.comments.categories if c.action in ("reply", "reply_private") and not c.template]),
        ("policies", "approval_rule",
         lambda: [] if any(r.requires_approval for r in pb.personal_use.rules) else ["personal_use.yml"]),
        ("policies", "holding_statements",
         lambda: [lv.name for lv in pb.crisis.levels if not any(h.level == lv.id for h in pb.crisis.holding_statements)]),
        ("training", "people_named", lambda: [r.title for r in pb.roles.roles if not r.people]),
        ("training", "lexicons", lambda: [n.name for n in active if len(n.lexicon) < 5]),
        ("training", "setup_checklists",
         lambda: [n.name for n in active if not any(c.when == "setup" for c in n.checklists)]),
        ("distribution", "calendar", lambda: [] if calendar is not None else ["calendar.yml"]),
        ("distribution", "best_times",
         lambda: [n.network for n in pb.editorial.networks if not n.rhythm.best_times]),
        ("community", "engagement_kpi", lambda: [] if any(k.type == "engagement" for k in pb.kpis.kpis) else ["kpis.yml"]),
        ("community", "etiquette", lambda: [n.name for n in active if len(n.etiquette) < 3]),
        ("interaction", "escalation_path",
         lambda: [] if any(c.action == "escalate" for c in pb.comments.categories) else ["comments.yml"]),
        ("interaction", "quick_answers",
         lambda: [] if any(r.target_minutes <= 60 for r in pb.comments.response_times) else ["comments.yml"]),
        ("evaluation", "kpi_kinds",
         lambda: sorted({"roi", "roa", "roni"} - {k.type for k in pb.kpis.kpis})),
        ("evaluation", "kpis_per_objective", lambda: [o.title for o in pb.objectives.objectives if len(o.kpis) < 2]),
    ]


def assess(playbook: Playbook, today: date | None = None) -> Report:
    """Run every check on the playbook."""
    today = today or date.today()
    return Report([Check(step, name, list(find())) for step, name, find in _checks(playbook, today)])


def text_report(report: Report, strings: dict) -> str:
    """The report for a terminal: a line a step, then what is missing and what to write next."""
    words = strings["readiness"]
    done, total = report.score()
    lines = [words["title"], words["score"].format(done=done, total=total), ""]
    for number, step in enumerate(STEPS, start=1):
        passed, count = report.score(step)
        lines.append(f"{number:>2}. {words['steps'][step]} — {passed}/{count}")
        for check in report.step(step):
            texts = words["checks"][check.name]
            lines.append(f"      {'✓' if check.passed else '✗'} {texts['check']}")
            if not check.passed:
                lines.append(f"              {words['missing']}{strings['colon']} {', '.join(check.missing)}")
                lines.append(f"              {words['next']}{strings['colon']} {texts['next']}")
    return "\n".join(lines)
