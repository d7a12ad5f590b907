"""What the measured results say: each indicator's status against its target, in words and in a chart, and a
summary per objective that a director reads in a minute. The Results page and the PDF both read it.

The status of an indicator is read from its latest value (the last month measured):
- on track: at or above the target, or at or below it for an indicator whose direction is `lower`;
- behind: on the wrong side of the target;
- no data: no value measured yet.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Callable, Optional

from markupsafe import Markup

from .charts import cached, line_chart
from .model.results import Indicator, Measure, Results

ON_TRACK, BEHIND, NO_DATA = "on_track", "behind", "no_data"


def status(indicator: Indicator) -> str:
    """on_track, behind or no_data (see the module's docstring)."""
    latest = latest_measure(indicator)
    if latest is None:
        return NO_DATA
    met = latest.value >= indicator.target if indicator.direction == "higher" else latest.value <= indicator.target
    return ON_TRACK if met else BEHIND


def latest_measure(indicator: Indicator) -> Optional[Measure]:
    return max(indicator.measures, key=lambda m: m.period, default=None)


def months(first: str, last: str) -> list[str]:
    """Every month from `first` to `last` (YYYY-MM), both included."""
    year, month = map(int, first.split("-"))
    found = []
    while f"{year:04d}-{month:02d}" <= last:
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def number(value: float, language: str) -> str:
    """A value as the language writes it: 1 250 000 and 3,5 in French, 1,250,000 and 3.5 in English."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    if language == "fr":
        text = text.replace(",", "\u00a0").replace(".", ",")  # a no-break space, which the PDF's fonts have
    return text


def tick(value: float, unit: str, language: str) -> str:
    """A value of a chart's scale, short enough for its margin: 1.2M, 820k; a unit longer than 'min' is left to
    the legend."""
    for size, unit_size, suffix in ((1e6, 1e6, "M"), (1e4, 1e3, "k")):
        if abs(value) >= size:
            short = number(value / unit_size, language)
            return f"{short}\u00a0{suffix}" if language == "fr" else f"{short}{suffix}"
    return with_unit(value, unit if len(unit) <= 3 else "", language)


def with_unit(value: float, unit: str, language: str) -> str:
    shown = number(value, language)
    if not unit:
        return shown
    return f"{shown}%" if unit == "%" and language == "en" else f"{shown}\u00a0{unit}"


@dataclass
class IndicatorView:
    """One indicator as the page and the PDF show it."""

    kpi: str
    name: str
    status: str
    sentence: str  # its status in words
    target: str
    latest: Optional[Measure]
    rows: list[tuple[str, str, str, str]]  # (month, value, target met, note) of each month measured
    chart: Callable[[], Markup]  # the SVG figure, drawn when asked for
    notes: bool  # whether any month has a note


def in_words(period: str, names: list[str]) -> str:
    """A month (YYYY-MM) as readers write it: 'octobre 2026', 'October 2026' (`names`: the language's months)."""
    year, month = period.split("-")
    return f"{names[int(month) - 1]} {year}"


def _view(indicator: Indicator, name: str, language: str, words: dict) -> IndicatorView:
    unit = str(indicator.unit)
    shown = lambda value: with_unit(value, unit, language)  # noqa: E731
    latest, state = latest_measure(indicator), status(indicator)
    target = shown(indicator.target)
    sentence = words["no_data_sentence"].format(target=target) if latest is None else words["latest"].format(
        value=shown(latest.value), period=in_words(latest.period, words["month_names"]), target=target)
    met = (lambda v: v >= indicator.target) if indicator.direction == "higher" else (lambda v: v <= indicator.target)
    measures = sorted(indicator.measures, key=lambda m: m.period)
    rows = [(in_words(m.period, words["month_names"]), shown(m.value), words["met"]["yes" if met(m.value) else "no"],
             str(m.note)) for m in measures]

    def chart() -> Markup:
        periods = months(measures[0].period, measures[-1].period)
        by_period = {m.period: m.value for m in indicator.measures}
        return Markup(_chart(indicator.kpi, words["chart_title"].format(name=name, target=target),
                             tuple(in_words(p, words["short_months"]) for p in periods),
                             tuple(by_period.get(p) for p in periods), indicator.target, unit, language,
                             words["target_legend"].format(target=target), words["measured_legend"]))

    return IndicatorView(indicator.kpi, name, state, sentence, target, latest, rows, chart, any(r[3] for r in rows))


@functools.lru_cache(maxsize=256)  # a preview renders the page again at each edit: the charts that did not change wait
def _chart(kpi: str, title: str, periods: tuple[str, ...], values: tuple[Optional[float], ...], target: float, unit: str,
           language: str, target_label: str, measured_label: str) -> str:
    return cached((kpi, title, periods, values, target, unit, language, target_label, measured_label),
                  lambda: line_chart(kpi, title, list(periods), list(values), target, lambda v: tick(v, unit, language),
                                     target_label, measured_label))


def _summary(views: list[IndicatorView], words: dict) -> str:
    """'2 of 3 indicators on track; Engagement rate behind: 2.1% against 3%, last measured in 2026-10'."""
    on_track = sum(view.status == ON_TRACK for view in views)
    count = words["count"]["one" if len(views) == 1 else "many"].format(on=on_track, total=len(views))
    details = [words["behind"].format(name=v.name, value=v.rows[-1][1], target=v.target,
                                      period=in_words(v.latest.period, words["month_names"]))
               for v in views if v.status == BEHIND]
    missing = [v.name for v in views if v.status == NO_DATA]
    if missing:
        details.append(words["missing"].format(names=", ".join(missing)))
    return words["separator"].join([count, *details])


def results_views(results: Results, playbook: Any, strings: dict) -> dict[str, Any]:
    """The indicators followed, each with its status, and a summary per objective (for the objectives that name
    an indicator followed), in the playbook's language. An indicator this audience may not read is left out."""
    words = dict(strings["results"], month_names=strings["label"]["months"])  # the calendar's names of the months
    kpis = {kpi.id: kpi for kpi in playbook.kpis.kpis} if playbook.kpis is not None else {}
    views = [_view(indicator, str(kpis[indicator.kpi].name), playbook.lang, words)
             for indicator in results.indicators if indicator.kpi in kpis]
    by_kpi = {view.kpi: view for view in views}
    summaries = []
    for objective in playbook.objectives.objectives if playbook.objectives is not None else []:
        followed = [by_kpi[kpi] for kpi in objective.kpis if kpi in by_kpi]
        if followed:
            summaries.append({"objective": objective.id, "text": _summary(followed, words), "views": followed})
    return {"result_views": views, "result_summaries": summaries,
            "status_counts": {state: sum(v.status == state for v in views) for state in (ON_TRACK, BEHIND, NO_DATA)}}
