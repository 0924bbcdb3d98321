"""Probes and metrics, in both execution modes (readiness checks the database and the runner)."""

from __future__ import annotations

from pathlib import Path

from conftest import METRICS_TOKEN, Service, local, sqlite_settings

METRICS_HEADERS = {"Authorization": f"Bearer {METRICS_TOKEN}"}


def test_healthz_and_readyz(service: Service) -> None:
    assert service.client.get("/healthz").json() == {"status": "ok"}
    ready = service.client.get("/readyz")
    assert ready.status_code == 200
    runner = "celery" if service.mode == "celery" else "local"
    assert ready.json() == {
        "status": "ready",
        "checks": {"database": "ok", f"runner:{runner}": "ok"},
    }


def test_readyz_is_503_when_the_broker_is_unreachable(tmp_path: Path) -> None:
    settings = sqlite_settings(tmp_path, broker_url="redis://127.0.0.1:1/0")
    with local(settings) as service:
        ready = service.client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json()["checks"] == {"database": "ok", "runner:celery": "unavailable"}


def test_metrics_count_jobs_by_status_and_the_queue(service: Service) -> None:
    done = service.submit()
    service.wait(done["id"])
    text = service.client.get("/metrics", headers=METRICS_HEADERS).text
    assert 'foodroute_jobs{status="succeeded"} 1.0' in text
    assert "foodroute_queue_depth 0.0" in text
    assert "foodroute_jobs_submitted_total 1.0" in text
    if service.mode == "local":  # solve durations are observed where the solve is watched
        assert "foodroute_solve_duration_seconds_count" in text


def test_metrics_are_off_without_a_token_setting(tmp_path: Path) -> None:
    with local(sqlite_settings(tmp_path, metrics_token=None)) as service:
        response = service.client.get("/metrics")
        assert response.status_code == 404
        assert "foodroute_jobs" not in response.text


def test_metrics_need_the_token(tmp_path: Path) -> None:
    token = "scraper-token-of-at-least-16"
    with local(sqlite_settings(tmp_path, metrics_token=token)) as service:
        assert service.client.get("/metrics").status_code == 401
        wrong = service.client.get("/metrics", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "unauthorized"
        # A tenant's API key is not the scraper's token either.
        assert service.client.get("/metrics", headers=service.a.headers()).status_code == 401
        right = service.client.get("/metrics", headers={"Authorization": f"Bearer {token}"})
        assert right.status_code == 200 and "foodroute_queue_depth" in right.text
