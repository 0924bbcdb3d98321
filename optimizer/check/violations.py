"""What the checker reports: a violation's code (its kind) and where it is."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

KG_TOLERANCE = 1e-6


EUR_TOLERANCE = 0.01


class Code(StrEnum):
    """Kinds of violation; a plan with any of them is infeasible."""

    UNKNOWN_VEHICLE = "unknown_vehicle"
    VEHICLE_USED_TWICE = "vehicle_used_twice"
    UNKNOWN_JOB = "unknown_job"
    JOB_SERVED_TWICE = "job_served_twice"
    REQUIRED_JOB_UNSERVED = "required_job_unserved"
    NOTHING_TO_MOVE = "nothing_to_move"
    TIME_WINDOW = "time_window"
    SHIFT = "shift"
    MAX_DURATION = "max_duration"
    MAX_DISTANCE = "max_distance"
    CAPACITY = "capacity"
    PAYLOAD = "payload"
    SKILL = "skill"
    RELOADS = "reloads"
    EXPIRED_LOT = "expired_lot"
    SHIPMENT_INCOMPLETE = "shipment_incomplete"
    SHIPMENT_SPLIT = "shipment_split"
    SHIPMENT_ORDER = "shipment_order"
    BREAK = "break"
    NOT_ON_BOARD = "not_on_board"
    ON_BOARD = "on_board"
    TIME_ON_BOARD = "time_on_board"
    UNASSIGNED_MISMATCH = "unassigned_mismatch"
    REPORTED_MISMATCH = "reported_mismatch"


@dataclass(frozen=True)
class Violation:
    code: Code
    message: str
    vehicle: str | None = None
    job: str | None = None
    lot: str | None = None
    """The lot at fault, for a violation of one lot (its time on board)."""

    def __str__(self) -> str:
        where = " ".join(part for part in (self.vehicle, self.job) if part)
        return f"[{self.code.value}] {where + ': ' if where else ''}{self.message}"
