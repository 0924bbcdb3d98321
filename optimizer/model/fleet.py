"""Vehicles and their drivers' shifts and breaks."""

from __future__ import annotations

from pydantic import Field, model_validator

from optimizer.errors import InputIssue, ProblemError
from optimizer.model.common import (
    MAX_KG,
    TEMPERATURE_CLASSES,
    ClassKg,
    CompartmentKind,
    Identifier,
    NonNegative,
    Strict,
    TemperatureClass,
    TimeWindow,
    duplicate_positions,
)
from optimizer.units import ClockTime

MAX_DISTANCE_KM = 100_000
"""Upper bound accepted for ``max_distance_km``: far above any day's drive, below overflow."""

MAX_DURATION_MIN = 7 * 24 * 60
"""Upper bound accepted for ``max_duration_min``: a week."""


class Break(Strict):
    """A driver's break: it starts inside ``window`` (earliest to latest start) and lasts.

    How the checker places it on a route is written in :mod:`optimizer.check`.
    """

    id: Identifier | None = Field(None, description="e.g. 'lunch'; default: its position.")
    window: TimeWindow = Field(description="Earliest and latest start of the break.")
    duration_min: float = Field(gt=0, le=24 * 60, description="Length of the break, minutes.")

    @property
    def duration_s(self) -> int:
        return round(self.duration_min * 60)


class Vehicle(Strict):
    """One vehicle with its driver's shift. A capacity of 0 means no compartment of that class."""

    id: Identifier
    name: str = ""
    type: str = Field("", description="e.g. 'van_3.5t', 'truck_12t', 'truck_19t_refrigerated'.")
    depot: Identifier
    end_depot: Identifier | None = Field(None, description="Where the route ends; default: depot.")
    shift_start: ClockTime
    shift_end: ClockTime
    max_duration_min: float | None = Field(
        None,
        gt=0,
        le=MAX_DURATION_MIN,
        description=(
            "Longest route, minutes, from leaving the depot to the return (waits, services and "
            "breaks included); default: the shift alone bounds it."
        ),
    )
    max_distance_km: float | None = Field(
        None,
        gt=0,
        le=MAX_DISTANCE_KM,
        description=(
            "Longest route, kilometres, over all its trips on the vehicle's travel matrix (an "
            "electric van's range, a volunteer's mileage allowance); default: no limit."
        ),
    )
    capacity_kg: ClassKg
    compartments: dict[TemperatureClass, CompartmentKind] = Field(
        default_factory=dict,
        description=(
            "What keeps each class's compartment cold: 'refrigerated' (its own cold unit, the "
            "default) or 'insulated' (an insulated box, or a cold unit off during stops), "
            "which decides the time-on-board limit of the settings' 'max_on_board_min'."
        ),
    )
    payload_kg: float | None = Field(
        None, gt=0, le=MAX_KG, description="Total load limit, kg; default: sum of compartments."
    )
    cost_per_km: NonNegative = 0.0
    cost_per_hour: NonNegative = 0.0
    fixed_cost: NonNegative = Field(0.0, description="Cost of using this vehicle at all, €.")
    co2e_kg_per_km: NonNegative = 0.0
    skills: list[str] = Field(default_factory=list)
    max_reloads: int = Field(
        0, ge=0, description="Returns to the depot to unload/reload within the shift."
    )
    breaks: list[Break] = Field(
        default_factory=list,
        description="The driver's breaks, taken in the order of their windows.",
    )
    start_site: Identifier | None = Field(
        None,
        description=(
            "Where the vehicle is when its route starts, for a re-plan during the day; "
            "default: at its depot, before loading. Given (even as the depot: just left it), "
            "the first trip only delivers what is already on board, nothing being loaded "
            "before the next depot visit."
        ),
    )
    initial_load_kg: ClassKg = Field(
        default_factory=ClassKg,
        description="Food already picked up and on board at the start, unloaded at the depot.",
    )
    on_board: list[Identifier] = Field(
        default_factory=list,
        description=(
            "Deliveries whose goods are already on this vehicle: it serves them before it "
            "next returns to the depot, and no other vehicle can."
        ),
    )

    @model_validator(mode="after")
    def _shift_ordered(self) -> Vehicle:
        if self.shift_end <= self.shift_start:
            raise ProblemError.single("shift_end", "'shift_end' must be after 'shift_start'")
        if self.capacity_kg.total <= 0:
            raise ProblemError.single(
                "capacity_kg", "the vehicle has no capacity in any temperature class"
            )
        return self

    @model_validator(mode="after")
    def _breaks_in_shift(self) -> Vehicle:
        issues = []
        for index, pause in enumerate(self.breaks):
            if pause.window.start < self.shift_start:
                issues.append(
                    InputIssue(
                        f"breaks[{index}].window.start",
                        "the break may start before the shift does",
                    )
                )
            if pause.window.end + pause.duration_s > self.shift_end:
                issues.append(
                    InputIssue(
                        f"breaks[{index}].window.end",
                        "a break started this late would end after the shift",
                    )
                )
        ids = [pause.id for pause in self.breaks if pause.id is not None]
        for index in duplicate_positions(ids):
            issues.append(InputIssue("breaks", f"break id '{ids[index]}' is used twice"))
        ordered = [pause.window.start for pause in self.breaks]
        if ordered != sorted(ordered):
            issues.append(InputIssue("breaks", "list the breaks in the order of their windows"))
        if issues:
            raise ProblemError(issues)
        return self

    @model_validator(mode="after")
    def _compartments_exist(self) -> Vehicle:
        issues = [
            InputIssue.said(
                f"compartments.{klass.value}",
                "input.compartment_without_capacity",
                klass=klass.value,
            )
            for klass in TEMPERATURE_CLASSES
            if klass in self.compartments and self.capacity_kg.get(klass) <= 0
        ]
        if issues:
            raise ProblemError(issues)
        return self

    @model_validator(mode="after")
    def _on_board_away(self) -> Vehicle:
        if self.starts_away:
            return self
        issues = []
        if self.on_board:
            issues.append(
                InputIssue(
                    "on_board",
                    "the vehicle starts at its depot, where goods are unloaded: nothing is on "
                    "board (give 'start_site' for a vehicle on the road)",
                )
            )
        if self.initial_load_kg.total > 0:
            issues.append(
                InputIssue(
                    "initial_load_kg",
                    "the vehicle starts at its depot, where food is unloaded: no initial load "
                    "(give 'start_site' for a vehicle on the road)",
                )
            )
        if issues:
            raise ProblemError(issues)
        return self

    def break_ids(self) -> list[str]:
        """Each break's id, or ``break-<n>`` (1-based) for a break without one."""
        return [pause.id or f"break-{n}" for n, pause in enumerate(self.breaks, start=1)]

    def compartment_kind(self, klass: TemperatureClass) -> CompartmentKind:
        """The kind of the compartment ``klass`` travels in: refrigerated unless said."""
        return self.compartments.get(klass, CompartmentKind.REFRIGERATED)

    @property
    def payload_limit_kg(self) -> float:
        return self.payload_kg if self.payload_kg is not None else self.capacity_kg.total

    @property
    def end_depot_id(self) -> str:
        return self.end_depot or self.depot

    @property
    def start_site_id(self) -> str:
        return self.start_site or self.depot

    @property
    def starts_away(self) -> bool:
        """Whether the route starts on the road (mid-day): loaded already, maybe not at a depot.

        A ``start_site`` equal to the depot means "just left it, loaded": nothing is loaded
        before the next depot visit either.
        """
        return self.start_site is not None

    @property
    def max_duration_s(self) -> int | None:
        return None if self.max_duration_min is None else round(self.max_duration_min * 60)

    @property
    def max_distance_m(self) -> int | None:
        """``max_distance_km`` in the matrices' unit, metres (rounded to the metre)."""
        return None if self.max_distance_km is None else round(self.max_distance_km * 1000)
