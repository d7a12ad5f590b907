"""The CSV exports of the networks' analytics, read into the measured values of results.yml.

A file of content/results/ is read as the networks and spreadsheets write them: its first line names its
columns; cells are separated by ';', ',' or tabs (whichever the first line uses most); a date is ISO
(2026-03-15, 2026-03-15T08:00) or day first (15/03/2026), and counts for its month; a number may have a
decimal comma, spaces between thousands and a '%' sign. Every problem is reported at the file, line and
column of the cell, all at once. The values taken are added to those written by hand in results.yml, so
that the pages, the PDF and the list of changes read one model.
"""
from __future__ import annotations

import re
from datetime import date
from statistics import fmean
from typing import Iterator, Optional

from .diagnostics import Diagnostic, Report, did_you_mean
from .load import TABLES, Source, Sources, Table
from .model.base import figure, out_of_range
from .model.results import MEASURED_LIMIT, Import, Indicator, Measure, Results
from .message import Message

Cell = tuple[str, int]  # its text and its column (1-based, in characters)
_MONTH = re.compile(r"^(\d{4})[-/.](\d{1,2})$")
_MONTH_FIRST = re.compile(r"^(\d{1,2})[-/.](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_SPACES = re.compile(r"[\s\u00a0\u202f'’]")
_GROUPED = re.compile(r"^[+-]?\d{1,3}([\s\u00a0\u202f'’]\d{3})+([.,]\d*)?$")  # 1 234 567,5: groups of three
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
_COMBINE = {"sum": sum, "mean": fmean, "last": lambda values: values[-1]}


def period_of(text: str) -> Optional[str]:
    """The month (YYYY-MM) that a cell names, or None when it is neither a month nor a date."""
    text = text.strip()
    for pattern, year, month, day in ((_MONTH, 1, 2, 0), (_MONTH_FIRST, 2, 1, 0), (_ISO_DATE, 1, 2, 3),
                                      (_DAY_FIRST, 3, 2, 1)):
        found = pattern.match(text)
        if found is None:
            continue
        try:  # checks the month, and the day when there is one (31/02/2026 is no date)
            date(int(found.group(year)), int(found.group(month)), int(found.group(day)) if day else 1)
        except ValueError:
            return None
        return f"{int(found.group(year)):04d}-{int(found.group(month)):02d}"
    return None


def number_of(text: str, decimal_comma: bool = True) -> Optional[float]:
    """The number a cell holds ('1 234,5', '1,234.5', '3,5 %', '−2'), or None when it holds none.

    A lone comma marks the decimals ('3,5'), unless `decimal_comma` is False: in a file whose cells are separated
    by commas, a comma inside a quoted number separates thousands ('"820,000"'), as English exports write them."""
    text = text.strip().removesuffix("%").strip().replace("\u2212", "-")
    if _SPACES.search(text) and not _GROUPED.match(text):  # '4 5' is two numbers, not 45
        return None
    text = _SPACES.sub("", text)
    if not decimal_comma and "," in text and not _THOUSANDS.match(text):  # '3,5' in a file of commas is no number
        return None
    if "," in text and "." in text:  # the last of the two marks the decimals, the other the thousands
        thousands = "," if text.rindex(",") < text.rindex(".") else "."
        text = text.replace(thousands, "").replace(",", ".")
    elif text.count(",") == 1 and decimal_comma:  # a decimal comma, as French exports write it
        text = text.replace(",", ".")
    elif "," in text or text.count(".") > 1:  # 1,234,567 or 1.234.567
        text = text.replace(",", "").replace(".", "")
    return float(text) if _NUMBER.match(text) else None


def cells(line: str, delimiter: str) -> Optional[list[Cell]]:
    """The cells of one line, with their columns; None when a quoted cell is not closed on the line."""
    found: list[Cell] = []
    at, end = 0, len(line)
    while True:
        start, text = at, ""
        if at < end and line[at] == '"':
            at += 1
            while True:
                close = line.find('"', at)
                if close < 0:
                    return None
                text += line[at:close]
                if line.startswith('""', close):
                    text, at = text + '"', close + 2
                    continue
                at = close + 1
                break
        stop = line.find(delimiter, at)
        stop = end if stop < 0 else stop
        found.append((text + line[at:stop], start + 1))
        if stop >= end:
            return found
        at = stop + 1


def _delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (";", "\t", ",")}
    best = max(counts, key=counts.__getitem__)  # ties: the first, ';' as French spreadsheets write
    return best if counts[best] else ","


class _Reader:
    """Reads the imports of one results.yml, reporting every problem of its files."""

    def __init__(self, source: Source, results: Results, sources: Sources, kpis: Optional[set[str]], report: Report):
        self.source, self.results, self.sources, self.kpis, self.report = source, results, sources, kpis, report
        self.followed = {indicator.kpi for indicator in results.indicators}
        self.folder = f"{sources.content_dir.relative_to(sources.root).as_posix()}/{TABLES}"

    def problem(self, table: Table, line: int, column: int, code: str, message: str, hint: str = "") -> None:
        self.report.add(Diagnostic(code, message, table.display, line, column, hint))

    def table(self, i: int, mapping: Import) -> Optional[Table]:
        table = self.sources.tables.get(mapping.file)
        if table is None and not any(p.name == mapping.file or p.name == "*" for p in self.sources.broken):
            names = ", ".join(sorted(self.sources.tables))
            hint = did_you_mean(mapping.file, self.sources.tables) or (
                Message("unknown-file.the-files-there-are",
                        names=names) if names else Message("unknown-file.put-the-file-exported-by"))
            self.report.add(self.source.diagnostic(("imports", i, "file"), "unknown-file",
                                                   Message("unknown-file.no-file-in", file=mapping.file,
                                                           folder=self.folder), hint))
        return table

    def columns(self, table: Table, mapping: Import, header: list[Cell]) -> Optional[dict[str, int]]:
        """The index of each column the mapping names, or None (reported) when one is missing."""
        names = [text.strip() for text, _ in header]
        wanted = {key: getattr(mapping, key) for key in ("period_column", "value_column", "kpi_column",
                                                         "network_column") if getattr(mapping, key)}
        where: dict[str, int] = {}
        for key, name in wanted.items():
            if name.strip() in names:
                where[key] = names.index(name.strip())
                continue
            found = ", ".join(f"'{n}'" for n in names)
            self.problem(table, 1, 1, "missing-column", Message("results-import.no-column-in-this-file", name=name,
                                                                found=found),
                         did_you_mean(name, names, cutoff=0.8) or Message("results-import.fix-of-the-import-of",
                                                                          key=key, file=self.source.display))
        return where if len(where) == len(wanted) else None

    def rows(self, table: Table, mapping: Import) -> Iterator[tuple[int, list[Cell], dict[str, int], bool]]:
        """Each line of values: its number, its cells, the index of each column named, and whether a lone comma
        marks decimals in the file (it does unless its cells are separated by commas)."""
        lines = table.text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
        if not lines[0].strip():
            self.problem(table, 1, 1, "empty-table", Message("results-import.the-file-is-empty-its"),
                         Message("results-import.export-the-file-again-from"))
            return
        delimiter = _delimiter(lines[0])
        header = cells(lines[0], delimiter)
        columns = self.columns(table, mapping, header) if header is not None else None
        if header is None:
            self.problem(table, 1, 1, "open-quote", Message("results-import.a-quoted-cell-is-not"),
                         Message("results-import.close-the-quote-with-or"))
        if columns is None:
            return
        for number, line in enumerate(lines[1:], start=2):
            if not line.strip():
                continue
            row = cells(line, delimiter)
            if row is None:
                self.problem(table, number, 1, "open-quote", Message("results-import.a-quoted-cell-is-not"),
                             Message("results-import.close-the-quote-with-or"))
                continue
            if len(row) <= max(columns.values()):
                self.problem(table, number, len(line) + 1, "short-row",
                             Message("results-import.this-line-has-cells-the",
                                     cells=Message("results-import.cells", n=len(row)),
                                     columns=Message("results-import.columns", n=len(header))),
                             Message("results-import.give-every-line-as-many"))
                continue
            yield number, row, columns, delimiter != ","

    def values(self, mapping: Import, table: Table) -> dict[tuple[str, str], list[tuple[float, int, int]]]:
        """The values of one file for each (indicator, month), with the line and column of its month."""
        found: dict[tuple[str, str], list[tuple[float, int, int]]] = {}
        for number, row, columns, decimal_comma in self.rows(table, mapping):
            if "network_column" in columns and \
                    row[columns["network_column"]][0].strip().casefold() != mapping.network.strip().casefold():
                continue
            kpi = mapping.kpi or self.kpi(table, number, row[columns["kpi_column"]])
            text, column = row[columns["period_column"]]
            period = period_of(text)
            if period is None:
                self.problem(table, number, column, "not-a-period", Message("results-import.is-not-a-month-or",
                                                                            text=text.strip()),
                             Message("results-import.write-a-month-as-2026"))
            value_text, value_column = row[columns["value_column"]]
            value = number_of(value_text, decimal_comma) if value_text.strip() else None
            if value_text.strip() and value is None:
                self.problem(table, number, value_column, "not-a-number", Message("results-import.is-not-a-number",
                                                                                  text=value_text.strip()),
                             Message("results-import.write-a-number-such-as"))
            elif value is not None and out_of_range(value, -MEASURED_LIMIT, MEASURED_LIMIT, value_text.strip()):
                self.problem(table, number, value_column, "out-of-range",
                             out_of_range(value, -MEASURED_LIMIT, MEASURED_LIMIT, value_text.strip()),
                             Message("results-import.a-value-is-measured-in"))
                value = None
            if kpi is not None and period is not None and value is not None:
                found.setdefault((kpi, period), []).append((value, number, column))
        return found

    def kpi(self, table: Table, number: int, cell: Cell) -> Optional[str]:
        text, column = cell[0].strip(), cell[1]
        if self.kpis is not None and text not in self.kpis:
            self.problem(table, number, column, "unknown-kpi", Message("results-import.is-not-the-id-of", text=text),
                         did_you_mean(text, self.kpis) or Message("results-import.write-the-id-of-an"))
            return None
        if text not in self.followed:
            self.problem(table, number, column, "kpi-not-followed",
                         Message("results-import.the-indicator-has-no-entry", kpi=text, file=self.source.display),
                         Message("results-import.add-it-there-with-its"))
            return None
        return text


def complete(source: Source, results: Results, sources: Sources, kpis: Optional[set[str]], report: Report) -> Results:
    """results.yml with the values of its imports added to those written by hand; every problem reported: a file,
    a column or an indicator that is not there (`kpis`: the ids of the indicators defined, None when the playbook
    defines none), a cell that is not a month or a number, a month given twice."""
    reader = _Reader(source, results, sources, kpis, report)
    given: dict[tuple[str, str], str] = {}  # (indicator, month) -> where it is given first
    measures: dict[str, list[Measure]] = {}
    for i, indicator in enumerate(results.indicators):
        if indicator.kpi in measures:
            report.add(source.diagnostic(("indicators", i, "kpi"), "duplicate-indicator",
                                         Message("duplicate-indicator.the-indicator-is-followed-twice",
                                                 kpi=indicator.kpi),
                                         Message("duplicate-indicator.give-each-indicator-one-entry")))
        measures[indicator.kpi] = list(indicator.measures)
        for j, measure in enumerate(indicator.measures):
            line, column = source.position(("indicators", i, "measures", j, "period"))
            _once(report, given, (indicator.kpi, measure.period), (source.display, line, column))
    for i, mapping in enumerate(results.imports):
        if mapping.kpi is not None and mapping.kpi not in reader.followed:
            report.add(source.diagnostic(("imports", i, "kpi"), "kpi-not-followed",
                                         Message("kpi-not-followed.the-indicator-has-no-entry", kpi=mapping.kpi),
                                         Message("kpi-not-followed.add-it-there-with-its")))
            continue
        table = reader.table(i, mapping)
        for (kpi, period), rows in (reader.values(mapping, table) if table is not None else {}).items():
            if len(rows) > 1 and mapping.combine is None:
                report.add(Diagnostic("duplicate-period", Message("duplicate-period.the-month-of-is-given",
                                                                  period=period, kpi=kpi, line=rows[0][1]),
                                                                  table.display, rows[1][1], rows[1][2],
                                      Message("duplicate-period.keep-one-line-a-month")))
            elif _once(report, given, (kpi, period), (table.display, rows[0][1], rows[0][2])):
                value = _COMBINE[mapping.combine or "last"]([v for v, _, _ in rows])
                if out_of_range(value, -MEASURED_LIMIT, MEASURED_LIMIT):  # a sum of many large values
                    report.add(Diagnostic("out-of-range", Message("out-of-range.the-sum-of-the-rows", period=period,
                                                                  kpi=kpi, value=figure(value)), table.display,
                                                                  rows[0][1],
                                          rows[0][2], Message("out-of-range.a-value-must-be-from",
                                                              low=figure(-MEASURED_LIMIT),
                                                              high=figure(MEASURED_LIMIT))))
                    continue
                measures[kpi].append(Measure(period=period, value=round(value, 6)))
    return results.model_copy(update={"indicators": [
        indicator.model_copy(update={"measures": sorted(measures[indicator.kpi], key=lambda m: m.period)})
        for indicator in results.indicators]})


def _once(report: Report, given: dict[tuple[str, str], str], key: tuple[str, str], at: tuple[str, int, int]) -> bool:
    """Whether the month `key` of an indicator is given for the first time; else reported where it is again."""
    kpi, period = key
    if key in given:
        report.add(Diagnostic("duplicate-period", Message("duplicate-period.the-month-of-is-already", period=period,
                                                          kpi=kpi, where=given[key]),
                              at[0], at[1], at[2], Message("duplicate-period.give-each-month-of-an")))
        return False
    given[key] = f"{at[0]}:{at[1]}:{at[2]}"
    return True
