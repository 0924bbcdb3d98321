"""What the search can know of the time-on-board limits: which vehicles keep which class cold.

No backend can bound how long a lot stays on board (docs/decisions/026); the limit is kept by a
repair after the search (:mod:`optimizer.solving.on_board`), which cuts trips or drops pickups.
So that the search does not build on what the repair will undo, it keeps a pickup whose food a
vehicle would limit off that vehicle whenever another vehicle can carry it without the limit:
on the Dijon day, vans with an insulated box then deliver and the refrigerated trucks collect
the chilled food. The rule is said as a skill the vehicle has and the pickup needs, which the
PyVRP translation already turns into closed arcs; the insertions after the search may still put
a pickup on a limited vehicle (straight back to the depot after it) when the checker accepts it.
"""

from __future__ import annotations

from optimizer.check.on_board import vehicle_limits
from optimizer.context import Context
from optimizer.model import TEMPERATURE_CLASSES, Delivery, TemperatureClass, Vehicle

KEPT_COLD = "kept cold: "
"""Prefix of the skills said here; a planner's skill never has a space after a colon."""


def kept_cold(ctx: Context, vehicle: Vehicle) -> frozenset[str]:
    """A skill per class the vehicle carries with no time-on-board limit (none without limits)."""
    if not ctx.problem.settings.max_on_board_min:
        return frozenset()
    limits = vehicle_limits(ctx, vehicle)
    return frozenset(
        KEPT_COLD + klass.value
        for klass in TEMPERATURE_CLASSES
        if vehicle.capacity_kg.get(klass) > 0 and klass not in limits
    )


def needs_kept_cold(ctx: Context, job_id: str) -> frozenset[str]:
    """The skills a pickup (or shipment) needs to stay off the vehicles that would limit its food.

    None for deliveries, food no vehicle limits, or when no vehicle with the pickup's skills and
    compartments could then carry it.
    """
    job = ctx.jobs.get(job_id) or ctx.shipments.get(job_id)
    if job is None or isinstance(job, Delivery):
        return frozenset()
    if not ctx.problem.settings.max_on_board_min:
        return frozenset()
    classes = {lot.temperature for lot in ctx.food[job_id].lots}
    limited: set[TemperatureClass] = set()
    for vehicle in ctx.problem.vehicles:
        limited |= classes & vehicle_limits(ctx, vehicle).keys()
    needed = frozenset(KEPT_COLD + klass.value for klass in limited)
    if not needed:
        return needed
    skills = {skill for site in ctx.sites_of(job_id) for skill in ctx.sites[site].required_skills}
    for vehicle in ctx.problem.vehicles:
        carries = all(vehicle.capacity_kg.get(klass) > 0 for klass in classes)
        if carries and skills <= set(vehicle.skills) and needed <= kept_cold(ctx, vehicle):
            return needed
    return frozenset()
