"""Building blocks shared by every input object: strict base, kilograms per class, time windows."""

from __future__ import annotations

import datetime as dt
import itertools
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from optimizer.errors import ProblemError
from optimizer.units import ClockTime

#: Sane ranges, so that no solver ever sees an overflow (1e300 €/km crashed the search, and
#: ``Infinity`` kg planned as ``null``): every float is finite (``Strict``), and bounded.
MAX_QUANTITY = 1_000_000.0
"""Any amount (€, minutes, kgCO2e…): far above a food bank's day, far below an overflow."""
MAX_KG = 100_000.0
"""A lot, a compartment or a payload: 100 t, five times the largest truck."""
EARLIEST_DATE = dt.date(2000, 1, 1)
LATEST_DATE = dt.date(2099, 12, 31)

NonNegative = Annotated[float, Field(ge=0, le=MAX_QUANTITY)]
Kg = Annotated[float, Field(ge=0, le=MAX_KG)]
PositiveKg = Annotated[float, Field(gt=0, le=MAX_KG)]
PlausibleDate = Annotated[dt.date, Field(ge=EARLIEST_DATE, le=LATEST_DATE)]
Identifier = Annotated[str, Field(min_length=1, max_length=120, pattern=r"^[^\s].*$")]


class TemperatureClass(StrEnum):
    """A compartment class. Chilled and frozen food travel only in a compartment of their class."""

    AMBIENT = "ambient"
    CHILLED = "chilled"
    FROZEN = "frozen"


TEMPERATURE_CLASSES: tuple[TemperatureClass, ...] = tuple(TemperatureClass)


class CompartmentKind(StrEnum):
    """What keeps a compartment at its temperature, which decides how long food may stay in it.

    A refrigerated compartment has its own cold unit running all day; an insulated one (an
    insulated box in a van, or a truck whose cold unit is off during stops) only slows the
    warming, so the settings may limit the time a lot collected on the road spends in it
    (``Settings.max_on_board_min``).
    """

    REFRIGERATED = "refrigerated"
    INSULATED = "insulated"


class Strict(BaseModel):
    """Base of every input object: unknown keys are errors, so a typo never goes unnoticed."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, use_enum_values=False, allow_inf_nan=False
    )


class ClassKg(Strict):
    """Kilograms per temperature class (a capacity, a load or an amount)."""

    ambient: Kg = 0.0
    chilled: Kg = 0.0
    frozen: Kg = 0.0

    def get(self, klass: TemperatureClass) -> float:
        return float(getattr(self, klass.value))

    @property
    def total(self) -> float:
        return self.ambient + self.chilled + self.frozen


class TimeWindow(Strict):
    """Service must *start* within ``[start, end]``."""

    start: ClockTime
    end: ClockTime

    @model_validator(mode="after")
    def _ordered(self) -> TimeWindow:
        if self.end < self.start:
            raise ProblemError.single(
                "end", "the window ends before it starts ('end' must be at or after 'start')"
            )
        return self


def sorted_disjoint(windows: list[TimeWindow]) -> list[TimeWindow]:
    """The windows by start time; overlapping windows are an input error."""
    ordered = sorted(windows, key=lambda w: w.start)
    for before, after in itertools.pairwise(ordered):
        if after.start <= before.end:
            raise ValueError("time windows overlap; merge them into one")
    return ordered


def duplicate_positions(ids: list[str]) -> list[int]:
    """Positions of the ids already seen earlier in the list (the second use onwards)."""
    seen: set[str] = set()
    repeated = []
    for index, identifier in enumerate(ids):
        if identifier in seen:
            repeated.append(index)
        seen.add(identifier)
    return repeated
