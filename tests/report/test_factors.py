"""The factors table: the documented defaults, each with a source, and per-tenant overrides."""

from __future__ import annotations

import pytest

from optimizer.errors import ProblemError
from optimizer.report.factors import OVERRIDE_SOURCE, default_factors, load_factors_file


def test_defaults_are_the_documented_figures() -> None:
    table = default_factors()
    assert table.version == "2025.1"
    assert table.value_eur_per_kg == 4.3
    assert table.meal_kg == 0.5
    assert table.waste_co2e_kg_per_kg == 1.5
    assert table.value("diesel_co2e_kg_per_l") == 3.17
    assert table.near_expiry_days == 2
    assert [table.co2e_kg_per_km(t) for t in ("van_3.5t", "truck_12t")] == [0.51, 0.76]
    assert table.co2e_kg_per_km("truck_19t_refrigerated") == 1.03
    assert table.co2e_kg_per_km("bicycle") is None
    every = [*table.factors.values(), *table.vehicle_co2e_kg_per_km.values()]
    assert all(factor.source and factor.unit for factor in every)


def test_override_says_so() -> None:
    table = load_factors_file(
        '{"waste_co2e_kg_per_kg": 2.0, "vehicle_co2e_kg_per_km": {"cargo_bike": 0}}'
    )
    assert table.waste_co2e_kg_per_kg == 2.0
    assert table.factors["waste_co2e_kg_per_kg"].source == OVERRIDE_SOURCE
    assert table.co2e_kg_per_km("cargo_bike") == 0.0
    assert table.meal_kg == 0.5  # untouched
    assert table.version == "2025.1+override"
    assert default_factors().waste_co2e_kg_per_kg == 1.5  # the defaults stay as they are


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ('{"meal_kg": -1}', "meal_kg"),
        ('{"meal_kg": "half a kilo"}', "meal_kg"),
        ('{"meals_kg": 0.5}', "meals_kg"),
        ('{"vehicle_co2e_kg_per_km": {"van_3.5t": true}}', "vehicle_co2e_kg_per_km.van_3.5t"),
        ("[1]", ""),
        ("{", ""),
    ],
)
def test_bad_overrides_name_the_key(text: str, path: str) -> None:
    with pytest.raises(ProblemError) as caught:
        load_factors_file(text)
    assert caught.value.issues[0].path == path
