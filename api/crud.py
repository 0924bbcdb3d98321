"""Service functions the routes call, one per action; tenant scoping lives here, once."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import time
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.config import Settings
from api.decisions import Decisions, decision_issues, stock_refusal
from api.errors import ApiError, invalid_problem
from api.jobs import store, week_store
from api.models import (
    ApiKey,
    JobKind,
    JobStatus,
    SolveJob,
    StoredPlan,
    StoredProblem,
    WeekRun,
)
from api.roads import apply_server_roads
from api.schemas import (
    JobError,
    Progress,
    SolveJobCreate,
    SolveJobPublic,
    WeekDayPublic,
    WeekStatus,
)
from optimizer.backends.base import SolveOptions
from optimizer.errors import ErrorCode, InputIssue, ProblemError
from optimizer.model import Problem
from optimizer.read.documents import parse_problem

_JOB_ID = re.compile(r"[0-9a-f]{32}")
MAX_SEED = 2**31 - 1
"""Seeds are stored as 32-bit integers (PostgreSQL ``integer``)."""


def validate_problem(document: Any, settings: Settings, *, prefix: str = "") -> Problem:
    """Parse like the CLI does, then apply the service's size limit (422 either way)."""
    if isinstance(document, dict):
        points = document.get("sites")
        if isinstance(points, list) and len(points) > settings.max_points:
            raise ApiError(
                ErrorCode.TOO_MANY_POINTS,
                f"The problem has {len(points)} sites; this service plans at most "
                f"{settings.max_points} per problem.",
                [InputIssue(f"{prefix}.sites" if prefix else "sites", "too many sites")],
            )
    apply_server_roads(document, settings, prefix)
    try:
        return parse_problem(document)
    except ProblemError as error:
        raise invalid_problem(error, prefix) from None


def _request_hash(request: SolveJobCreate) -> str:
    document = request.model_dump(mode="json")
    if request.decisions is None:
        # A request without decisions hashes as it did before they existed, so that a client
        # retrying with its Idempotency-Key across an upgrade still gets its job back.
        del document["decisions"]
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def submit_job(
    session: Session,
    *,
    key: ApiKey,
    request: SolveJobCreate,
    settings: Settings,
    available_backends: list[str],
    idempotency_key: str | None,
) -> tuple[SolveJob, bool]:
    """Store the problem and a queued job; returns (job, created).

    With an ``Idempotency-Key`` already used by this tenant for the same request, the existing
    job comes back (created False); for a different request it is a 422.
    """
    digest = _request_hash(request)
    idempotency_key = idempotency_key or None  # an empty header is no key, not a shared one
    if idempotency_key:
        existing = by_idempotency_key(session, key.tenant_id, idempotency_key)
        if existing is not None:
            return same_request(existing, digest), False
    problem = validate_problem(request.problem, settings, prefix="problem")
    if request.decisions is not None:
        _check_decisions(problem, request.decisions)
    options = request.options
    if options.backend not in available_backends:
        raise ApiError(
            ErrorCode.INVALID_OPTIONS,
            f"Backend '{options.backend}' is not available here.",
            [InputIssue("options.backend", f"choose one of {', '.join(available_backends)}")],
        )
    chosen = SolveOptions.for_problem(problem, time_limit_s=options.time_limit_s, seed=options.seed)
    time_limit_s, seed = chosen.time_limit_s, chosen.seed
    if time_limit_s > settings.max_time_limit_s:
        raise ApiError(
            ErrorCode.INVALID_OPTIONS,
            f"The time limit may not exceed {settings.max_time_limit_s:g} s.",
            [InputIssue("options.time_limit_s", f"at most {settings.max_time_limit_s:g}")],
        )
    if seed > MAX_SEED:
        where = "options.seed" if options.seed is not None else "problem.settings.seed"
        raise ApiError(
            ErrorCode.INVALID_OPTIONS,
            f"The seed may not exceed {MAX_SEED}.",
            [InputIssue(where, f"at most {MAX_SEED}")],
        )
    stored = StoredProblem(
        tenant_id=key.tenant_id,
        created_by=key.id,
        name=problem.name.replace("\x00", "")[:200],  # PostgreSQL text refuses NUL
        date=problem.date,
        points=len(problem.sites),
        document=json.dumps(request.problem, separators=(",", ":")),
    )
    session.add(stored)
    session.flush()
    job = SolveJob(
        tenant_id=key.tenant_id,
        created_by=key.id,
        problem_id=stored.id,
        status=JobStatus.QUEUED,
        backend=options.backend,
        time_limit_s=time_limit_s,
        seed=seed,
        idempotency_key=idempotency_key,
        request_hash=digest,
        decisions=None if request.decisions is None else request.decisions.model_dump_json(),
    )
    return commit_new_job(session, job, key.tenant_id, idempotency_key, digest)


def commit_new_job(
    session: Session, job: SolveJob, tenant_id: str, idempotency_key: str | None, digest: str
) -> tuple[SolveJob, bool]:
    """Commit a new job; when the same Idempotency-Key raced us, the other request's job wins."""
    session.add(job)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        if idempotency_key:
            existing = by_idempotency_key(session, tenant_id, idempotency_key)
            if existing is not None:
                return same_request(existing, digest), False
        raise
    return job, True


def _check_decisions(problem: Problem, decisions: Decisions) -> None:
    """Refuse decisions the re-plan would refuse, before a job is stored (422, by path)."""
    refusal = stock_refusal(problem, decisions)
    if refusal is not None:
        raise ApiError(
            ErrorCode.INVALID_DECISIONS,
            "A day with warehouse stock is allocated and routed afresh: re-plan its routed "
            "problem instead.",
            [InputIssue("decisions", refusal)],
        )
    issues = [
        InputIssue(f"decisions.{issue.path}", issue.message)
        for issue in decision_issues(problem, decisions)
    ]
    if issues:
        raise ApiError(ErrorCode.INVALID_DECISIONS, "The decisions do not fit the problem.", issues)


def by_idempotency_key(session: Session, tenant_id: str, idempotency_key: str) -> SolveJob | None:
    return session.scalars(
        select(SolveJob).where(
            SolveJob.tenant_id == tenant_id, SolveJob.idempotency_key == idempotency_key
        )
    ).first()


def same_request(job: SolveJob, digest: str) -> SolveJob:
    if job.request_hash != digest:
        raise ApiError(
            ErrorCode.IDEMPOTENCY_KEY_REUSED,
            "This Idempotency-Key was already used for a different request.",
            [InputIssue("Idempotency-Key", "use a new key for a new request")],
        )
    return job


def get_job(session: Session, *, key: ApiKey, job_id: str) -> SolveJob:
    """The tenant's job; another tenant's job is indistinguishable from a missing one (404)."""
    job = session.get(SolveJob, job_id) if _JOB_ID.fullmatch(job_id) else None
    if job is None or job.tenant_id != key.tenant_id:
        raise ApiError(ErrorCode.NOT_FOUND, f"No solve job '{job_id}'.")
    return job


def list_jobs(
    session: Session,
    *,
    key: ApiKey,
    status: JobStatus | None = None,
    created_after: dt.datetime | None = None,
    created_before: dt.datetime | None = None,
    mine: bool = False,
    skip: int = 0,
    limit: int = 20,
) -> tuple[list[SolveJob], int]:
    """The tenant's jobs, newest first (20 by default), and how many match over all pages."""
    # A week's days are reached from their week (``week.days``), not listed beside it.
    conditions = [SolveJob.tenant_id == key.tenant_id, SolveJob.parent_id.is_(None)]
    created_after, created_before = _aware(created_after), _aware(created_before)
    if status is not None:
        conditions.append(SolveJob.status == status)
    if created_after is not None:
        conditions.append(SolveJob.created_at >= created_after)
    if created_before is not None:
        conditions.append(SolveJob.created_at < created_before)
    if mine:
        conditions.append(SolveJob.created_by == key.id)
    count = session.scalar(select(func.count()).select_from(SolveJob).where(*conditions)) or 0
    jobs = session.scalars(
        select(SolveJob)
        .where(*conditions)
        .order_by(SolveJob.created_at.desc(), SolveJob.id)
        .offset(skip)
        .limit(limit)
    )
    return list(jobs), count


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    """A time without a zone in a query is taken as UTC, like every time the service returns."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    try:
        return moment.astimezone(dt.UTC)
    except OverflowError:  # year 1 or 9999 shifted past the calendar: the nearest end of time
        end = dt.datetime.min if moment.year == dt.MINYEAR else dt.datetime.max
        return end.replace(tzinfo=dt.UTC)


def cancel_job(
    session: Session, *, key: ApiKey, job_id: str, settle_within_s: float = 0.0
) -> SolveJob:
    """Cancel a queued or running job and answer its final state; cancelling a cancelled job
    again is fine, a finished one is a 409 that names its state.

    A running job's search is asked for its best plan: for up to ``settle_within_s`` the answer
    waits for the worker to store it (or to give up), so it shows the final progress and
    ``has_plan`` rather than a snapshot from before the stop.
    """
    job = get_job(session, key=key, job_id=job_id)
    if job.status != JobStatus.CANCELLED:
        if not store.cancel(session, job):
            session.refresh(job)
            if job.status != JobStatus.CANCELLED:
                raise ApiError(
                    ErrorCode.ALREADY_FINISHED,
                    f"The job has already {job.status}: there is nothing to cancel.",
                )
        if job.kind == JobKind.WEEK:
            week_store.cancel_days(session, job.id)
        session.commit()
    deadline = time.monotonic() + settle_within_s
    while job.worker is not None and time.monotonic() < deadline:
        time.sleep(0.1)
        session.expire_all()
        session.refresh(job)
    return job


def get_plan(session: Session, *, key: ApiKey, job_id: str) -> StoredPlan:
    job = get_job(session, key=key, job_id=job_id)
    plan = session.scalars(select(StoredPlan).where(StoredPlan.job_id == job.id)).first()
    if plan is None:
        raise ApiError(ErrorCode.NO_PLAN_YET, f"The job is {job.status} and has no plan.")
    return plan


def plan_problem(session: Session, job: SolveJob) -> Problem:
    """The problem ``job``'s plan is checked against, and shown with.

    For a day with warehouse stock it is the routed problem stored with the plan (the input
    plus one delivery per partner the allocation supplies today); otherwise, and while the job
    has no plan, the problem as submitted.
    """
    stored = session.scalars(select(StoredPlan).where(StoredPlan.job_id == job.id)).first()
    if stored is not None and stored.routed_problem is not None:
        return Problem.model_validate_json(stored.routed_problem)
    return Problem.model_validate_json(session.get_one(StoredProblem, job.problem_id).document)


def get_allocation(session: Session, *, key: ApiKey, job_id: str) -> str:
    """The allocation JSON stored with the job's plan: 409 without a plan, 404 without stock."""
    plan = get_plan(session, key=key, job_id=job_id)
    if plan.allocation is None:
        raise ApiError(
            ErrorCode.NO_ALLOCATION, "The job's problem has no warehouse stock: nothing allocated."
        )
    return plan.allocation


def job_public(session: Session, job: SolveJob) -> SolveJobPublic:
    problem = session.get_one(StoredProblem, job.problem_id)
    if job.kind == JobKind.WEEK:  # a week's "plan" is its result: week.json and its days
        run = session.get(WeekRun, job.id)
        has_plan = run is not None and run.result is not None
    else:
        has_plan = store.has_plan(session, job.id)
    elapsed = job.elapsed_s
    if job.status == JobStatus.RUNNING and job.started_at is not None:
        elapsed = (dt.datetime.now(dt.UTC) - job.started_at).total_seconds()
    error = None
    if job.error_reason is not None and job.status == JobStatus.FAILED:
        error = JobError(reason=job.error_reason, message=job.error_message or "")
    return SolveJobPublic(
        id=job.id,
        status=JobStatus(job.status),
        problem_id=job.problem_id,
        problem_name=problem.name,
        date=problem.date,
        backend=job.backend,
        time_limit_s=job.time_limit_s,
        seed=job.seed,
        attempt=job.attempt,
        created_by=job.created_by,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        progress=Progress(
            elapsed_s=elapsed,
            best_objective_eur=job.best_objective_eur,
            feasible=job.feasible,
            improvements=job.improvements,
        ),
        has_plan=has_plan,
        error=error,
        decisions=None if job.decisions is None else Decisions.model_validate_json(job.decisions),
        kind=JobKind(job.kind),
        parent_id=job.parent_id,
        week=week_status(session, job) if job.kind == JobKind.WEEK else None,
    )


def week_status(session: Session, job: SolveJob) -> WeekStatus:
    """A week's stage and its days, read from the days' own jobs."""
    days = [
        WeekDayPublic(
            date=problem.date,
            job_id=day.id,
            status=JobStatus(day.status),
            best_objective_eur=day.best_objective_eur,
            feasible=day.feasible,
        )
        for day, problem in week_store.week_days(session, job.id)
    ]
    done = sum(1 for day in days if day.status.finished)
    if job.status == JobStatus.SUCCEEDED:
        stage = "done"
    elif not days:
        stage = "calendar"
    elif done < len(days):
        stage = "days"
    else:
        stage = "finishing"
    return WeekStatus(stage=stage, days_done=done, days=days)
