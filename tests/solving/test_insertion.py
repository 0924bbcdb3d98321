"""Cheapest feasible insertion, judged by the checker, on the tiny day.

Inserting P1 (at S) into V1's route D → A (D1) → D, worked out by hand:

    base route   D → A → D, 40 km; leaves as late as possible: at A 10:00 sharp, so loads
                 09:20–09:30 and is back at 10:40: 4800 s. 30 + 0.5 × 40 + 20 × 4800/3600
                 = 76.6667 €
    before A     D → S → A → D: the tiny route, 45 km, 11100 s: 114.1667 €
                 extra 37.5 € = 0.5 €/km × 5 km + 20 €/h × 6300 s
    after A      D → A → S → D: at S at 10:30, after its 08:00 close: infeasible
    alone        D → S → D (no route yet): 30 + 0.5 × 20 + 20 × 2700/3600 = 55 €
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from optimizer.context import Context
from optimizer.plan import RouteSequence
from optimizer.solving.insertion import (
    Insertion,
    best_insertion,
    compatible,
    insert_profitable,
    insert_required,
)

Document = dict[str, Any]
Factory = Callable[..., dict[str, Any]]
Build = Callable[[Document], Context]

ONLY_D1 = [RouteSequence("V1", (("D1",),))]


def test_compatible_checks_skills_compartments_and_payload(
    tiny_doc: Document, build: Build, vehicle: Factory
) -> None:
    tiny_doc["vehicles"] = [
        vehicle("ok"),
        vehicle("small", capacity_kg={"ambient": 500, "chilled": 39}),
        vehicle("light", payload_kg=99),
        vehicle("dry", capacity_kg={"ambient": 500}),
    ]
    tiny_doc["sites"][2]["required_skills"] = ["tail_lift"]
    ctx = build(tiny_doc)
    by_id = {v.id: v for v in ctx.problem.vehicles}
    # P1: 60 kg ambient + 40 kg chilled = 100 kg
    assert [v for v in by_id if compatible(ctx, by_id[v], "P1")] == ["ok"]
    # D1 needs a tail lift nobody has
    assert not any(compatible(ctx, v, "D1") for v in ctx.problem.vehicles)


def test_best_insertion_into_an_existing_route(tiny_ctx: Context) -> None:
    insertion = best_insertion(tiny_ctx, ONLY_D1, "P1")
    assert insertion is not None
    assert (insertion.vehicle, insertion.trip, insertion.position) == ("V1", 0, 0)
    assert insertion.extra_cost_eur == pytest.approx(37.5)
    assert insertion.delivery_position is None


def test_best_insertion_into_an_unused_vehicle(tiny_ctx: Context) -> None:
    insertion = best_insertion(tiny_ctx, [], "P1")
    assert insertion is not None
    assert (insertion.vehicle, insertion.trip, insertion.position) == ("V1", 0, 0)
    assert insertion.extra_cost_eur == pytest.approx(55.0)


def test_cheaper_second_vehicle_wins(tiny_doc: Document, build: Build, vehicle: Factory) -> None:
    tiny_doc["vehicles"].append(vehicle("V2", fixed_cost=0.0, cost_per_hour=0.0))
    insertion = best_insertion(build(tiny_doc), ONLY_D1, "P1")
    assert insertion is not None
    # V2 alone: 0.5 €/km × 20 km = 10 € < 37.5 € in V1's route
    assert insertion.vehicle == "V2"
    assert insertion.extra_cost_eur == pytest.approx(10.0)


def test_budget_prunes_detours_whose_distance_alone_is_too_dear(tiny_ctx: Context) -> None:
    # The distance bound of the only feasible position is 2.5 € (5 km × 0.5 €/km).
    assert best_insertion(tiny_ctx, ONLY_D1, "P1", budget_eur=2.5) is None
    found = best_insertion(tiny_ctx, ONLY_D1, "P1", budget_eur=2.6)
    assert found is not None
    assert found.extra_cost_eur == pytest.approx(37.5)  # the budget prunes, it does not cap


def test_no_feasible_place(tiny_doc: Document, build: Build) -> None:
    tiny_doc["vehicles"][0]["max_duration_min"] = 120  # D1 alone 80 min, both 185 min
    assert best_insertion(build(tiny_doc), ONLY_D1, "P1") is None


def test_apply_inserts_or_opens_a_route() -> None:
    sequences = [RouteSequence("V1", (("a", "b"), ("c",))), RouteSequence("V2", (("d",),))]
    assert Insertion("V1", 1, 0, 0.0).apply(sequences, "x") == [
        RouteSequence("V1", (("a", "b"), ("x", "c"))),
        RouteSequence("V2", (("d",),)),
    ]
    assert Insertion("V3", 0, 0, 0.0).apply(sequences, "x")[-1] == RouteSequence("V3", (("x",),))
    assert sequences[0].trips == (("a", "b"), ("c",))  # the input is left alone


def test_insert_profitable_adds_valuable_pickups(tiny_ctx: Context) -> None:
    # P1 is worth 447.2 € (258 + 189.2) for a 37.5 € detour.
    assert insert_profitable(tiny_ctx, ONLY_D1) == [RouteSequence("V1", (("P1", "D1"),))]


def test_insert_profitable_leaves_cheap_food(
    tiny_doc: Document, build: Build, lot: Factory
) -> None:
    tiny_doc["pickups"][0]["lots"] = [lot("P1-crumbs", 1)]  # 1 kg × 4.3 € < 37.5 €
    assert insert_profitable(build(tiny_doc), ONLY_D1) == ONLY_D1


def test_insert_profitable_most_valuable_first(
    tiny_doc: Document, build: Build, lot: Factory
) -> None:
    # Two pickups at S; the vehicle's shift leaves room for one more stop only.
    tiny_doc["pickups"].append(
        {"id": "P2", "site": "S", "lots": [lot("P2-dry", 200)]}  # 200 × 4.3 = 860 €
    )
    tiny_doc["sites"][1]["service_min"] = 30
    tiny_doc["sites"][1]["time_windows"] = [{"start": "07:30", "end": "07:45"}]
    ctx = build(tiny_doc)
    # S opens 07:30–07:45 and service lasts 30 min: the second pickup would start at 08:00.
    assert insert_profitable(ctx, ONLY_D1) == [RouteSequence("V1", (("P2", "D1"),))]


def test_insert_profitable_skips_required_and_expired(tiny_doc: Document, build: Build) -> None:
    for item in tiny_doc["pickups"][0]["lots"]:
        item["date"] = "2025-03-01"
    ctx = build(tiny_doc)
    assert insert_profitable(ctx, ONLY_D1) == ONLY_D1


def test_a_required_stop_left_out_is_inserted_where_it_fits(
    tiny_doc: Document, build: Build
) -> None:
    # P1 made required: the route D → A alone leaves it out; the only feasible place is before
    # A (after A, S is closed), at 37.5 € more, as the module docstring works out.
    tiny_doc["pickups"][0]["required"] = True
    ctx = build(tiny_doc)
    assert insert_required(ctx, ONLY_D1) == [RouteSequence("V1", (("P1", "D1"),))]


def test_a_required_stop_that_fits_nowhere_stays_out(tiny_doc: Document, build: Build) -> None:
    # With S open 06:00–07:00 only, P1 is out of reach: the shift starts at 07:00, loading takes
    # 10 min and S is 15 min away, so the earliest arrival is 07:25.
    tiny_doc["pickups"][0]["required"] = True
    tiny_doc["sites"][1]["time_windows"] = [{"start": "06:00", "end": "07:00"}]
    ctx = build(tiny_doc)
    assert insert_required(ctx, ONLY_D1) == ONLY_D1
