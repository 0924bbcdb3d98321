"""``backend=auto``: several searches in parallel processes, the best plan by our checker wins.

On a 2-core machine two searches cost no more wall-clock time than one. The default pair is
PyVRP (docs/decisions/001) twice, run differently: the first member is one steady search over
the whole budget, exactly what PyVRP alone would do; the second cuts its budget into rounds and
restarts from its own best with a fresh seed each round, which escapes the local optima a long
steady search settles in. The portfolio is so never worse than the steady search, and better
whenever the restarts find more. Days with driver breaks are planned by the same members: the
PyVRP translation keeps the breaks' time out of the shifts and the checker places them
(docs/decisions/023), which on the Dijon day with breaks serves every required delivery where
OR-Tools, which cannot reload, left some out. The winner is chosen by
:func:`optimizer.check.rank`: feasible first, then the lowest objective in euros, never by a
solver's own opinion.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import time
import traceback
from dataclasses import dataclass, replace
from multiprocessing.context import ForkProcess
from typing import Any

from optimizer.backends.base import Backend, ProgressCallback, Run, SolveOptions
from optimizer.backends.registry import get_backend
from optimizer.check import rank
from optimizer.context import Context
from optimizer.plan import BackendResult, Improvement

# Forked children start in milliseconds; results and progress come back through one queue.
# The margin keeps the whole portfolio within its wall-clock budget: a child's own budget is
# shorter by the time it takes to pickle its result back and to evaluate it here. Measured on
# the 30 s quality benchmark: with 0.3 s the portfolio returned after 29.7 s, so the overhead is
# a few hundredths of a second; 0.1 s keeps it inside the budget while its steady member
# searches almost as long as PyVRP alone would.
RESULT_MARGIN_S = 0.1
KILL_GRACE_S = 0.8
LAST_RESORT_S = 15.0
"""How long past its deadline the portfolio still waits when no member has answered at all."""


@dataclass(frozen=True)
class Member:
    """One search: a backend, its seed offset, and how many rounds it cuts its budget into."""

    backend: str
    seed_offset: int
    rounds: int = 1


RESTART_MAX_STOPS = 500
"""Above this many stops every member searches steadily with its own seed: a restart costs a
new initial solution (about 3 s at 1,000 points) and halves a search that, on such days, is
still improving at the end of its budget. On the food-bank benchmark's 1,000-point days the
restarting member lost to two steady seeds; at 200 and 400 points it won."""


def members_for(ctx: Context, workers: int = 2, rounds: int = 2) -> list[Member]:
    """Which searches to run for this problem: a steady one, then searches with restarts."""
    stops = len(ctx.problem.jobs) + 2 * len(ctx.problem.shipments)
    if stops > RESTART_MAX_STOPS:
        rounds = 1
    return [Member("pyvrp", offset, 1 if offset == 0 else rounds) for offset in range(workers)]


def _run_member(
    member: Member, index: int, ctx: Context, options: SolveOptions, channel: Any
) -> None:
    try:

        def report(improvement: Improvement) -> None:
            channel.put(("progress", index, improvement))

        channel.put(("result", index, _search(member, ctx, options, report)))
    except BaseException:  # a failed member must not take the portfolio down
        channel.put(("error", index, traceback.format_exc()))


def _search(
    member: Member, ctx: Context, options: SolveOptions, report: ProgressCallback
) -> BackendResult:
    """The member's rounds, each from the best routes so far with the next seed."""
    backend = get_backend(member.backend)
    end = options.fixed_deadline()
    best: BackendResult | None = None
    iterations = 0
    for number in range(member.rounds):
        remaining = end - time.monotonic()
        if remaining <= 0.1 and best is not None:
            break
        round_end = time.monotonic() + max(remaining / (member.rounds - number), 0.1)
        round_options = replace(
            options.until(round_end),
            seed=options.seed + number * 1000,
            initial_routes=tuple(best.routes) if best is not None else options.initial_routes,
        )
        found = backend.solve(ctx, round_options, report)
        iterations += found.iterations
        if best is None or rank(ctx, found.routes) < rank(ctx, best.routes):
            best = found
    assert best is not None
    return replace(best, iterations=iterations)


class PortfolioBackend(Backend):
    """Run :func:`members_for` searches side by side and keep the best by the checker.

    ``rounds`` is how many times the restarting members (all but the first PyVRP member) cut
    their budget; ``rounds=1`` makes every member one steady search with its own seed.
    """

    name = "auto"

    def __init__(self, workers: int = 2, rounds: int = 2) -> None:
        if workers < 1:
            raise ValueError("workers < 1 not understood.")
        if rounds < 1:
            raise ValueError("rounds < 1 not understood.")
        self.workers = workers
        self.rounds = rounds

    def search(self, ctx: Context, options: SolveOptions, run: Run) -> BackendResult:
        members = members_for(ctx, self.workers, self.rounds)
        members_end = max(options.fixed_deadline() - RESULT_MARGIN_S, run.started + 0.2)
        progress = _Progress(run)
        found, failures = self._round(ctx, members, options.until(members_end), progress)
        if not found:
            detail = "; ".join(failures) or "no member finished in time"
            raise RuntimeError(f"every portfolio member failed: {detail}")
        best = min(found, key=lambda r: rank(ctx, r.routes))
        label = "+".join(
            f"{m.backend}#{m.seed_offset}{f'×{m.rounds}' if m.rounds > 1 else ''}" for m in members
        )
        return BackendResult(
            backend=f"auto({label})→{best.backend}",
            routes=best.routes,
            runtime_s=run.elapsed(),
            iterations=sum(r.iterations for r in found),
            solver_objective=best.solver_objective,
            solver_feasible=best.solver_feasible,
            improvements=run.improvements,
        )

    def _round(
        self,
        ctx: Context,
        members: list[Member],
        options: SolveOptions,
        progress: _Progress,
    ) -> tuple[list[BackendResult], list[str]]:
        """Every member in its own forked process, within ``options.time_limit_s``."""
        deadline = options.fixed_deadline()
        context = mp.get_context("fork")
        channel = context.Queue()
        processes: list[ForkProcess] = []
        for index, member in enumerate(members):
            seed = options.seed + member.seed_offset
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
            if remaining <= 0 and results:
                break
            if remaining <= 0:
                # Nothing back yet: on a machine busy enough to delay every member, a plan a
                # little late is worth more than none. Wait for the first one, within reason.
                remaining = deadline + LAST_RESORT_S - time.monotonic()
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
    """Improvements of every member, reported only when the best improves."""

    def __init__(self, run: Run) -> None:
        self.run = run

    def report(self, payload: Improvement) -> None:
        if not payload.feasible:
            return
        improvements = self.run.improvements
        if improvements and payload.objective_eur >= improvements[-1].objective_eur:
            return
        self.run.improved(payload.objective_eur, payload.feasible)
