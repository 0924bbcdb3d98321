"""Checks across the week: references, frequencies the allowed days can meet, drivers with a day.

Every message is a French sentence from the message catalogue (``week.error.*``) that names the
partner, donor or driver, with the path of the field, so that ``foodroute plan-week`` exits 2
and the API answers 422 before any search starts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from optimizer.errors import InputIssue, ProblemError
from optimizer.messages import message
from optimizer.model import Problem, SiteKind, Vehicle

if TYPE_CHECKING:
    from optimizer.week.model import (
        DonorCollections,
        PartnerVisits,
        Weekday,
        WeekProblem,
        WeekVehicle,
    )

LANGUAGE = "fr"


def _say(key: str, **values: object) -> str:
    return message(f"week.error.{key}", LANGUAGE, **values)


def day_names(days: list[Weekday] | list[dt.date]) -> str:
    """``mardi, vendredi``: weekdays or dates as a planner reads them."""
    from optimizer.week.model import Weekday

    names = []
    for day in days:
        index = day.weekday() if isinstance(day, dt.date) else Weekday(day).position
        names.append(message(f"weekday.{index}", LANGUAGE))
    return ", ".join(names) or "—"


def week_issues(week: WeekProblem) -> list[InputIssue]:
    """Everything wrong with the week as a whole, in the order of the document."""
    issues: list[InputIssue] = []
    if week.week_start.weekday() != 0:
        issues.append(InputIssue("week_start", _say("not_monday", date=week.week_start)))
    issues += _outside_week(week)
    issues += _day_problem_issues(week)
    issues += _vehicle_issues(week)
    issues += _site_issues(week)
    if not issues:
        issues += _frequency_issues(week)
    return issues


def _outside_week(week: WeekProblem) -> list[InputIssue]:
    end = week.week_start + dt.timedelta(days=6)
    return [
        InputIssue(f"holidays[{i}]", _say("holiday_outside", date=day))
        for i, day in enumerate(week.holidays)
        if not week.week_start <= day <= end
    ]


def _day_problem_issues(week: WeekProblem) -> list[InputIssue]:
    """The sites and vehicles as one day sees them: unique ids, depots that exist."""
    try:
        Problem(
            date=week.week_start,
            sites=week.sites,
            vehicles=[day_vehicle(v) for v in week.vehicles],
            travel=week.travel,
            settings=week.settings,
        )
    except ProblemError as error:
        return error.issues
    return []


def day_vehicle(vehicle: WeekVehicle, shift: tuple[int, int] | None = None) -> Vehicle:
    """The day vehicle of a week vehicle, with the day's shift if given (seconds)."""
    data = vehicle.model_dump(exclude={"driver", "days", "hours", "max_week_hours"})
    if shift is not None:
        data["shift_start"], data["shift_end"] = shift
    return Vehicle.model_validate(data)


def _vehicle_issues(week: WeekProblem) -> list[InputIssue]:
    issues = []
    for index, vehicle in enumerate(week.vehicles):
        path = f"vehicles[{index}]"
        if not week.vehicle_dates(vehicle):
            issues.append(
                InputIssue(
                    f"{path}.days",
                    _say(
                        "driver_without_day",
                        driver=vehicle.driver_name,
                        vehicle=vehicle.id,
                        days=day_names(vehicle.days),
                    ),
                )
            )
        for day, window in vehicle.hours.items():
            if window.end <= window.start:
                issues.append(
                    InputIssue(
                        f"{path}.hours.{day.value}",
                        _say("shift_empty", driver=vehicle.driver_name, day=day_names([day])),
                    )
                )
    return issues


def _site_issues(week: WeekProblem) -> list[InputIssue]:
    kinds = {site.id: site.kind for site in week.sites}
    issues = []
    groups: list[tuple[str, Sequence[PartnerVisits | DonorCollections], SiteKind]] = [
        ("partners", week.partners, SiteKind.PARTNER),
        ("donors", week.donors, SiteKind.DONOR),
    ]
    for field, entries, kind in groups:
        seen: set[str] = set()
        for index, entry in enumerate(entries):
            path = f"{field}[{index}]"
            if entry.site in seen:
                issues.append(InputIssue(f"{path}.site", _say("listed_twice", site=entry.site)))
            seen.add(entry.site)
            if kinds.get(entry.site) is not kind:
                key = "no_site" if entry.site not in kinds else f"not_{kind.value}"
                issues.append(InputIssue(f"{path}.site", _say(key, site=entry.site)))
            outside = [d for d in entry.allowed_days if d not in week.days]
            if outside:
                issues.append(
                    InputIssue(
                        f"{path}.allowed_days",
                        _say("day_not_worked", site=entry.site, days=day_names(outside)),
                    )
                )
            unusual = [d for d in entry.usual_days if d not in entry.allowed_days]
            if unusual:
                issues.append(
                    InputIssue(
                        f"{path}.usual_days",
                        _say("usual_not_allowed", site=entry.site, days=day_names(unusual)),
                    )
                )
    return issues


def open_dates(week: WeekProblem, allowed: list[Weekday]) -> list[dt.date]:
    """The planned dates among ``allowed`` on which some vehicle works."""
    from optimizer.week.model import Weekday

    fleet_days = {d for v in week.vehicles for d in week.vehicle_dates(v)}
    return [d for d in week.working_dates() if Weekday.of(d) in allowed and d in fleet_days]


def most_visits(dates: list[dt.date], min_days_between: int) -> int:
    """How many of ``dates`` can be chosen at least ``min_days_between`` days apart (greedy on
    sorted dates is optimal for this interval problem)."""
    chosen = 0
    last: dt.date | None = None
    for day in sorted(dates):
        if last is None or (day - last).days >= min_days_between:
            chosen += 1
            last = day
    return chosen


def _frequency_issues(week: WeekProblem) -> list[InputIssue]:
    issues = []
    for index, partner in enumerate(week.partners):
        wanted = week.visits_this_week(partner)
        dates = open_dates(week, partner.allowed_days)
        possible = most_visits(dates, partner.min_days_between)
        if possible < wanted:
            issues.append(
                InputIssue(
                    f"partners[{index}].visits",
                    _say(
                        "partner_frequency",
                        site=partner.site,
                        wanted=wanted,
                        days=day_names(dates),
                        gap=partner.min_days_between,
                        possible=possible,
                    ),
                )
            )
        if partner.usual_days and len(partner.usual_days) != wanted:
            issues.append(
                InputIssue(
                    f"partners[{index}].usual_days",
                    _say("usual_count", site=partner.site, wanted=wanted),
                )
            )
    for index, donor in enumerate(week.donors):
        dates = open_dates(week, donor.allowed_days)
        if len(dates) < donor.collections:
            issues.append(
                InputIssue(
                    f"donors[{index}].collections",
                    _say(
                        "donor_frequency",
                        site=donor.site,
                        wanted=donor.collections,
                        days=day_names(dates),
                        possible=len(dates),
                    ),
                )
            )
        if donor.usual_days and len(donor.usual_days) != donor.collections:
            issues.append(
                InputIssue(
                    f"donors[{index}].usual_days",
                    _say("usual_count", site=donor.site, wanted=donor.collections),
                )
            )
    return issues
