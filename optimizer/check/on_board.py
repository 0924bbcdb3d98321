"""How long food collected on the road stays on board, against the settings' limits.

A lot picked up at a donor is on board from the start of its loading (the pickup's service
start) until the start of its unloading: at the depot, on the vehicle's next reload or at the
end of its route, or at the partner for a shipment. The limit depends on the lot's temperature
class and on the kind of compartment that class travels in on this vehicle
(``Settings.max_on_board_min``, ``Vehicle.compartments``). Deliveries leave the warehouse's cold
room at the start of their trip and are not counted (see docs/decisions).

The checker's own schedule is judged (earliest service starts, the departure delayed as late as
useful): a wait after loading counts, a wait before it does not.
"""

from __future__ import annotations

from dataclasses import dataclass

from optimizer.check.violations import Code, Violation
from optimizer.check.visits import Visit
from optimizer.context import Context
from optimizer.messages import message
from optimizer.model import TEMPERATURE_CLASSES, Lot, TemperatureClass, Vehicle
from optimizer.plan import StopKind

_UNLOADING = (StopKind.RELOAD, StopKind.END)


@dataclass(frozen=True, slots=True)
class LimitedLot:
    """A lot under a time-on-board limit on one vehicle, and when it was loaded."""

    job: str
    lot: Lot
    loaded_at: int
    limit_s: int


def vehicle_limits(ctx: Context, vehicle: Vehicle) -> dict[TemperatureClass, int]:
    """The time-on-board limit of each class on this vehicle, seconds; classes without one left
    out (so an empty answer means nothing to check)."""
    settings = ctx.problem.settings
    if not settings.max_on_board_min:
        return {}
    limits = {}
    for klass in TEMPERATURE_CLASSES:
        limit = settings.on_board_limit_s(vehicle.compartment_kind(klass), klass)
        if limit is not None:
            limits[klass] = limit
    return limits


def unloading_deadlines(
    ctx: Context, vehicle: Vehicle, visits: list[Visit], starts: list[int]
) -> list[int | None]:
    """Per visit, the time by which what it picks up must be unloaded, or None without a limit.

    ``starts`` are the service starts of ``visits``; the sheets print this deadline.
    """
    limits = vehicle_limits(ctx, vehicle)
    deadlines: list[int | None] = []
    for visit, start in zip(visits, starts, strict=True):
        if visit.job is None or visit.kind not in (StopKind.PICKUP, StopKind.SHIPMENT_PICKUP):
            deadlines.append(None)
            continue
        own = [
            limits[lot.temperature] for lot in ctx.food[visit.job].lots if lot.temperature in limits
        ]
        deadlines.append(start + min(own) if own else None)
    return deadlines


def time_on_board_violations(
    ctx: Context, vehicle: Vehicle, visits: list[Visit], starts: list[int]
) -> list[Violation]:
    """One violation per lot kept on board longer than its limit, with the minutes over."""
    limits = vehicle_limits(ctx, vehicle)
    if not limits:
        return []
    violations: list[Violation] = []
    aboard: list[LimitedLot] = []
    for visit, start in zip(visits, starts, strict=True):
        if visit.kind in _UNLOADING:
            violations.extend(_overdue(ctx, vehicle, aboard, start))
            aboard = []
        elif visit.kind is StopKind.SHIPMENT_DELIVERY:
            arrived = [held for held in aboard if held.job == visit.job]
            violations.extend(_overdue(ctx, vehicle, arrived, start))
            aboard = [held for held in aboard if held.job != visit.job]
        elif visit.job is not None and visit.kind in (StopKind.PICKUP, StopKind.SHIPMENT_PICKUP):
            aboard.extend(
                LimitedLot(visit.job, lot, start, limits[lot.temperature])
                for lot in ctx.food[visit.job].lots
                if lot.temperature in limits
            )
    return violations


def _overdue(
    ctx: Context, vehicle: Vehicle, lots: list[LimitedLot], unloaded_at: int
) -> list[Violation]:
    found = []
    for held in lots:
        on_board = unloaded_at - held.loaded_at
        if on_board <= held.limit_s:
            continue
        klass = held.lot.temperature
        text = message(
            "check.time_on_board",
            "en",
            lot=held.lot.id,
            klass=message(f"class.{klass.value}", "en"),
            kind=message(f"compartment_kind.{vehicle.compartment_kind(klass).value}", "en"),
            minutes=_minutes(on_board),
            limit=_minutes(held.limit_s),
            over=_minutes(on_board - held.limit_s),
        )
        found.append(Violation(Code.TIME_ON_BOARD, text, vehicle.id, held.job, held.lot.id))
    return found


def _minutes(seconds: int) -> str:
    """Minutes for a message: whole when whole, else one decimal (a few seconds over shows)."""
    return f"{seconds // 60}" if seconds % 60 == 0 else f"{seconds / 60:.1f}"
