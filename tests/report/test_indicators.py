"""The indicator arithmetic on the two-partner day (conftest), worked out by hand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from optimizer.report.factors import load_factors
from optimizer.report.history import DayRecord, StopReport, StopStatus
from optimizer.report.indicators import GroupBy, build_report, parse_group_by, period_key

DAY = dt.date(2025, 3, 10)  # a Monday
NEXT_WEEK = dt.date(2025, 3, 17)
MARCH = (dt.date(2025, 3, 1), dt.date(2025, 3, 31))

MakeRecord = Callable[..., DayRecord]


def _reports() -> list[StopReport]:
    """P1 done with 35 kg ambient (planned 40) and 22 kg chilled (planned 20); D1 done as
    planned; D2 skipped."""
    return [
        StopReport(job="P1", status=StopStatus.DONE, actual_kg={"ambient": 35, "chilled": 22}),
        StopReport(job="D1", status=StopStatus.DONE),
        StopReport(job="D2", status=StopStatus.SKIPPED, reason="association fermée"),
    ]


def test_planned_day_totals(make_record: MakeRecord) -> None:
    totals = build_report([make_record(DAY)], *MARCH).totals
    # Collected: L1 40 + L2 20 = 60 kg, all fresh (fruit or chilled); L2 has 2 days left ≤ 2.
    assert totals.collected_kg == 60.0
    assert totals.fresh_share_collected == 1.0
    assert totals.near_expiry_rescued_kg == 20.0
    # Distributed: 100 + 60 + 40 = 200 kg, of which 40 chilled: 0.2 fresh.
    assert totals.distributed_kg == 200.0
    assert totals.fresh_share_distributed == 0.2
    # Lost: P2 (30 kg) not collected, L3 (5 kg) expired, nothing undelivered.
    assert (totals.lost_not_collected_kg, totals.lost_expired_kg) == (30.0, 5.0)
    assert (totals.lost_undelivered_kg, totals.lost_kg) == (0.0, 35.0)
    # 200 kg / 0.5 kg = 400 meals; 60 kg × 4.3 € = 258 €; 60 kg × 1.5 = 90 kgCO2e avoided.
    assert (totals.meals, totals.value_rescued_eur, totals.co2e_avoided_kg) == (400.0, 258.0, 90.0)
    # 20 km × 0.51 (the table's van, not the problem's 0.6) = 10.2 kgCO2e; 90 − 10.2 = 79.8.
    assert (totals.distance_km, totals.transport_co2e_kg) == (20.0, 10.2)
    assert totals.net_co2e_avoided_kg == 79.8
    # 10 € fixed + 20 km × 0.5 € + 2000 s × 20 €/h = 31.11 €, in 0.556 h.
    assert (totals.cost_eur, totals.vehicle_hours) == (31.11, 0.556)
    assert (totals.stops, totals.stops_reported, totals.days) == (3, 0, 1)


def test_equity_of_a_planned_day(make_record: MakeRecord) -> None:
    totals = build_report([make_record(DAY)], *MARCH).totals
    # 200 kg for 100 + 300 beneficiaries: fair shares 50 (pa) and 150 (pb); both got 100.
    assert totals.partners_due == 2
    assert totals.fair_share_deviation_sum_kg == 100.0  # |100 − 50| + |100 − 150|
    assert totals.fair_share_deviation_max_kg == 50.0
    assert totals.min_fill_rate == 0.6667  # pb: 100 / 150
    # kg per person 1.0 (×100 people) and 1/3 (×300): mean 0.5,
    # Σ w_i w_j |x_i − x_j| = 2 × 100 × 300 × 2/3 = 40 000; Gini = 40 000 / (2 × 400² × 0.5).
    assert totals.gini_kg_per_beneficiary == 0.25


def test_planned_vs_actual(make_record: MakeRecord) -> None:
    totals = build_report([make_record(DAY, _reports())], *MARCH).totals
    # Collected 35 + 22 = 57 kg against 60 planned.
    assert (totals.collected_kg, totals.collected_planned_kg) == (57.0, 60.0)
    assert totals.collected_gap_kg == -3.0
    # D2 skipped: 100 kg delivered of 200 planned, and D2's 100 kg count as undelivered.
    assert (totals.distributed_kg, totals.distributed_planned_kg) == (100.0, 200.0)
    assert totals.distributed_gap_kg == -100.0
    assert totals.lost_undelivered_kg == 100.0
    assert totals.lost_kg == 135.0  # 30 not collected + 5 expired + 100 undelivered
    # The chilled 22 kg kept 2 days: near expiry; meals 100 / 0.5.
    assert totals.near_expiry_rescued_kg == 22.0
    assert totals.meals == 200.0
    assert (totals.stops, totals.stops_reported, totals.stops_skipped) == (3, 3, 1)
    # Equity: 100 kg, fair 25 (pa) and 75 (pb), received 100 and 0.
    assert totals.fair_share_deviation_sum_kg == 150.0
    assert totals.min_fill_rate == 0.0
    # kg per person 1.0 and 0: mean 0.25; 2 × 100 × 300 × 1 / (2 × 400² × 0.25) = 0.75.
    assert totals.gini_kg_per_beneficiary == 0.75
    # The route was driven all the same.
    assert totals.distance_km == 20.0


def test_weeks_and_month(make_record: MakeRecord) -> None:
    records = [make_record(DAY), make_record(NEXT_WEEK, _reports())]
    weeks = build_report(records, *MARCH, group_by=[GroupBy.WEEK])
    assert [row.key for row in weeks.rows] == [{"week": "2025-W11"}, {"week": "2025-W12"}]
    first, second = (row.indicators for row in weeks.rows)
    assert (first.collected_kg, second.collected_kg) == (60.0, 57.0)
    assert (first.gini_kg_per_beneficiary, second.gini_kg_per_beneficiary) == (0.25, 0.75)
    assert (first.distance_km, second.distance_km) == (20.0, 20.0)
    month = build_report(records, *MARCH, group_by=[GroupBy.MONTH])
    (row,) = month.rows
    assert row.key == {"month": "2025-03"}
    assert row.indicators == month.totals
    # Over the month: pa got 100 + 100, pb 100 + 0 of 300 kg; fair 75 and 225.
    assert month.totals.fair_share_deviation_sum_kg == 250.0  # 125 + 125
    assert month.totals.min_fill_rate == 0.4444  # 100 / 225
    assert (month.totals.days, month.totals.distance_km) == (2, 40.0)


def test_window_keeps_only_its_days(make_record: MakeRecord) -> None:
    records = [make_record(DAY), make_record(NEXT_WEEK)]
    report = build_report(records, NEXT_WEEK, NEXT_WEEK)
    assert (report.totals.days, report.totals.collected_kg) == (1, 60.0)
    empty = build_report(records, dt.date(2025, 4, 1), dt.date(2025, 4, 30))
    assert (empty.totals.days, empty.totals.collected_kg, empty.totals.min_fill_rate) == (
        0,
        0.0,
        None,
    )


def test_by_category(make_record: MakeRecord) -> None:
    report = build_report([make_record(DAY)], *MARCH, group_by=[GroupBy.CATEGORY])
    rows = {row.key["category"]: row.indicators for row in report.rows}
    assert set(rows) == {"fruits_vegetables", "dairy", "bakery", "dry_groceries"}
    assert (rows["fruits_vegetables"].collected_kg, rows["fruits_vegetables"].lost_kg) == (40, 30)
    assert (rows["dairy"].collected_kg, rows["dairy"].distributed_kg) == (20.0, 40.0)
    assert rows["bakery"].lost_expired_kg == 5.0
    assert rows["dry_groceries"].distributed_kg == 160.0
    # A route carries every category at once: no transport, no equity by category.
    assert rows["dairy"].distance_km is None
    assert rows["dairy"].min_fill_rate is None


def test_by_source_temperature_and_commune(make_record: MakeRecord) -> None:
    record = make_record(DAY)
    sources = build_report([record], *MARCH, group_by=[GroupBy.SOURCE])
    rows = {row.key["source"]: row.indicators for row in sources.rows}
    assert (rows["supermarket"].collected_kg, rows["supermarket"].lost_expired_kg) == (60.0, 5.0)
    assert (rows["producer"].collected_kg, rows["producer"].lost_not_collected_kg) == (0.0, 30.0)
    classes = build_report([record], *MARCH, group_by=[GroupBy.TEMPERATURE])
    rows = {row.key["temperature"]: row.indicators for row in classes.rows}
    assert rows["chilled"].collected_kg == 20.0  # L2
    assert rows["chilled"].distributed_kg == 40.0  # L7
    assert rows["ambient"].collected_kg == 40.0  # L1 (L3 rejected)
    communes = build_report([record], *MARCH, group_by=[GroupBy.COMMUNE])
    rows = {row.key["commune"]: row.indicators for row in communes.rows}
    # Dijon: collected at shop (60), delivered to pa (100); Talant: pb (100); Quetigny: farm.
    assert (rows["Dijon"].collected_kg, rows["Dijon"].distributed_kg) == (60.0, 100.0)
    assert (rows["Talant"].distributed_kg, rows["Quetigny"].lost_not_collected_kg) == (100, 30)
    # Fair shares are the whole window's: pb's 150 against its 100.
    assert rows["Talant"].fair_share_deviation_sum_kg == 50.0
    assert rows["Talant"].min_fill_rate == 0.6667


def test_by_partner_and_month(make_record: MakeRecord) -> None:
    records = [make_record(DAY), make_record(NEXT_WEEK, _reports())]
    report = build_report(records, *MARCH, group_by=[GroupBy.MONTH, GroupBy.PARTNER])
    rows = {row.key["partner"]: row for row in report.rows}
    assert rows["pa"].key == {"month": "2025-03", "partner": "pa"}
    assert rows["pa"].indicators.distributed_kg == 200.0
    assert rows["pb"].indicators.distributed_kg == 100.0
    assert rows["pb"].indicators.distributed_planned_kg == 200.0
    assert rows["pb"].indicators.lost_undelivered_kg == 100.0
    assert rows["pb"].indicators.min_fill_rate == 0.4444  # 100 / 225
    assert rows["pa"].indicators.fair_share_deviation_max_kg == 125.0  # 200 − 75


def test_factors_override(make_record: MakeRecord) -> None:
    factors = load_factors({"meal_kg": 0.4, "vehicle_co2e_kg_per_km": {"van_3.5t": 0.6}})
    report = build_report([make_record(DAY)], *MARCH, factors=factors)
    assert report.totals.meals == 500.0  # 200 / 0.4
    assert report.totals.transport_co2e_kg == 12.0  # 20 × 0.6
    assert report.factors.version.endswith("+override")


def test_group_by_parsing() -> None:
    assert parse_group_by("month, category") == [GroupBy.MONTH, GroupBy.CATEGORY]
    assert parse_group_by(None) == []
    with pytest.raises(ValueError, match="at most one period"):
        parse_group_by("day,week")
    with pytest.raises(ValueError, match="'flavour' not understood"):
        parse_group_by("flavour")
    assert period_key(dt.date(2025, 12, 29), GroupBy.WEEK) == "2026-W01"
    assert period_key(DAY, GroupBy.YEAR) == "2025"


def test_to_before_from_is_refused(make_record: MakeRecord) -> None:
    with pytest.raises(ValueError, match="before"):
        build_report([], dt.date(2025, 3, 2), dt.date(2025, 3, 1))
