"""A large day through the solve-job service: does a 1,000-point job with a 120 s limit succeed?

The planner's promise seen from the API: the job is submitted, runs and ends ``succeeded`` with
a plan our checker accepts, and the wait from submission to the end stays within the time limit
plus the service's allowances, in each execution mode the service has:

- ``local``: ``foodroute serve`` on SQLite, its embedded pool;
- ``celery``: ``foodroute serve`` on PostgreSQL with Redis as broker and one ``foodroute worker``
  (``scripts/services.sh`` starts both servers).

    python -m benchmarks.api_scale --points 1000 --time-limit 120 --out benchmarks/API_SCALE.md

A day of 1,000 points has more than a thousand sites and two explicit matrices of a million
entries (about 15 MB of JSON): the service is started with ``FOODROUTE_MAX_POINTS`` and
``FOODROUTE_MAX_BODY_BYTES`` raised, as an operator planning such days sets them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from benchmarks.foodbank_days import DaySpec, generate_day
from benchmarks.load import _key, _wait_ready
from optimizer.check import check_plan
from optimizer.plan import Plan
from optimizer.read.documents import parse_problem

ROOT = Path(__file__).resolve().parents[1]
POSTGRES_ADMIN_URL = "postgresql://foodroute:foodroute@127.0.0.1:5432"
FINAL = ("succeeded", "failed", "cancelled")


@dataclass
class JobRun:
    """What one mode's job did, as the planner sees it and as our checker sees the plan."""

    mode: str
    status: str
    wait_s: float
    answered_s: float
    """From the POST to its 202 answer: the upload, validation and storing of the day."""
    queued_s: float | None
    """From the job's creation to a worker starting it."""
    running_s: float | None
    """From that start to the job's end: solver start-up, search, repairs, checker, storing."""
    search_s: float | None
    feasible: bool | None
    violations: int | None
    required_missed: int | None
    objective_eur: float | None


def allowed_s(time_limit_s: float) -> float:
    """The promise: the limit plus max(1 s, 2 %)."""
    return time_limit_s + max(1.0, 0.02 * time_limit_s)


def table(runs: list[JobRun], time_limit_s: float) -> list[str]:
    """The results as Markdown rows, one per execution mode."""
    rows = [
        "| mode | status | submit → end, s | POST answered, s | queued, s | running, s "
        "| search, s | within limit + max(1 s, 2 %) "
        "| feasible (checker) | violations | required missed | objective € |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        within = "yes" if run.wait_s <= allowed_s(time_limit_s) else "no"
        rows.append(
            f"| {run.mode} | {run.status} | {run.wait_s:.1f} | {run.answered_s:.1f} | "
            f"{_seconds(run.queued_s)} | {_seconds(run.running_s)} | "
            f"{_seconds(run.search_s)} | {within} | "
            f"{_yes_no(run.feasible)} | {_or_dash(run.violations)} | "
            f"{_or_dash(run.required_missed)} | "
            f"{'–' if run.objective_eur is None else f'{run.objective_eur:.2f}'} |"
        )
    return rows


def _seconds(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _between(job: dict[str, Any], start: str, end: str) -> float | None:
    if not job.get(start) or not job.get(end):
        return None
    delta = dt.datetime.fromisoformat(job[end]) - dt.datetime.fromisoformat(job[start])
    return delta.total_seconds()


def _yes_no(value: bool | None) -> str:
    return "–" if value is None else ("yes" if value else "no")


def _or_dash(value: int | None) -> str:
    return "–" if value is None else str(value)


def submit_and_wait(base: str, key: str, day: dict[str, Any], mode: str, limit: float) -> JobRun:
    """Submit the day, poll until the job ends, check its plan with our checker."""
    headers = {"Authorization": f"Bearer {key}"}
    body = {"problem": day, "options": {"time_limit_s": limit, "seed": 1}}
    with httpx.Client(base_url=base, headers=headers, timeout=120) as client:
        started = time.monotonic()
        response = client.post("/v1/solve-jobs", json=body)
        answered = time.monotonic() - started
        if response.status_code != 202:
            raise SystemExit(f"{mode}: submission refused {response.status_code}: {response.text}")
        job_id = response.json()["id"]
        job = response.json()
        while job["status"] not in FINAL and time.monotonic() - started < 10 * limit:
            time.sleep(0.5)
            job = client.get(f"/v1/solve-jobs/{job_id}").json()
        waited = time.monotonic() - started
        plan_response = client.get(f"/v1/solve-jobs/{job_id}/plan")
    error = job.get("error") or {}
    status = f"{job['status']} ({error['reason']})" if error.get("reason") else job["status"]
    run = JobRun(
        mode,
        status,
        waited,
        answered,
        _between(job, "created_at", "started_at"),
        _between(job, "started_at", "finished_at"),
        None,
        None,
        None,
        None,
        None,
    )
    if plan_response.status_code == 200:
        plan = Plan.model_validate_json(plan_response.text)
        report = check_plan(parse_problem(day), plan)
        required = {d["id"] for d in day["deliveries"] if d.get("required", True)}
        run.search_s = plan.solver.runtime_s
        run.feasible = report.feasible
        run.violations = len(report.violations)
        run.required_missed = sum(item.job in required for item in plan.unassigned)
        run.objective_eur = plan.objective.total_eur
    return run


def _environment(folder: Path, mode: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOODROUTE_")}
    env.update(FOODROUTE_MAX_POINTS="5000", FOODROUTE_MAX_BODY_BYTES=str(64_000_000))
    if mode == "local":
        env["FOODROUTE_DATABASE_URL"] = f"sqlite:///{folder / 'scale.db'}"
    else:
        database = "foodroute_api_scale"
        subprocess.run(["su", "postgres", "-c", f"dropdb --if-exists {database}"], check=True)
        subprocess.run(["su", "postgres", "-c", f"createdb -O foodroute {database}"], check=True)
        env["FOODROUTE_DATABASE_URL"] = f"{POSTGRES_ADMIN_URL}/{database}"
        env["FOODROUTE_BROKER_URL"] = "redis://127.0.0.1:6379/9"
        subprocess.run([sys.executable, "-m", "api.admin", "migrate"], env=env, check=True)
    return env


def run_mode(mode: str, day: dict[str, Any], limit: float, port: int) -> JobRun:
    """Start the service (and its worker), run the job, stop everything it started."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        env = _environment(folder, mode)
        key = _key(env, ["create-tenant", "scale", "--role", "planner"])
        commands = [[sys.executable, "-m", "optimizer.cli", "serve", "--port", str(port)]]
        if mode == "celery":
            commands.append([sys.executable, "-m", "optimizer.cli", "worker"])
        processes = [
            subprocess.Popen(
                command,
                env=env,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=(folder / f"process-{n}.log").open("w"),
            )
            for n, command in enumerate(commands)
        ]
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_ready(f"{base}/readyz", processes[0])
            return submit_and_wait(base, key, day, mode, limit)
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    process.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default="dijon")
    parser.add_argument("--points", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=120.0)
    parser.add_argument("--modes", default="local,celery")
    parser.add_argument("--port", type=int, default=8321)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    spec = DaySpec(args.site, args.points, args.seed)
    day = generate_day(spec, time_limit_s=args.time_limit)
    size_mb = len(json.dumps(day)) / 1e6
    runs = [run_mode(m, day, args.time_limit, args.port) for m in args.modes.split(",")]
    command = " ".join(["python -m benchmarks.api_scale", *sys.argv[1:]])
    lines = [
        "# A large day through the solve-job service",
        "",
        f"```sh\n{command}\n```",
        "",
        f"Day `{spec.name}` from `benchmarks/foodbank_days.py` ({len(day['sites'])} sites, "
        f"{size_mb:.1f} MB of JSON), time limit {args.time_limit:g} s, seed 1; each mode starts "
        "its own service (and worker) and submits the day once. *submit → end* is what the "
        "client waits, from the POST to the job's final state; *POST answered* the upload, "
        "validation and storing of the day; *queued* and *running* come from the job's own "
        "times; *search* is the plan's own runtime. The plan is fetched and checked by our "
        "checker. "
        f"Machine: {platform.machine()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores (shared with other work while it ran).",
        "",
        *table(runs, args.time_limit),
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
