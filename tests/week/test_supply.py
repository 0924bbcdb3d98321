"""Donor food day by day: what a collection takes, what is lost, what waits for next week."""

from __future__ import annotations

import datetime as dt
from typing import Any

from optimizer.week import parse_week
from optimizer.week.supply import batches, collectable, collections, next_working_day

MON, TUE, WED, THU, FRI = (dt.date(2025, 6, 2) + dt.timedelta(days=i) for i in range(5))


def test_a_two_day_dlc_collected_on_friday_would_wait_until_monday(
    week_data: dict[str, Any],
) -> None:
    week = parse_week(week_data)
    dairy = {b.set_aside: b for b in batches(week, week.donors[0]) if b.kind == 0}
    assert next_working_day(week, FRI) == FRI + dt.timedelta(days=3)
    assert collectable(week, dairy[THU], THU)  # good on Friday, when it is handed on
    assert not collectable(week, dairy[THU], FRI)  # 1 day left: the day rule still allows it,
    assert not collectable(week, dairy[FRI], FRI)  # but Friday's food expires before Monday
    six_days = parse_week({**week_data, "days": ["mon", "tue", "wed", "thu", "fri", "sat"]})
    assert collectable(six_days, dairy[FRI], FRI)  # handed on on Saturday


def test_collections_take_what_is_still_good_and_count_the_rest(
    week_data: dict[str, Any],
) -> None:
    week = parse_week(week_data)
    result = collections(week, week.donors[0], [MON, WED, FRI])
    assert [b.set_aside for b in result.taken[MON]] == [MON, MON]
    assert {(b.set_aside, b.kind) for b in result.taken[WED]} == {(TUE, 0), (WED, 0)}
    # On Friday only the dry groceries: Thursday's and Friday's dairy would not last until
    # Monday, and no later collection of the week can take them.
    assert {(b.set_aside, b.kind) for b in result.taken[FRI]} == {(FRI, 1)}
    assert {(b.set_aside, b.kind) for b in result.expired} == {(THU, 0), (FRI, 0)}
    assert result.carried_over == []
    without_friday = collections(week, week.donors[0], [MON, WED])
    assert {(b.set_aside, b.kind) for b in without_friday.carried_over} == {(FRI, 1)}
