"""Load on the solve-job service: planners submit, poll and fetch plans; reporting reads lists.

Run through ``benchmarks/load.sh``, which starts the service and passes the keys in
``FOODROUTE_LOAD_PLANNER_KEY`` and ``FOODROUTE_LOAD_REPORTER_KEY``. The drivers' routes and the
reports have no endpoint yet: their users are added with those endpoints.
"""

from __future__ import annotations

import os
import random

from locust import HttpUser, between, constant_pacing, task

from benchmarks.load_problem import small_day

PLANNER = {"Authorization": f"Bearer {os.environ.get('FOODROUTE_LOAD_PLANNER_KEY', '')}"}
REPORTER = {"Authorization": f"Bearer {os.environ.get('FOODROUTE_LOAD_REPORTER_KEY', '')}"}


# Jobs submitted during the run, shared by every simulated planner who follows them.
SUBMITTED: list[str] = []


class Submitter(HttpUser):
    """A planner sending a day every 10 s: about what two local solvers get through."""

    fixed_count = 5
    wait_time = constant_pacing(10)

    @task
    def submit(self) -> None:
        body = {
            "problem": small_day(),
            "options": {"time_limit_s": 1, "seed": random.randrange(99)},
        }
        with self.client.post(
            "/v1/solve-jobs", json=body, headers=PLANNER, name="submit", catch_response=True
        ) as response:
            if response.status_code == 202:
                SUBMITTED.append(response.json()["id"])
                response.success()
            else:
                response.failure(f"status {response.status_code}")


class Planner(HttpUser):
    """Follows submitted jobs and fetches their plans."""

    wait_time = between(0.5, 2.0)
    weight = 3

    @task(2)
    def poll(self) -> None:
        if SUBMITTED:
            job_id = random.choice(SUBMITTED)
            self.client.get(f"/v1/solve-jobs/{job_id}", headers=PLANNER, name="read job")

    @task(1)
    def plan(self) -> None:
        if not SUBMITTED:
            return
        job_id = random.choice(SUBMITTED)
        with self.client.get(
            f"/v1/solve-jobs/{job_id}/plan", headers=PLANNER, name="read plan", catch_response=True
        ) as response:
            if response.status_code in (200, 409):  # 409: no plan yet, a normal answer
                response.success()


class Reporting(HttpUser):
    """Reads the tenant's job lists, filtered and paged."""

    wait_time = between(0.5, 2.0)
    weight = 1

    @task
    def list_jobs(self) -> None:
        status = random.choice(["", "?status=succeeded", "?status=queued&limit=50"])
        self.client.get(f"/v1/solve-jobs{status}", headers=REPORTER, name="list jobs")
