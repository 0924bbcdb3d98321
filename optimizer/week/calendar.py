"""Which partner is delivered and which donor is collected on which day of the week.

Two calendars on the same data:

- :func:`fixed_calendar`, today's hand calendar: each partner and donor on its usual days (or
  its first allowed days), a day nobody works moved to the next free allowed day;
- :func:`optimised_calendar`, a CP-SAT model on estimated costs. Hard: allowed days, days some
  vehicle works, visits and collections per week, days between visits. Objective, in €:

  - minus the value of donor food rescued (a batch is rescued when some collection day can take
    it: :mod:`optimizer.week.supply`);
  - minus the savings of stops served on the same day as their nearest neighbours
    (Clarke-Wright savings ``d(0,a) + d(0,b) − d(a,b)`` × €/m, for each stop's
    :data:`NEIGHBOURS` nearest), so that a day's stops form clusters a route can chain;
  - plus a cost on the busiest day's estimated work relative to its drivers' hours, so that the
    volume is spread over the days the fleet works, and a cost per second of estimated work
    beyond :data:`DAY_FILL` of a day's hours.

The search is bounded in *deterministic* time (``max_deterministic_time``) on one worker, so the
calendar is the same on any machine.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from optimizer.errors import ProblemError
from optimizer.matrix import TravelMatrix
from optimizer.messages import message
from optimizer.model import SiteKind
from optimizer.week.model import Weekday, WeekProblem
from optimizer.week.supply import batches, collectable
from optimizer.week.validation import open_dates

NEIGHBOURS = 5
DAY_FILL = 0.8
"""Share of a day's driver hours the estimate may fill before each extra second costs."""
OVERLOAD_EUR_PER_S = 0.05
PEAK_EUR_PER_PERMILLE = 2.0
"""€ per thousandth of the busiest day's fill: 1 % more on the busiest day costs 20 €."""
EUR_SCALE = 100
"""The model's integer unit: cents."""


@dataclass(frozen=True)
class Calendar:
    """The dates of each partner's deliveries and each donor's collections."""

    source: str
    partners: dict[str, tuple[dt.date, ...]]
    donors: dict[str, tuple[dt.date, ...]]
    solver: dict[str, float | str] = field(default_factory=dict)

    def partners_on(self, day: dt.date) -> list[str]:
        return [site for site, dates in self.partners.items() if day in dates]

    def donors_on(self, day: dt.date) -> list[str]:
        return [site for site, dates in self.donors.items() if day in dates]

    def moved(self, site: str, old: dt.date, new: dt.date) -> Calendar:
        """The same calendar with one of ``site``'s deliveries moved from ``old`` to ``new``."""
        partners = dict(self.partners)
        partners[site] = tuple(sorted(new if d == old else d for d in partners[site]))
        return Calendar("optimised", partners, self.donors, self.solver)


def _spread(dates: list[dt.date], wanted: list[dt.date], count: int, gap: int) -> list[dt.date]:
    """Usual days first, a day nobody works replaced by the next free possible one."""
    chosen: list[dt.date] = []
    for day in wanted:
        options = [d for d in dates if d >= day] + [d for d in dates if d < day]
        for option in options:
            if option not in chosen:
                chosen.append(option)
                break
    for day in dates:
        if len(chosen) >= count:
            break
        if day not in chosen and all(abs((day - c).days) >= gap for c in chosen):
            chosen.append(day)
    return sorted(chosen[:count])


def fixed_calendar(week: WeekProblem) -> Calendar:
    """Today's calendar: usual days, or the first allowed days, moved off the days not worked."""
    partners = {}
    for partner in week.partners:
        count = week.visits_this_week(partner)
        dates = open_dates(week, partner.allowed_days)
        usual = [week.date_of(d) for d in partner.usual_days]
        partners[partner.site] = tuple(_spread(dates, usual, count, partner.min_days_between))
    donors = {}
    for donor in week.donors:
        dates = open_dates(week, donor.allowed_days)
        usual = [week.date_of(d) for d in donor.usual_days]
        donors[donor.site] = tuple(_spread(dates, usual, donor.collections, 1))
    return Calendar("fixed", partners, donors)


@dataclass
class _Stop:
    site: str
    kind: SiteKind
    dates: list[dt.date]
    work_s: int
    required: int
    """Visits this week (exact)."""
    gap: int = 1


def _stops(week: WeekProblem, matrix: TravelMatrix) -> list[_Stop]:
    sites = {s.id: s for s in week.sites}
    stops = []
    for partner in week.partners:
        kg = week.need_per_visit_kg(partner).total
        stops.append(
            _Stop(
                partner.site,
                SiteKind.PARTNER,
                open_dates(week, partner.allowed_days),
                _work_s(week, matrix, partner.site, kg, sites[partner.site]),
                week.visits_this_week(partner),
                partner.min_days_between,
            )
        )
    for donor in week.donors:
        kg = sum(b.kg for b in batches(week, donor)) / max(donor.collections, 1)
        stops.append(
            _Stop(
                donor.site,
                SiteKind.DONOR,
                open_dates(week, donor.allowed_days),
                _work_s(week, matrix, donor.site, kg, sites[donor.site]),
                donor.collections,
            )
        )
    return stops


def _work_s(week: WeekProblem, matrix: TravelMatrix, site_id: str, kg: float, site: object) -> int:
    """A stop's estimated share of a route: its service and handling, and twice the drive from
    its nearest other site (the legs a route spends on it)."""
    service = getattr(site, "service_min", 0.0) * 60 + getattr(site, "service_s_per_kg", 0.0) * kg
    others = [s.id for s in week.sites if s.id != site_id and s.kind is not SiteKind.DEPOT]
    nearest = min((matrix.duration(site_id, o) for o in others), default=0)
    return round(service + 2 * nearest)


def _hours_s(week: WeekProblem, day: dt.date) -> int:
    total = 0
    for vehicle in week.vehicles:
        if day not in week.vehicle_dates(vehicle):
            continue
        window = vehicle.hours.get(Weekday.of(day))
        start, end = (
            (window.start, window.end) if window else (vehicle.shift_start, vehicle.shift_end)
        )
        total += end - start
    return total


def _euro_per_m(week: WeekProblem) -> float:
    return sum(v.cost_per_km for v in week.vehicles) / len(week.vehicles) / 1000


def _depot(week: WeekProblem) -> str:
    return week.vehicles[0].depot


def optimised_calendar(week: WeekProblem, matrix: TravelMatrix) -> Calendar:
    """The CP-SAT calendar (see the module's docstring). Raises :class:`ProblemError` if no
    calendar meets the hard rules (the validation catches the usual causes first)."""
    model = cp_model.CpModel()
    dates = week.working_dates()
    stops = _stops(week, matrix)
    visit: dict[tuple[str, dt.date], cp_model.IntVar] = {}
    for stop in stops:
        for day in stop.dates:
            visit[stop.site, day] = model.new_bool_var(f"v[{stop.site},{day}]")
        model.add(sum(visit[stop.site, d] for d in stop.dates) == stop.required)
        for a in stop.dates:
            for b in stop.dates:
                if a < b and (b - a).days < stop.gap:
                    model.add_bool_or([visit[stop.site, a].Not(), visit[stop.site, b].Not()])
    gains = _rescue_terms(week, model, visit)
    gains += _cluster_terms(week, matrix, model, visit, stops)
    costs = _load_terms(week, model, visit, stops, dates)
    model.maximize(sum(gains) - sum(costs))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = week.settings.seed
    solver.parameters.max_deterministic_time = week.week.assignment_time_limit_s
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise ProblemError.single("partners", message("week.error.no_assignment", "fr"))
    chosen: dict[str, list[dt.date]] = {s.site: [] for s in stops}
    for (site, day), var in visit.items():
        if solver.value(var):
            chosen[site].append(day)
    kinds = {s.site: s.kind for s in stops}
    info: dict[str, float | str] = {
        "status": solver.status_name(status),
        "objective_eur": round(solver.objective_value / EUR_SCALE, 2),
        "bound_eur": round(solver.best_objective_bound / EUR_SCALE, 2),
        "deterministic_time": round(solver.deterministic_time, 2),
    }
    return Calendar(
        "optimised",
        {s: tuple(sorted(d)) for s, d in chosen.items() if kinds[s] is SiteKind.PARTNER},
        {s: tuple(sorted(d)) for s, d in chosen.items() if kinds[s] is SiteKind.DONOR},
        info,
    )


def _rescue_terms(
    week: WeekProblem,
    model: cp_model.CpModel,
    visit: dict[tuple[str, dt.date], cp_model.IntVar],
) -> list[cp_model.LinearExpr]:
    """A batch is worth its value when some chosen collection day can take it."""
    terms = []
    values = week.settings.value_eur_per_kg
    for donor in week.donors:
        for batch in batches(week, donor):
            days = [
                var
                for (site, day), var in visit.items()
                if site == donor.site and collectable(week, batch, day)
            ]
            if not days:
                continue
            rescued = model.new_bool_var(f"r[{batch.id}]")
            model.add(rescued <= sum(days))
            worth = round(batch.kg * values.get(batch.category, 0.0) * EUR_SCALE)
            terms.append(worth * rescued)
    return terms


def _cluster_terms(
    week: WeekProblem,
    matrix: TravelMatrix,
    model: cp_model.CpModel,
    visit: dict[tuple[str, dt.date], cp_model.IntVar],
    stops: list[_Stop],
) -> list[cp_model.LinearExpr]:
    """Savings of serving a stop on the same day as one of its nearest neighbours."""
    depot = _depot(week)
    per_m = _euro_per_m(week)
    terms = []
    done: set[tuple[str, str]] = set()
    for stop in stops:
        others = sorted(
            (o for o in stops if o.site != stop.site),
            key=lambda o: matrix.distance(stop.site, o.site),
        )
        for other in others[:NEIGHBOURS]:
            pair = (min(stop.site, other.site), max(stop.site, other.site))
            if pair in done:
                continue
            done.add(pair)
            saving_m = (
                matrix.distance(depot, stop.site)
                + matrix.distance(depot, other.site)
                - matrix.distance(stop.site, other.site)
            )
            worth = round(saving_m * per_m * EUR_SCALE)
            if worth <= 0:
                continue
            for day in _common(stop.dates, other.dates):
                together = model.new_bool_var(f"t[{pair},{day}]")
                model.add(together <= visit[stop.site, day])
                model.add(together <= visit[other.site, day])
                terms.append(worth * together)
    return terms


def _common(a: Iterable[dt.date], b: Iterable[dt.date]) -> list[dt.date]:
    return sorted(set(a) & set(b))


def _load_terms(
    week: WeekProblem,
    model: cp_model.CpModel,
    visit: dict[tuple[str, dt.date], cp_model.IntVar],
    stops: list[_Stop],
    dates: list[dt.date],
) -> list[cp_model.LinearExpr]:
    """Costs of the busiest day's fill and of work beyond a day's share of its drivers' hours."""
    peak = model.new_int_var(0, 100_000, "peak_permille")
    terms: list[cp_model.LinearExpr] = [round(PEAK_EUR_PER_PERMILLE * EUR_SCALE) * peak]
    for day in dates:
        hours = _hours_s(week, day)
        work = [s.work_s * visit[s.site, day] for s in stops if (s.site, day) in visit]
        if not work or hours <= 0:
            continue
        load = sum(work)
        # peak ≥ 1000 × load / hours, written without division: 1000 × load ≤ hours × peak.
        model.add(1000 * load <= hours * peak)
        limit = math.floor(DAY_FILL * hours)
        over = model.new_int_var(0, sum(s.work_s for s in stops), f"over[{day}]")
        model.add(over >= load - limit)
        terms.append(round(OVERLOAD_EUR_PER_S * EUR_SCALE) * over)
    return terms


def calendar_document(calendar: Calendar) -> dict[str, Any]:
    """The calendar as JSON, to keep it between the steps of a week run on several workers."""
    return {
        "source": calendar.source,
        "partners": {
            site: [d.isoformat() for d in dates] for site, dates in calendar.partners.items()
        },
        "donors": {site: [d.isoformat() for d in dates] for site, dates in calendar.donors.items()},
        "solver": dict(calendar.solver),
    }


def calendar_from_document(document: dict[str, Any]) -> Calendar:
    """The calendar back from :func:`calendar_document`."""

    def dates(group: dict[str, list[str]]) -> dict[str, tuple[dt.date, ...]]:
        return {site: tuple(dt.date.fromisoformat(d) for d in days) for site, days in group.items()}

    return Calendar(
        str(document["source"]),
        dates(document["partners"]),
        dates(document["donors"]),
        dict(document.get("solver", {})),
    )
