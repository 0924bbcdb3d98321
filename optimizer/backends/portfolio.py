"""``backend=auto``: several searches in parallel processes, the best plan by our checker wins.

On a 2-core machine two independent searches cost no more wall-clock time than one; PyVRP
with two seeds is the default pair because PyVRP finds the shortest routes of the open engines
(docs/decisions/001). Problems with driver breaks go to OR-Tools, the backend that expresses them.
The winner is chosen by :func:`optimizer.check.evaluate`: feasible first, then the lowest
objective in euros, never by a solver's own opinion.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import time
import traceback
from dataclasses import dataclass, replace
from multiprocessing.context import ForkProcess
from typing import Any

from optimizer.backends.base import ProgressCallback, SolveOptions
from optimizer.backends.registry import get_backend
from optimizer.check import Context, evaluate
from optimizer.plan import BackendResult, Improvement

# Forked children start in milliseconds; results and progress come back through one queue.
# The margin keeps the whole portfolio within its wall-clock budget: a child's own budget is
# shorter by the time it takes to pickle its result back and to evaluate it here. Measured on
# the 30 s quality benchmark with a 0.6 s margin: the portfolio returned after 29.4-29.6 s, so
# 0.3 s keeps it inside the budget while its searches get as long as a single search would.
RESULT_MARGIN_S = 0.3
KILL_GRACE_S = 0.8


@dataclass(frozen=True)
class Member:
    backend: str
    seed_offset: int


def members_for(ctx: Context, workers: int = 2) -> list[Member]:
    """Which searches to run for this problem."""
    has_breaks = any(getattr(v, "breaks", None) for v in ctx.problem.vehicles)
    name = "ortools" if has_breaks else "pyvrp"
    return [Member(name, offset) for offset in range(workers)]


def _run_member(
    member: Member, index: int, ctx: Context, options: SolveOptions, channel: Any
) -> None:
    try:

        def report(improvement: Improvement) -> None:
            channel.put(("progress", index, improvement))

        result = get_backend(member.backend).solve(ctx, options, report)
        channel.put(("result", index, result))
    except BaseException:  # a failed member must not take the portfolio down
        channel.put(("error", index, traceback.format_exc()))


class PortfolioBackend:
    """Run :func:`members_for` searches side by side and keep the best by the checker."""

    name = "auto"

    def __init__(self, workers: int = 2) -> None:
        if workers < 1:
            raise ValueError("workers < 1 not understood.")
        self.workers = workers

    def solve(
        self,
        ctx: Context,
        options: SolveOptions,
        on_progress: ProgressCallback | None = None,
    ) -> BackendResult:
        started = time.monotonic()
        deadline = started + options.time_limit_s
        members = members_for(ctx, self.workers)
        child_budget = max(options.time_limit_s - RESULT_MARGIN_S, 0.2)
        context = mp.get_context("fork")
        channel = context.Queue()
        processes: list[ForkProcess] = []
        for index, member in enumerate(members):
            member_options = replace(
                options, time_limit_s=child_budget, seed=options.seed + member.seed_offset
            )
            process = context.Process(
                target=_run_member,
                args=(member, index, ctx, member_options, channel),
                daemon=True,
            )
            process.start()
            processes.append(process)

        results: dict[int, BackendResult] = {}
        failures: dict[int, str] = {}
        best_reported: float | None = None
        improvements: list[Improvement] = []
        while len(results) + len(failures) < len(members):
            remaining = deadline + KILL_GRACE_S - time.monotonic()
            if remaining <= 0:
                break
            try:
                kind, index, payload = channel.get(timeout=min(remaining, 0.2))
            except queue.Empty:
                for index, process in enumerate(processes):
                    finished = index in results or index in failures
                    if not finished and process.exitcode not in (0, None):
                        failures[index] = f"exited with code {process.exitcode}"
                continue
            if kind == "progress":
                improvement = Improvement(
                    time.monotonic() - started, payload.objective_eur, payload.feasible
                )
                if payload.feasible and (
                    best_reported is None or improvement.objective_eur < best_reported
                ):
                    best_reported = improvement.objective_eur
                    improvements.append(improvement)
                    if on_progress is not None:
                        on_progress(improvement)
            elif kind == "result":
                results[index] = payload
            else:
                failures[index] = str(payload)
        for process in processes:
            if process.is_alive():
                process.terminate()
            process.join(timeout=1)

        if not results:
            detail = "; ".join(failures.values()) or "no member finished in time"
            raise RuntimeError(f"every portfolio member failed: {detail}")
        ranked = sorted(
            results.values(),
            key=lambda r: (
                not (e := evaluate(ctx, r.routes)).feasible,
                len(e.violations),
                e.objective.total_eur,
            ),
        )
        best = ranked[0]
        return BackendResult(
            backend=f"auto({'+'.join(f'{m.backend}#{m.seed_offset}' for m in members)})"
            f"→{best.backend}",
            routes=best.routes,
            runtime_s=time.monotonic() - started,
            iterations=sum(r.iterations for r in results.values()),
            solver_objective=best.solver_objective,
            solver_feasible=best.solver_feasible,
            improvements=improvements,
        )
