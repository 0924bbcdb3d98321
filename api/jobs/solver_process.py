"""The solve itself, in a child process of its own so that it can be watched, cancelled and killed.

SIGTERM asks the search to stop early (a cancelled job) and still send its best plan.
The search's deadline counts from the moment the job began to run, so the child's start-up is
inside the time limit the planner waits for. Messages to the parent over a pipe: ``("started",)``
when the problem is read and the search begins (the supervisor's kill deadline counts from
there, so that a slow start-up never gets a job killed), then
``("progress", elapsed_s, objective_eur, feasible)``, then
``("plan", plan_json, objective_eur, feasible, routed_json, allocation_json)`` or
``("error", reason, message)``. ``routed_json`` and ``allocation_json`` are None unless the day
has stock: then the plan routes the problem plus the allocation's deliveries, and is checked
against that routed problem.
"""

from __future__ import annotations

import ctypes
import dataclasses
import json
import os
import signal
import sys
from multiprocessing.connection import Connection

SOLVER_NICENESS = 10


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent dies, so no orphan solve lingers."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
    except OSError:
        return
    pr_set_pdeathsig = 1
    libc.prctl(pr_set_pdeathsig, signal.SIGKILL)


def solve_in_child(
    problem_document: str,
    backend: str,
    time_limit_s: float,
    seed: int,
    decisions_document: str | None,
    conn: Connection,
    max_iterations: int | None = None,
    started_at: float | None = None,
) -> None:
    """Solve and send the plan; SIGTERM means "stop now and send the best plan so far".

    ``decisions_document`` is the job's decisions as JSON (:class:`api.decisions.Decisions`):
    locked routes, removed vehicles and forced stops make it a re-plan; None is a plain solve.
    ``max_iterations`` also stops the search after that many iterations (the service's
    ``solve_max_iterations`` setting), within the time limit. ``started_at``: the
    ``time.monotonic()`` instant the job began to run (the clock is the host's, shared by parent
    and child): the search's deadline counts from it, so that the child's start-up is inside the
    time limit the planner waits for, not added to it.
    A day with stock is allocated, then routed (:func:`api.decisions.plan_with_decisions`).
    """
    _die_with_parent()
    # Below the web server: on a small machine the solves must not starve the API's answers.
    os.nice(SOLVER_NICENESS)
    stop_requested = False

    def request_stop(_signal: int, _frame: object) -> None:
        nonlocal stop_requested
        stop_requested = True

    signal.signal(signal.SIGTERM, request_stop)
    from api.decisions import Decisions, plan_with_decisions
    from optimizer.backends.base import SolveOptions
    from optimizer.errors import ProblemError
    from optimizer.plan import Improvement
    from optimizer.read.documents import parse_problem

    def report(improvement: Improvement) -> None:
        conn.send(
            ("progress", improvement.elapsed_s, improvement.objective_eur, improvement.feasible)
        )

    try:
        problem = parse_problem(json.loads(problem_document))
        options = dataclasses.replace(
            SolveOptions.for_problem(
                problem,
                time_limit_s=time_limit_s,
                seed=seed,
                should_stop=lambda: stop_requested,
                started_at=started_at,
            ),
            max_iterations=max_iterations,
        )
        decisions = (
            Decisions.model_validate_json(decisions_document) if decisions_document else None
        )
        conn.send(("started",))
        day = plan_with_decisions(problem, decisions, backend, options, on_progress=report)
    except ProblemError as error:
        conn.send(("error", "invalid_problem", str(error)))
    except ValueError as error:
        conn.send(("error", "invalid_options", str(error)))
    except Exception as error:  # a solver bug must end the job with a reason, not hang it
        conn.send(("error", "solver_error", f"{type(error).__name__}: {error}"))
    else:
        plan = day.plan
        stocked = day.allocation is not None
        conn.send(
            (
                "plan",
                plan.model_dump_json(),
                plan.objective.total_eur,
                plan.feasible,
                day.routed.model_dump_json(exclude_none=True) if stocked else None,
                day.allocation.model_dump_json() if day.allocation is not None else None,
            )
        )
    finally:
        conn.close()
