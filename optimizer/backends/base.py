"""What every routing backend offers, so the portfolio and the CLI can treat them alike."""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from optimizer.context import Context
from optimizer.model import Problem
from optimizer.model.settings import DEFAULT_SEED, DEFAULT_TIME_LIMIT_S
from optimizer.plan import BackendResult, Improvement, RouteSequence

ProgressCallback = Callable[[Improvement], None]
"""Called each time a backend's best solution improves (elapsed s, objective €, feasible)."""


@dataclass(frozen=True)
class SolveOptions:
    """A search budget and its seed.

    ``time_limit_s`` is wall-clock seconds for the whole search, translation included.
    """

    time_limit_s: float = DEFAULT_TIME_LIMIT_S
    seed: int = DEFAULT_SEED
    should_stop: Callable[[], bool] | None = field(default=None, compare=False)
    """Polled during the search; True ends it early with the best solution so far (a planner
    cancelled the job). Backends that cannot poll ignore it and run to their time limit."""

    initial_routes: tuple[RouteSequence, ...] = field(default=(), compare=False)
    """A warm start: the search begins from these routes (an earlier round's best, a previous
    plan). Jobs the backend cannot place are left to the search; backends that cannot start from
    a solution ignore it."""

    max_iterations: int | None = None
    """A budget in iterations as well as in time, whichever ends first. With a generous time
    limit it makes a search repeat itself exactly on any machine, however busy (tests, and
    comparisons that must not depend on speed); backends without iterations ignore it."""

    stall_iterations: int | None = None
    """Stop a search after this many iterations without a better solution: a day that has
    converged returns at once instead of spending the whole limit. None: search to the limit.
    :func:`stall_window` gives the default that grows with the day's size."""

    deadline: float | None = field(default=None, compare=False)
    """The ``time.monotonic()`` instant by which the caller needs the answer, when it is fixed
    from outside (the CLI counts from the start of the process, so reading the file and writing
    the plan are inside the promise). None: ``time_limit_s`` from when the solve starts."""

    def until(self, deadline: float) -> SolveOptions:
        """These options with the budget that remains until ``deadline``."""
        return replace(self, deadline=deadline, time_limit_s=max(deadline - time.monotonic(), 0.01))

    def fixed_deadline(self) -> float:
        """The deadline, set from ``time_limit_s`` now when none was given."""
        return self.deadline if self.deadline is not None else time.monotonic() + self.time_limit_s

    @classmethod
    def for_problem(
        cls,
        problem: Problem,
        *,
        time_limit_s: float | None = None,
        seed: int | None = None,
        should_stop: Callable[[], bool] | None = None,
        started_at: float | None = None,
        stop_early: bool | None = None,
    ) -> SolveOptions:
        """The options of a solve of ``problem``: the time limit and seed given, else the
        problem's own settings. The one way the CLI, the API and the library build them.

        ``started_at``: the ``time.monotonic()`` instant the time limit counts from (the launch
        of a command), which fixes the deadline; none: from when the solve starts.
        ``stop_early``: end the search once it stops improving (:func:`stall_window`); none:
        the problem's ``settings.stop_early``.
        Raises ``ValueError`` for a time limit ≤ 0 or a negative seed.
        """
        limit = problem.settings.time_limit_s if time_limit_s is None else time_limit_s
        early = problem.settings.stop_early if stop_early is None else stop_early
        stops = len(problem.pickups) + len(problem.deliveries) + 2 * len(problem.shipments)
        return cls(
            time_limit_s=limit,
            seed=problem.settings.seed if seed is None else seed,
            should_stop=should_stop,
            deadline=None if started_at is None else started_at + limit,
            stall_iterations=stall_window(stops) if early else None,
        )

    def __post_init__(self) -> None:
        if self.time_limit_s <= 0:
            raise ValueError("time_limit_s <= 0 not understood.")
        if self.seed < 0:
            raise ValueError("seed < 0 not understood.")
        if self.max_iterations is not None and self.max_iterations < 1:
            raise ValueError("max_iterations < 1 not understood.")
        if self.stall_iterations is not None and self.stall_iterations < 1:
            raise ValueError("stall_iterations < 1 not understood.")


@dataclass
class Run:
    """One call of a backend: when it began, who hears of its progress, what it has reported.

    The budget counts from ``started`` (the translation is inside it); every improvement is
    timed from there, kept for the plan and passed on to ``on_progress``.
    """

    started: float
    on_progress: ProgressCallback | None = None
    improvements: list[Improvement] = field(default_factory=list)

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def improved(self, objective_eur: float, feasible: bool) -> None:
        improvement = Improvement(self.elapsed(), objective_eur, feasible)
        self.improvements.append(improvement)
        if self.on_progress is not None:
            self.on_progress(improvement)

    def nothing_to_plan(self, backend: str) -> BackendResult:
        """The answer for a day with nothing the search could place: no route, at once."""
        return BackendResult(backend, [], self.elapsed())


class Backend(ABC):
    """A routing backend: problem context in, route sequences out.

    :meth:`solve` starts the clock (the budget counts the translation too); each backend's
    :meth:`search` plans within it.
    """

    name: str

    def solve(
        self,
        ctx: Context,
        options: SolveOptions,
        on_progress: ProgressCallback | None = None,
    ) -> BackendResult:
        return self.search(ctx, options, Run(time.monotonic(), on_progress))

    @abstractmethod
    def search(self, ctx: Context, options: SolveOptions, run: Run) -> BackendResult:
        """Plan ``ctx`` within ``options``' budget, counted from ``run.started``."""


def stall_window(stops: int) -> int:
    """Iterations without improvement after which a day counts as converged.

    PyVRP's own ``NoImprovement`` criterion, sized with the day: 1,000 iterations plus ten per
    stop (2,000 at 100 stops, a second or two there; 11,000 at 1,000 stops, more than a 120 s
    search makes, so large days keep their whole budget).
    """
    return 1000 + 10 * stops
