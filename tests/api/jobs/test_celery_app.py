"""Scale-out execution across an API restart and a broker that lost its messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import (
    FAST_LEASES,
    POSTGRES_URL,
    REDIS_URL,
    CeleryWorker,
    Service,
    flush_redis,
    needs_postgres,
    needs_redis,
    reset_postgres,
)
from factories import make_tenant
from fastapi.testclient import TestClient

from api.config import Settings
from api.main import create_app


@pytest.mark.slow
@needs_postgres
@needs_redis
def test_queued_jobs_survive_an_api_restart_and_a_flushed_broker(tmp_path: Path) -> None:
    reset_postgres()
    flush_redis()
    settings = Settings(
        database_url=POSTGRES_URL, broker_url=REDIS_URL, environment="test", **FAST_LEASES
    )
    app = create_app(settings)
    with TestClient(app) as client:  # no worker yet: the jobs wait in the queue
        tenant = make_tenant(app.state.sessions, "BA21")
        before = Service("celery", client, app.state.sessions, settings, tenant, tenant)
        ids = [before.submit(seed=n)["id"] for n in (1, 2)]
    flush_redis()  # the broker forgot the messages (restart without persistence)
    worker = CeleryWorker(settings, tmp_path / "worker.log")
    app = create_app(settings)
    with TestClient(app) as client:
        worker.start()
        try:
            after = Service("celery", client, app.state.sessions, settings, tenant, tenant)
            for job_id in ids:
                done = after.wait(job_id)
                assert done["status"] == "succeeded", done
                assert done["progress"]["best_objective_eur"] == pytest.approx(-1144.0)
                assert (after.row(job_id).worker or "").endswith(":celery")
        finally:
            worker.stop()


@pytest.mark.slow
@needs_postgres
@needs_redis
def test_a_message_lost_while_the_api_runs_is_sent_again(tmp_path: Path) -> None:
    reset_postgres()
    flush_redis()
    settings = Settings(
        database_url=POSTGRES_URL,
        broker_url=REDIS_URL,
        environment="test",
        **{**FAST_LEASES, "lease_s": 2.0},
    )
    app = create_app(settings)
    worker = CeleryWorker(settings, tmp_path / "worker.log")
    with TestClient(app) as client:
        tenant = make_tenant(app.state.sessions, "BA21")
        service = Service("celery", client, app.state.sessions, settings, tenant, tenant)
        job_id = service.submit()["id"]
        flush_redis()  # the message is gone, the job is still queued in the database
        assert app.state.runner.broker_depth() == 0
        worker.start()
        try:
            done = service.wait(job_id)
            assert done["status"] == "succeeded", done
            assert done["attempt"] == 1
        finally:
            worker.stop()
