"""What ``foodroute plan-week`` writes: a folder per day (plan and its problem) and week.json.

``DIR/<date>/plan.json`` is the checked plan of the day, ``DIR/<date>/problem.json`` the day
problem it routes (``foodroute check DIR/<date>/problem.json DIR/<date>/plan.json`` verifies
it), and ``DIR/week.json`` the calendar, the moves tried and the week's summary.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from optimizer.week.improve import Move
from optimizer.week.model import Weekday
from optimizer.week.plan_week import WeekPlan
from optimizer.week.summary import WeekSummary

WEEK_RESULT_VERSION = "1.0"


class _Output(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CalendarDay(_Output):
    date: dt.date
    weekday: Weekday
    partners: list[str]
    donors: list[str]
    plan: str
    problem: str


class WeekResult(_Output):
    """The contents of week.json."""

    schema_version: str = WEEK_RESULT_VERSION
    name: str
    week_start: dt.date
    calendar: str
    assignment: dict[str, float | str]
    days: list[CalendarDay]
    moves: list[Move]
    summary: WeekSummary
    runtime_s: float


def week_result(result: WeekPlan) -> WeekResult:
    days = []
    for day in sorted(result.days):
        folder = day.isoformat()
        days.append(
            CalendarDay(
                date=day,
                weekday=Weekday.of(day),
                partners=result.calendar.partners_on(day),
                donors=result.calendar.donors_on(day),
                plan=f"{folder}/plan.json",
                problem=f"{folder}/problem.json",
            )
        )
    return WeekResult(
        name=result.week.name,
        week_start=result.week.week_start,
        calendar=result.calendar.source,
        assignment=result.calendar.solver,
        days=days,
        moves=list(result.moves),
        summary=result.summary,
        runtime_s=round(result.runtime_s, 1),
    )


def write_week_files(result: WeekPlan, out: Path) -> Path:
    """Write every day's plan and problem and week.json; return the path of week.json."""
    out.mkdir(parents=True, exist_ok=True)
    for day, day_result in result.days.items():
        folder = out / day.isoformat()
        folder.mkdir(exist_ok=True)
        (folder / "plan.json").write_text(day_result.plan.model_dump_json(indent=2), "utf-8")
        (folder / "problem.json").write_text(
            day_result.problem.model_dump_json(indent=2, exclude_defaults=True), "utf-8"
        )
    target = out / "week.json"
    target.write_text(week_result(result).model_dump_json(indent=2), encoding="utf-8")
    return target
