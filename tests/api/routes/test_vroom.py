"""``/v1/vroom``: a VROOM client's request answered in VROOM's format, in both execution modes."""

from __future__ import annotations

import copy
import time
from pathlib import Path
from typing import Any

from conftest import Service

from tests.vroom.conftest import EXAMPLE, pyvroom_answer
from tests.vroom.test_solve import assert_same_structure, served


def example() -> dict[str, Any]:
    return copy.deepcopy(EXAMPLE)


def test_a_small_problem_is_answered_at_once(service: Service, tmp_path: Path) -> None:
    document = example()
    response = service.client.post(
        "/v1/vroom?time_limit_s=1&backend=ortools", json=document, headers=service.a.headers()
    )
    assert response.status_code == 200, response.text
    ours = response.json()
    theirs = pyvroom_answer(document, tmp_path)
    assert_same_structure(ours, theirs)
    assert ours["code"] == 0
    assert ours["foodroute"]["check"] == {"feasible": True, "violations": []}
    assert ours["summary"]["priority"] == theirs["summary"]["priority"]
    assert len(served(ours)) == len(served(theirs))
    # The same answer again from the job, and the job is one of the tenant's solve jobs.
    job_id = ours["foodroute"]["job"]
    again = service.client.get(f"/v1/vroom/{job_id}", headers=service.a.headers())
    assert again.status_code == 200
    assert served(again.json()) == served(ours)
    job = service.get(job_id)
    assert job["status"] == "succeeded" and job["backend"] == "ortools"
    # Another tenant does not see it.
    other = service.client.get(f"/v1/vroom/{job_id}", headers=service.b.headers())
    assert other.status_code == 404


def test_a_refused_key_is_vroom_code_2(service: Service) -> None:
    document = example()
    document["vehicles"][0]["max_travel_time"] = 3600
    response = service.client.post("/v1/vroom", json=document, headers=service.a.headers())
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == 2
    assert "vehicles[0].max_travel_time" in body["error"]
    assert body["foodroute"]["key"] == "vehicles[0].max_travel_time"


def test_a_longer_solve_is_a_job_to_poll(service: Service) -> None:
    document = example()
    del document["vehicles"][0]["breaks"]
    response = service.client.post(
        "/v1/vroom?time_limit_s=11&backend=pyvrp", json=document, headers=service.a.headers()
    )
    assert response.status_code == 202, response.text
    job_id = response.json()["job"]
    assert response.headers["Location"] == f"/v1/vroom/{job_id}"
    deadline = time.monotonic() + 120
    while True:
        polled = service.client.get(f"/v1/vroom/{job_id}", headers=service.a.headers())
        if polled.status_code == 200:
            break
        assert polled.status_code == 202 and time.monotonic() < deadline
        time.sleep(0.5)
    answer = polled.json()
    assert answer["foodroute"]["check"]["feasible"]
    assert answer["summary"]["unassigned"] == len(answer["unassigned"])
