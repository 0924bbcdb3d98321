"""The solve-job contract, run against both execution modes (local pool and Celery)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import Service, local, sqlite_settings
from factories import stock_problem, tiny_problem

from api.models import Role, StoredPlan
from optimizer.allocation import Allocation
from optimizer.allocation.routing import allocation_job_id
from optimizer.check import check_plan
from optimizer.errors import ProblemError
from optimizer.model import Problem
from optimizer.plan import Plan, RouteSequence
from optimizer.read.documents import parse_problem
from optimizer.solving.replan import without_vehicles


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


def test_cancel_a_running_job_keeps_its_best_plan(service: Service) -> None:
    job = service.submit(time_limit_s=60)
    service.wait(job["id"], lambda j: j["status"] == "running" and j["progress"]["improvements"])
    response = service.client.delete(f"/v1/solve-jobs/{job['id']}", headers=service.a.headers())
    assert response.status_code == 200
    # The answer is the final state: the search stopped early (long before its 60 s) and its
    # best plan is already stored, with the progress it ended on.
    answer = response.json()
    assert answer["status"] == "cancelled"
    assert answer["has_plan"] is True
    assert answer["progress"]["elapsed_s"] < 50
    assert service.get(job["id"]) == answer
    plan = checked_plan(service, job["id"])
    assert plan.objective.total_eur == pytest.approx(answer["progress"]["best_objective_eur"])
    again = service.client.delete(f"/v1/solve-jobs/{job['id']}", headers=service.a.headers())
    assert again.status_code == 200
    assert again.json() == answer


def test_cancel_a_queued_job(tmp_path: Path) -> None:
    with local(sqlite_settings(tmp_path, workers=0)) as service:
        job = service.submit()
        response = service.client.delete(f"/v1/solve-jobs/{job['id']}", headers=service.a.headers())
        assert (response.status_code, response.json()["status"]) == (200, "cancelled")
        plan = service.client.get(f"/v1/solve-jobs/{job['id']}/plan", headers=service.a.headers())
        assert plan.status_code == 409


def test_a_finished_job_cannot_be_cancelled(service: Service) -> None:
    job = service.submit()
    assert service.wait(job["id"])["status"] == "succeeded"
    response = service.client.delete(f"/v1/solve-jobs/{job['id']}", headers=service.a.headers())
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "already_finished"
    assert error["message"] == "The job has already succeeded: there is nothing to cancel."


@pytest.mark.slow
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


def test_a_solve_past_its_time_limit_keeps_its_checked_plan(tmp_path: Path) -> None:
    # No grace and a 1 ms limit from the search's start: reading the problem, searching,
    # repairing and checking always take longer, so the plan always comes past the deadline.
    with local(sqlite_settings(tmp_path, time_limit_grace_s=0)) as service:
        job = service.submit(time_limit_s=0.001)
        done = service.wait(job["id"])
        assert done["status"] == "failed"
        assert done["error"] == {
            "reason": "time_limit_exceeded",
            "message": "the solve ran past 0.001 s + 0 s grace; the best checked plan found "
            "by then is kept",
        }
        assert done["has_plan"] is True
        assert checked_plan(service, job["id"]).feasible
        assert service.row(job["id"]).lease_expires_at is None


def test_a_long_problem_name_and_a_huge_settings_seed(service: Service) -> None:
    problem = tiny_problem(seed=2**40)
    problem["name"] = "Tournée " * 40
    response = service.client.post(
        "/v1/solve-jobs", json={"problem": problem}, headers=service.a.headers()
    )
    assert response.status_code == 422
    assert response.json()["error"]["issues"][0]["path"] == "problem.settings.seed"
    problem["settings"]["seed"] = 5
    job = service.submit(problem)
    assert job["problem_name"] == problem["name"][:200]
    assert job["seed"] == 5


def test_roles_driver_cannot_submit(service: Service) -> None:
    response = service.client.post(
        "/v1/solve-jobs",
        json={"problem": tiny_problem()},
        headers=service.a.headers(Role.DRIVER),
    )
    assert response.status_code == 403


# --- The HTTP surface: input errors, limits, idempotency, listing (embedded mode suffices) ---


def test_malformed_json_is_a_422_not_a_500(local_service: Service) -> None:
    response = local_service.client.post(
        "/v1/solve-jobs",
        content=b'{"problem": {"date": ',
        headers={**local_service.a.headers(), "Content-Type": "application/json"},
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_request"
    assert error["issues"][0]["message"] == "the body is not valid JSON"


def test_a_bad_field_is_named_by_its_path_as_the_cli_does(local_service: Service) -> None:
    problem = tiny_problem()
    problem["vehicles"][0]["capacity_kg"]["chilled"] = -5
    problem["pickups"][0]["lots"][0]["kg"] = "a lot"
    response = local_service.client.post(
        "/v1/solve-jobs", json={"problem": problem}, headers=local_service.a.headers()
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_problem"
    with pytest.raises(ProblemError) as cli:
        parse_problem(problem)
    expected = [{**i, "path": f"problem.{i['path']}"} for i in cli.value.as_dicts()]
    assert error["issues"] == expected
    paths = [issue["path"] for issue in error["issues"]]
    assert paths == ["problem.vehicles[0].capacity_kg.chilled", "problem.pickups[0].lots[0].kg"]
    listed = local_service.client.get("/v1/solve-jobs", headers=local_service.a.headers())
    assert listed.json()["count"] == 0


def test_a_broken_reference_is_named_too(local_service: Service) -> None:
    problem = tiny_problem()
    problem["deliveries"][0]["site"] = "nowhere"
    response = local_service.client.post(
        "/v1/solve-jobs", json={"problem": problem}, headers=local_service.a.headers()
    )
    assert response.status_code == 422
    paths = [issue["path"] for issue in response.json()["error"]["issues"]]
    assert paths and all(path.startswith("problem.deliveries[0]") for path in paths)


@pytest.mark.parametrize(
    ("options", "path"),
    [
        ({"backend": "simulated-annealing"}, "options.backend"),
        ({"time_limit_s": -1}, "options.time_limit_s"),
        ({"time_limit_s": 100_000}, "options.time_limit_s"),
        ({"seed": -3}, "options.seed"),
        ({"seed": 2**40}, "options.seed"),
        ({"colour": "blue"}, "options.colour"),
    ],
)
def test_bad_options_are_a_422_naming_the_option(
    local_service: Service, options: dict[str, object], path: str
) -> None:
    response = local_service.client.post(
        "/v1/solve-jobs",
        json={"problem": tiny_problem(), "options": options},
        headers=local_service.a.headers(),
    )
    assert response.status_code == 422
    assert path in [issue["path"] for issue in response.json()["error"]["issues"]]


def test_a_body_over_the_limit_is_a_413(tmp_path: Path) -> None:
    with local(sqlite_settings(tmp_path, max_body_bytes=2_000, workers=0)) as service:
        small = service.client.post(
            "/v1/problems/validate", json=tiny_problem(), headers=service.a.headers()
        )
        assert small.status_code == 200
        big = tiny_problem()
        big["name"] = "x" * 5_000
        declared = service.client.post(
            "/v1/solve-jobs", json={"problem": big}, headers=service.a.headers()
        )
        assert declared.status_code == 413
        assert declared.json()["error"]["code"] == "body_too_large"

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted while streaming
            yield b'{"problem": {"name": "'
            for _ in range(10):
                yield b"y" * 500
            yield b'"}}'

        streamed = service.client.post(
            "/v1/solve-jobs",
            content=chunks(),
            headers={**service.a.headers(), "Content-Type": "application/json"},
        )
        assert streamed.status_code == 413


def test_too_many_points_is_a_422_with_a_sentence(tmp_path: Path) -> None:
    with local(sqlite_settings(tmp_path, max_points=3, workers=0)) as service:
        response = service.client.post(
            "/v1/solve-jobs", json={"problem": tiny_problem()}, headers=service.a.headers()
        )
        assert response.status_code == 422
        error = response.json()["error"]
        assert error["code"] == "too_many_points"
        assert error["message"] == (
            "The problem has 4 sites; this service plans at most 3 per problem."
        )


def test_an_empty_idempotency_key_is_no_key(tmp_path: Path) -> None:
    """Found by the fuzzing: a second empty key broke the unique index, a 500."""
    with local(sqlite_settings(tmp_path, workers=0)) as service:
        first = service.submit(headers={"Idempotency-Key": ""})
        second = service.submit(headers={"Idempotency-Key": ""}, time_limit_s=2)
        assert second["id"] != first["id"]


def test_the_same_idempotency_key_gives_the_same_job(tmp_path: Path) -> None:
    with local(sqlite_settings(tmp_path, workers=0)) as service:
        first = service.submit(headers={"Idempotency-Key": "day-2025-03-10"})
        second = service.submit(headers={"Idempotency-Key": "day-2025-03-10"})
        assert second["id"] == first["id"]
        other_tenant = service.submit(
            tenant=service.b, headers={"Idempotency-Key": "day-2025-03-10"}
        )
        assert other_tenant["id"] != first["id"]
        changed = service.client.post(
            "/v1/solve-jobs",
            json={"problem": tiny_problem(), "options": {"time_limit_s": 2}},
            headers={**service.a.headers(), "Idempotency-Key": "day-2025-03-10"},
        )
        assert changed.status_code == 422
        assert changed.json()["error"]["code"] == "idempotency_key_reused"
        listed = service.client.get("/v1/solve-jobs", headers=service.a.headers()).json()
        assert listed["count"] == 1


def test_listing_filters_and_pages(tmp_path: Path) -> None:
    with local(sqlite_settings(tmp_path, workers=0)) as service:
        ids = [service.submit(seed=n)["id"] for n in range(5)]
        headers = service.a.headers()
        page = service.client.get("/v1/solve-jobs?limit=2&skip=0", headers=headers).json()
        assert page["count"] == 5
        assert [job["id"] for job in page["data"]] == ids[::-1][:2]  # newest first
        rest = service.client.get("/v1/solve-jobs?limit=2&skip=4", headers=headers).json()
        assert [job["id"] for job in rest["data"]] == [ids[0]]
        service.client.delete(f"/v1/solve-jobs/{ids[1]}", headers=headers)
        cancelled = service.client.get("/v1/solve-jobs?status=cancelled", headers=headers).json()
        assert (cancelled["count"], cancelled["data"][0]["id"]) == (1, ids[1])
        queued = service.client.get("/v1/solve-jobs?status=queued", headers=headers).json()
        assert queued["count"] == 4
        since = service.client.get(
            "/v1/solve-jobs?created_after=2025-01-01T00:00:00", headers=headers
        )
        assert since.json()["count"] == 5  # a time without a zone is UTC
        future = service.client.get(
            "/v1/solve-jobs?created_after=2999-01-01T00:00:00%2B01:00", headers=headers
        )
        assert future.json()["count"] == 0
        bad = service.client.get("/v1/solve-jobs?status=lost&limit=0", headers=headers)
        assert bad.status_code == 422
        assert {i["path"] for i in bad.json()["error"]["issues"]} == {"query.status", "query.limit"}


def test_keys_and_roles(local_service: Service) -> None:
    client = local_service.client
    assert client.get("/v1/solve-jobs").status_code == 401
    assert client.get("/v1/solve-jobs", headers={"X-API-Key": "fr_guess"}).status_code == 401
    reporter = local_service.a.headers(Role.REPORTER)
    assert client.get("/v1/solve-jobs", headers=reporter).status_code == 200
    body = {"problem": tiny_problem()}
    assert client.post("/v1/solve-jobs", json=body, headers=reporter).status_code == 403
    driver = local_service.a.headers(Role.DRIVER)
    assert client.get("/v1/solve-jobs", headers=driver).status_code == 403
    admin = {"X-API-Key": local_service.a.keys[Role.ADMIN]}
    assert client.get("/v1/solve-jobs", headers=admin).status_code == 200


def test_progress_as_server_sent_events(local_service: Service) -> None:
    job = local_service.submit()
    events = []
    with local_service.client.stream(
        "GET", f"/v1/solve-jobs/{job['id']}/events", headers=local_service.a.headers()
    ) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        for line in response.iter_lines():
            if line.startswith("event: "):
                events.append(line.removeprefix("event: "))
            if line.startswith("data: ") and events[-1] == "end":
                last = json.loads(line.removeprefix("data: "))
                break
    assert events[0] == "progress"
    assert events[-1] == "end"
    assert last["status"] == "succeeded"
    assert last["progress"]["best_objective_eur"] == pytest.approx(-1144.0)


# --- A planner's decisions: locked routes, removed vehicles, forced stops, a warm start ---


def three_trucks() -> dict[str, Any]:
    """The tiny day with three identical trucks, so that one can be locked, one taken out and
    one left to the search."""
    problem = tiny_problem()
    truck = problem["vehicles"][0]
    problem["vehicles"] = [{**truck, "id": vehicle} for vehicle in ("T1", "T2", "T3")]
    return problem


def test_a_replan_keeps_the_locked_route_and_the_planners_choices(service: Service) -> None:
    decisions = {
        "locked": [{"vehicle": "T1", "trips": [["D1"]]}],
        "removed_vehicles": ["T3"],
        "forced": {"D2": "T2"},
    }
    job = service.submit(three_trucks(), decisions=decisions)
    assert job["decisions"] == {**decisions, "initial_plan": None}
    done = service.wait(job["id"])
    assert done["status"] == "succeeded", done
    response = service.client.get(f"/v1/solve-jobs/{job['id']}/plan", headers=service.a.headers())
    plan = Plan.model_validate_json(response.text)
    # The day without T3 is the day the plan answers for.
    day = without_vehicles(parse_problem(three_trucks()), ["T3"])
    assert check_plan(day, plan).violations == []
    routes = {sequence.vehicle: sequence for sequence in plan.sequences()}
    assert routes["T1"] == RouteSequence("T1", (("D1",),))
    assert "T3" not in routes
    assert "D2" in routes["T2"].jobs
    assert plan.kpis.vehicles_available == 2
    assert service.get(job["id"])["decisions"] == done["decisions"]


def test_a_warm_start_alone_is_an_ordinary_solve(local_service: Service) -> None:
    decisions = {"initial_plan": [{"vehicle": "T1", "trips": [["D2", "D1"]]}]}
    job = local_service.submit(decisions=decisions)
    done = local_service.wait(job["id"])
    assert done["status"] == "succeeded", done
    assert done["decisions"]["initial_plan"] == decisions["initial_plan"]
    # The search is free to improve the warm start: the same optimum as without one.
    assert checked_plan(local_service, job["id"]).objective.total_eur == pytest.approx(-1144.0)


@pytest.mark.parametrize(
    ("decisions", "path"),
    [
        ({"locked": [{"vehicle": "T9", "trips": [["D1"]]}]}, "decisions.locked[0].vehicle"),
        (
            {"locked": [{"vehicle": "T1", "trips": [["D1", "D9"]]}]},
            "decisions.locked[0].trips[0][1]",
        ),
        (
            {"locked": [{"vehicle": "T1", "trips": [["D1"]]}, {"vehicle": "T1", "trips": []}]},
            "decisions.locked[1].vehicle",
        ),
        (
            {"locked": [{"vehicle": "T2", "trips": [["D1"]]}], "removed_vehicles": ["T2"]},
            "decisions.locked[0].vehicle",
        ),
        (
            {
                "locked": [
                    {"vehicle": "T1", "trips": [["D1"]]},
                    {"vehicle": "T2", "trips": [["D1"]]},
                ]
            },
            "decisions.locked[1].trips[0][0]",
        ),
        ({"removed_vehicles": ["T1", "T9"]}, "decisions.removed_vehicles[1]"),
        ({"forced": {"D9": "T1"}}, "decisions.forced.D9"),
        ({"forced": {"D1": "T3"}, "removed_vehicles": ["T3"]}, "decisions.forced.D1"),
        (
            {"forced": {"D1": "T1"}, "locked": [{"vehicle": "T1", "trips": [["D2"]]}]},
            "decisions.forced.D1",
        ),
        ({"initial_plan": [{"vehicle": "T9", "trips": []}]}, "decisions.initial_plan[0].vehicle"),
        (
            {"initial_plan": [{"vehicle": "T1", "trips": [["P1", "X"]]}]},
            "decisions.initial_plan[0].trips[0][1]",
        ),
        ({"locked": [{"vehicle": "T1", "stops": ["D1"]}]}, "decisions.locked[0].stops"),
        ({"lock": []}, "decisions.lock"),
    ],
)
def test_bad_decisions_are_a_422_naming_the_decision(
    local_service: Service, decisions: dict[str, Any], path: str
) -> None:
    response = local_service.client.post(
        "/v1/solve-jobs",
        json={"problem": three_trucks(), "decisions": decisions},
        headers=local_service.a.headers(),
    )
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] in ("invalid_decisions", "invalid_request")
    assert path in [issue["path"] for issue in error["issues"]]
    listed = local_service.client.get("/v1/solve-jobs", headers=local_service.a.headers())
    assert listed.json()["count"] == 0


def test_the_same_idempotency_key_with_other_decisions_is_refused(tmp_path: Path) -> None:
    key = {"Idempotency-Key": "replan-2025-03-10"}
    removed = {"removed_vehicles": ["T3"]}
    with local(sqlite_settings(tmp_path, workers=0)) as service:
        first = service.submit(three_trucks(), headers=key, decisions=removed)
        again = service.submit(three_trucks(), headers=key, decisions=removed)
        assert again["id"] == first["id"]
        for other in ({"removed_vehicles": ["T2"]}, None):
            body: dict[str, Any] = {"problem": three_trucks(), "options": {"time_limit_s": 1}}
            if other is not None:
                body["decisions"] = other
            changed = service.client.post(
                "/v1/solve-jobs", json=body, headers={**service.a.headers(), **key}
            )
            assert changed.status_code == 422
            assert changed.json()["error"]["code"] == "idempotency_key_reused"
        listed = service.client.get("/v1/solve-jobs", headers=service.a.headers()).json()
        assert listed["count"] == 1


# --- A day with warehouse stock: allocated, then routed ---


def test_a_day_with_stock_is_allocated_then_routed(service: Service) -> None:
    job = service.submit(stock_problem(), seed=3)
    done = service.wait(job["id"])
    assert done["status"] == "succeeded", done
    headers = service.a.headers()
    response = service.client.get(f"/v1/solve-jobs/{job['id']}/plan", headers=headers)
    plan = Plan.model_validate_json(response.text)
    with service.sessions() as session:
        stored = session.query(StoredPlan).filter_by(job_id=job["id"]).one()
        assert stored.routed_problem is not None
        routed = Problem.model_validate_json(stored.routed_problem)
    # The plan answers for the routed problem (the input plus the allocation's deliveries) ...
    assert check_plan(routed, plan).violations == []
    # ... which the submitted problem alone does not have.
    unknown = check_plan(parse_problem(stock_problem()), plan).violations
    assert "unknown_job" in {v.code.value for v in unknown}
    response = service.client.get(f"/v1/solve-jobs/{job['id']}/allocation", headers=headers)
    assert response.status_code == 200, response.text
    allocation = Allocation.model_validate_json(response.text)
    # 300 kg of rice and 60 kg of cheese, 2:1 by beneficiaries, both partners delivered today.
    assert allocation.allocated_kg == pytest.approx(360.0)
    delivered = {
        stop.job: stop.delivered_kg.total
        for route in plan.routes
        for stop in route.stops
        if stop.job is not None
    }
    for entry in allocation.partners:
        assert delivered[allocation_job_id(entry.partner)] == pytest.approx(entry.total_kg)
    assert {entry.partner: entry.total_kg for entry in allocation.partners} == {
        "partner_a": pytest.approx(240.0),
        "partner_b": pytest.approx(120.0),
    }


def test_a_day_with_stock_takes_no_locked_routes(local_service: Service) -> None:
    response = local_service.client.post(
        "/v1/solve-jobs",
        json={
            "problem": stock_problem(),
            "decisions": {"locked": [{"vehicle": "T1", "trips": [["D1"]]}]},
        },
        headers=local_service.a.headers(),
    )
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "invalid_decisions"
    assert [issue["path"] for issue in error["issues"]] == ["decisions"]
    assert "routed problem" in error["message"]


def test_a_day_without_stock_has_no_allocation(local_service: Service) -> None:
    job = local_service.submit()
    url = f"/v1/solve-jobs/{job['id']}/allocation"
    headers = local_service.a.headers()
    assert local_service.client.get(url, headers=headers).status_code in (404, 409)
    assert local_service.wait(job["id"])["status"] == "succeeded"
    response = local_service.client.get(url, headers=headers)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "no_allocation"
    with local_service.sessions() as session:
        stored = session.query(StoredPlan).filter_by(job_id=job["id"]).one()
        assert (stored.routed_problem, stored.allocation) == (None, None)


def test_the_allocation_is_a_409_until_there_is_a_plan(tmp_path: Path) -> None:
    with local(sqlite_settings(tmp_path, workers=0)) as service:
        job = service.submit(stock_problem())
        response = service.client.get(
            f"/v1/solve-jobs/{job['id']}/allocation", headers=service.a.headers()
        )
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "no_plan_yet"


def test_a_problem_with_several_errors_is_a_422_listing_them_all(tmp_path: Path) -> None:
    data = Path(__file__).parents[2] / "data" / "ReversedWindowNegativeCapacityUnknownSite.json"
    with local(sqlite_settings(tmp_path, workers=0)) as service:
        response = service.client.post(
            "/v1/solve-jobs",
            json={"problem": json.loads(data.read_text("utf-8"))},
            headers=service.a.headers(),
        )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_problem"
    assert [issue["path"] for issue in error["issues"]] == [
        "problem.sites[1].time_windows[0].end",
        "problem.vehicles[0].capacity_kg.chilled",
        "problem.deliveries[0].site",
    ]
