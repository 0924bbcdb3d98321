"""Tables: tenants and their API keys, problems, solve jobs, plans, drivers' stop reports and
planners' console accounts (all owned by a tenant), and failed console sign-ins."""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, UTCDateTime, utcnow


def new_id() -> str:
    return uuid.uuid4().hex


class Role(StrEnum):
    PLANNER = "planner"
    DRIVER = "driver"
    REPORTER = "reporter"
    ADMIN = "admin"


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        return self in (JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED)


class Tenant(Base):
    __tablename__ = "tenants"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class ApiKey(Base):
    """Only the SHA-256 of a key is stored; the key itself is shown once, at creation."""

    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)


class StoredProblem(Base):
    __tablename__ = "problems"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id"), index=True)
    created_by: Mapped[str] = mapped_column(ForeignKey("api_keys.id"))
    name: Mapped[str] = mapped_column(String(200))
    date: Mapped[dt.date] = mapped_column()
    points: Mapped[int] = mapped_column(Integer)
    document: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class JobKind(StrEnum):
    """What a job plans: a day, a week (its calendar, then its days), or one day of a week."""

    DAY = "day"
    WEEK = "week"
    WEEK_DAY = "week_day"


class SolveJob(Base):
    """One request to plan a problem, and the state of its execution.

    ``attempt`` counts claims: a write from a run whose claim was superseded (lease lost,
    re-queued) changes nothing, which makes result writes idempotent under at-least-once runs.
    """

    __tablename__ = "solve_jobs"
    __table_args__ = (UniqueConstraint("tenant_id", "idempotency_key"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id"), index=True)
    created_by: Mapped[str] = mapped_column(ForeignKey("api_keys.id"))
    problem_id: Mapped[str] = mapped_column(ForeignKey("problems.id"))
    status: Mapped[str] = mapped_column(String(20), index=True, default=JobStatus.QUEUED)
    backend: Mapped[str] = mapped_column(String(40))
    time_limit_s: Mapped[float] = mapped_column(Float)
    seed: Mapped[int] = mapped_column(Integer)
    idempotency_key: Mapped[str | None] = mapped_column(String(200), default=None)
    request_hash: Mapped[str] = mapped_column(String(64))
    decisions: Mapped[str | None] = mapped_column(Text, default=None)
    """The planner's decisions as JSON (``api.decisions.Decisions``); None: a plain solve."""
    kind: Mapped[str] = mapped_column(String(20), default=JobKind.DAY, server_default="day")
    parent_id: Mapped[str | None] = mapped_column(
        ForeignKey("solve_jobs.id"), default=None, index=True
    )
    """The week a ``week_day`` job is one day of; None for a day or a week."""
    options: Mapped[str | None] = mapped_column(Text, default=None)
    """Options beyond backend, time limit and seed, as JSON: a week's calendar kind, moves,
    balance and iteration budget (``api.week.WeekOptionsIn``); a week day's balance and budget."""
    attempt: Mapped[int] = mapped_column(Integer, default=0)
    worker: Mapped[str | None] = mapped_column(String(200), default=None)
    solver_pid: Mapped[int | None] = mapped_column(Integer, default=None)
    lease_expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    elapsed_s: Mapped[float | None] = mapped_column(Float, default=None)
    best_objective_eur: Mapped[float | None] = mapped_column(Float, default=None)
    feasible: Mapped[bool | None] = mapped_column(Boolean, default=None)
    improvements: Mapped[int] = mapped_column(Integer, default=0)
    error_reason: Mapped[str | None] = mapped_column(String(60), default=None)
    error_message: Mapped[str | None] = mapped_column(Text, default=None)


class StoredPlan(Base):
    __tablename__ = "plans"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id"), index=True)
    job_id: Mapped[str] = mapped_column(ForeignKey("solve_jobs.id"), unique=True)
    feasible: Mapped[bool] = mapped_column(Boolean)
    objective_eur: Mapped[float] = mapped_column(Float)
    document: Mapped[str] = mapped_column(Text)
    routed_problem: Mapped[str | None] = mapped_column(Text, default=None)
    """The problem the plan routes, as JSON, when it is not the job's own: a day with stock is
    checked against its input plus the allocation's deliveries. None: the job's problem."""
    allocation: Mapped[str | None] = mapped_column(Text, default=None)
    """The allocation the plan delivers (``optimizer.allocation.Allocation``); None: no stock."""
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class VroomRequest(Base):
    """The VROOM document a job was submitted as (``POST /v1/vroom``), to answer in its terms."""

    __tablename__ = "vroom_requests"

    job_id: Mapped[str] = mapped_column(ForeignKey("solve_jobs.id"), primary_key=True)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id"), index=True)
    document: Mapped[str] = mapped_column(Text)


class WeekRun(Base):
    """What a week job has decided so far: its calendar (before its days are planned), then
    week.json (``optimizer.week.files.WeekResult``) once every day is planned and checked."""

    __tablename__ = "week_runs"

    job_id: Mapped[str] = mapped_column(ForeignKey("solve_jobs.id"), primary_key=True)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id"), index=True)
    calendar: Mapped[str] = mapped_column(Text)
    result: Mapped[str | None] = mapped_column(Text, default=None)


class StopReportRow(Base):
    """A driver's report on one stop of a plan (see :mod:`api.stop_reports`)."""

    __tablename__ = "stop_reports"
    __table_args__ = (
        UniqueConstraint("job_id", "stop_job", "stop_end", name="uq_stop_reports_stop"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id"), index=True)
    job_id: Mapped[str] = mapped_column(ForeignKey("solve_jobs.id"), index=True)
    vehicle: Mapped[str] = mapped_column(String(120))
    stop_job: Mapped[str] = mapped_column(String(120))
    stop_end: Mapped[str] = mapped_column(String(20))
    """``pickup`` or ``delivery`` (:class:`optimizer.plan.StopEnd`): a shipment has both."""
    status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(200), default="")
    actual_ambient_kg: Mapped[float | None] = mapped_column(Float, default=None)
    actual_chilled_kg: Mapped[float | None] = mapped_column(Float, default=None)
    actual_frozen_kg: Mapped[float | None] = mapped_column(Float, default=None)
    reported_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class PlannerUser(Base):
    """A planner who signs in to the console with a password (argon2 hash only).

    ``api_key_id`` is the planner-role key the console acts with, so that jobs started from the
    console are owned and scoped exactly like jobs sent to the API; its secret is never shown.
    """

    __tablename__ = "planner_users"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id"), index=True)
    api_key_id: Mapped[str] = mapped_column(ForeignKey("api_keys.id"))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Part of every session cookie; signing out adds one, which revokes every earlier cookie.
    session_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class SignInFailure(Base):
    """One failed console sign-in: which e-mail (its digest), from which client address, when.

    Kept in the database so that the throttle holds across processes and restarts.
    """

    __tablename__ = "sign_in_failures"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    email_digest: Mapped[str] = mapped_column(String(64), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    failed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
