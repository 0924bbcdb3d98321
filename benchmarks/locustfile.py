"""Load on the solve-job service: planners submit, poll and fetch plans; reporting reads lists.

Run through ``benchmarks/load.sh``, which starts the service and passes the keys in
``FOODROUTE_LOAD_PLANNER_KEY`` and ``FOODROUTE_LOAD_REPORTER_KEY``. The drivers' routes and the
reports have no endpoint yet: their users are added with those endpoints.
"""

from __future__ import annotations

import os
import random

from locust import HttpUser, between, task

from benchmarks.load_problem import small_day

PLANNER = {"Authorization": f"Bearer {os.environ.get('FOODROUTE_LOAD_PLANNER_KEY', '')}"}
REPORTER = {"Authorization": f"Bearer {os.environ.get('FOODROUTE_LOAD_REPORTER_KEY', '')}"}


class Planner(HttpUser):
    """Submits a day now and then, mostly follows jobs and fetches plans."""

    wait_time = between(0.5, 2.0)
    weight = 3

    def on_start(self) -> None:
        self.jobs: list[str] = []

    @task(1)
    def submit(self) -> None:
        body = {
            "problem": small_day(),
            "options": {"time_limit_s": 1, "seed": random.randrange(99)},
        }
        with self.client.post(
            "/v1/solve-jobs", json=body, headers=PLANNER, name="submit", catch_response=True
        ) as response:
            if response.status_code == 202:
                self.jobs.append(response.json()["id"])
                response.success()
            else:
                response.failure(f"status {response.status_code}")

    @task(10)
    def poll(self) -> None:
        if self.jobs:
            job_id = random.choice(self.jobs)
            self.client.get(f"/v1/solve-jobs/{job_id}", headers=PLANNER, name="read job")

    @task(5)
    def plan(self) -> None:
        if not self.jobs:
            return
        job_id = random.choice(self.jobs)
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
