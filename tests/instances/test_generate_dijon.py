"""The bundled Dijon day: reproducible byte for byte, valid, and shaped as its docstring says."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from optimizer.check import evaluate_route
from optimizer.context import Context
from optimizer.model import TEMPERATURE_CLASSES, Problem, SiteKind
from optimizer.model.food import LotRejection, rejection
from optimizer.plan import RouteSequence
from optimizer.read.documents import load_problem
from optimizer.units import parse_clock

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "instances" / "dijon-200.json"


def _generator() -> ModuleType:
    """The script is not part of the package: load it from its file."""
    spec = importlib.util.spec_from_file_location(
        "generate_dijon", ROOT / "instances" / "generate_dijon.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


generator = _generator()


@pytest.fixture(scope="module")
def problem() -> Problem:
    return load_problem(COMMITTED)


def test_regenerating_gives_the_committed_file_byte_for_byte(tmp_path: Path) -> None:
    target = tmp_path / "dijon-200.json"
    assert generator.main(["generate_dijon.py", str(target)]) == 0
    assert target.read_bytes() == COMMITTED.read_bytes()


def test_counts_of_sites_jobs_and_vehicles(problem: Problem) -> None:
    kinds = Counter(site.kind for site in problem.sites)
    assert kinds == {SiteKind.DEPOT: 1, SiteKind.DONOR: 40, SiteKind.PARTNER: 160}
    assert len(problem.pickups) == 40
    assert len(problem.deliveries) == 160
    assert all(delivery.required for delivery in problem.deliveries)
    assert [p.id for p in problem.pickups if p.required] == ["pickup-01", "pickup-02"]
    assert problem.settings.time_limit_s == 45
    assert problem.travel.kind == "haversine"


def test_fleet_mix_and_emission_factors(problem: Problem) -> None:
    types = Counter(v.type for v in problem.vehicles)
    assert types == {"truck_19t_refrigerated": 5, "truck_12t": 3, "van_3.5t": 4}
    factors = {v.type: v.co2e_kg_per_km for v in problem.vehicles}
    assert factors == {"truck_19t_refrigerated": 1.03, "truck_12t": 0.76, "van_3.5t": 0.51}
    refrigerated = [v for v in problem.vehicles if v.type == "truck_19t_refrigerated"]
    assert all(v.capacity_kg.frozen > 0 and "tail_lift" in v.skills for v in refrigerated)
    assert sum(1 for v in problem.vehicles if v.max_reloads == 1) == 8
    for vehicle in problem.vehicles:
        assert parse_clock("06:30") <= vehicle.shift_start <= parse_clock("08:00")
        assert vehicle.shift_end - vehicle.shift_start <= 8 * 3600


def test_sites_are_in_cote_dor_within_60_km_of_dijon(problem: Problem) -> None:
    names = {place.name for place in generator.places()}
    assert not names & generator.OUTSIDE_COTE_DOR
    for site in problem.sites:
        assert site.commune in names | {"Dijon"}
        assert generator.haversine_km(generator.DIJON, (site.lat, site.lon)) < 63
    donors = [s for s in problem.sites if s.kind is SiteKind.DONOR]
    urban = [s for s in donors if generator.haversine_km(generator.DIJON, (s.lat, s.lon)) < 12]
    assert len(urban) >= 30


def test_every_excluded_place_is_really_near_dijon() -> None:
    """The exclusion list names places of the source, so it cannot silently go stale."""
    near = {
        c["name"]
        for c in generator.cities().values()
        if c["countrycode"] == "FR"
        and generator.haversine_km(generator.DIJON, (c["latitude"], c["longitude"]))
        <= generator.RADIUS_KM
    }
    assert generator.OUTSIDE_COTE_DOR.issubset(near)


def test_donations_and_rejected_lots(problem: Problem) -> None:
    ctx = Context(problem)
    rejected: dict[str, LotRejection] = {
        lot.id: reason
        for job in problem.jobs
        for lot in job.lots
        if (reason := rejection(lot, job, problem.date, problem.settings)) is not None
    }
    assert sorted(rejected.values()) == [
        LotRejection.EXPIRED,
        LotRejection.EXPIRED,
        LotRejection.TOO_SHORT_TO_REDISTRIBUTE,
    ]
    assert ctx.food["pickup-40"].lots == ()
    for pickup in problem.pickups[:-1]:
        assert 25 <= ctx.food[pickup.id].kg <= 150, pickup.id
        assert 2 <= len(ctx.food[pickup.id].lots) <= 5
    chilled = [
        lot
        for pickup in problem.pickups
        for lot in ctx.food[pickup.id].lots
        if lot.temperature.value == "chilled"
    ]
    assert chilled and all(1 <= (lot.date - problem.date).days <= 3 for lot in chilled if lot.date)


def test_kilograms_per_class(problem: Problem) -> None:
    delivered = dict.fromkeys(TEMPERATURE_CLASSES, 0.0)
    for delivery in problem.deliveries:
        for lot in delivery.lots:
            delivered[lot.temperature] += lot.kg
    kg = {k.value: round(v) for k, v in delivered.items()}
    assert kg == {"ambient": 10598, "chilled": 2056, "frozen": 430}
    for klass in TEMPERATURE_CLASSES:
        fleet = sum(v.capacity_kg.get(klass) for v in problem.vehicles)
        assert delivered[klass] <= 0.5 * fleet, klass  # one trip of each vehicle is enough


def test_windows_are_as_documented(problem: Problem) -> None:
    donor_windows = Counter(
        (w.start, w.end) for s in problem.sites if s.kind is SiteKind.DONOR for w in s.time_windows
    )
    assert set(donor_windows) == {
        (parse_clock("07:00"), parse_clock("11:00")),
        (parse_clock("08:00"), parse_clock("10:00")),
    }
    partners = [s for s in problem.sites if s.kind is SiteKind.PARTNER]
    assert sum(1 for s in partners if len(s.time_windows) == 2) >= 5
    for site in partners:
        assert parse_clock("07:30") <= site.time_windows[0].start
        assert site.time_windows[-1].end <= parse_clock("14:30")
        if any(w.start >= parse_clock("10:00") for w in site.time_windows):  # late: near only
            assert generator.haversine_km(generator.DIJON, (site.lat, site.lon)) < 15
    tail_lift = [s for s in partners if s.required_skills == ["tail_lift"]]
    assert 10 <= len(tail_lift) <= 35


def test_every_job_alone_fits_some_vehicle(problem: Problem) -> None:
    ctx = Context(problem)
    alone_infeasible = [
        job.id
        for job in problem.jobs
        if all(
            evaluate_route(ctx, RouteSequence(v.id, ((job.id,),))).violations
            for v in problem.vehicles
        )
    ]
    assert alone_infeasible == ["pickup-40"]  # nothing left to move: every lot is past its DLC


@pytest.mark.slow
def test_pyvrp_serves_every_delivery_feasibly_in_3_s(problem: Problem) -> None:
    from optimizer.backends.base import SolveOptions
    from optimizer.check import check_plan
    from optimizer.plan import UnassignedReason
    from optimizer.solving.solve import solve

    plan, evaluation = solve(
        problem, "pyvrp", SolveOptions(time_limit_s=120, seed=1, max_iterations=200)
    )

    assert check_plan(problem, plan).feasible
    assert plan.kpis.deliveries_served == 160
    assert {"pickup-01", "pickup-02"} <= evaluation.served
    expired = [u.job for u in plan.unassigned if u.reason is UnassignedReason.EXPIRED]
    assert expired == ["pickup-40"]
    assert plan.kpis.pickups_served >= 20
    assert len(plan.rejected_lots) == 3
