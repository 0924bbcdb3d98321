"""Both ends of each shipment in one trip of one route."""

from __future__ import annotations

from optimizer.check.violations import Code, Violation
from optimizer.context import Context
from optimizer.plan import RouteSequence


def shipment_violations(ctx: Context, sequence: RouteSequence) -> list[Violation]:
    """Both ends of each shipment in one trip of this route (the order is fixed by encoding)."""
    trips_of: dict[str, list[int]] = {}
    for number, trip in enumerate(sequence.trips):
        for job_id in trip:
            if job_id in ctx.shipments:
                trips_of.setdefault(job_id, []).append(number)
    found = []
    name = sequence.vehicle
    for shipment_id, trips in trips_of.items():
        if len(trips) == 1:
            found.append(
                Violation(
                    Code.SHIPMENT_INCOMPLETE,
                    "only one end of this shipment is in the route; "
                    "its pickup and its delivery go in the same trip",
                    name,
                    shipment_id,
                )
            )
        elif len(trips) > 2:
            found.append(
                Violation(
                    Code.JOB_SERVED_TWICE,
                    f"shipment listed {len(trips)} times in the route (2 expected)",
                    name,
                    shipment_id,
                )
            )
        elif trips[0] != trips[1]:
            found.append(
                Violation(
                    Code.SHIPMENT_SPLIT,
                    f"picked up in trip {trips[0] + 1} and delivered in trip {trips[1] + 1}: "
                    "a shipment does not pass through the depot",
                    name,
                    shipment_id,
                )
            )
    return found
