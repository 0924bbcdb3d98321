"""A week job's states, beside the day job's of :mod:`api.jobs.store`.

A week is claimed like any job and its calendar computed (``running``, held by a worker). Its
days then become jobs of their own (kind ``week_day``, ``parent_id`` the week), queued for any
worker, local or Celery, while the week waits: still ``running``, but held by no worker and
with no lease, so neither lease sweep touches it. When its last day has finished, the week goes
back to ``queued``; a worker claims it again to try moves between days, balance drivers and
write the week's result. Every write names the attempt it holds, as for a day.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import exists, select, update
from sqlalchemy.orm import Session, aliased

from api.db import utcnow
from api.jobs.store import Claim, ProgressUpdate, Sessions, mine
from api.models import (
    JobKind,
    JobStatus,
    SolveJob,
    StoredPlan,
    StoredProblem,
    WeekRun,
)

_UNFINISHED = (JobStatus.QUEUED, JobStatus.RUNNING)


@dataclass(frozen=True)
class DayToPlan:
    """One day of a week's calendar, as its job is stored: date, name, problem JSON."""

    date: str
    name: str
    problem_document: str
    points: int


@dataclass(frozen=True)
class PlannedDay:
    """One day of a week once planned: its job, its routed problem and its plan, as stored."""

    job_id: str
    date: str
    status: str
    problem_document: str | None
    plan_document: str | None


@dataclass(frozen=True)
class ChangedDay:
    """A day the week's last step changed (a move between days, drivers' routes swapped)."""

    plan_document: str
    problem_document: str
    objective_eur: float
    feasible: bool


def start_days(
    sessions: Sessions, claimed: Claim, calendar: str, days: list[DayToPlan], options: str
) -> list[str] | None:
    """Store the calendar and one queued job per day, and let the week wait for them.

    Returns the days' job ids, or None when the claim is no longer this run's (cancelled,
    taken over): then nothing is written.
    """
    with sessions.begin() as session:
        week = session.get(SolveJob, claimed.job_id, with_for_update=True)
        if week is None or week.attempt != claimed.attempt or week.status != JobStatus.RUNNING:
            return None
        if session.get(WeekRun, week.id) is not None:
            return None
        session.add(WeekRun(job_id=week.id, tenant_id=week.tenant_id, calendar=calendar))
        ids = []
        for day in days:
            stored = StoredProblem(
                tenant_id=week.tenant_id,
                created_by=week.created_by,
                name=day.name.replace("\x00", "")[:200],
                date=dt.date.fromisoformat(day.date),
                points=day.points,
                document=day.problem_document,
            )
            session.add(stored)
            session.flush()
            job = SolveJob(
                tenant_id=week.tenant_id,
                created_by=week.created_by,
                problem_id=stored.id,
                status=JobStatus.QUEUED,
                kind=JobKind.WEEK_DAY,
                parent_id=week.id,
                options=options,
                backend=week.backend,
                time_limit_s=week.time_limit_s,
                seed=week.seed,
                request_hash=hashlib.sha256(day.problem_document.encode("utf-8")).hexdigest(),
            )
            session.add(job)
            session.flush()
            ids.append(job.id)
        week.worker = None
        week.solver_pid = None
        week.lease_expires_at = None
        return ids


def wake_waiting_weeks(sessions: Sessions, week_id: str | None = None) -> list[str]:
    """Weeks whose days have all finished go back to the queue for their last step; returns
    their ids (the runner is told). Safe to call from any worker at any time."""
    day = aliased(SolveJob)
    has_days = exists().where(day.parent_id == SolveJob.id)
    unfinished = exists().where(day.parent_id == SolveJob.id, day.status.in_(_UNFINISHED))
    conditions = [
        SolveJob.kind == JobKind.WEEK,
        SolveJob.status == JobStatus.RUNNING,
        SolveJob.worker.is_(None),
        has_days,
        ~unfinished,
    ]
    if week_id is not None:
        conditions.append(SolveJob.id == week_id)
    with sessions.begin() as session:
        waiting = list(session.scalars(select(SolveJob.id).where(*conditions)))
        woken = []
        for job_id in waiting:
            # Two days ending together may both see the week ready: one of them wakes it.
            result = session.execute(
                update(SolveJob)
                .where(
                    SolveJob.id == job_id,
                    SolveJob.status == JobStatus.RUNNING,
                    SolveJob.worker.is_(None),
                )
                .values(status=JobStatus.QUEUED)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount == 1:  # type: ignore[attr-defined]
                woken.append(job_id)
        return woken


def week_days(session: Session, week_id: str) -> list[tuple[SolveJob, StoredProblem]]:
    """The week's day jobs with their problems, in date order."""
    rows = session.execute(
        select(SolveJob, StoredProblem)
        .join(StoredProblem, StoredProblem.id == SolveJob.problem_id)
        .where(SolveJob.parent_id == week_id)
        .order_by(StoredProblem.date)
    ).all()
    return [(job, problem) for job, problem in rows]


def planned_days(sessions: Sessions, week_id: str) -> tuple[str | None, list[PlannedDay]]:
    """The week's calendar (None before it has one) and its days as planned so far."""
    with sessions() as session:
        run = session.get(WeekRun, week_id)
        days = []
        for job, problem in week_days(session, week_id):
            plan = session.scalars(select(StoredPlan).where(StoredPlan.job_id == job.id)).first()
            days.append(
                PlannedDay(
                    job_id=job.id,
                    date=problem.date.isoformat(),
                    status=job.status,
                    problem_document=(
                        plan.routed_problem if plan is not None and plan.routed_problem else None
                    ),
                    plan_document=plan.document if plan is not None else None,
                )
            )
        return (run.calendar if run is not None else None), days


def store_week(
    sessions: Sessions,
    claimed: Claim,
    result: str,
    changed: dict[str, ChangedDay],
    progress: ProgressUpdate,
) -> bool:
    """Close the week: its result, the days its last step changed; False if not this run's."""
    with sessions.begin() as session:
        closed = session.execute(
            mine(claimed).values(
                status=JobStatus.SUCCEEDED,
                finished_at=utcnow(),
                lease_expires_at=None,
                worker=None,
                solver_pid=None,
                elapsed_s=progress.elapsed_s,
                best_objective_eur=progress.best_objective_eur,
                feasible=progress.feasible,
                improvements=progress.improvements,
            )
        )
        if closed.rowcount != 1:  # type: ignore[attr-defined]
            return False
        run = session.get_one(WeekRun, claimed.job_id)
        run.result = result
        for job, problem in week_days(session, claimed.job_id):
            day = changed.get(problem.date.isoformat())
            if day is None:
                continue
            plan = session.scalars(select(StoredPlan).where(StoredPlan.job_id == job.id)).one()
            plan.document = day.plan_document
            plan.routed_problem = day.problem_document
            plan.objective_eur = day.objective_eur
            plan.feasible = day.feasible
            job.best_objective_eur = day.objective_eur
            job.feasible = day.feasible
        return True


def cancel_days(session: Session, week_id: str) -> int:
    """Cancel the week's days still queued or running (their workers keep their best plans)."""
    result = session.execute(
        update(SolveJob)
        .where(SolveJob.parent_id == week_id, SolveJob.status.in_(_UNFINISHED))
        .values(status=JobStatus.CANCELLED, finished_at=utcnow(), lease_expires_at=None)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def options_of(claimed: Claim) -> dict[str, object]:
    return dict(json.loads(claimed.options_document)) if claimed.options_document else {}
