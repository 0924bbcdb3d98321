"""A week's states on a real SQLite file: its days stored with its calendar, the wait without a
worker, the wake once every day has ended (once), the fencing by attempt, the cancel."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from factories import make_tenant

from api.db import make_engine, make_sessions, migrate
from api.jobs import store, week_store
from api.models import ApiKey, JobKind, JobStatus, Role, SolveJob, StoredProblem, WeekRun
from tests.week.weeks import tiny_week


@pytest.fixture
def sessions(tmp_path: Path) -> store.Sessions:
    engine = make_engine(f"sqlite:///{tmp_path / 'jobs.db'}")
    migrate(engine)
    return make_sessions(engine)


def queued_week(sessions: store.Sessions, tenant_name: str = "BA21") -> str:
    tenant = make_tenant(sessions, tenant_name)
    with sessions.begin() as session:
        key = session.query(ApiKey).filter_by(tenant_id=tenant.tenant_id, role=Role.PLANNER).one()
        problem = StoredProblem(
            tenant_id=tenant.tenant_id,
            created_by=key.id,
            name="Petite semaine",
            date=dt.date(2025, 6, 2),
            points=9,
            document=json.dumps(tiny_week()),
        )
        session.add(problem)
        session.flush()
        job = SolveJob(
            tenant_id=tenant.tenant_id,
            created_by=key.id,
            problem_id=problem.id,
            kind=JobKind.WEEK,
            backend="pyvrp",
            time_limit_s=5.0,
            seed=1,
            request_hash="0" * 64,
        )
        session.add(job)
        session.flush()
        return job.id


DAYS = [
    week_store.DayToPlan("2025-06-02", "lundi", json.dumps({"name": "lundi"}), 9),
    week_store.DayToPlan("2025-06-03", "mardi", json.dumps({"name": "mardi"}), 9),
]


def started_week(
    sessions: store.Sessions, tenant_name: str = "BA21"
) -> tuple[store.Claim, list[str]]:
    week_id = queued_week(sessions, tenant_name)
    claimed = store.claim(sessions, week_id, worker="host:1:local-0", lease_s=30)
    assert claimed is not None and claimed.kind == JobKind.WEEK
    ids = week_store.start_days(sessions, claimed, '{"source": "fixed"}', DAYS, "{}")
    assert ids is not None and len(ids) == 2
    return claimed, ids


def finish_day(sessions: store.Sessions, job_id: str) -> None:
    claimed = store.claim(sessions, job_id, worker="host:2:local-1", lease_s=30)
    assert claimed is not None and claimed.parent_id is not None
    found = store.FoundPlan("{}", -10.0, True, "{}", None)
    assert store.store_plan(sessions, claimed, found, store.ProgressUpdate(1.0, -10.0, True, 1))


def test_the_days_wait_for_any_worker_and_the_week_for_its_days(sessions: store.Sessions) -> None:
    claimed, ids = started_week(sessions)
    with sessions() as session:
        week = session.get_one(SolveJob, claimed.job_id)
        assert week.status == JobStatus.RUNNING
        assert week.worker is None and week.lease_expires_at is None
        assert session.get_one(WeekRun, week.id).calendar == '{"source": "fixed"}'
        days = week_store.week_days(session, week.id)
        assert [problem.date.isoformat() for _, problem in days] == ["2025-06-02", "2025-06-03"]
        assert all(
            day.status == JobStatus.QUEUED and day.kind == JobKind.WEEK_DAY for day, _ in days
        )
    # Neither lease sweep touches a waiting week.
    assert store.requeue_expired(sessions, max_attempts=3) == []
    finish_day(sessions, ids[0])
    assert week_store.wake_waiting_weeks(sessions) == []  # one day still to plan
    finish_day(sessions, ids[1])
    assert week_store.wake_waiting_weeks(sessions) == [claimed.job_id]
    assert week_store.wake_waiting_weeks(sessions) == []  # woken once
    again = store.claim(sessions, claimed.job_id, worker="host:3:local-0", lease_s=30)
    assert again is not None and again.attempt == claimed.attempt + 1
    calendar, planned = week_store.planned_days(sessions, claimed.job_id)
    assert calendar is not None and [d.status for d in planned] == ["succeeded"] * 2
    # The first claim's run is superseded: it can store nothing.
    progress = store.ProgressUpdate(1.0, -20.0, True, 2)
    assert not week_store.store_week(sessions, claimed, "{}", {}, progress)
    assert week_store.store_week(sessions, again, '{"days": []}', {}, progress)
    with sessions() as session:
        week = session.get_one(SolveJob, claimed.job_id)
        assert week.status == JobStatus.SUCCEEDED and week.best_objective_eur == -20.0
        assert session.get_one(WeekRun, week.id).result == '{"days": []}'


def test_a_cancelled_week_writes_no_days_and_cancels_those_it_has(
    sessions: store.Sessions,
) -> None:
    week_id = queued_week(sessions)
    claimed = store.claim(sessions, week_id, worker="host:1:local-0", lease_s=30)
    assert claimed is not None
    with sessions.begin() as session:
        assert store.cancel(session, session.get_one(SolveJob, week_id))
    assert week_store.start_days(sessions, claimed, "{}", DAYS, "{}") is None
    claimed, ids = started_week(sessions, "BA58")
    with sessions.begin() as session:
        assert store.cancel(session, session.get_one(SolveJob, claimed.job_id))
        assert week_store.cancel_days(session, claimed.job_id) == 2
    with sessions() as session:
        statuses = {session.get_one(SolveJob, i).status for i in ids}
    assert statuses == {JobStatus.CANCELLED}
    assert week_store.wake_waiting_weeks(sessions) == []  # a cancelled week stays cancelled
