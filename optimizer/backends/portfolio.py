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


def _rank(ctx: Context, result: BackendResult) -> tuple[bool, int, float]:
    """Feasible first, then fewer violations, then the lower objective: the checker's order."""
    evaluation = evaluate(ctx, result.routes)
    return (not evaluation.feasible, len(evaluation.violations), evaluation.objective.total_eur)


class PortfolioBackend:
    """Run :func:`members_for` searches side by side and keep the best by the checker.

    With ``rounds`` > 1 (PyVRP members only), the budget is cut into rounds: every member of a
    round after the first starts from the best routes found so far, with a fresh seed. Two
    independent searches mostly agree on a 200-stop day; restarting both from the better one
    spends the second half of the budget improving the best plan twice over instead of
    improving a worse one.
    """

    name = "auto"

    def __init__(self, workers: int = 2, rounds: int = 2) -> None:
        if workers < 1:
            raise ValueError("workers < 1 not understood.")
        if rounds < 1:
            raise ValueError("rounds < 1 not understood.")
        self.workers = workers
        self.rounds = rounds

    def solve(
        self,
        ctx: Context,
        options: SolveOptions,
        on_progress: ProgressCallback | None = None,
    ) -> BackendResult:
        started = time.monotonic()
        members = members_for(ctx, self.workers)
        rounds = self.rounds if all(m.backend == "pyvrp" for m in members) else 1
        end_of_search = started + max(options.time_limit_s - RESULT_MARGIN_S, 0.2)
        progress = _Progress(started, on_progress)
        results: list[BackendResult] = []
        failures: list[str] = []
        best: BackendResult | None = None
        for number in range(rounds):
            remaining = end_of_search - time.monotonic()
            if remaining <= 0.1 and best is not None:
                break
            budget = max(remaining / (rounds - number), 0.1)
            round_options = replace(
                options,
                time_limit_s=budget,
                initial_routes=tuple(best.routes) if best is not None else options.initial_routes,
            )
            found, failed = self._round(ctx, members, number, round_options, progress)
            results += found
            failures += failed
            if found:
                best = min([*found, *([best] if best else [])], key=lambda r: _rank(ctx, r))
        if best is None:
            detail = "; ".join(failures) or "no member finished in time"
            raise RuntimeError(f"every portfolio member failed: {detail}")
        label = "+".join(f"{m.backend}#{m.seed_offset}" for m in members)
        return BackendResult(
            backend=f"auto({label}{f' ×{rounds} rounds' if rounds > 1 else ''})→{best.backend}",
            routes=best.routes,
            runtime_s=time.monotonic() - started,
            iterations=sum(r.iterations for r in results),
            solver_objective=best.solver_objective,
            solver_feasible=best.solver_feasible,
            improvements=progress.improvements,
        )

    def _round(
        self,
        ctx: Context,
        members: list[Member],
        number: int,
        options: SolveOptions,
        progress: _Progress,
    ) -> tuple[list[BackendResult], list[str]]:
        """One round: every member in its own forked process, within ``options.time_limit_s``."""
        deadline = time.monotonic() + options.time_limit_s
        context = mp.get_context("fork")
        channel = context.Queue()
        processes: list[ForkProcess] = []
        for index, member in enumerate(members):
            seed = options.seed + member.seed_offset + number * len(members)
            process = context.Process(
                target=_run_member,
                args=(member, index, ctx, replace(options, seed=seed), channel),
                daemon=True,
            )
            process.start()
            processes.append(process)
        results: dict[int, BackendResult] = {}
        failures: dict[int, str] = {}
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
                progress.report(payload)
            elif kind == "result":
                results[index] = payload
            else:
                failures[index] = str(payload)
        for process in processes:
            if process.is_alive():
                process.terminate()
            process.join(timeout=1)
        return list(results.values()), list(failures.values())


class _Progress:
    """Improvements of every member of every round, reported only when the best improves."""

    def __init__(self, started: float, on_progress: ProgressCallback | None) -> None:
        self.started = started
        self.on_progress = on_progress
        self.improvements: list[Improvement] = []

    def report(self, payload: Improvement) -> None:
        if not payload.feasible:
            return
        best = self.improvements[-1].objective_eur if self.improvements else None
        if best is not None and payload.objective_eur >= best:
            return
        improvement = Improvement(
            time.monotonic() - self.started, payload.objective_eur, payload.feasible
        )
        self.improvements.append(improvement)
        if self.on_progress is not None:
            self.on_progress(improvement)
