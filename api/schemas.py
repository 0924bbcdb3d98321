"""The public JSON of the service: requests, responses and the list envelope ``{data, count}``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from api.decisions import Decisions
from api.models import JobKind, JobStatus


class SolveOptionsIn(BaseModel):
    """Search options; each defaults to the problem's own settings."""

    model_config = ConfigDict(extra="forbid")

    time_limit_s: float | None = Field(default=None, gt=0, description="Search time, seconds.")
    backend: str = Field(default="pyvrp", description="pyvrp, ortools or auto.")
    seed: int | None = Field(default=None, ge=0, description="Random seed.")


class SolveJobCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    problem: dict[str, Any] = Field(description="A problem document (schema_version 1.0).")
    options: SolveOptionsIn = Field(default_factory=SolveOptionsIn)
    decisions: Decisions | None = Field(
        default=None,
        description="Locked routes, removed vehicles, forced stops and a warm start; checked "
        "against the problem when the job is submitted.",
    )


class Progress(BaseModel):
    elapsed_s: float | None = Field(description="Seconds since the search started.")
    best_objective_eur: float | None = Field(description="Best objective found so far, euros.")
    feasible: bool | None
    improvements: int


class JobError(BaseModel):
    reason: str = Field(description="Machine-readable: worker_crashed, time_limit_exceeded…")
    message: str


class WeekDayPublic(BaseModel):
    date: dt.date
    job_id: str = Field(description="The day's own solve job: its plan, map and drivers' links.")
    status: JobStatus
    best_objective_eur: float | None
    feasible: bool | None


class WeekStatus(BaseModel):
    """Where a week job is: ``calendar`` (days being assigned), ``days`` (planned by the
    workers), ``finishing`` (moves between days, drivers' balance) or ``done``."""

    stage: str
    days_done: int = Field(description="Days whose job has finished.")
    days: list[WeekDayPublic]


class SolveJobPublic(BaseModel):
    id: str
    kind: JobKind = Field(default=JobKind.DAY, description="day, week, or week_day.")
    parent_id: str | None = Field(default=None, description="A week_day job's week.")
    status: JobStatus
    problem_id: str
    problem_name: str
    date: dt.date
    backend: str
    time_limit_s: float
    seed: int
    attempt: int
    created_by: str
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    progress: Progress
    has_plan: bool
    error: JobError | None
    decisions: Decisions | None = Field(description="The decisions the job was submitted with.")
    week: WeekStatus | None = Field(default=None, description="A week job's calendar and days.")


class SolveJobsPublic(BaseModel):
    data: list[SolveJobPublic]
    count: int = Field(description="Jobs matching the filters, all pages together.")


class Issue(BaseModel):
    path: str = Field(description="Where in the document, e.g. vehicles[3].capacity_kg.")
    message: str


class ErrorBody(BaseModel):
    """Every 4xx answer: a code, a sentence, and for bad input the path of each bad field."""

    code: str
    message: str
    issues: list[Issue] = Field(default_factory=list)


class ErrorResponse(BaseModel):
    error: ErrorBody


class ValidationResult(BaseModel):
    valid: bool
    points: int | None = Field(default=None, description="Sites in the problem when valid.")
    issues: list[Issue]
