"""The job state machine on a real SQLite file: claims, fencing by attempt, lease expiry."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from factories import make_tenant, tiny_problem

from api.db import make_engine, make_sessions, migrate, utcnow
from api.jobs import store
from api.models import ApiKey, JobStatus, Role, SolveJob, StoredPlan, StoredProblem

PROGRESS = store.ProgressUpdate(1.0, -1144.0, True, 3)


@pytest.fixture
def sessions(tmp_path: Path) -> store.Sessions:
    engine = make_engine(f"sqlite:///{tmp_path / 'jobs.db'}")
    migrate(engine)
    return make_sessions(engine)


def queued_job(sessions: store.Sessions) -> str:
    tenant = make_tenant(sessions, "BA21")
    with sessions.begin() as session:
        key = session.query(ApiKey).filter_by(tenant_id=tenant.tenant_id, role=Role.PLANNER).one()
        problem = StoredProblem(
            tenant_id=tenant.tenant_id,
            created_by=key.id,
            name="tiny",
            date=dt.date(2025, 3, 10),
            points=4,
            document=json.dumps(tiny_problem()),
        )
        session.add(problem)
        session.flush()
        job = SolveJob(
            tenant_id=tenant.tenant_id,
            created_by=key.id,
            problem_id=problem.id,
            backend="pyvrp",
            time_limit_s=1.0,
            seed=1,
            request_hash="x",
        )
        session.add(job)
        session.flush()
        return job.id


def test_a_job_is_claimed_once(sessions: store.Sessions) -> None:
    job_id = queued_job(sessions)
    first = store.claim(sessions, job_id, worker="w1", lease_s=30)
    assert first is not None
    assert first.attempt == 1
    assert store.claim(sessions, job_id, worker="w2", lease_s=30) is None
    assert store.claim_next(sessions, worker="w2", lease_s=30) is None


def test_a_superseded_run_cannot_write_its_result(sessions: store.Sessions) -> None:
    job_id = queued_job(sessions)
    stale = store.claim(sessions, job_id, worker="w1", lease_s=30)
    assert stale is not None
    with sessions.begin() as session:  # w1 stops heartbeating: its lease runs out
        session.get_one(SolveJob, job_id).lease_expires_at = utcnow() - dt.timedelta(seconds=1)
    assert store.requeue_expired(sessions, max_attempts=3) == [job_id]
    fresh = store.claim(sessions, job_id, worker="w2", lease_s=30)
    assert fresh is not None
    assert fresh.attempt == 2
    # The first run comes back to life: every write it tries is refused.
    assert store.heartbeat(sessions, stale, lease_s=30) is store.Beat.LOST
    assert not store.store_plan(sessions, stale, store.FoundPlan("{}", 0.0, True), PROGRESS)
    assert not store.fail(sessions, stale, reason="x", message="x")
    assert store.store_plan(sessions, fresh, store.FoundPlan('{"a": 1}', -1144.0, True), PROGRESS)
    # At-least-once: the same run writing twice stores one plan.
    assert not store.store_plan(sessions, fresh, store.FoundPlan('{"a": 2}', -1.0, True), PROGRESS)
    with sessions() as session:
        plans = session.query(StoredPlan).filter_by(job_id=job_id).all()
        assert [p.document for p in plans] == ['{"a": 1}']
        job = session.get_one(SolveJob, job_id)
        assert (job.status, job.best_objective_eur, job.improvements) == ("succeeded", -1144.0, 3)


def test_a_job_whose_runs_keep_breaking_fails_with_the_reason(sessions: store.Sessions) -> None:
    job_id = queued_job(sessions)
    statuses = []
    for _ in range(3):
        claimed = store.claim(sessions, job_id, worker="w", lease_s=30)
        assert claimed is not None
        statuses.append(store.release(sessions, claimed, max_attempts=3, reason="worker_crashed"))
    assert statuses == ["queued", "queued", "failed"]
    with sessions() as session:
        job = session.get_one(SolveJob, job_id)
        assert (job.status, job.attempt, job.error_reason) == ("failed", 3, "worker_crashed")


def test_cancel_stops_the_running_attempt(sessions: store.Sessions) -> None:
    job_id = queued_job(sessions)
    claimed = store.claim(sessions, job_id, worker="w", lease_s=30)
    assert claimed is not None
    with sessions.begin() as session:
        assert store.cancel(session, session.get_one(SolveJob, job_id))
    assert store.heartbeat(sessions, claimed, lease_s=30) is store.Beat.CANCELLED
    # The best plan found before the stop is kept, once; the job stays cancelled.
    kept = store.FoundPlan("{}", -9.0, True)
    assert store.store_plan(sessions, claimed, kept, PROGRESS)
    assert not store.store_plan(sessions, claimed, kept, PROGRESS)
    assert store.release(sessions, claimed, max_attempts=3, reason="worker_crashed") is None
    assert store.count_by_status(sessions)[JobStatus.CANCELLED] == 1
    with sessions() as session:
        job = session.get_one(SolveJob, job_id)
        assert (job.best_objective_eur, job.improvements) == (-9.0, 3)
        assert session.query(StoredPlan).filter_by(job_id=job_id).count() == 1
