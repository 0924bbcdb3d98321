"""The reports a dashboard or a monthly report shows, built once from the same records.

The period of the time series follows the window: days up to a month and a half, weeks up to
half a year, months beyond, so a chart never has more than about thirty bars.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from optimizer.messages import message
from optimizer.report.factors import FactorsTable
from optimizer.report.history import DayRecord
from optimizer.report.indicators import GroupBy, Report, build_report


def period_for(date_from: dt.date, date_to: dt.date) -> GroupBy:
    days = (date_to - date_from).days + 1
    if days <= 45:
        return GroupBy.DAY
    if days <= 190:
        return GroupBy.WEEK
    return GroupBy.MONTH


@dataclass(frozen=True)
class Bundle:
    period: GroupBy
    by_period: Report
    by_category: Report
    by_source: Report
    by_commune: Report
    by_temperature: Report

    @property
    def totals(self) -> Report:
        return self.by_period


def build_bundle(
    records: Iterable[DayRecord],
    date_from: dt.date,
    date_to: dt.date,
    factors: FactorsTable | None = None,
    period: GroupBy | None = None,
) -> Bundle:
    chosen = [r for r in records if date_from <= r.date <= date_to]
    period = period or period_for(date_from, date_to)

    def by(key: GroupBy) -> Report:
        return build_report(chosen, date_from, date_to, [key], factors)

    return Bundle(
        period=period,
        by_period=by(period),
        by_category=by(GroupBy.CATEGORY),
        by_source=by(GroupBy.SOURCE),
        by_commune=by(GroupBy.COMMUNE),
        by_temperature=by(GroupBy.TEMPERATURE),
    )


def key_label(key: GroupBy, value: str, language: str = "fr") -> str:
    """A group's value as people read it: French category names, sources, short dates."""
    if key is GroupBy.CATEGORY:
        return message(f"category.{value}", language)
    if key is GroupBy.TEMPERATURE:
        return message(f"class.{value}", language)
    if key is GroupBy.SOURCE:
        try:
            return message(f"report.source.{value}", language)
        except KeyError:
            return value
    if key is GroupBy.DAY:
        day = dt.date.fromisoformat(value)
        return f"{day.day:02d}/{day.month:02d}"
    if key is GroupBy.WEEK:
        return "S" + value.split("-W")[1] if language == "fr" else "W" + value.split("-W")[1]
    return value
