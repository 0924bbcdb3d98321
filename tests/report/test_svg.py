"""Chart primitives: axis maxima, French numbers, one bar per value."""

from __future__ import annotations

import pytest

from optimizer.report.svg import (
    Series,
    axis,
    bar_chart,
    hbar_chart,
    line_chart,
    nice_ceiling,
    number,
)


@pytest.mark.parametrize(
    ("value", "ceiling"),
    [(0, 1.0), (0.7, 1.0), (1.2, 2.0), (2.3, 2.5), (37_000, 50_000), (4_000, 5_000)],
)
def test_nice_ceiling(value: float, ceiling: float) -> None:
    assert nice_ceiling(value) == ceiling


@pytest.mark.parametrize(
    ("value", "top", "step"),
    [(23_000, 25_000, 5_000), (100, 100, 20), (1.0, 1.0, 0.2), (0, 1.0, 0.25), (7, 8, 2)],
)
def test_axis_has_round_ticks(value: float, top: float, step: float) -> None:
    assert axis(value) == pytest.approx((top, step))


def test_french_numbers() -> None:
    assert number(12_345.4) == "12\u202f345"
    assert number(0.25) == "0,25"
    assert number(7.5) == "7,5"
    assert number(3) == "3"


def test_bars_scale_to_the_axis() -> None:
    svg = bar_chart(
        "kg", "Kg", ["a", "b"], [Series("x", [50, 100], "#000"), Series("y", [25, 0], "#111")], "kg"
    )
    assert svg.count("class='bar'") == 4
    # Plot height 260 − 34 − 48 = 178 px for an axis to 100: 100 kg is 178 px tall, 50 kg 89.
    assert "height='178.0'" in svg and "height='89.0'" in svg and "height='44.5'" in svg
    assert svg.startswith("<svg class='chart' data-chart='kg'")


def test_lines_break_on_missing_values() -> None:
    svg = line_chart(
        "eq", "Équité", ["a", "b", "c", "d"], [Series("g", [0.1, 0.2, None, 0.3], "#000")], ""
    )
    assert svg.count("<circle") == 3
    assert svg.count("<polyline") == 1  # a–b joined; d alone


def test_hbar_escapes_labels() -> None:
    svg = hbar_chart("src", "Sources", [("<Épicerie & co>", 10.0)], "#000", "kg")
    assert "&lt;Épicerie &amp; co&gt;" in svg
