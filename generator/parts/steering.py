"""The parts of steering: the KPIs, who does what, and the listening of what is said."""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Optional

from . import OWN_ENTRY, Answer, Names, Part, Rule
from .. import audit_history, strategy_steps
from ..diagnostics import WARNING, Report
from ..model.steering import Kpis, Listening, Organisation
from ..wording import collation_key
from ..message import Message

if TYPE_CHECKING:
    from ..load import Source
    from ..page_context import Helpers


def kpis_context(indicators: Kpis, helpers: Helpers) -> dict[str, Any]:
    """For each KPI, the objectives it measures; the KPIs by type, the types in the order of their names in the
    charter's language ('Autre', 'Engagement', 'Portée' in French), each type's KPIs in the charter's order."""
    objectives = helpers.playbook.objectives.objectives
    names = helpers.strings["enum"]["kpi_type"]
    groups: dict[str, list] = {}
    for k in indicators.kpis:
        groups.setdefault(k.type, []).append(k)
    ordered = sorted(groups.items(), key=lambda group: collation_key(names.get(group[0], group[0].capitalize())))
    return {"kpi_objectives": {k.id: [o.id for o in objectives if k.id in o.kpis] for k in indicators.kpis},
            "kpi_groups": ordered}


def _indicators(part: Kpis, pb: Any, words: dict) -> Optional[str]:
    """The KPIs, and how many of them results.yml follows."""
    followed = len(pb.results.indicators) if pb.parts.get("results") is not None else 0
    return strategy_steps.count(words, "kpis", len(part.kpis)) + (words["followed"].format(n=followed)
                                                                    if followed else "")


KPIS = Part(
    "kpis", Kpis, nav=OWN_ENTRY, names=(Names("kpi", "kpis", "name"),), untitled="kpis",
    context=kpis_context, onboarding=("month_1", 2),
    rules=(Rule("community", "engagement_kpi", ("kpis",),
                lambda pb, today: [] if any(k.type == "engagement" for k in pb.kpis.kpis) else ["kpis.yml"], rank=1),
           Rule("evaluation", "kpi_kinds", ("kpis",),
                lambda pb, today: sorted({"roi", "roa", "roni"} - {k.type for k in pb.kpis.kpis}), rank=1)),
    answers=(Answer("success_indicators", _indicators),))

ROLES = Part(
    "roles", Organisation, names=(Names("role", "roles", "title"),), onboarding=("day_1", 3),
    rules=(Rule("training", "people_named", ("roles",),
                lambda pb, today: [r.title for r in pb.roles.roles if not r.people], rank=1),
           Rule("top_management", "charter_approved", ("roles",),
                lambda pb, today: [] if any(r.approves for r in pb.roles.roles) else ["approves"], rank=2)),
    answers=(Answer("roles_organisation", lambda part, pb, words: strategy_steps.count(words, "roles",
                                                                                       len(part.roles))),))


def audit_due(source: Source, listening: Listening, report: Report, today: date) -> None:
    """The next image audit is not overdue."""
    if listening.audit.next_due < today:
        report.add(source.diagnostic(
            ("audit", "next_due"), "audit-overdue",
            Message("audit-overdue.the-next-image-audit-was", date=listening.audit.next_due.isoformat()),
            Message("audit-overdue.run-a-new-audit-and"), severity=WARNING))


def listening_context(part: Listening, helpers: Helpers) -> dict[str, Any]:
    """The last image audit compared, place by place, with the one before it (none without an earlier audit), and
    its share of voice (with the earlier one's, when it changed)."""
    return audit_history.in_words(part, helpers.strings, helpers.playbook.lang)


LISTENING = Part(
    "listening", Listening, check=audit_due, context=listening_context,
    onboarding=("month_1", 4),
    rules=(Rule("listening", "watch_competitors", ("listening",),
                lambda pb, today: [] if {"brand", "competitor"} <= {w.type for w in pb.listening.watch}
                else ["brand / competitor"], rank=1),
           Rule("listening", "audit_current", ("listening",),
                lambda pb, today: [pb.listening.audit.next_due.isoformat()] if pb.listening.audit.next_due < today
                else [], rank=2)))
