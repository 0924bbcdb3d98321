"""The FastAPI application: ``create_app()`` wires settings, database, runner and routes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI

from api.config import Settings, get_settings, warn_about_defaults
from api.console.routes import install as install_console
from api.db import make_engine, make_sessions, migrate
from api.errors import install_handlers
from api.headers import SecurityHeaders
from api.jobs.runner import Runner
from api.jobs.store import Sessions
from api.limits import BodyLimit
from api.metrics import Metrics
from api.routes import (
    driver_routes,
    health,
    problems,
    reports,
    solve_jobs,
    vroom,
    week_jobs,
)


def make_runner(settings: Settings, sessions: Sessions) -> Runner:
    """Celery when a broker is configured, else local executors in this process."""
    if settings.broker_url:
        from api.jobs.celery_app import CeleryRunner

        return CeleryRunner(sessions, settings)
    from api.jobs.local_pool import LocalPoolRunner

    return LocalPoolRunner(sessions, settings)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    warn_about_defaults(settings)
    engine = make_engine(settings.database_url)
    sessions = make_sessions(engine)
    runner = make_runner(settings, sessions)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        migrate(engine)
        runner.start()
        try:
            yield
        finally:
            runner.stop()
            engine.dispose()

    app = FastAPI(
        title="foodroute",
        summary="Plan the pickups of donated food and the deliveries to partner associations.",
        version="1.0.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = sessions
    app.state.runner = runner
    app.state.metrics = Metrics(sessions)
    from optimizer.backends.registry import available

    app.state.backends = available()
    install_handlers(app)
    v1 = APIRouter(prefix="/v1")
    v1.include_router(solve_jobs.router)
    v1.include_router(problems.router)
    v1.include_router(reports.router)
    v1.include_router(driver_routes.planners)
    v1.include_router(driver_routes.drivers)
    v1.include_router(vroom.router)
    v1.include_router(week_jobs.router)
    app.include_router(v1)
    app.include_router(health.router)
    install_console(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    return app
