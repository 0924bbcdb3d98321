"""The solve-job contract, run against both execution modes (local pool and Celery)."""

from __future__ import annotations

import pytest
from conftest import Service
from factories import tiny_problem

from api.models import Role
from optimizer.check import check_plan
from optimizer.load import parse_problem
from optimizer.plan import Plan


def checked_plan(service: Service, job_id: str) -> Plan:
    """The stored plan, re-judged by the independent checker against the submitted problem."""
    response = service.client.get(f"/v1/solve-jobs/{job_id}/plan", headers=service.a.headers())
    assert response.status_code == 200, response.text
    plan = Plan.model_validate_json(response.text)
    report = check_plan(parse_problem(tiny_problem()), plan)
    assert report.violations == []
    return plan


def test_a_submitted_job_ends_with_a_plan_the_checker_accepts(service: Service) -> None:
    response = service.client.post(
        "/v1/solve-jobs",
        json={"problem": tiny_problem(), "options": {"time_limit_s": 1, "seed": 7}},
        headers=service.a.headers(),
    )
    assert response.status_code == 202
    job = response.json()
    assert response.headers["Location"] == f"/v1/solve-jobs/{job['id']}"
    assert job["status"] in ("queued", "running")
    assert (job["time_limit_s"], job["seed"], job["backend"]) == (1.0, 7, "pyvrp")

    done = service.wait(job["id"])
    assert done["status"] == "succeeded", done
    assert done["has_plan"] is True
    assert done["progress"]["feasible"] is True
    # Out along the line and back: 60 km at 1 €/km, minus the food's value.
    assert done["progress"]["best_objective_eur"] == pytest.approx(-1144.0)
    assert done["progress"]["elapsed_s"] > 0
    assert done["attempt"] >= 1
    # The run really happened in this mode's workers.
    worker = service.row(job["id"]).worker or ""
    assert worker.endswith(":celery") if service.mode == "celery" else ":local-" in worker
    plan = checked_plan(service, job["id"])
    assert plan.kpis.distance_km == pytest.approx(60.0)
    assert plan.objective.total_eur == pytest.approx(-1144.0)
    assert plan.unassigned == []


def test_the_plan_is_a_409_until_there_is_one(service: Service) -> None:
    job = service.submit(time_limit_s=3)
    early = service.client.get(f"/v1/solve-jobs/{job['id']}/plan", headers=service.a.headers())
    if service.get(job["id"])["status"] in ("queued", "running"):
        assert early.status_code == 409
        assert early.json()["error"]["code"] == "no_plan_yet"
    service.wait(job["id"])
    assert checked_plan(service, job["id"]).feasible


def test_cancel_a_running_job(service: Service) -> None:
    job = service.submit(time_limit_s=60)
    service.wait(job["id"], lambda j: j["status"] == "running")
    response = service.client.delete(f"/v1/solve-jobs/{job['id']}", headers=service.a.headers())
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    # The solver stops: the job stays cancelled and its run no longer holds a lease.
    service.wait(job["id"], lambda _: service.row(job["id"]).lease_expires_at is None, 60)
    assert service.get(job["id"])["status"] == "cancelled"
    again = service.client.delete(f"/v1/solve-jobs/{job['id']}", headers=service.a.headers())
    assert again.status_code == 200
    plan = service.client.get(f"/v1/solve-jobs/{job['id']}/plan", headers=service.a.headers())
    assert plan.status_code == 409


def test_a_finished_job_cannot_be_cancelled(service: Service) -> None:
    job = service.submit()
    assert service.wait(job["id"])["status"] == "succeeded"
    response = service.client.delete(f"/v1/solve-jobs/{job['id']}", headers=service.a.headers())
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "already_finished"


def test_a_solver_killed_with_sigkill_is_detected_and_the_job_reruns(service: Service) -> None:
    job = service.submit(time_limit_s=3)
    service.wait(job["id"], lambda j: j["status"] == "running")
    service.kill_solve(job["id"])
    done = service.wait(job["id"], timeout_s=180)
    assert done["status"] == "succeeded", done
    assert done["attempt"] >= 2
    assert checked_plan(service, job["id"]).feasible


def test_another_tenants_job_is_a_404(service: Service) -> None:
    job = service.submit(tenant=service.b)
    for method, path in (
        ("GET", f"/v1/solve-jobs/{job['id']}"),
        ("GET", f"/v1/solve-jobs/{job['id']}/plan"),
        ("DELETE", f"/v1/solve-jobs/{job['id']}"),
    ):
        response = service.client.request(method, path, headers=service.a.headers())
        assert response.status_code == 404, (method, path)
        assert response.json()["error"]["code"] == "not_found"
    listed = service.client.get("/v1/solve-jobs", headers=service.a.headers()).json()
    assert listed == {"data": [], "count": 0}
    own = service.client.get("/v1/solve-jobs", headers=service.b.headers()).json()
    assert [j["id"] for j in own["data"]] == [job["id"]]


def test_the_per_job_time_limit_is_enforced(service: Service) -> None:
    job = service.submit(time_limit_s=1)
    done = service.wait(job["id"])
    assert done["status"] == "succeeded"
    # Solve time is bounded by the limit (plus process start and the final repair).
    assert done["progress"]["elapsed_s"] < 1 + service.settings.time_limit_grace_s


def test_roles_driver_cannot_submit(service: Service) -> None:
    response = service.client.post(
        "/v1/solve-jobs",
        json={"problem": tiny_problem()},
        headers=service.a.headers(Role.DRIVER),
    )
    assert response.status_code == 403
