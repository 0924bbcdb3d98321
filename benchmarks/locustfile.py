"""Load on the solve-job service: planners submit, poll and fetch plans; reporting reads lists.

Run through ``benchmarks/load.sh``, which starts the services and chooses the user classes on
locust's command line: ``Submitter Planner Reporting`` against foodroute, ``BareReader`` against
the bare app of :mod:`benchmarks.load_bare` (the same pacing as the readers), and
``JobReadCapacity`` or ``BareCapacity`` (no wait: as many requests as the server answers) for the
capacity of each. Keys come in ``FOODROUTE_LOAD_PLANNER_KEY`` and ``FOODROUTE_LOAD_REPORTER_KEY``;
every request is recorded to the CSV named by ``FOODROUTE_LOAD_SAMPLES`` for
:mod:`benchmarks.load_summary`.
"""

from __future__ import annotations

import csv
import os
import random
import time
from typing import Any

from locust import HttpUser, between, constant, constant_pacing, events, task

from benchmarks.load_problem import small_day

PLANNER = {"Authorization": f"Bearer {os.environ.get('FOODROUTE_LOAD_PLANNER_KEY', '')}"}
REPORTER = {"Authorization": f"Bearer {os.environ.get('FOODROUTE_LOAD_REPORTER_KEY', '')}"}
#: A finished job whose reads measure the capacity of the service.
JOB_ID = os.environ.get("FOODROUTE_LOAD_JOB_ID", "")

# Jobs submitted during the run, shared by every simulated planner who follows them.
SUBMITTED: list[str] = []
# (name, start in s since the epoch, elapsed ms, 1 if failed), written out when locust quits.
SAMPLES: list[tuple[str, float, float, int]] = []


@events.request.add_listener
def _record(
    name: str,
    response_time: float,
    exception: BaseException | None = None,
    start_time: float | None = None,
    **_: Any,
) -> None:
    start = start_time if start_time is not None else time.time() - response_time / 1000
    SAMPLES.append((name, start, response_time, int(exception is not None)))


@events.quitting.add_listener
def _write_samples(**_: Any) -> None:
    path = os.environ.get("FOODROUTE_LOAD_SAMPLES")
    if path:
        with open(path, "w", newline="") as handle:
            csv.writer(handle).writerows(SAMPLES)


class Submitter(HttpUser):
    """A planner sending a day every 10 s: about what two solvers get through."""

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


class BareReader(HttpUser):
    """The readers' pacing against the bare endpoint: the baseline of the same load."""

    wait_time = between(0.5, 2.0)

    @task
    def bare(self) -> None:
        self.client.get("/bare", name="bare")


class JobReadCapacity(HttpUser):
    """Reads one finished job with no pause: the most reads the service answers."""

    wait_time = constant(0)

    @task
    def read(self) -> None:
        self.client.get(f"/v1/solve-jobs/{JOB_ID}", headers=PLANNER, name="read job")


class BareCapacity(HttpUser):
    """The bare endpoint with no pause: the most the server program answers on this machine."""

    wait_time = constant(0)

    @task
    def bare(self) -> None:
        self.client.get("/bare", name="bare")
