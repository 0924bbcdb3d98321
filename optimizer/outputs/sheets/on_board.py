"""The deadline a driver reads at a pickup: when its food must be unloaded at the latest.

A lot under a time-on-board limit (``Settings.max_on_board_min`` for its class in the kind of
compartment it travels in on this vehicle) must be unloaded at the depot, or at the partner of a
shipment, within the limit of the start of its loading: the sheet says "à décharger avant 10:40"
at the pickup, the earliest deadline of its lots, rounded down to the minute so that a driver who
keeps to it keeps to the limit.
"""

from __future__ import annotations

from optimizer.messages import message
from optimizer.model import Lot, Problem, Vehicle
from optimizer.plan import Stop, StopKind
from optimizer.units import format_clock

_LOADING = (StopKind.PICKUP, StopKind.SHIPMENT_PICKUP)


def unload_before(
    problem: Problem, vehicle: Vehicle, stop: Stop, lots: list[Lot], language: str
) -> str:
    """The sentence for the stop's deadline, or "" where nothing it loads has a limit."""
    settings = problem.settings
    if stop.kind not in _LOADING or not settings.max_on_board_min:
        return ""
    limits = [
        limit
        for lot in lots
        if (
            limit := settings.on_board_limit_s(
                vehicle.compartment_kind(lot.temperature), lot.temperature
            )
        )
        is not None
    ]
    if not limits:
        return ""
    deadline = stop.service_start + min(limits)
    return message("sheet.unload_before", language, time=format_clock(deadline // 60 * 60))
