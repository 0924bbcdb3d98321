"""Liveness, readiness and Prometheus metrics (no API key: probes and scrapers call these).

``/metrics`` counts every tenant's jobs: it answers only a scraper that sends the token of
``FOODROUTE_METRICS_TOKEN``, and does not exist when that is unset.
"""

from __future__ import annotations

import hmac

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST
from sqlalchemy import text

from api.deps import SettingsDep
from api.errors import ApiError
from optimizer.errors import ErrorCode

router = APIRouter(tags=["operations"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process answers."""
    return {"status": "ok"}


@router.get("/readyz")
def readyz(request: Request) -> JSONResponse:
    """The database answers and jobs can run (local executors alive, or broker reachable)."""
    checks: dict[str, str] = {}
    try:
        with request.app.state.sessions() as session:
            session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as error:
        checks["database"] = f"unreachable: {type(error).__name__}"
    runner = request.app.state.runner
    checks[f"runner:{runner.name}"] = "ok" if runner.ready() else "unavailable"
    ready = all(value == "ok" for value in checks.values())
    return JSONResponse(
        {"status": "ready" if ready else "not_ready", "checks": checks},
        status_code=200 if ready else 503,
    )


@router.get("/metrics")
def metrics(request: Request, settings: SettingsDep) -> Response:
    if settings.metrics_token is None:
        raise ApiError(ErrorCode.NOT_FOUND, "Not Found")
    sent = request.headers.get("authorization", "")
    expected = f"Bearer {settings.metrics_token}"
    if not hmac.compare_digest(sent.encode(), expected.encode()):
        raise ApiError(ErrorCode.UNAUTHORIZED, "/metrics needs the scraper's bearer token.")
    return Response(request.app.state.metrics.exposition(), media_type=CONTENT_TYPE_LATEST)
