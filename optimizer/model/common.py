"""Building blocks shared by every input object: strict base, kilograms per class, time windows."""

from __future__ import annotations

import itertools
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from optimizer.errors import ProblemError
from optimizer.units import ClockTime

NonNegative = Annotated[float, Field(ge=0)]
Identifier = Annotated[str, Field(min_length=1, max_length=120, pattern=r"^[^\s].*$")]


class TemperatureClass(StrEnum):
    """A compartment class. Chilled and frozen food travel only in a compartment of their class."""

    AMBIENT = "ambient"
    CHILLED = "chilled"
    FROZEN = "frozen"


TEMPERATURE_CLASSES: tuple[TemperatureClass, ...] = tuple(TemperatureClass)


class Strict(BaseModel):
    """Base of every input object: unknown keys are errors, so a typo never goes unnoticed."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class ClassKg(Strict):
    """Kilograms per temperature class (a capacity, a load or an amount)."""

    ambient: NonNegative = 0.0
    chilled: NonNegative = 0.0
    frozen: NonNegative = 0.0

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
