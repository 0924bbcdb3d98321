"""``/v1/week-jobs``: a week planned by the service's workers, day by day, in both execution
modes, judged from what the service answers (each day checked again here), not from its word."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from conftest import Service

from api.models import Role
from optimizer.check import check_plan
from optimizer.plan import Plan, StopKind
from optimizer.read.documents import parse_problem
from optimizer.week import Weekday, parse_week
from tests.week.weeks import tiny_week

# A generous clock and an iteration budget: the same days on any machine, however loaded.
DETERMINISTIC = {"time_limit_per_day_s": 60, "max_iterations_per_day": 150}
WEEK_TIMEOUT_S = 600.0


def submit_week(
    service: Service, week: dict[str, Any] | None = None, **options: Any
) -> dict[str, Any]:
    body = {"week": week or tiny_week(), "options": {**DETERMINISTIC, **options}}
    response = service.client.post("/v1/week-jobs", json=body, headers=service.a.headers())
    assert response.status_code == 202, response.text
    job: dict[str, Any] = response.json()
    assert response.headers["Location"] == f"/v1/week-jobs/{job['id']}"
    assert job["kind"] == "week"
    return job


def assert_days_honoured(service: Service, answer: dict[str, Any]) -> dict[str, list[str]]:
    """Every day's plan checked here against the day problem the service serves; every partner
    delivered as often as it asks, on allowed days, with its gaps. Returns visits by site."""
    week = parse_week(tiny_week())
    assert [d["date"] for d in answer["days"]] == [d.isoformat() for d in week.working_dates()]
    visits: dict[str, list[str]] = {}
    for day in answer["days"]:
        response = service.client.get(day["problem"], headers=service.a.headers())
        assert response.status_code == 200, response.text
        problem = parse_problem(response.json())
        plan = Plan.model_validate(day["plan"])
        assert check_plan(problem, plan).violations == [], day["date"]
        assert day["check"] == {"feasible": True, "violations": []}
        stored = service.client.get(day["plan_url"], headers=service.a.headers())
        assert Plan.model_validate_json(stored.text) == plan
        for route in plan.routes:
            for stop in route.stops:
                if stop.kind is StopKind.DELIVERY:
                    visits.setdefault(stop.site, []).append(day["date"])
    for partner in week.partners:
        dates = sorted(dt.date.fromisoformat(d) for d in visits.get(partner.site, []))
        assert len(dates) == week.visits_this_week(partner), partner.site
        for date in dates:
            assert Weekday.of(date) in partner.allowed_days, (partner.site, date)
        for a, b in itertools.pairwise(dates):
            assert (b - a).days >= partner.min_days_between, partner.site
    return visits


def test_a_week_is_planned_day_by_day_by_the_workers(service: Service) -> None:
    job = submit_week(service, improving_moves=1)
    done = service.wait(job["id"], timeout_s=WEEK_TIMEOUT_S)
    assert done["status"] == "succeeded", done
    assert done["week"]["stage"] == "done"
    days = done["week"]["days"]
    assert len(days) == 5 and done["week"]["days_done"] == 5
    # Each day was a job of its own, run by one of the service's workers.
    for day in days:
        row = service.row(day["job_id"])
        assert row.kind == "week_day" and row.parent_id == job["id"]
        assert row.status == "succeeded"
        assert row.worker is not None
        assert row.worker.endswith(":celery" if service.mode == "celery" else ":local-0")
    answer = service.client.get(f"/v1/week-jobs/{job['id']}/result", headers=service.a.headers())
    assert answer.status_code == 200, answer.text
    result = answer.json()
    assert result["job"] == job["id"] and result["calendar"] == "optimised"
    assert [d["job"] for d in result["days"]] == [d["job_id"] for d in days]
    visits = assert_days_honoured(service, result)
    assert visits["south-1"]  # fortnightly, due this week
    summary = result["summary"]
    assert summary["partners_met"] == summary["partners"] == 6
    assert summary["violations"] == 0
    assert len(result["moves"]) <= 1
    planned_km = sum(Plan.model_validate(d["plan"]).kpis.distance_km for d in result["days"])
    assert summary["distance_km"] == pytest.approx(planned_km, abs=0.1)
    # The ProDij report reads the week's days as the days they are.
    report = service.client.get(
        "/v1/reports",
        params={"from": "2025-06-02", "to": "2025-06-08"},
        headers=service.a.headers(Role.REPORTER),
    )
    assert report.status_code == 200, report.text
    totals = report.json()["totals"]
    plans = [Plan.model_validate(d["plan"]) for d in result["days"]]
    assert totals["days"] == 5
    assert totals["distance_km"] == pytest.approx(sum(p.kpis.distance_km for p in plans), abs=0.1)
    assert totals["collected_kg"] == pytest.approx(
        sum(p.kpis.picked_up_kg.total for p in plans), abs=0.1
    )
    # The week is listed, its days are not (they are reached from the week).
    listed = service.client.get("/v1/solve-jobs", headers=service.a.headers()).json()
    assert [j["id"] for j in listed["data"]] == [job["id"]]
    # Another tenant sees neither the week nor its days.
    other = service.client.get(f"/v1/week-jobs/{job['id']}/result", headers=service.b.headers())
    assert other.status_code == 404
    day_plan = service.client.get(result["days"][0]["plan_url"], headers=service.b.headers())
    assert day_plan.status_code == 404


def test_the_fixed_calendar_plans_the_usual_days(service: Service) -> None:
    job = submit_week(service, calendar="fixed")
    done = service.wait(job["id"], timeout_s=WEEK_TIMEOUT_S)
    assert done["status"] == "succeeded", done
    result = service.client.get(
        f"/v1/week-jobs/{job['id']}/result", headers=service.a.headers()
    ).json()
    assert result["calendar"] == "fixed" and result["moves"] == []
    visits = assert_days_honoured(service, result)
    assert visits["north-1"] == ["2025-06-03", "2025-06-06"]
    assert visits["west-1"] == ["2025-06-04"]


def _issues(response: Any) -> dict[str, str]:
    assert response.status_code == 422, response.text
    body = response.json()["error"]
    assert body["code"] == "invalid_problem"
    return {issue["path"]: issue["message"] for issue in body["issues"]}


def test_a_bad_week_is_422_naming_the_partner_or_the_driver(local_service: Service) -> None:
    service = local_service
    week = tiny_week()
    week["partners"][5].update(visits=2, min_days_between=2)  # wed, thu only
    response = service.client.post(
        "/v1/week-jobs", json={"week": week}, headers=service.a.headers()
    )
    issues = _issues(response)
    assert "« west-1 »" in issues["week.partners[5].visits"]
    assert "mercredi, jeudi" in issues["week.partners[5].visits"]
    week = tiny_week()
    week["vehicles"][1]["days"] = ["sat"]
    response = service.client.post(
        "/v1/week-jobs", json={"week": week}, headers=service.a.headers()
    )
    issues = _issues(response)
    assert "« Jean »" in issues["week.vehicles[1].days"]
    assert "« van-2 »" in issues["week.vehicles[1].days"]
    # Nothing was stored: the tenant has no job.
    listed = service.client.get("/v1/solve-jobs", headers=service.a.headers()).json()
    assert listed["count"] == 0


def test_week_options_are_checked_before_anything_is_stored(local_service: Service) -> None:
    service = local_service
    refused = service.client.post(
        "/v1/week-jobs",
        json={"week": tiny_week(), "options": {"backend": "gurobi"}},
        headers=service.a.headers(),
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["issues"][0]["path"] == "options.backend"
    too_long = service.client.post(
        "/v1/week-jobs",
        json={"week": tiny_week(), "options": {"time_limit_per_day_s": 100_000}},
        headers=service.a.headers(),
    )
    assert too_long.status_code == 422
    assert too_long.json()["error"]["issues"][0]["path"] == "options.time_limit_per_day_s"
    drivers_only = service.client.post(
        "/v1/week-jobs", json={"week": tiny_week()}, headers=service.a.headers(Role.DRIVER)
    )
    assert drivers_only.status_code == 403


def test_the_same_idempotency_key_gives_the_same_week(local_service: Service) -> None:
    service = local_service
    body = {"week": tiny_week(), "options": DETERMINISTIC}
    headers = {**service.a.headers(), "Idempotency-Key": "week-23"}
    first = service.client.post("/v1/week-jobs", json=body, headers=headers)
    again = service.client.post("/v1/week-jobs", json=body, headers=headers)
    assert first.status_code == again.status_code == 202
    assert first.json()["id"] == again.json()["id"]
    other = service.client.post(
        "/v1/week-jobs", json={**body, "options": {"calendar": "fixed"}}, headers=headers
    )
    assert other.status_code == 422
    service.client.delete(f"/v1/week-jobs/{first.json()['id']}", headers=service.a.headers())


def test_a_cancelled_week_stops_its_days_and_has_no_result(service: Service) -> None:
    # A large budget: the cancel lands before the week ends, whatever the machine's speed.
    job = submit_week(service, time_limit_per_day_s=600, max_iterations_per_day=1_000_000)
    cancelled = service.client.delete(f"/v1/week-jobs/{job['id']}", headers=service.a.headers())
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled"
    again = service.client.delete(f"/v1/week-jobs/{job['id']}", headers=service.a.headers())
    assert again.status_code == 200 and again.json()["status"] == "cancelled"
    week = service.wait(
        job["id"],
        until=lambda j: (
            all(d["status"] in ("cancelled", "succeeded") for d in j["week"]["days"])
            and service.row(j["id"]).worker is None
        ),
        timeout_s=WEEK_TIMEOUT_S,
    )
    assert week["status"] == "cancelled"
    assert all(d["status"] == "cancelled" for d in week["week"]["days"])
    result = service.client.get(f"/v1/week-jobs/{job['id']}/result", headers=service.a.headers())
    assert result.status_code == 409


def test_a_day_job_is_not_a_week(local_service: Service) -> None:
    service = local_service
    day = service.submit()
    response = service.client.get(f"/v1/week-jobs/{day['id']}", headers=service.a.headers())
    assert response.status_code == 404
    service.wait(day["id"])
