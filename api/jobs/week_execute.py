"""How a worker runs each step of a week (see :mod:`api.jobs.week_store` for the states).

:func:`process_for` picks the child process and the watch for a claimed job: a day's solve, a
week's calendar, a day of a week, or a week's last step. The watches are
:class:`api.jobs.execute.Watch` with the week's messages and time allowances; a day of a week
is watched exactly like a day, since its child sends the same messages.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from api.config import Settings
from api.jobs import store, week_store
from api.jobs.execute import Outcome, Watch
from api.jobs.solver_process import solve_in_child
from api.jobs.week_process import calendar_in_child, finish_in_child, week_day_in_child
from api.models import JobKind

CALENDAR_ALLOWANCE_S = 600.0
"""How long a week's calendar may take (CP-SAT runs on a deterministic limit, not a clock)."""
FINISH_ALLOWANCE_S = 120.0
"""Beyond its moves' day solves, how long the week's last step may take."""

ChildTarget = Callable[..., None]


class CalendarWatch(Watch):
    """The week's first step: its answer is the calendar, which becomes one job per day."""

    def _allowed_s(self) -> float:
        return CALENDAR_ALLOWANCE_S + self.settings.time_limit_grace_s

    def _answer(self, message: tuple[Any, ...]) -> Outcome | None:
        if message[0] != "calendar":
            return super()._answer(message)
        _, calendar, days, day_options = message
        planned = [week_store.DayToPlan(*day) for day in days]
        ids = week_store.start_days(self.sessions, self.claimed, calendar, planned, day_options)
        if ids is None:
            return Outcome("stopped")
        if self.on_requeued is not None:
            for job_id in ids:
                self.on_requeued(job_id)
        return Outcome("waiting", f"{len(ids)} days")


class FinishWatch(Watch):
    """The week's last step: moves between days (each two day solves), balance, the result."""

    def _allowed_s(self) -> float:
        moves = week_moves(self.claimed)
        return (
            self.claimed.time_limit_s * 2 * moves
            + FINISH_ALLOWANCE_S
            + self.settings.time_limit_grace_s
        )

    def _answer(self, message: tuple[Any, ...]) -> Outcome | None:
        kind = message[0]
        elapsed = time.monotonic() - self.started
        if kind == "week_progress":
            self.progress = store.ProgressUpdate(
                elapsed,
                self.progress.best_objective_eur,
                self.progress.feasible,
                self.progress.improvements + 1,
            )
            return None
        if kind != "week":
            return super()._answer(message)
        _, result, changed, objective, feasible = message
        days = {
            date: week_store.ChangedDay(plan, problem, float(value), bool(ok))
            for date, (plan, problem, value, ok) in changed.items()
        }
        self.progress = store.ProgressUpdate(
            elapsed, float(objective), bool(feasible), self.progress.improvements
        )
        if not week_store.store_week(self.sessions, self.claimed, result, days, self.progress):
            return Outcome("stopped")
        return Outcome("succeeded")


def week_moves(claimed: store.Claim) -> int:
    """The moves a week's last step will try, from its options or its document."""
    from optimizer.week import WeekSettings

    moves = week_store.options_of(claimed).get("improving_moves")
    if moves is None:
        document = json.loads(claimed.problem_document)
        settings = document.get("week") if isinstance(document, dict) else None
        if isinstance(settings, dict):
            moves = settings.get("improving_moves")
    if moves is None:
        moves = WeekSettings.model_fields["improving_moves"].default
    return int(str(moves))


def process_for(
    sessions: store.Sessions, claimed: store.Claim, settings: Settings
) -> tuple[ChildTarget, tuple[Any, ...], dict[str, Any], type[Watch]]:
    """The child process (target, arguments before the pipe, keywords) and the watch for
    ``claimed``. The service's ``solve_max_iterations`` bounds every day's search."""
    common = (claimed.backend, claimed.time_limit_s, claimed.seed)
    budget = {"max_iterations": settings.solve_max_iterations}
    if claimed.kind == JobKind.WEEK_DAY:
        return (
            week_day_in_child,
            (claimed.problem_document, claimed.options_document, *common),
            budget,
            Watch,
        )
    if claimed.kind == JobKind.WEEK:
        calendar, days = week_store.planned_days(sessions, claimed.job_id)
        head = (claimed.problem_document, claimed.options_document, *common)
        if calendar is None:
            return calendar_in_child, head, {}, CalendarWatch
        planned = [(d.date, d.problem_document, d.plan_document) for d in days]
        if any(d.status != "succeeded" or d.plan_document is None for d in days):
            return _failed_days, (days,), {}, Watch
        return finish_in_child, (*head, calendar, json.dumps(planned)), budget, FinishWatch
    # A day's search counts its time limit from now: the child's start-up is inside it.
    return (
        solve_in_child,
        (claimed.problem_document, *common, claimed.decisions_document),
        {**budget, "started_at": time.monotonic()},
        Watch,
    )


def _failed_days(days: list[week_store.PlannedDay], conn: Any) -> None:
    """A week whose days did not all succeed fails, naming them (no process work to do)."""
    broken = ", ".join(f"{d.date} ({d.status})" for d in days if d.status != "succeeded")
    conn.send(("error", "day_failed", f"not every day of the week was planned: {broken}"))
    conn.close()
