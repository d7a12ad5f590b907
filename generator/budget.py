"""What resources.yml adds up to: each year's amounts as a year's cost, totals by category and overall, and
money as each language writes it. The Resources page and the PDF both read it; nothing here is written by hand."""
from __future__ import annotations

import typing
from dataclasses import dataclass

from .model.planning import BudgetCategory, BudgetLine, BudgetYear, Resources, TimeGiven

# Currencies written with a symbol; the others are written with their code ("CHF 1,200", "1 200 CHF").
SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£"}


def money(amount: float, currency: str, language: str) -> str:
    """An amount as the language writes it: "12 500 €" and "1 234,50 €" in French, "€12,500" and "€1,234.50" in
    English; cents only where there are some."""
    text = f"{amount:,.0f}" if float(round(amount, 2)).is_integer() else f"{amount:,.2f}"
    symbol = SYMBOLS.get(currency, currency)
    if language == "fr":  # no-break spaces, which the PDF's fonts have: an amount never breaks across lines
        return text.replace(",", "\u00a0").replace(".", ",") + "\u00a0" + symbol
    return f"{symbol}{text}" if currency in SYMBOLS else f"{symbol}\u00a0{text}"


def hours(value: float, language: str) -> str:
    """A number of hours or a share: 4, 2.5 (2,5 in French)."""
    text = f"{value:g}"
    return text.replace(".", ",") if language == "fr" else text


@dataclass
class YearView:
    """One year as the page and the PDF show it."""

    year: int
    people: list[TimeGiven]
    lines: list[BudgetLine]
    by_category: list[tuple[str, float]]  # (category, the year's total), in the order of the categories
    total: float

    def lines_of(self, category: str) -> list[BudgetLine]:
        return [line for line in self.lines if line.category == category]


CATEGORIES = typing.get_args(BudgetCategory)  # in the order of the model, which the page and the PDF follow


def year_view(year: BudgetYear) -> YearView:
    """A year's lines and people, with its totals by category (those it spends on) and overall."""
    by_category = [(category, sum(line.yearly for line in year.lines if line.category == category))
                   for category in CATEGORIES if any(line.category == category for line in year.lines)]
    return YearView(year.year, year.people, year.lines, by_category, sum(total for _, total in by_category))


def budget_views(resources: Resources) -> list[YearView]:
    """Every year planned, the latest first: a director reads the year in course before the earlier ones."""
    return [year_view(year) for year in sorted(resources.years, key=lambda y: -y.year)]


def time_text(person: TimeGiven, words: dict, language: str) -> str:
    """"50 % of the time", "4 h a week", "6 h a month"."""
    if person.share_of_time is not None:
        return words["share_of_time"].format(n=hours(person.share_of_time, language))
    if person.hours_per_week is not None:
        return words["hours_per_week"].format(n=hours(person.hours_per_week, language))
    return words["hours_per_month"].format(n=hours(person.hours_per_month or 0, language))


def line_amount(line: BudgetLine, currency: str, words: dict, language: str) -> str:
    """"€1,200 a month", "€3,000 once", "€12,000 a year"."""
    return words["per_frequency"][line.frequency].format(amount=money(line.amount, currency, language))

