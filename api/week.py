"""Week jobs: a week problem (``foodroute schema week``) submitted, followed and answered.

The week is validated as ``foodroute plan-week`` does (a frequency its allowed days cannot
meet, a driver with no day: 422 naming the partner or driver, under ``week.``), stored with a
queued job of kind ``week``, and run by the workers in steps (:mod:`api.jobs.week_store`):
the calendar, then every day as a job of its own on whichever worker is free, then the moves
between days and the drivers' balance. The answer is week.json with, for each day, its job
and its plan as stored, checked again by the checker when it is read.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from api import crud
from api.config import Settings
from api.errors import ApiError, invalid_problem
from api.jobs import week_store
from api.models import ApiKey, JobKind, JobStatus, SolveJob, StoredPlan, StoredProblem, WeekRun
from api.roads import apply_server_roads
from optimizer.check import check_plan
from optimizer.errors import ErrorCode, InputIssue, ProblemError
from optimizer.model import Problem
from optimizer.plan import Plan
from optimizer.week import WeekProblem, parse_week


class WeekOptionsIn(BaseModel):
    """How the week is planned; each defaults to the week document's ``week`` settings."""

    model_config = ConfigDict(extra="forbid")

    calendar: Literal["optimised", "fixed"] = Field(
        default="optimised", description="optimised (CP-SAT, then moves) or fixed (usual days)."
    )
    backend: str = Field(default="pyvrp", description="pyvrp, ortools or auto.")
    time_limit_per_day_s: float | None = Field(
        default=None, gt=0, description="Search time per day, seconds."
    )
    max_iterations_per_day: int | None = Field(
        default=None, ge=1, le=1_000_000, description="Iteration budget per day search."
    )
    balance_eur_per_hour: float | None = Field(
        default=None, ge=0, le=10_000, description="€ per hour of spread between drivers."
    )
    improving_moves: int | None = Field(
        default=None, ge=0, le=50, description="Moves of deliveries between days to try."
    )
    seed: int | None = Field(default=None, ge=0, description="Random seed.")


class WeekJobCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    week: dict[str, Any] = Field(description="A week document (foodroute schema week).")
    options: WeekOptionsIn = Field(default_factory=WeekOptionsIn)


def validate_week(document: dict[str, Any], settings: Settings) -> WeekProblem:
    """Parse like ``foodroute plan-week``, with the service's limits; 422 naming the field."""
    sites = document.get("sites")
    if isinstance(sites, list) and len(sites) > settings.max_points:
        raise ApiError(
            ErrorCode.TOO_MANY_POINTS,
            f"The week has {len(sites)} sites; this service plans at most "
            f"{settings.max_points} per problem.",
            [InputIssue("week.sites", "too many sites")],
        )
    apply_server_roads(document, settings, "week")
    try:
        return parse_week(document)
    except ProblemError as error:
        raise invalid_problem(error, "week") from None


def _options_refusal(
    week: WeekProblem, options: WeekOptionsIn, settings: Settings, backends: list[str]
) -> tuple[float, int]:
    """The week's time limit per day and seed, or a 422 naming the option."""
    if options.backend not in backends:
        raise ApiError(
            ErrorCode.INVALID_OPTIONS,
            f"Backend '{options.backend}' is not available here.",
            [InputIssue("options.backend", f"choose one of {', '.join(backends)}")],
        )
    per_day = options.time_limit_per_day_s or week.week.time_limit_per_day_s
    if per_day > settings.max_time_limit_s:
        raise ApiError(
            ErrorCode.INVALID_OPTIONS,
            f"The time limit per day may not exceed {settings.max_time_limit_s:g} s.",
            [InputIssue("options.time_limit_per_day_s", f"at most {settings.max_time_limit_s:g}")],
        )
    seed = options.seed if options.seed is not None else week.settings.seed
    if seed > crud.MAX_SEED:
        where = "options.seed" if options.seed is not None else "week.settings.seed"
        raise ApiError(
            ErrorCode.INVALID_OPTIONS,
            f"The seed may not exceed {crud.MAX_SEED}.",
            [InputIssue(where, f"at most {crud.MAX_SEED}")],
        )
    return per_day, seed


def submit_week(
    session: Session,
    *,
    key: ApiKey,
    request: WeekJobCreate,
    settings: Settings,
    available_backends: list[str],
    idempotency_key: str | None,
) -> tuple[SolveJob, bool]:
    """Store the week and a queued week job; returns (job, created), as for a day."""
    canonical = json.dumps(request.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha256(("week:" + canonical).encode("utf-8")).hexdigest()
    idempotency_key = idempotency_key or None
    if idempotency_key:
        existing = crud.by_idempotency_key(session, key.tenant_id, idempotency_key)
        if existing is not None:
            return crud.same_request(existing, digest), False
    week = validate_week(request.week, settings)
    per_day, seed = _options_refusal(week, request.options, settings, available_backends)
    stored = StoredProblem(
        tenant_id=key.tenant_id,
        created_by=key.id,
        name=week.name.replace("\x00", "")[:200],
        date=week.week_start,
        points=len(week.sites),
        document=json.dumps(request.week, separators=(",", ":")),
    )
    session.add(stored)
    session.flush()
    options = request.options.model_dump(
        include={"calendar", "max_iterations_per_day", "balance_eur_per_hour", "improving_moves"}
    )
    job = SolveJob(
        tenant_id=key.tenant_id,
        created_by=key.id,
        problem_id=stored.id,
        status=JobStatus.QUEUED,
        kind=JobKind.WEEK,
        options=json.dumps(options),
        backend=request.options.backend,
        time_limit_s=per_day,
        seed=seed,
        idempotency_key=idempotency_key,
        request_hash=digest,
    )
    return crud.commit_new_job(session, job, key.tenant_id, idempotency_key, digest)


def get_week(session: Session, *, key: ApiKey, job_id: str) -> SolveJob:
    """The tenant's week job; a day job or a missing one is a 404."""
    job = crud.get_job(session, key=key, job_id=job_id)
    if job.kind != JobKind.WEEK:
        raise ApiError(ErrorCode.NOT_FOUND, f"No week job '{job_id}'.")
    return job


def week_answer(session: Session, *, key: ApiKey, job_id: str) -> dict[str, Any]:
    """week.json of a finished week, each day with its job, its plan and the checker's verdict.

    409 while the week has no result (queued, running, or stopped before its end).
    """
    job = get_week(session, key=key, job_id=job_id)
    run = session.get(WeekRun, job.id)
    if run is None or run.result is None:
        raise ApiError(ErrorCode.NO_PLAN_YET, f"The week job is {job.status} and has no result.")
    result: dict[str, Any] = json.loads(run.result)
    jobs = {problem.date.isoformat(): day for day, problem in week_store.week_days(session, job.id)}
    for day in result["days"]:
        day_job = jobs[day["date"]]
        stored = session.scalars(select(StoredPlan).where(StoredPlan.job_id == day_job.id)).one()
        problem = Problem.model_validate_json(
            stored.routed_problem or session.get_one(StoredProblem, day_job.problem_id).document
        )
        plan = Plan.model_validate_json(stored.document)
        violations = [str(v) for v in check_plan(problem, plan).violations]
        day["job"] = day_job.id
        day["plan"] = plan.model_dump(mode="json")
        day["plan_url"] = f"/v1/solve-jobs/{day_job.id}/plan"
        day["problem"] = f"/v1/week-jobs/{job.id}/days/{day['date']}/problem"
        day["check"] = {"feasible": not violations, "violations": violations}
    result["job"] = job.id
    return result


def day_problem(session: Session, *, key: ApiKey, job_id: str, date: str) -> str:
    """The problem a week's day routes (what its plan is checked against), as JSON."""
    job = get_week(session, key=key, job_id=job_id)
    for day, problem in week_store.week_days(session, job.id):
        if problem.date.isoformat() == date:
            return crud.plan_problem(session, day).model_dump_json(exclude_defaults=True)
    raise ApiError(ErrorCode.NOT_FOUND, f"The week has no day '{date}'.")
