"""The published OpenAPI document: its routes (fuzzed in ``test_openapi_fuzz.py``)."""

from __future__ import annotations

from pathlib import Path

from conftest import sqlite_settings

from api.main import create_app


def test_the_openapi_document_lists_the_v1_routes(tmp_path: Path) -> None:
    app = create_app(sqlite_settings(tmp_path, workers=0))
    paths = app.openapi()["paths"]
    assert {
        "/v1/solve-jobs",
        "/v1/solve-jobs/{job_id}",
        "/v1/solve-jobs/{job_id}/plan",
        "/v1/solve-jobs/{job_id}/events",
        "/v1/problems/validate",
        "/healthz",
        "/readyz",
        "/metrics",
    } <= set(paths)
    assert set(paths["/v1/solve-jobs/{job_id}"]) == {"get", "delete"}
