"""A route as the checker walks it: its start, each stop, each reload and its end.

Each visit carries its site, windows, service time and the kilograms it picks up or delivers;
shipment ends are visits too, the first occurrence in a route picking up, the second delivering.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from optimizer.context import Context, zero_kg
from optimizer.model import (
    Pickup,
    TemperatureClass,
    Vehicle,
)
from optimizer.plan import RouteSequence, StopKind


@dataclass
class Visit:
    kind: StopKind
    site: str
    job: str | None
    windows: list[tuple[int, int]]
    service_s: int
    picked: dict[TemperatureClass, float] = field(default_factory=zero_kg)
    delivered: dict[TemperatureClass, float] = field(default_factory=zero_kg)
    loaded: dict[TemperatureClass, float] = field(default_factory=zero_kg)
    unloaded: dict[TemperatureClass, float] = field(default_factory=zero_kg)
    lots: list[str] = field(default_factory=list)


def visits_of(ctx: Context, vehicle: Vehicle, sequence: RouteSequence) -> list[Visit]:
    start_open, end_close = ctx.depot_hours(vehicle.depot)
    end_open, end_depot_close = ctx.depot_hours(vehicle.end_depot_id)
    if vehicle.starts_away:
        # Already on the road: nothing to load, no depot hours to wait for.
        first = Visit(StopKind.START, vehicle.start_site_id, None, [(0, 10**9)], 0)
    else:
        first = Visit(
            StopKind.START,
            vehicle.depot,
            None,
            [(start_open, end_close)],
            ctx.depot_service_s(vehicle.depot),
        )
    visits = [first]
    delivering: set[str] = set()
    for number, trip in enumerate(sequence.trips):
        if number > 0:
            visits.append(
                Visit(
                    StopKind.RELOAD,
                    vehicle.depot,
                    None,
                    [(start_open, end_close)],
                    ctx.depot_service_s(vehicle.depot),
                )
            )
        for job_id in trip:
            if job_id in ctx.shipments:
                visits.append(shipment_visit(ctx, job_id, job_id in delivering))
                delivering.add(job_id)
                continue
            job = ctx.jobs.get(job_id)
            if job is None:
                continue
            kind = StopKind.PICKUP if isinstance(job, Pickup) else StopKind.DELIVERY
            visit = Visit(kind, job.site, job_id, ctx.window_pairs(job_id), ctx.service_s(job_id))
            visit.lots = [lot.id for lot in ctx.food[job_id].lots]
            amounts = ctx.amounts[job_id]
            if kind is StopKind.PICKUP:
                visit.picked = dict(amounts)
            else:
                visit.delivered = dict(amounts)
            visits.append(visit)
    visits.append(Visit(StopKind.END, vehicle.end_depot_id, None, [(end_open, end_depot_close)], 0))
    return visits


SHIPMENT_KINDS = (StopKind.SHIPMENT_PICKUP, StopKind.SHIPMENT_DELIVERY)


def shipment_visit(ctx: Context, shipment_id: str, delivering: bool) -> Visit:
    """One end of a shipment: its first occurrence in a route picks up, the second delivers."""
    shipment = ctx.shipments[shipment_id]
    end = 1 if delivering else 0
    windows = [(w.start, w.end) for w in ctx.shipment_windows(shipment_id)[end]] or [(0, 10**9)]
    visit = Visit(
        StopKind.SHIPMENT_DELIVERY if delivering else StopKind.SHIPMENT_PICKUP,
        (shipment.delivery if delivering else shipment.pickup).site,
        shipment_id,
        windows,
        ctx.shipment_service_s(shipment_id)[end],
    )
    visit.lots = [lot.id for lot in ctx.food[shipment_id].lots]
    if delivering:
        visit.delivered = dict(ctx.amounts[shipment_id])
    else:
        visit.picked = dict(ctx.amounts[shipment_id])
    return visit
