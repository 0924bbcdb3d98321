"""Food as it travels: lots of one category and temperature class with one expiry date."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator

from optimizer.errors import ProblemError
from optimizer.model.common import (
    Identifier,
    PlausibleDate,
    PositiveKg,
    Strict,
    TemperatureClass,
)


class Category(StrEnum):
    FRUITS_VEGETABLES = "fruits_vegetables"
    DAIRY = "dairy"
    MEAT_FISH = "meat_fish"
    BAKERY = "bakery"
    DRY_GROCERIES = "dry_groceries"
    FROZEN = "frozen"
    OTHER = "other"


class DateKind(StrEnum):
    """DLC (*à consommer jusqu'au*) is a hard limit; DDM (*de préférence avant*) is soft."""

    DLC = "DLC"
    DDM = "DDM"


class Lot(Strict):
    """A quantity of one kind of food with one expiry date."""

    id: Identifier
    category: Category
    temperature: TemperatureClass
    kg: PositiveKg
    date: PlausibleDate | None = Field(
        None, description="Expiry date (DLC or DDM); none = no expiry."
    )
    date_kind: DateKind = DateKind.DLC
    description: str = ""

    @model_validator(mode="after")
    def _frozen_is_frozen(self) -> Lot:
        if (self.category is Category.FROZEN) != (self.temperature is TemperatureClass.FROZEN):
            raise ProblemError.single(
                "category", "category 'frozen' and temperature 'frozen' go together"
            )
        return self
