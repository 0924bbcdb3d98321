"""The day assignment: allowed days, frequencies and gaps always; the same answer every run."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from optimizer.week import Weekday, fixed_calendar, optimised_calendar, parse_week
from optimizer.week.days import day_problems, week_matrix


def test_the_optimised_calendar_keeps_every_rule(week_data: dict[str, Any]) -> None:
    week_data["vehicles"][0]["days"] = ["mon", "tue", "thu", "fri"]  # nobody drives on Wednesday
    week_data["partners"][5]["usual_days"] = ["thu"]
    week = parse_week(week_data)
    calendar = optimised_calendar(week, week_matrix(week))
    for partner in week.partners:
        dates = calendar.partners[partner.site]
        assert len(dates) == week.visits_this_week(partner)
        assert all(Weekday.of(d) in partner.allowed_days for d in dates)
        assert all(d.weekday() != 2 for d in dates)
        gaps = [(b - a).days for a, b in itertools.pairwise(dates)]
        assert all(gap >= partner.min_days_between for gap in gaps)
    for donor in week.donors:
        assert len(calendar.donors[donor.site]) == donor.collections
    assert calendar == optimised_calendar(week, week_matrix(week))


def test_the_optimised_calendar_rescues_at_least_what_the_usual_days_do(
    week_data: dict[str, Any],
) -> None:
    week = parse_week(week_data)
    matrix = week_matrix(week)
    optimised = day_problems(week, optimised_calendar(week, matrix), 1)
    fixed = day_problems(week, fixed_calendar(week), 1)
    lost = sum(b.kg for b in optimised.expired)
    assert lost <= sum(b.kg for b in fixed.expired)
    # shop-a on mon, wed, fri loses Thursday's and Friday's dairy (50 kg); the model avoids it.
    assert sum(b.kg for b in fixed.expired if b.donor == "shop-a") == 50
    assert lost < 50


def test_the_fixed_calendar_moves_a_holiday_visit_to_the_next_free_allowed_day(
    week_data: dict[str, Any],
) -> None:
    week_data["holidays"] = ["2025-06-02"]  # Whit Monday
    week = parse_week(week_data)
    calendar = fixed_calendar(week)
    tue, wed, thu, fri = (dt.date(2025, 6, d) for d in (3, 4, 5, 6))
    assert calendar.partners["north-2"] == (wed,)  # usual Monday, allowed mon/wed/fri
    assert calendar.partners["north-1"] == (tue, fri)  # its usual days
    assert calendar.partners["east-1"] == (tue, thu)  # no usual days: the first, 2 days apart
    assert calendar.donors["shop-a"] == (tue, wed, fri)
    assert dt.date(2025, 6, 2) not in day_problems(week, calendar, 1).problems
