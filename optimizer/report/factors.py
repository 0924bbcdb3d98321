"""The one table of conversion factors a report uses, versioned, each with its source.

The defaults live in ``factors.json`` beside this module. A tenant may override any value
(another meal weight, its own fleet's emissions); an overridden factor says so in its source and
the table's version gains a ``+override`` suffix, so every report states exactly what it used.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from optimizer.errors import InputIssue, ProblemError

OVERRIDE_SOURCE = "valeur propre à l'organisation (surcharge)"


class Factor(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    value: float = Field(ge=0)
    unit: str
    source: str


class FactorsTable(BaseModel):
    """Named factors plus the transport emissions per vehicle type (``Vehicle.type``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str
    factors: dict[str, Factor]
    vehicle_co2e_kg_per_km: dict[str, Factor]

    def value(self, name: str) -> float:
        return self.factors[name].value

    @property
    def value_eur_per_kg(self) -> float:
        return self.value("value_eur_per_kg")

    @property
    def meal_kg(self) -> float:
        return self.value("meal_kg")

    @property
    def waste_co2e_kg_per_kg(self) -> float:
        return self.value("waste_co2e_kg_per_kg")

    @property
    def near_expiry_days(self) -> int:
        return int(self.value("near_expiry_days"))

    def co2e_kg_per_km(self, vehicle_type: str) -> float | None:
        """The table's emissions for this vehicle type; ``None`` for a type it does not know."""
        factor = self.vehicle_co2e_kg_per_km.get(vehicle_type)
        return None if factor is None else factor.value


@cache
def default_factors() -> FactorsTable:
    text = resources.files("optimizer.report").joinpath("factors.json").read_text("utf-8")
    return FactorsTable.model_validate_json(text)


def load_factors(overrides: Mapping[str, Any] | None = None) -> FactorsTable:
    """The default table with ``overrides`` applied.

    ``overrides`` looks like ``{"meal_kg": 0.45, "vehicle_co2e_kg_per_km": {"van_3.5t": 0.6}}``.
    An unknown factor name or a negative value is a :class:`ProblemError` naming the key; a
    vehicle type the table lacks may be added.
    """
    base = default_factors()
    if not overrides:
        return base
    factors = dict(base.factors)
    vehicles = dict(base.vehicle_co2e_kg_per_km)
    issues: list[InputIssue] = []
    for name, value in overrides.items():
        if name == "vehicle_co2e_kg_per_km" and isinstance(value, Mapping):
            for vehicle_type, per_km in value.items():
                path = f"vehicle_co2e_kg_per_km.{vehicle_type}"
                if _valid(per_km, path, issues):
                    vehicles[vehicle_type] = Factor(
                        value=float(per_km), unit="kgCO2e/km", source=OVERRIDE_SOURCE
                    )
        elif name in factors:
            if _valid(value, name, issues):
                factors[name] = Factor(
                    value=float(value), unit=factors[name].unit, source=OVERRIDE_SOURCE
                )
        else:
            known = ", ".join([*sorted(factors), "vehicle_co2e_kg_per_km"])
            issues.append(InputIssue(name, f"no factor '{name}' (known: {known})"))
    if issues:
        raise ProblemError(issues)
    return FactorsTable(
        version=f"{base.version}+override",
        factors=factors,
        vehicle_co2e_kg_per_km=vehicles,
    )


def _valid(value: object, path: str, issues: list[InputIssue]) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        issues.append(InputIssue(path, "a factor is a number at or above 0"))
        return False
    return True


def load_factors_file(text: str) -> FactorsTable:
    """Overrides read from a JSON document (the CLI's ``--factors`` file, a tenant's file)."""
    try:
        overrides = json.loads(text)
    except json.JSONDecodeError as error:
        raise ProblemError.single("", f"the factors file is not JSON: {error.msg}") from error
    if not isinstance(overrides, dict):
        raise ProblemError.single("", "the factors file holds one JSON object")
    return load_factors(overrides)
