"""The plan from hand-made sequences: the checker's numbers, KPIs, and a reason (French and
English) for every job left out. Numbers of the tiny day are worked out in ``test_check.py``;
the detour of P1 into V1's route D → A → D (37.50 €) in ``test_insertion.py``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from optimizer.check import check_plan
from optimizer.context import Context
from optimizer.model import ClassKg
from optimizer.plan import (
    BackendResult,
    Improvement,
    Plan,
    RouteSequence,
    StopKind,
    Unassigned,
    UnassignedReason,
)
from optimizer.solving.assemble import assemble_plan

Document = dict[str, Any]
Factory = Callable[..., dict[str, Any]]
Build = Callable[[Document], Context]

ONLY_D1 = BackendResult("hand", [RouteSequence("V1", (("D1",),))], 0.0)


def assemble(ctx: Context, result: BackendResult = ONLY_D1) -> Plan:
    plan, evaluation = assemble_plan(ctx, result, seed=7)
    assert plan.feasible == evaluation.feasible
    report = check_plan(ctx.problem, plan)  # whatever we assemble, the checker agrees
    assert report.violations == [] or not plan.feasible
    return plan


def left_out(plan: Plan) -> Unassigned:
    (item,) = plan.unassigned
    assert item.job == "P1"
    return item


def test_full_plan_numbers_and_kpis(tiny_ctx: Context) -> None:
    result = BackendResult(
        "hand",
        [RouteSequence("V1", (("P1", "D1"),)), RouteSequence("V2", ())],
        1.23456,
        iterations=42,
        improvements=[Improvement(0.5, -700.004, True)],
    )
    plan = assemble(tiny_ctx, result)
    assert plan.feasible
    assert plan.problem_name == "tiny"
    assert plan.date.isoformat() == "2025-03-10"
    assert [r.vehicle for r in plan.routes] == ["V1"]  # empty sequences are not routes
    assert plan.unassigned == []
    assert plan.rejected_lots == []
    k = plan.kpis
    assert (k.vehicles_used, k.vehicles_available) == (1, 1)
    assert k.distance_km == 45.0
    assert k.duration_h == pytest.approx(3.083, abs=1e-3)  # 11100 s
    assert k.co2e_kg == 22.5
    assert k.picked_up_kg == ClassKg(ambient=60, chilled=40)
    assert k.delivered_kg == ClassKg(ambient=100)
    assert (k.pickups_served, k.pickups_offered) == (1, 1)
    assert (k.deliveries_served, k.deliveries_requested) == (1, 1)
    assert k.unassigned_kg == ClassKg()
    assert k.value_rescued_eur == pytest.approx(447.2)  # P1 only: 258 + 189.2
    assert plan.objective.total_eur == pytest.approx(-763.0333, abs=1e-4)
    assert plan.solver is not None
    assert (plan.solver.backend, plan.solver.runtime_s, plan.solver.seed) == ("hand", 1.235, 7)
    assert plan.solver.iterations == 42
    assert plan.solver.improvements == [(0.5, -700.0)]


def test_not_worth_the_detour(tiny_doc: Document, build: Build, lot: Factory) -> None:
    tiny_doc["pickups"][0]["lots"] = [lot("P1-crumbs", 1)]  # 1 kg × 4.3 €/kg
    item = left_out(assemble(build(tiny_doc)))
    assert item.reason is UnassignedReason.NOT_WORTH_DETOUR
    assert item.message_en == (
        "The detour to 'P1' costs more (37.50 €) than the food is worth (4.30 €)."
    )
    assert item.message_fr == (
        "Le détour pour « P1 » coûte plus (37.50 €) que la valeur des produits (4.30 €)."
    )
    assert (item.kind, item.site, item.required) == (StopKind.PICKUP, "S", False)
    assert item.kg == ClassKg(ambient=1)
    assert item.value_eur == 4.3


def test_expired(tiny_doc: Document, build: Build) -> None:
    tiny_doc["pickups"][0]["lots"][0]["date"] = "2025-03-09"  # DLC yesterday
    tiny_doc["pickups"][0]["lots"][1]["date"] = "2025-03-10"  # DLC today: too short
    plan = assemble(build(tiny_doc))
    item = left_out(plan)
    assert item.reason is UnassignedReason.EXPIRED
    assert item.message_en == (
        "Every lot of 'P1' is past its date or too close to it to be redistributed."
    )
    assert item.message_fr == (
        "Tous les produits de « P1 » sont périmés ou trop proches de leur date pour être "
        "redistribués."
    )
    assert item.kg == ClassKg()  # nothing usable
    assert [(r.lot, r.reason, r.kg) for r in plan.rejected_lots] == [
        ("P1-dry", "expired", 60),
        ("P1-yog", "too_short_to_redistribute", 40),
    ]
    assert plan.rejected_lots[0].message_en == "Lot 'P1-dry' of 'P1' is past its date (2025-03-09)."
    assert plan.rejected_lots[1].message_fr == (
        "Le lot « P1-yog » de « P1 » expire le 2025-03-10 : trop tôt pour être redistribué."
    )
    assert plan.kpis.rejected_kg == 100.0


def test_no_compatible_vehicle_compartment(tiny_doc: Document, build: Build, lot: Factory) -> None:
    tiny_doc["pickups"][0]["lots"].append(lot("P1-ice", 5, "frozen"))
    item = left_out(assemble(build(tiny_doc)))
    assert item.reason is UnassignedReason.NO_COMPATIBLE_VEHICLE
    assert item.message_en == "No available vehicle has a frozen compartment for 'P1'."
    assert item.message_fr == "Aucun véhicule disponible n'a de compartiment surgelé pour « P1 »."
    assert item.kg == ClassKg(ambient=60, chilled=40, frozen=5)


def test_no_compatible_vehicle_skill(tiny_doc: Document, build: Build) -> None:
    tiny_doc["sites"][1]["required_skills"] = ["tail_lift"]
    item = left_out(assemble(build(tiny_doc)))
    assert item.reason is UnassignedReason.NO_COMPATIBLE_VEHICLE
    assert item.message_en == "No available vehicle has the equipment tail_lift for 'P1'."
    assert item.message_fr == "Aucun véhicule disponible n'a l'équipement tail_lift pour « P1 »."


def test_no_compatible_vehicle_both(tiny_doc: Document, build: Build, lot: Factory) -> None:
    tiny_doc["sites"][1]["required_skills"] = ["tail_lift"]
    tiny_doc["pickups"][0]["lots"].append(lot("P1-ice", 5, "frozen"))
    item = left_out(assemble(build(tiny_doc)))
    assert item.message_en == (
        "No available vehicle has a frozen compartment + the equipment tail_lift for 'P1'."
    )


def test_capacity(tiny_doc: Document, build: Build) -> None:
    tiny_doc["vehicles"][0]["capacity_kg"]["chilled"] = 30  # P1 brings 40 kg chilled
    item = left_out(assemble(build(tiny_doc)))
    assert item.reason is UnassignedReason.CAPACITY
    assert item.message_en == "'P1' (100.0 kg) exceeds the capacity of every compatible vehicle."
    assert item.message_fr == (
        "« P1 » (100.0 kg) dépasse la capacité de tous les véhicules compatibles."
    )


def test_window_unreachable(tiny_doc: Document, build: Build) -> None:
    # S closes at 07:00 but the shift starts at 07:00 and S is 10 min loading + 15 min away.
    tiny_doc["sites"][1]["time_windows"] = [{"start": "06:00", "end": "07:00"}]
    item = left_out(assemble(build(tiny_doc)))
    assert item.reason is UnassignedReason.TIME_WINDOW_UNREACHABLE
    assert item.message_en == (
        "No vehicle can reach 'P1' within its opening hours and be back before its shift ends."
    )
    assert item.message_fr == (
        "Aucun véhicule ne peut atteindre « P1 » dans ses horaires et revenir avant la fin de "
        "service."
    )


def test_no_room_in_routes(tiny_doc: Document, build: Build) -> None:
    tiny_doc["vehicles"][0]["max_duration_min"] = 120  # D1 alone 80 min, with P1 185 min
    item = left_out(assemble(build(tiny_doc)))
    assert item.reason is UnassignedReason.NO_ROOM_IN_ROUTES
    assert item.message_en == "No room or time left in the routes for 'P1'."
    assert item.message_fr == "Plus de place ni de temps dans les tournées pour « P1 »."


def test_max_distance_reason(tiny_doc: Document, build: Build) -> None:
    # D → S → D is 20 km, more than the 15 km allowed; D1 alone (40 km) is left out too.
    tiny_doc["vehicles"][0]["max_distance_km"] = 15
    plan = assemble(build(tiny_doc), BackendResult("hand", [], 0.0))
    by_job = {u.job: u for u in plan.unassigned}
    assert by_job["P1"].reason is UnassignedReason.MAX_DISTANCE
    assert by_job["P1"].message_en == (
        "No vehicle can serve 'P1' within its maximum distance: the shortest route serving it "
        "is 20.0 km."
    )
    assert by_job["P1"].message_fr == (
        "Aucun véhicule ne peut servir « P1 » sans dépasser sa distance maximale : la tournée "
        "la plus courte qui le sert fait 20.0 km."
    )
    assert by_job["D1"].reason is UnassignedReason.MAX_DISTANCE


def test_max_distance_leaves_no_room(tiny_doc: Document, build: Build) -> None:
    # D1 alone is 40 km, P1 alone 20 km, both together 45 km: one of them fits in 42 km.
    tiny_doc["vehicles"][0]["max_distance_km"] = 42
    item = left_out(assemble(build(tiny_doc)))
    assert (item.job, item.reason) == ("P1", UnassignedReason.NO_ROOM_IN_ROUTES)


def test_max_duration_reason(tiny_doc: Document, build: Build) -> None:
    tiny_doc["vehicles"][0]["max_duration_min"] = 40  # P1 alone: 10 + 15 + 5 + 15 = 45 min
    plan = assemble(build(tiny_doc), BackendResult("hand", [], 0.0))
    by_job = {u.job: u for u in plan.unassigned}
    assert by_job["P1"].reason is UnassignedReason.MAX_DURATION
    assert by_job["P1"].message_fr == (
        "Aucun véhicule ne peut servir « P1 » sans dépasser la durée maximale de sa tournée."
    )


def test_required_job_left_out_makes_an_infeasible_plan(tiny_ctx: Context) -> None:
    plan = assemble(tiny_ctx, BackendResult("hand", [RouteSequence("V1", (("P1",),))], 0.0))
    assert plan.feasible is False
    (item,) = plan.unassigned
    assert (item.job, item.required, item.kind) == ("D1", True, StopKind.DELIVERY)
    assert item.kg == ClassKg(ambient=100)
    assert plan.kpis.unassigned_kg == ClassKg(ambient=100)
    assert (plan.kpis.deliveries_served, plan.kpis.deliveries_requested) == (0, 1)
    # An honest infeasible plan: the checker finds the missing delivery, no mismatch.
    assert [v.code.value for v in check_plan(tiny_ctx.problem, plan).violations] == [
        "required_job_unserved"
    ]
