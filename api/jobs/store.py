"""The job state machine, written to the database with conditional updates.

queued → running (claim: attempt + 1, a lease renewed by heartbeats) → succeeded | failed;
queued | running → cancelled. A running job whose lease expired (its worker died) goes back to
queued until ``max_attempts`` runs, then fails. Every write made by a worker names the attempt it
holds, so a superseded run can never overwrite the outcome of the run that replaced it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Update, case, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from api.db import utcnow
from api.models import JobKind, JobStatus, SolveJob, StoredPlan, StoredProblem

Sessions = sessionmaker[Session]


@dataclass(frozen=True)
class Claim:
    """What a worker needs to run a job it has just claimed."""

    job_id: str
    attempt: int
    tenant_id: str
    problem_document: str
    backend: str
    time_limit_s: float
    seed: int
    decisions_document: str | None = None
    kind: str = JobKind.DAY
    options_document: str | None = None
    parent_id: str | None = None


def claim(sessions: Sessions, job_id: str, *, worker: str, lease_s: float) -> Claim | None:
    """Take ``job_id`` if it is queued; None if someone else has it or it is finished."""
    now = utcnow()
    with sessions.begin() as session:
        result = session.execute(
            update(SolveJob)
            .where(SolveJob.id == job_id, SolveJob.status == JobStatus.QUEUED)
            .values(
                status=JobStatus.RUNNING,
                attempt=SolveJob.attempt + 1,
                worker=worker,
                solver_pid=None,
                lease_expires_at=now + dt.timedelta(seconds=lease_s),
                # A week is claimed again once its days are planned: it started with its calendar.
                started_at=case(
                    (SolveJob.kind == JobKind.WEEK, func.coalesce(SolveJob.started_at, now)),
                    else_=now,
                ),
                improvements=0,
                best_objective_eur=None,
                feasible=None,
            )
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            return None
        job = session.get_one(SolveJob, job_id)
        problem = session.get_one(StoredProblem, job.problem_id)
        return Claim(
            job_id=job.id,
            attempt=job.attempt,
            tenant_id=job.tenant_id,
            problem_document=problem.document,
            backend=job.backend,
            time_limit_s=job.time_limit_s,
            seed=job.seed,
            decisions_document=job.decisions,
            kind=job.kind,
            options_document=job.options,
            parent_id=job.parent_id,
        )


def next_queued(sessions: Sessions) -> list[str]:
    """Queued job ids, oldest first (a worker tries to claim them in that order)."""
    with sessions() as session:
        return list(
            session.scalars(
                select(SolveJob.id)
                .where(SolveJob.status == JobStatus.QUEUED)
                .order_by(SolveJob.created_at)
                .limit(20)
            )
        )


def queued_before(sessions: Sessions, moment: dt.datetime) -> list[str]:
    """Jobs still queued that were created before ``moment``, oldest first."""
    with sessions() as session:
        return list(
            session.scalars(
                select(SolveJob.id)
                .where(SolveJob.status == JobStatus.QUEUED, SolveJob.created_at < moment)
                .order_by(SolveJob.created_at)
            )
        )


def claim_next(sessions: Sessions, *, worker: str, lease_s: float) -> Claim | None:
    for job_id in next_queued(sessions):
        taken = claim(sessions, job_id, worker=worker, lease_s=lease_s)
        if taken is not None:
            return taken
    return None


@dataclass(frozen=True)
class ProgressUpdate:
    elapsed_s: float
    best_objective_eur: float | None
    feasible: bool | None
    improvements: int


@dataclass(frozen=True)
class FoundPlan:
    """A plan the solve sent back, as stored: for a day with stock, with what it was routed on."""

    document: str
    objective_eur: float
    feasible: bool
    routed_problem_document: str | None = None
    allocation_document: str | None = None


class Beat(StrEnum):
    """What a heartbeat learnt: keep going, stop and keep the best plan, or stop for good."""

    MINE = "mine"
    CANCELLED = "cancelled"
    LOST = "lost"


def heartbeat(
    sessions: Sessions,
    claimed: Claim,
    *,
    lease_s: float,
    progress: ProgressUpdate | None = None,
    solver_pid: int | None = None,
) -> Beat:
    """Renew the lease and record progress, unless the run was cancelled or superseded."""
    values: dict[str, object] = {"lease_expires_at": utcnow() + dt.timedelta(seconds=lease_s)}
    if progress is not None:
        values.update(
            elapsed_s=progress.elapsed_s,
            best_objective_eur=progress.best_objective_eur,
            feasible=progress.feasible,
            improvements=progress.improvements,
        )
    if solver_pid is not None:
        values["solver_pid"] = solver_pid
    with sessions.begin() as session:
        result = session.execute(mine(claimed).values(**values))
        if result.rowcount == 1:  # type: ignore[attr-defined]
            return Beat.MINE
        job = session.get(SolveJob, claimed.job_id)
        if job is not None and job.attempt == claimed.attempt and job.status == JobStatus.CANCELLED:
            return Beat.CANCELLED
        return Beat.LOST


def settle_cancelled(sessions: Sessions, claimed: Claim) -> None:
    """A cancelled run ended without a plan: release the job from its worker, so that the
    cancel's answer (which waits for ``worker`` to clear) is final."""
    with sessions.begin() as session:
        session.execute(
            update(SolveJob)
            .where(
                SolveJob.id == claimed.job_id,
                SolveJob.attempt == claimed.attempt,
                SolveJob.status == JobStatus.CANCELLED,
            )
            .values(worker=None, solver_pid=None)
            .execution_options(synchronize_session=False)
        )


def has_plan(session: Session, job_id: str) -> bool:
    return (
        session.scalars(select(StoredPlan.id).where(StoredPlan.job_id == job_id)).first()
        is not None
    )


def _add_plan(session: Session, claimed: Claim, found: FoundPlan) -> None:
    """Store the plan; for a day with stock, with its routed problem and its allocation."""
    session.add(
        StoredPlan(
            tenant_id=claimed.tenant_id,
            job_id=claimed.job_id,
            feasible=found.feasible,
            objective_eur=found.objective_eur,
            document=found.document,
            routed_problem=found.routed_problem_document,
            allocation=found.allocation_document,
        )
    )


def mine(claimed: Claim) -> Update:
    return (
        update(SolveJob)
        .where(
            SolveJob.id == claimed.job_id,
            SolveJob.attempt == claimed.attempt,
            SolveJob.status == JobStatus.RUNNING,
        )
        .execution_options(synchronize_session=False)
    )


def store_plan(
    sessions: Sessions,
    claimed: Claim,
    found: FoundPlan,
    progress: ProgressUpdate,
    *,
    overran: str | None = None,
) -> bool:
    """Store the plan of ``claimed``, once; False when it is not that attempt's to write.

    The running attempt closes its job as succeeded; with ``overran`` (how a plan that came
    past the time limit overran) as failed with reason ``time_limit_exceeded``, the plan kept.
    An attempt that was cancelled keeps the best plan found before it stopped, and its job
    stays cancelled, released from its worker. A second write (a re-run, a stale run, a cancel
    arriving between the last heartbeat and the end) changes nothing.
    """
    values = {
        "elapsed_s": progress.elapsed_s,
        "best_objective_eur": found.objective_eur,
        "feasible": found.feasible,
        "improvements": progress.improvements,
    }
    ending: dict[str, object] = {"status": JobStatus.SUCCEEDED}
    if overran is not None:
        ending = {
            "status": JobStatus.FAILED,
            "error_reason": "time_limit_exceeded",
            "error_message": overran,
        }
    with sessions.begin() as session:
        closed = session.execute(
            mine(claimed).values(**ending, finished_at=utcnow(), lease_expires_at=None, **values)
        )
        if closed.rowcount != 1:  # type: ignore[attr-defined]
            job = session.get(SolveJob, claimed.job_id, with_for_update=True)
            if job is None or job.attempt != claimed.attempt or job.status != JobStatus.CANCELLED:
                return False
            if has_plan(session, job.id):
                return False
            for name, value in values.items():
                setattr(job, name, value)
            job.worker = None
            job.solver_pid = None
        _add_plan(session, claimed, found)
        return True


def fail(sessions: Sessions, claimed: Claim, *, reason: str, message: str) -> bool:
    with sessions.begin() as session:
        result = session.execute(
            mine(claimed).values(
                status=JobStatus.FAILED,
                finished_at=utcnow(),
                lease_expires_at=None,
                error_reason=reason,
                error_message=message,
            )
        )
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def release(sessions: Sessions, claimed: Claim, *, max_attempts: int, reason: str) -> str | None:
    """Give a job back after its run broke (solver crash, worker shutdown).

    Returns the new status: queued to run again, failed when attempts are used up, None when
    the job was no longer this run's (cancelled meanwhile).
    """
    with sessions.begin() as session:
        job = session.get(SolveJob, claimed.job_id)
        if job is None or job.attempt != claimed.attempt or job.status != JobStatus.RUNNING:
            return None
        _requeue_or_fail(job, max_attempts=max_attempts, reason=reason)
        return job.status


def _requeue_or_fail(job: SolveJob, *, max_attempts: int, reason: str) -> None:
    job.worker = None
    job.solver_pid = None
    job.lease_expires_at = None
    if job.attempt >= max_attempts:
        job.status = JobStatus.FAILED
        job.finished_at = utcnow()
        job.error_reason = reason
        job.error_message = f"the solve broke off {job.attempt} times ({reason})"
    else:
        job.status = JobStatus.QUEUED


def requeue_expired(sessions: Sessions, *, max_attempts: int) -> list[str]:
    """Running jobs whose worker stopped heartbeating: re-queued ids (failed ones left out)."""
    requeued = []
    with sessions.begin() as session:
        stale = session.scalars(
            select(SolveJob)
            .where(SolveJob.status == JobStatus.RUNNING, SolveJob.lease_expires_at < utcnow())
            .with_for_update(skip_locked=True)
        )
        for job in stale:
            _requeue_or_fail(job, max_attempts=max_attempts, reason="worker_lost")
            if job.status == JobStatus.QUEUED:
                requeued.append(job.id)
    return requeued


def requeue_dead_on_host(
    sessions: Sessions, *, host: str, alive: Callable[[int], bool], max_attempts: int
) -> list[str]:
    """Running jobs held by a process of ``host`` that is gone: re-queued ids, at once.

    Workers are named ``host:pid:kind``; after a crash of the API (``kill -9``) its jobs would
    otherwise show ``running`` until their lease ends. Only this host's processes can be asked
    whether they live, so leases of other hosts are left to expire.
    """
    requeued = []
    with sessions.begin() as session:
        held = session.scalars(
            select(SolveJob)
            .where(SolveJob.status == JobStatus.RUNNING, SolveJob.worker.like(f"{host}:%"))
            .with_for_update(skip_locked=True)
        )
        for job in held:
            pid = worker_pid(job.worker or "", host)
            if pid is None or alive(pid):
                continue
            _requeue_or_fail(job, max_attempts=max_attempts, reason="worker_lost")
            if job.status == JobStatus.QUEUED:
                requeued.append(job.id)
    return requeued


def worker_pid(worker: str, host: str) -> int | None:
    """The process id in a worker name ``host:pid:kind`` of ``host``; None for another host."""
    parts = worker.split(":")
    if len(parts) < 3 or parts[0] != host or not parts[1].isdigit():
        return None
    return int(parts[1])


def cancel(session: Session, job: SolveJob) -> bool:
    """Cancel a queued or running job (its worker notices at its next heartbeat)."""
    result = session.execute(
        update(SolveJob)
        .where(
            SolveJob.id == job.id,
            SolveJob.status.in_([JobStatus.QUEUED, JobStatus.RUNNING]),
        )
        .values(status=JobStatus.CANCELLED, finished_at=utcnow(), lease_expires_at=None)
        .execution_options(synchronize_session=False)
    )
    session.refresh(job)
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def count_by_status(sessions: Sessions) -> dict[str, int]:
    with sessions() as session:
        rows = session.execute(select(SolveJob.status, func.count()).group_by(SolveJob.status))
        counts = {status.value: 0 for status in JobStatus}
        counts.update({status: n for status, n in rows})
        return counts
