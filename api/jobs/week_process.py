"""A week job's steps, each in a child process of its own, as a day's solve is
(:mod:`api.jobs.solver_process`): watched, cancelled and killed the same way.

- :func:`calendar_in_child`: the week read, its calendar decided, one day problem per date;
  sends ``("calendar", calendar_json, [(date, name, problem_json, points)], options_json)``.
- :func:`week_day_in_child`: one day of a week, planned by
  :func:`optimizer.week.solve_days.solve_day` (the daily engine, the balance post-pass, the
  checker) and sent like a day's plan: ``("plan", plan_json, objective, feasible, routed, None)``.
- :func:`finish_in_child`: moves between days, drivers' balance and the summary, from the days
  as planned; sends ``("week", week_json, {date: (plan, problem, objective, feasible)},
  objective, feasible)`` with the days it changed, and ``("week_progress", done, total,
  detail)`` on the way.

Each sends ``("started",)`` first and ``("error", reason, message)`` on failure.
"""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from api.jobs.solver_process import SOLVER_NICENESS, _die_with_parent


def _prepare() -> Callable[[], bool]:
    """The child's start: die with the parent, run below the web server, SIGTERM = stop."""
    _die_with_parent()
    os.nice(SOLVER_NICENESS)
    stop = [False]

    def request_stop(_signal: int, _frame: object) -> None:
        stop[0] = True

    signal.signal(signal.SIGTERM, request_stop)
    return lambda: stop[0]


def _guarded(conn: Connection, step: Callable[[], None]) -> None:
    """Run ``step``; a bad week or a solver bug ends the job with a reason, never hangs it."""
    from optimizer.errors import ProblemError

    try:
        step()
    except ProblemError as error:
        conn.send(("error", "invalid_problem", str(error)))
    except ValueError as error:
        conn.send(("error", "invalid_options", str(error)))
    except Exception as error:
        conn.send(("error", "solver_error", f"{type(error).__name__}: {error}"))
    finally:
        conn.close()


def week_options(options: dict[str, Any], backend: str, time_limit_s: float, seed: int) -> Any:
    """The engine's :class:`~optimizer.week.WeekOptions` from a week job's stored options."""
    from optimizer.week import CalendarKind, WeekOptions

    return WeekOptions(
        calendar=CalendarKind(options.get("calendar", "optimised")),
        backend=backend,
        time_limit_per_day_s=time_limit_s,
        balance_eur_per_hour=options.get("balance_eur_per_hour"),
        improving_moves=options.get("improving_moves"),
        seed=seed,
        # Moves are tried one after the other inside this process: no grandchild outlives it.
        workers=1,
        max_iterations_per_day=options.get("max_iterations_per_day"),
    )


def calendar_in_child(
    week_document: str,
    options_document: str | None,
    backend: str,
    time_limit_s: float,
    seed: int,
    conn: Connection,
) -> None:
    """Decide the week's calendar and send its day problems (a SIGTERM ends it at once)."""
    _die_with_parent()
    os.nice(SOLVER_NICENESS)

    def step() -> None:
        from optimizer.week import calendar_document, parse_week, start_week

        options = json.loads(options_document) if options_document else {}
        conn.send(("started",))
        week = parse_week(json.loads(week_document))
        begun = start_week(week, week_options(options, backend, time_limit_s, seed))
        settings = begun.settings
        day_options = {
            "balance_eur_per_hour": settings.balance_eur_per_hour,
            "max_iterations": settings.max_iterations,
        }
        days = [
            (
                day.isoformat(),
                problem.name,
                problem.model_dump_json(exclude_defaults=True),
                len(problem.sites),
            )
            for day, problem in sorted(begun.problems.items())
        ]
        if not days:
            raise ValueError("the week has no working day with a vehicle")
        calendar = json.dumps(calendar_document(begun.calendar))
        conn.send(("calendar", calendar, days, json.dumps(day_options)))

    _guarded(conn, step)


def week_day_in_child(
    problem_document: str,
    options_document: str | None,
    backend: str,
    time_limit_s: float,
    seed: int,
    conn: Connection,
    max_iterations: int | None = None,
) -> None:
    """Plan one day of a week and send its checked plan; SIGTERM: the best plan so far.

    The week's iteration budget per day comes first, then the service's (``max_iterations``).
    """
    should_stop = _prepare()

    def step() -> None:
        from optimizer.model import Problem
        from optimizer.plan import Improvement
        from optimizer.week.solve_days import DaySettings, solve_day

        def report(improvement: Improvement) -> None:
            conn.send(
                ("progress", improvement.elapsed_s, improvement.objective_eur, improvement.feasible)
            )

        options = json.loads(options_document) if options_document else {}
        problem = Problem.model_validate_json(problem_document)
        settings = DaySettings(
            backend=backend,
            time_limit_s=time_limit_s,
            seed=seed,
            balance_eur_per_hour=float(options.get("balance_eur_per_hour") or 0.0),
            max_iterations=options.get("max_iterations") or max_iterations,
        )
        conn.send(("started",))
        result = solve_day(problem, settings, should_stop=should_stop, on_progress=report)
        plan = result.plan
        routed = result.problem.model_dump_json(exclude_none=True)
        conn.send(
            ("plan", plan.model_dump_json(), plan.objective.total_eur, result.ok, routed, None)
        )

    _guarded(conn, step)


def finish_in_child(
    week_document: str,
    options_document: str | None,
    backend: str,
    time_limit_s: float,
    seed: int,
    calendar_json: str,
    days_json: str,
    conn: Connection,
    max_iterations: int | None = None,
) -> None:
    """Moves, drivers' balance and the summary from the days as planned; sends the week."""
    _die_with_parent()
    os.nice(SOLVER_NICENESS)
    options = json.loads(options_document) if options_document else {}
    if options.get("max_iterations_per_day") is None and max_iterations is not None:
        options["max_iterations_per_day"] = max_iterations

    def step() -> None:
        conn.send(("started",))
        conn.send(_finish(week_document, json.dumps(options), backend, time_limit_s, seed,
                          calendar_json, days_json, conn))  # fmt: skip

    _guarded(conn, step)


def _finish(
    week_document: str,
    options_document: str | None,
    backend: str,
    time_limit_s: float,
    seed: int,
    calendar_json: str,
    days_json: str,
    conn: Connection,
) -> tuple[Any, ...]:
    import datetime as dt

    from optimizer.check import check_plan
    from optimizer.model import Problem
    from optimizer.plan import Plan
    from optimizer.week import WeekProgress, WeekStart, calendar_from_document, finish_week
    from optimizer.week.days import week_matrix
    from optimizer.week.files import week_result
    from optimizer.week.plan_week import day_settings, progress_counter
    from optimizer.week.read import parse_week
    from optimizer.week.solve_days import DayResult

    week = parse_week(json.loads(week_document))
    options = week_options(
        json.loads(options_document) if options_document else {}, backend, time_limit_s, seed
    )
    results: dict[dt.date, DayResult] = {}
    for date, problem_document, plan_document in json.loads(days_json):
        day = dt.date.fromisoformat(date)
        problem = Problem.model_validate_json(problem_document)
        plan = Plan.model_validate_json(plan_document)
        violations = [str(v) for v in check_plan(problem, plan).violations]
        results[day] = DayResult(day, problem, plan, violations, 0.0)
    begun = WeekStart(
        week,
        options,
        day_settings(week, options),
        week_matrix(week),
        calendar_from_document(json.loads(calendar_json)),
        {day: r.problem for day, r in results.items()},
    )

    def report(state: WeekProgress) -> None:
        conn.send(("week_progress", state.done, state.total, state.detail))

    done = progress_counter(begun.total_steps, report, done_before=len(results))
    finished = finish_week(begun, results, done)
    changed = {}
    for day, result in finished.days.items():
        if result is results.get(day):
            continue
        plan = result.plan
        changed[day.isoformat()] = (
            plan.model_dump_json(),
            result.problem.model_dump_json(exclude_none=True),
            plan.objective.total_eur,
            result.ok,
        )
    objective = sum(r.plan.objective.total_eur for r in finished.days.values())
    return ("week", week_result(finished).model_dump_json(), changed, objective, finished.ok)
