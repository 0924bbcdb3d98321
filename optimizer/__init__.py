"""foodroute engine: a pure-Python library, no web code.

The public API, importable from here: :class:`Problem` (the day, :mod:`optimizer.model`),
:func:`solve` and :func:`plan_day` (:mod:`optimizer.solving`), :func:`check_plan`
(:mod:`optimizer.check`), :class:`Plan` (:mod:`optimizer.plan`) and :class:`ProblemError`
(:mod:`optimizer.errors`). They are loaded on first use, so that importing the package (or
reading a document) does not load the solvers. ``docs/architecture.md`` maps the packages.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from optimizer.check import check_plan
    from optimizer.errors import ProblemError
    from optimizer.model import Problem
    from optimizer.plan import Plan
    from optimizer.solving.plan_day import plan_day
    from optimizer.solving.solve import solve

_PUBLIC = {
    "Problem": "optimizer.model",
    "solve": "optimizer.solving.solve",
    "plan_day": "optimizer.solving.plan_day",
    "check_plan": "optimizer.check",
    "Plan": "optimizer.plan",
    "ProblemError": "optimizer.errors",
}

__all__ = ["Plan", "Problem", "ProblemError", "check_plan", "plan_day", "solve"]


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'optimizer' has no attribute '{name}'")
    return getattr(import_module(module), name)
