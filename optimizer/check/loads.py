"""Kilograms on board: what each trip loads and unloads, goods on board, compartments, payload."""

from __future__ import annotations

from optimizer.check.violations import KG_TOLERANCE, Code, Violation
from optimizer.check.visits import SHIPMENT_KINDS, Visit
from optimizer.context import Context
from optimizer.model import (
    TEMPERATURE_CLASSES,
    Delivery,
    TemperatureClass,
    Vehicle,
)
from optimizer.plan import RouteSequence, StopKind


def assign_loads(visits: list[Visit]) -> None:
    """What is loaded at the start of each trip and unloaded at its end."""
    trip_starts = [i for i, v in enumerate(visits) if v.kind in (StopKind.START, StopKind.RELOAD)]
    for position, first in enumerate(trip_starts):
        last = trip_starts[position + 1] if position + 1 < len(trip_starts) else len(visits) - 1
        for visit in visits[first + 1 : last]:
            if visit.kind in SHIPMENT_KINDS:
                continue  # carried from its pickup to its delivery, never via the depot
            for klass in TEMPERATURE_CLASSES:
                visits[first].loaded[klass] += visit.delivered[klass]
                visits[last].unloaded[klass] += visit.picked[klass]


def add_initial_load(vehicle: Vehicle, visits: list[Visit]) -> None:
    """Food on board at the start is carried to the first depot visit and unloaded there."""
    first_depot = next(
        i for i, v in enumerate(visits) if i > 0 and v.kind in (StopKind.RELOAD, StopKind.END)
    )
    for klass in TEMPERATURE_CLASSES:
        visits[0].loaded[klass] += vehicle.initial_load_kg.get(klass)
        visits[first_depot].unloaded[klass] += vehicle.initial_load_kg.get(klass)


def on_board_violations(ctx: Context, vehicle: Vehicle, sequence: RouteSequence) -> list[Violation]:
    """Goods on board one vehicle are delivered by it on its current trip, and by no other.

    A vehicle that starts away from its depot has nothing else to deliver until it has been
    back there: the first trip's deliveries must all be on board.
    """
    found = []
    for number, trip in enumerate(sequence.trips):
        for job_id in trip:
            carrier = ctx.carried_by.get(job_id)
            if carrier is not None and carrier != vehicle.id:
                found.append(
                    Violation(
                        Code.ON_BOARD,
                        f"the goods are on board '{carrier}', not this vehicle",
                        vehicle.id,
                        job_id,
                    )
                )
            elif carrier is not None and number > 0:
                found.append(
                    Violation(
                        Code.ON_BOARD,
                        f"the goods are on board: delivered in trip 1, not trip {number + 1}",
                        vehicle.id,
                        job_id,
                    )
                )
            elif (
                carrier is None
                and number == 0
                and vehicle.starts_away
                and isinstance(ctx.jobs.get(job_id), Delivery)
            ):
                found.append(
                    Violation(
                        Code.NOT_ON_BOARD,
                        "the vehicle starts on the road and these goods are at the depot: "
                        "it must go back to load them first",
                        vehicle.id,
                        job_id,
                    )
                )
    return found


def load_violations(
    vehicle: Vehicle,
    load: dict[TemperatureClass, float],
    capacity: dict[TemperatureClass, float],
    visit: Visit,
) -> list[Violation]:
    found = []
    where = visit.job or f"{visit.kind.value} at {visit.site}"
    for klass in TEMPERATURE_CLASSES:
        if load[klass] > capacity[klass] + KG_TOLERANCE:
            found.append(
                Violation(
                    Code.CAPACITY,
                    f"after {where}: {load[klass]:g} kg {klass.value} on board, "
                    f"compartment holds {capacity[klass]:g} kg",
                    vehicle.id,
                    visit.job,
                )
            )
    total = sum(load.values())
    if total > vehicle.payload_limit_kg + KG_TOLERANCE:
        found.append(
            Violation(
                Code.PAYLOAD,
                f"after {where}: {total:g} kg on board, payload is {vehicle.payload_limit_kg:g} kg",
                vehicle.id,
                visit.job,
            )
        )
    return found
