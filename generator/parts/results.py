"""The results: the values measured of the KPIs, written by hand or imported from the networks' CSV exports."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import OWN_ENTRY, Part, Rule
from .. import results_import
from ..model.results import Results
from ..results_view import results_views

if TYPE_CHECKING:
    from ..diagnostics import Report
    from ..load import Source, Sources
    from ..page_context import Helpers


def results_context(measured: Results, helpers: Helpers) -> dict[str, Any]:
    """Each indicator followed with its status, its chart and its values, and a summary per objective."""
    return results_views(measured, helpers.playbook, helpers.strings)


def imported(source: Source, results: Results, sources: Sources, parts: dict[str, Any], report: Report) -> Results:
    """results.yml with the values of its imports, each checked against the ids of kpis.yml (when it has one)."""
    kpis = parts.get("kpis")
    return results_import.complete(source, results, sources, {kpi.id for kpi in kpis.kpis} if kpis is not None
                                   else None, report)


RESULTS = Part(
    "results", Results, nav=OWN_ENTRY, untitled="indicators", context=results_context,
    imports=imported, onboarding=("month_1", 3),
    rules=(Rule("success_indicators", "indicators_measured", ("kpis", "results"),
                lambda pb, today: [k.name for k in pb.kpis.kpis if k.id not in {i.kpi for i in pb.results.indicators}],
                rank=1),))
