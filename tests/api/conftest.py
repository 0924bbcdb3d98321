"""Fixtures for the service tests: real databases, real worker processes, both runners.

``service`` runs the contract tests once per execution mode: ``local`` (SQLite file, executors
in the API process) and ``celery`` (PostgreSQL, Redis and a real ``foodroute worker`` process).
The scale-out mode needs the servers that ``scripts/services.sh`` starts; CI always runs it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from factories import TenantKeys, make_tenant, tiny_problem
from fastapi.testclient import TestClient
from sqlalchemy import text

from api.config import Settings
from api.db import Base, make_engine, make_sessions
from api.jobs.store import Sessions
from api.main import create_app
from api.models import Role, SolveJob

POSTGRES_URL = os.environ.get(
    "FOODROUTE_TEST_POSTGRES_URL", "postgresql://foodroute:foodroute@127.0.0.1:5432/foodroute_test"
)
REDIS_URL = os.environ.get("FOODROUTE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
REPO = Path(__file__).resolve().parents[2]

# Short leases so that a lost worker is noticed in seconds, long enough that a heartbeat delayed
# by two busy cores and a contended SQLite file never makes a live job look lost.
FAST_LEASES: dict[str, Any] = {"lease_s": 10.0, "heartbeat_s": 0.5, "poll_s": 0.2}
#: The scraper's token of the test services (``/metrics`` is off without one).
METRICS_TOKEN = "metrics-token-for-the-tests"


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def postgres_available() -> bool:
    return _reachable("127.0.0.1", 5432)


def redis_available() -> bool:
    return _reachable("127.0.0.1", 6379)


needs_postgres = pytest.mark.skipif(
    not postgres_available(),
    reason="PostgreSQL is not running on 127.0.0.1:5432 (run scripts/services.sh as root)",
)
needs_redis = pytest.mark.skipif(
    not redis_available(),
    reason="Redis is not running on 127.0.0.1:6379 (run scripts/services.sh as root)",
)


def reset_postgres() -> None:
    """An empty schema for each test: drop our tables and Alembic's bookkeeping."""
    engine = make_engine(POSTGRES_URL)
    with engine.begin() as connection:
        Base.metadata.drop_all(connection)
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


def flush_redis() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def sqlite_settings(tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": f"sqlite:///{tmp_path / 'foodroute.db'}",
        "workers": 1,
        "environment": "test",
        "metrics_token": METRICS_TOKEN,
        **FAST_LEASES,
        **overrides,
    }
    return Settings(**values)


def service_env(settings: Settings) -> dict[str, str]:
    """The environment that gives a child process (worker, server) the same settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOODROUTE_")}
    env.update(
        FOODROUTE_DATABASE_URL=settings.database_url,
        FOODROUTE_LEASE_S=str(settings.lease_s),
        FOODROUTE_HEARTBEAT_S=str(settings.heartbeat_s),
        FOODROUTE_POLL_S=str(settings.poll_s),
        FOODROUTE_ENVIRONMENT=settings.environment,
        FOODROUTE_WORKERS=str(settings.workers),
    )
    if settings.broker_url:
        env["FOODROUTE_BROKER_URL"] = settings.broker_url
    if settings.solve_max_iterations is not None:
        env["FOODROUTE_SOLVE_MAX_ITERATIONS"] = str(settings.solve_max_iterations)
    return env


class CeleryWorker:
    """A real ``foodroute worker`` process, which a test may SIGKILL and start again."""

    def __init__(self, settings: Settings, log_path: Path) -> None:
        self.settings = settings
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "optimizer.cli", "worker", "--concurrency", "1"],
            env=service_env(self.settings),
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


@dataclass
class Service:
    """A running service in one execution mode, with two tenants and helpers to drive it."""

    mode: str
    client: TestClient
    sessions: Sessions
    settings: Settings
    a: TenantKeys
    b: TenantKeys
    worker: CeleryWorker | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def submit(
        self,
        problem: dict[str, Any] | None = None,
        tenant: TenantKeys | None = None,
        headers: dict[str, str] | None = None,
        decisions: dict[str, Any] | None = None,
        **options: Any,
    ) -> dict[str, Any]:
        tenant = tenant or self.a
        body: dict[str, Any] = {
            "problem": problem or tiny_problem(),
            "options": {"time_limit_s": 1, **options},
        }
        if decisions is not None:
            body["decisions"] = decisions
        response = self.client.post(
            "/v1/solve-jobs", json=body, headers={**tenant.headers(), **(headers or {})}
        )
        assert response.status_code == 202, response.text
        job: dict[str, Any] = response.json()
        return job

    def get(self, job_id: str, tenant: TenantKeys | None = None) -> dict[str, Any]:
        response = self.client.get(f"/v1/solve-jobs/{job_id}", headers=(tenant or self.a).headers())
        assert response.status_code == 200, response.text
        job: dict[str, Any] = response.json()
        return job

    def wait(
        self,
        job_id: str,
        until: Callable[[dict[str, Any]], bool] | None = None,
        timeout_s: float = 120.0,
    ) -> dict[str, Any]:
        """Poll until ``until(job)`` (default: finished); generous for two busy cores."""
        done = until or (lambda job: job["status"] in ("succeeded", "failed", "cancelled"))
        deadline = time.monotonic() + timeout_s
        while True:
            job = self.get(job_id)
            if done(job):
                return job
            if time.monotonic() > deadline:
                raise AssertionError(f"job {job_id} still {job['status']} after {timeout_s} s")
            time.sleep(0.2)

    def row(self, job_id: str) -> SolveJob:
        with self.sessions() as session:
            return session.get_one(SolveJob, job_id)

    def kill_solve(self, job_id: str) -> None:
        """SIGKILL what runs ``job_id``: the solver process (local) or the whole worker (celery)."""
        if self.worker is not None:
            self.worker.kill()
            self.worker.start()
            return
        deadline = time.monotonic() + 120
        while (pid := self.row(job_id).solver_pid) is None:
            assert time.monotonic() < deadline, "the solver process never started"
            time.sleep(0.1)
        os.kill(pid, signal.SIGKILL)


def _modes() -> list[Any]:
    return [
        pytest.param("local", id="local"),
        pytest.param(
            "celery",
            id="celery",
            marks=pytest.mark.skipif(
                not (postgres_available() and redis_available()),
                reason="PostgreSQL or Redis is not running (run scripts/services.sh as root)",
            ),
        ),
    ]


@pytest.fixture(params=_modes())
def service(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Service]:
    mode: str = request.param
    if mode == "local":
        settings = sqlite_settings(tmp_path)
    else:
        reset_postgres()
        flush_redis()
        settings = Settings(
            database_url=POSTGRES_URL,
            broker_url=REDIS_URL,
            workers=1,
            environment="test",
            metrics_token=METRICS_TOKEN,
            **FAST_LEASES,
        )
    app = create_app(settings)
    worker = None
    with TestClient(app) as client:
        sessions: Sessions = app.state.sessions
        a = make_tenant(sessions, "Banque Alimentaire de Bourgogne")
        b = make_tenant(sessions, "Banque Alimentaire du Doubs")
        if mode == "celery":
            worker = CeleryWorker(settings, tmp_path / "worker.log")
            worker.start()
        try:
            yield Service(mode, client, sessions, settings, a, b, worker)
        finally:
            if worker is not None:
                worker.stop()


@contextmanager
def local(settings: Settings) -> Iterator[Service]:
    """A service in the embedded mode with ``settings``; tenants are created if missing."""
    app = create_app(settings)
    with TestClient(app) as client:
        sessions: Sessions = app.state.sessions
        a = tenant_keys(sessions, "Banque Alimentaire de Bourgogne")
        b = tenant_keys(sessions, "Banque Alimentaire du Doubs")
        yield Service("local", client, sessions, settings, a, b)


def tenant_keys(sessions: Sessions, name: str) -> TenantKeys:
    """The tenant's keys; a tenant made by an earlier app on the same database gets new ones."""
    from sqlalchemy import select

    from api.models import Tenant
    from api.security import create_api_key

    with sessions.begin() as session:
        tenant = session.scalars(select(Tenant).where(Tenant.name == name)).first()
        if tenant is None:
            return make_tenant(sessions, name)
        keys = {role: create_api_key(session, tenant=tenant, role=role) for role in Role}
        return TenantKeys(tenant.id, keys)


@pytest.fixture
def local_service(tmp_path: Path) -> Iterator[Service]:
    """The embedded mode only, for tests about the HTTP surface rather than execution."""
    with local(sqlite_settings(tmp_path)) as service:
        yield service


__all__ = ["Service", "local", "make_sessions", "needs_postgres", "needs_redis", "sqlite_settings"]
