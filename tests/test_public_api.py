"""The package's public names are the library's own objects, loaded only when asked for."""

from __future__ import annotations

import subprocess
import sys

import pytest

import optimizer
from optimizer.check import check_plan
from optimizer.errors import ProblemError
from optimizer.model import Problem
from optimizer.plan import Plan
from optimizer.solving.plan_day import plan_day
from optimizer.solving.solve import solve


def test_public_names_are_the_real_objects() -> None:
    assert optimizer.Problem is Problem
    assert optimizer.solve is solve
    assert optimizer.plan_day is plan_day
    assert optimizer.check_plan is check_plan
    assert optimizer.Plan is Plan
    assert optimizer.ProblemError is ProblemError
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = optimizer.nope  # type: ignore[attr-defined]


def test_importing_the_package_loads_no_solver() -> None:
    code = "import sys, optimizer; print('pyvrp' in sys.modules, 'ortools' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
