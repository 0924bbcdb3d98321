"""The agreement check between an allocation and a plan, on plans built from hand-made routes."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optimizer.allocation import Allocation, allocate
from optimizer.allocation.agreement import disagreements
from optimizer.allocation.routing import deliveries_from_allocation
from optimizer.context import Context
from optimizer.model import ClassKg, Problem, Receiving, Site, SiteKind
from optimizer.plan import BackendResult, Plan, RouteSequence
from optimizer.solving.assemble import assemble_plan

PLAN_DATE = dt.date(2025, 3, 10)


def make_problem() -> Problem:
    """A van, a standing delivery to A; A and D delivered today, B collects, C in two days."""
    partner = {"kind": "partner", "lat": 47.3, "lon": 5.0}
    return Problem.model_validate(
        {
            "date": PLAN_DATE.isoformat(),
            "sites": [
                {"id": "depot", "kind": "depot", "lat": 47.35, "lon": 5.04},
                {**partner, "id": "A", "beneficiaries": 100},
                {**partner, "id": "B", "beneficiaries": 50, "receiving": "collects"},
                {**partner, "id": "C", "beneficiaries": 150, "next_supply_date": "2025-03-12"},
                {**partner, "id": "D", "beneficiaries": 100, "lat": 47.32},
            ],
            "vehicles": [
                {
                    "id": "van",
                    "depot": "depot",
                    "shift_start": "07:00",
                    "shift_end": "15:00",
                    "capacity_kg": {"ambient": 1000, "chilled": 300},
                }
            ],
            "deliveries": [
                {
                    "id": "standing-order",
                    "site": "A",
                    "lots": [
                        {"id": "nappies", "category": "other", "temperature": "ambient", "kg": 5}
                    ],
                }
            ],
            "stock": [
                {"id": "pasta", "category": "dry_groceries", "temperature": "ambient", "kg": 400},
                {
                    "id": "yoghurt",
                    "category": "dairy",
                    "temperature": "chilled",
                    "kg": 90,
                    "date": "2025-03-14",
                },
            ],
        }
    )


def route(problem: Problem, *jobs: str) -> Plan:
    """The checker's plan for one van serving ``jobs`` in this order."""
    ctx = Context(problem)
    result = BackendResult("by-hand", [RouteSequence("van", (tuple(jobs),))], runtime_s=0.0)
    plan, _ = assemble_plan(ctx, result)
    return plan


def messages(routed: Problem, allocation: Allocation, plan: Plan) -> list[str]:
    return [str(d) for d in disagreements(routed, allocation, plan)]


def test_a_plan_serving_every_allocated_delivery_agrees() -> None:
    problem = make_problem()
    allocation = allocate(problem)
    routed = deliveries_from_allocation(problem, allocation)
    plan = route(routed, "standing-order", "alloc-A", "alloc-D")

    assert plan.feasible
    assert messages(routed, allocation, plan) == []
    # 400 kg pasta and 90 kg yoghurt over 400 beneficiaries; A and D have 100 each:
    # 100 + 22.5 kg each, delivered with the 5 kg standing order.
    assert plan.kpis.delivered_kg.ambient == 100 + 100 + 5
    assert plan.kpis.delivered_kg.chilled == 22.5 + 22.5


def test_a_delivery_left_out_is_a_disagreement() -> None:
    problem = make_problem()
    allocation = allocate(problem)
    routed = deliveries_from_allocation(problem, allocation)
    plan = route(routed, "standing-order", "alloc-A")

    assert messages(routed, allocation, plan) == [
        "alloc-D: allocated food not delivered",
        "alloc-D: checker: [required_job_unserved] alloc-D: required but in no route",
    ]


def test_deliveries_of_another_allocation_do_not_agree() -> None:
    problem = make_problem()
    full = allocate(problem)
    without_d = allocate(problem, exclude_partners={"D"})

    # Routed from the allocation without D, checked against the one with D: A's kilograms
    # differ (pasta 400 × 100/300 = 133.3 kg instead of 400 × 100/400) and D has no job.
    routed = deliveries_from_allocation(problem, without_d)
    plan = route(routed, "alloc-A")
    found = messages(routed, full, plan)
    assert "alloc-A: the job's lots differ from the allocation lines" in found
    assert "alloc-D: allocated to a partner delivered today, no job" in found
    assert "alloc-A: ambient: plan unloads 133.3 kg, allocation gives 100.0 kg" in found

    # The other way round: food for D that the allocation does not give.
    routed = deliveries_from_allocation(problem, full)
    plan = route(routed, "alloc-A", "alloc-D")
    found = messages(routed, without_d, plan)
    assert "alloc-D: delivery of allocated food not in the allocation" in found
    assert "alloc-D: the plan delivers food the allocation does not give" in found


def test_a_route_over_capacity_does_not_deliver_its_allocation() -> None:
    problem = make_problem()
    small = problem.model_copy(
        update={
            "vehicles": [
                problem.vehicles[0].model_copy(
                    update={
                        "capacity_kg": problem.vehicles[0].capacity_kg.model_copy(
                            update={"chilled": 30.0}
                        )
                    }
                )
            ]
        }
    )
    allocation = allocate(small)
    routed = deliveries_from_allocation(small, allocation)
    plan = route(routed, "alloc-A", "alloc-D")

    # 45 kg of yoghurt leave the depot in a 30 kg compartment.
    found = messages(routed, allocation, plan)
    assert len(found) == 1
    assert found[0].startswith("checker: [capacity] van:")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.integers(1, 300),
            st.sampled_from(["delivered", "collects"]),
            st.integers(0, 2),
            st.sampled_from([None, {"ambient": 40}, {"ambient": 500, "chilled": 15}]),
        ),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from([0.0, 5.0]),
    st.data(),
)
def test_serving_every_allocated_delivery_agrees_and_dropping_one_does_not(
    partners: list[tuple[int, str, int, dict[str, float] | None]],
    min_line_kg: float,
    data: st.DataObject,
) -> None:
    base = make_problem()
    sites = [s for s in base.sites if s.kind.value == "depot"] + [
        Site(
            id=f"P{i}",
            kind=SiteKind.PARTNER,
            lat=47.3,
            lon=5.0 + i / 100,
            beneficiaries=people,
            receiving=Receiving(receiving),
            next_supply_date=PLAN_DATE + dt.timedelta(days=offset),
            storage_kg=None if storage is None else ClassKg(**storage),
        )
        for i, (people, receiving, offset, storage) in enumerate(partners)
    ]
    problem = base.model_copy(
        update={
            "sites": sites,
            "deliveries": [],
            "settings": base.settings.model_copy(update={"min_line_kg": min_line_kg}),
        }
    )
    allocation = allocate(problem)
    routed = deliveries_from_allocation(problem, allocation)
    jobs = [d.id for d in routed.deliveries]
    assert messages(routed, allocation, route(routed, *jobs)) == []
    if jobs:
        dropped = data.draw(st.sampled_from(jobs))
        found = messages(routed, allocation, route(routed, *(j for j in jobs if j != dropped)))
        assert f"{dropped}: allocated food not delivered" in found
