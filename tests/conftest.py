"""Tiny named days shared by the engine's tests, built by hand so every number can be checked.

The *tiny day* (:func:`tiny_document`) is the reference case of the checker tests: one depot
``D``, one donor ``S``, one partner ``A`` on an explicit matrix with round numbers, one
vehicle ``V1``, one pickup ``P1`` at ``S`` and one delivery ``D1`` at ``A``::

             D        S        A          distance (m) / duration (s), symmetric
    D        0     10000    20000
    S    10000         0    15000         D–S 900 s, S–A 1200 s, D–A 1800 s
    A    20000     15000        0

    D: open 06:00–18:00, loading 10 min        V1: shift 07:00–15:00, 500 kg ambient,
    S: window 07:30–08:00, service 5 min           200 kg chilled, no frozen; 0.50 €/km,
    A: window 10:00–12:00, service 10 min          20 €/h, 30 € fixed
    P1: 60 kg ambient (no date) + 40 kg chilled dairy DLC in 3 days
    D1: 100 kg ambient (no date)

Tests get the document as the ``tiny_doc`` fixture (a fresh dict each time), corrupt or extend it,
and validate it with :func:`optimizer.read.documents.parse_problem`, so they exercise the same door
as a planner's file. The ``lot`` and ``vehicle`` fixtures build more lots and vehicles alike.
Helpers are handed out as fixtures, never imported: other folders of ``tests/`` have their own
``conftest.py``, and ``from conftest import …`` would pick whichever was imported last.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from optimizer.context import Context
from optimizer.model import Problem
from optimizer.read.documents import parse_problem

# CI must be reproducible: the same examples on every run, so a red build is a real regression.
# Developers keep hypothesis's fresh examples, which is how new counter-examples are found.
settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

# The command line speaks French by default; the suite's assertions on its output were written
# in English, so the suite asks for English and tests/cli/test_cli_language.py unsets it.
os.environ.setdefault("FOODROUTE_LANGUAGE", "en")


DATA = Path(__file__).parent / "data"
PLAN_DATE = "2025-03-10"

Document = dict[str, Any]


def lot(lot_id: str, kg: float, temperature: str = "ambient", **extra: Any) -> dict[str, Any]:
    """A lot whose category matches its temperature (frozen food must be category frozen)."""
    category = {"ambient": "dry_groceries", "chilled": "dairy", "frozen": "frozen"}[temperature]
    return {"id": lot_id, "category": category, "temperature": temperature, "kg": kg, **extra}


def vehicle(vehicle_id: str = "V1", **extra: Any) -> dict[str, Any]:
    return {
        "id": vehicle_id,
        "depot": "D",
        "shift_start": "07:00",
        "shift_end": "15:00",
        "capacity_kg": {"ambient": 500, "chilled": 200, "frozen": 0},
        "cost_per_km": 0.5,
        "cost_per_hour": 20.0,
        "fixed_cost": 30.0,
        "co2e_kg_per_km": 0.5,
        **extra,
    }


def tiny_document() -> Document:
    """The tiny day described in the module docstring, as a planner's JSON document."""
    return {
        "name": "tiny",
        "date": PLAN_DATE,
        "sites": [
            {
                "id": "D",
                "kind": "depot",
                "lat": 47.3220,
                "lon": 5.0415,
                "time_windows": [{"start": "06:00", "end": "18:00"}],
                "service_min": 10,
            },
            {
                "id": "S",
                "kind": "donor",
                "lat": 47.33,
                "lon": 5.05,
                "time_windows": [{"start": "07:30", "end": "08:00"}],
                "service_min": 5,
            },
            {
                "id": "A",
                "kind": "partner",
                "lat": 47.31,
                "lon": 5.03,
                "time_windows": [{"start": "10:00", "end": "12:00"}],
                "service_min": 10,
            },
        ],
        "vehicles": [vehicle()],
        "pickups": [
            {
                "id": "P1",
                "site": "S",
                "lots": [
                    lot("P1-dry", 60),
                    lot("P1-yog", 40, "chilled", date="2025-03-13", date_kind="DLC"),
                ],
            }
        ],
        "deliveries": [{"id": "D1", "site": "A", "lots": [lot("D1-dry", 100)]}],
        "travel": {
            "kind": "explicit",
            "site_ids": ["D", "S", "A"],
            "distance_m": [[0, 10000, 20000], [10000, 0, 15000], [20000, 15000, 0]],
            "duration_s": [[0, 900, 1800], [900, 0, 1200], [1800, 1200, 0]],
        },
    }


@pytest.fixture(name="lot")
def lot_factory() -> Callable[..., dict[str, Any]]:
    """``lot(id, kg, temperature="ambient", **extra)``: a lot whose category fits its class."""
    return lot


@pytest.fixture(name="vehicle")
def vehicle_factory() -> Callable[..., dict[str, Any]]:
    """``vehicle(id="V1", **extra)``: V1 of the tiny day, with ``extra`` keys overridden."""
    return vehicle


@pytest.fixture
def tiny_doc() -> Document:
    return tiny_document()


@pytest.fixture
def tiny(tiny_doc: Document) -> Problem:
    return parse_problem(tiny_doc)


@pytest.fixture
def tiny_ctx(tiny: Problem) -> Context:
    return Context(tiny)


@pytest.fixture
def build() -> Callable[[Document], Context]:
    """Validate a (modified) document and return the checker's context for it."""

    def make(document: Document) -> Context:
        return Context(parse_problem(copy.deepcopy(document)))

    return make


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA
