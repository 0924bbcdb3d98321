"""Do the routes deliver exactly what the allocation gives? The check behind allocate-then-route.

The allocation decides kilograms per partner and lot; :mod:`optimizer.allocation.routing` turns
the part for partners delivered today into required deliveries; a backend routes them and the
checker writes the plan. This module verifies, from the three documents alone, that nothing was
lost or added on the way:

- every partner delivered today with an allocation has exactly one delivery ``alloc-<partner>``
  in the routed problem, whose lots are its allocation lines, kilogram for kilogram;
- no other ``alloc-`` delivery exists (no food for an excluded partner, none for a partner who
  collects or is supplied another day);
- the plan serves each of those deliveries once, hands over every one of its lots (none rejected
  as expired) and unloads, per temperature class, the partner's allocated kilograms;
- the independent checker finds no violation on those deliveries or on the routes carrying them.

An empty list means the plan and the allocation agree.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from optimizer.allocation.result import Allocation
from optimizer.allocation.routing import (
    DELIVERY_JOB_PREFIX,
    allocated_lot_id,
    allocation_job_id,
    delivered_today,
)
from optimizer.check import check_plan
from optimizer.matrix import TravelMatrix
from optimizer.model import TEMPERATURE_CLASSES, Problem
from optimizer.plan import Plan, StopKind

# Kilograms are multiples of 0.1 on both sides; this only absorbs float sums.
KG_TOLERANCE = 1e-6


@dataclass(frozen=True, slots=True)
class Disagreement:
    """One place where the plan does not deliver what the allocation gives."""

    job: str
    message: str

    def __str__(self) -> str:
        return f"{self.job}: {self.message}" if self.job else self.message


def disagreements(
    routed: Problem,
    allocation: Allocation,
    plan: Plan,
    matrix: TravelMatrix | None = None,
) -> list[Disagreement]:
    """Every difference between ``allocation`` and ``plan`` (routed from ``routed``)."""
    found: list[Disagreement] = []
    expected = {
        allocation_job_id(partner): {
            allocated_lot_id(line.lot, partner): line.kg for line in allocation.lines_of(partner)
        }
        for partner in delivered_today(routed, allocation)
    }
    jobs = {job.id: job for job in routed.deliveries if job.id.startswith(DELIVERY_JOB_PREFIX)}
    for job_id in sorted(set(jobs) - set(expected)):
        found.append(Disagreement(job_id, "delivery of allocated food not in the allocation"))
    for job_id, lots in expected.items():
        job = jobs.get(job_id)
        if job is None:
            found.append(Disagreement(job_id, "allocated to a partner delivered today, no job"))
            continue
        carried = {lot.id: lot.kg for lot in job.lots}
        if set(carried) != set(lots) or any(
            abs(carried[lot_id] - kg) > KG_TOLERANCE for lot_id, kg in lots.items()
        ):
            found.append(Disagreement(job_id, "the job's lots differ from the allocation lines"))

    visits: dict[str, list[tuple[set[str], dict[str, float]]]] = defaultdict(list)
    for route in plan.routes:
        for stop in route.stops:
            if stop.kind is StopKind.DELIVERY and stop.job is not None:
                unloaded = {k.value: stop.delivered_kg.get(k) for k in TEMPERATURE_CLASSES}
                visits[stop.job].append((set(stop.lots), unloaded))
    for job_id in sorted(set(visits) & set(jobs) - set(expected)):
        found.append(Disagreement(job_id, "the plan delivers food the allocation does not give"))
    for job_id, lots in expected.items():
        served = visits.get(job_id, [])
        if len(served) != 1:
            times = "not delivered" if not served else f"delivered {len(served)} times"
            found.append(Disagreement(job_id, f"allocated food {times}"))
            continue
        handed, unloaded = served[0]
        if handed != set(lots):
            missing = sorted(set(lots) - handed)
            found.append(Disagreement(job_id, f"lots not handed over: {', '.join(missing)}"))
        partner = job_id.removeprefix(DELIVERY_JOB_PREFIX)
        allocated = allocation.partner(partner).kg_by_class
        for klass in TEMPERATURE_CLASSES:
            if abs(unloaded[klass.value] - allocated.get(klass)) > KG_TOLERANCE:
                found.append(
                    Disagreement(
                        job_id,
                        f"{klass.value}: plan unloads {unloaded[klass.value]:.1f} kg, "
                        f"allocation gives {allocated.get(klass):.1f} kg",
                    )
                )
    # The checker's verdict on the routes that carry allocated food: a plan that breaks a limit
    # there does not really deliver it. Violations elsewhere are the plan's business, not ours.
    carrying = {
        route.vehicle for route in plan.routes if any(s.job in expected for s in route.stops)
    }
    for violation in check_plan(routed, plan, matrix).violations:
        if violation.job in expected or (violation.job is None and violation.vehicle in carrying):
            found.append(Disagreement(violation.job or "", f"checker: {violation}"))
    return found
