"""What every routing backend offers, so the portfolio and the CLI can treat them alike."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from optimizer.check import Context
from optimizer.model import Problem
from optimizer.plan import BackendResult, Improvement, RouteSequence

ProgressCallback = Callable[[Improvement], None]
"""Called each time a backend's best solution improves (elapsed s, objective €, feasible)."""


@dataclass(frozen=True)
class SolveOptions:
    """A search budget and its seed.

    ``time_limit_s`` is wall-clock seconds for the whole search, translation included.
    """

    time_limit_s: float = 30.0
    seed: int = 1
    should_stop: Callable[[], bool] | None = field(default=None, compare=False)
    """Polled during the search; True ends it early with the best solution so far (a planner
    cancelled the job). Backends that cannot poll ignore it and run to their time limit."""

    initial_routes: tuple[RouteSequence, ...] = field(default=(), compare=False)
    """A warm start: the search begins from these routes (an earlier round's best, a previous
    plan). Jobs the backend cannot place are left to the search; backends that cannot start from
    a solution ignore it."""

    @classmethod
    def for_problem(cls, problem: Problem) -> SolveOptions:
        """The problem's own settings: its time limit and its seed."""
        return cls(time_limit_s=problem.settings.time_limit_s, seed=problem.settings.seed)

    def __post_init__(self) -> None:
        if self.time_limit_s <= 0:
            raise ValueError("time_limit_s <= 0 not understood.")
        if self.seed < 0:
            raise ValueError("seed < 0 not understood.")


class Backend(Protocol):
    """A routing backend: problem context in, route sequences out."""

    name: str

    def solve(
        self,
        ctx: Context,
        options: SolveOptions,
        on_progress: ProgressCallback | None = None,
    ) -> BackendResult: ...
