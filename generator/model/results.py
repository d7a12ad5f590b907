"""results.yml: the measured values of the indicators, month by month, written by hand or imported from the
analytics exports of the networks (CSV files in content/results/, read by generator/results_import.py)."""
from __future__ import annotations

from typing import Annotated, ClassVar, Literal, Optional

from pydantic import Field, StringConstraints, model_validator

from .base import At, Entry, KpiRef, Markdown, Prose, Strict
from .base import number
from .language import translated
from ..message import Message

# A value or a target: a reach of a thousand billion is more than any network has; beyond, a number is a mistake
# (a cell of 400 digits, YAML's .inf) that no chart could draw.
MEASURED_LIMIT = 1e12
Measured = number(-MEASURED_LIMIT, MEASURED_LIMIT)
Period = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$")]
# A unit reads the same in every language ('%', 'min') unless a translation is given ('people' / 'personnes').
Unit = Annotated[str, translated(neutral=True)]


class Measure(Strict):
    """The value of an indicator for one month."""

    key: ClassVar[str] = "period"
    period: Period = Field(examples=["2026-03"])
    """The month measured, written YYYY-MM."""
    value: Measured = Field(examples=[3.4, 1250000])
    """The value measured, a number in the indicator's unit (3.4 for 3.4 %)."""
    note: Prose = ""
    """Optional: what explains the value (a campaign, a strike, a change of tool)."""


class Indicator(Entry):
    """An indicator of kpis.yml followed here: its target as a number, and its values month by month."""

    key: ClassVar[str] = "kpi"
    kpi: KpiRef = Field(examples=["engagement-rate"])
    """The id of the indicator (kpis.yml)."""
    target: Measured = Field(examples=[3.5, 1000000])
    """The target as a number, in the indicator's unit, that the latest value is compared with."""
    direction: Literal["higher", "lower"] = "higher"
    """higher (the default): on track when the latest value is at or above the target; lower: at or below it (a
    response time)."""
    unit: Unit = Field("", examples=["%", "min", {"fr": "personnes", "en": "people"}])
    """Optional: the unit shown after each value ('%', 'min'); none when left out."""
    measures: list[Measure] = []
    """Optional: the values written by hand, one a month; those of the imports are added to them."""


class Import(Entry):
    """A CSV file exported by a network's analytics, and which of its columns give the month and the value."""

    key: ClassVar[str] = "file"
    file: str = Field(pattern=r"^[^/\\]+\.csv$", examples=["instagram-insights.csv"])
    """The name of the file, in the folder results/ of the content folder."""
    kpi: Optional[KpiRef] = Field(None, examples=["engagement-rate"])
    """The id of the indicator (kpis.yml) that every row measures; or give kpi_column."""
    kpi_column: str = Field("", examples=["Indicator"])
    """Optional, instead of kpi: the column that gives the id of the indicator each row measures."""
    period_column: str = Field(examples=["Date"])
    """The column of the month or the date (2026-03, 2026-03-15, 15/03/2026): a date counts for its month."""
    value_column: str = Field(examples=["Engagement rate"])
    """The column of the value: 1234.5, 1 234,5 or 3,5 % are read; an empty cell is a month not measured."""
    network_column: str = Field("", examples=["Network"])
    """Optional: the column that names the network of each row, when the file mixes networks."""
    network: str = Field("", examples=["Instagram"])
    """Optional, with network_column: only the rows whose network column reads this (capitals aside) are taken."""
    combine: Optional[Literal["sum", "mean", "last"]] = None
    """Optional: how the rows of one month are combined (daily rows: sum for a reach, mean for a rate, last for a
    count of followers); when left out, a month given twice is an error."""

    @model_validator(mode="after")
    def _one_way_to_the_indicator(self) -> "Import":
        if (self.kpi is None) == (not self.kpi_column):
            raise At(("kpi",), Message("results.name-the-indicator-once-either"), key=True)
        if bool(self.network) != bool(self.network_column):
            raise At(("network",), Message("results.network-and-network-column-go"), key=True)
        return self


class Results(Strict):
    """results.yml: the values measured for the indicators, month by month, against their targets."""

    introduction: Markdown = ""
    """Optional (Markdown): the text shown above the results."""
    indicators: list[Indicator] = Field(min_length=1)
    """The indicators followed: at least one, each once."""
    imports: list[Import] = []
    """Optional: the CSV files of the networks' analytics that values are taken from."""
