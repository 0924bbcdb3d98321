"""Load benchmark of the embedded service: locust users, then a burst of solve jobs.

Starts ``foodroute serve`` on a fresh SQLite file, runs locust headless and prints requests/s,
p50/p95/p99 and failures per request kind; then submits a burst of jobs at once and checks that
every one is accepted and ends with a plan our checker accepts.

    python -m benchmarks.load --users 200 --duration 60 --burst 100
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from benchmarks.load_problem import small_day
from optimizer.check import check_plan
from optimizer.plan import Plan
from optimizer.read.documents import parse_problem

ROOT = Path(__file__).resolve().parents[1]


def _key(env: dict[str, str], command: list[str]) -> str:
    return subprocess.run(
        [sys.executable, "-m", "api.admin", *command],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def _wait_ready(base: str, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit("the service did not become ready")


def run_locust(base: str, env: dict[str, str], users: int, duration_s: int, out: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(ROOT / "benchmarks" / "locustfile.py"),
            "--headless",
            "--host",
            base,
            "--users",
            str(users),
            "--spawn-rate",
            str(max(users // 10, 1)),
            "--run-time",
            f"{duration_s}s",
            "--csv",
            str(out / "load"),
            "--only-summary",
        ],
        env=env,
        cwd=ROOT,
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    print(f"{'request':<12}{'count':>8}{'fail':>6}{'req/s':>8}{'p50':>7}{'p95':>7}{'p99':>7}  ms")
    with (out / "load_stats.csv").open() as stats:
        for row in csv.DictReader(stats):
            print(
                f"{row['Name']:<12}{row['Request Count']:>8}{row['Failure Count']:>6}"
                f"{float(row['Requests/s']):>8.1f}{row['50%']:>7}{row['95%']:>7}{row['99%']:>7}"
            )


def run_burst(base: str, key: str, jobs: int, timeout_s: float) -> None:
    headers = {"Authorization": f"Bearer {key}"}
    problem = parse_problem(small_day())
    started = time.monotonic()
    with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
        accepted = []
        for n in range(jobs):
            body: dict[str, Any] = {
                "problem": small_day(),
                "options": {"time_limit_s": 1, "seed": n},
            }
            response = client.post("/v1/solve-jobs", json=body)
            if response.status_code == 202:
                accepted.append(response.json()["id"])
        print(f"burst: {len(accepted)}/{jobs} accepted in {time.monotonic() - started:.1f} s")
        pending = set(accepted)
        checked = 0
        deadline = time.monotonic() + timeout_s
        while pending and time.monotonic() < deadline:
            for job_id in list(pending):
                job = client.get(f"/v1/solve-jobs/{job_id}").json()
                if job["status"] in ("succeeded", "failed", "cancelled"):
                    pending.discard(job_id)
                    if job["status"] == "succeeded":
                        plan = Plan.model_validate_json(
                            client.get(f"/v1/solve-jobs/{job_id}/plan").text
                        )
                        checked += check_plan(problem, plan).feasible
            time.sleep(1)
    print(
        f"burst: {checked}/{len(accepted)} plans pass the checker, {len(pending)} unfinished, "
        f"{time.monotonic() - started:.0f} s in all"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--duration", type=int, default=60, help="seconds of locust load")
    parser.add_argument("--burst", type=int, default=100, help="solve jobs submitted at once")
    parser.add_argument("--port", type=int, default=8311)
    parser.add_argument("--log", type=Path, help="keep the service's log in this file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        env = {**os.environ, "FOODROUTE_DATABASE_URL": f"sqlite:///{out / 'load.db'}"}
        env.pop("FOODROUTE_BROKER_URL", None)
        planner = _key(env, ["create-tenant", "load", "--role", "planner"])
        reporter = _key(env, ["create-key", "load", "--role", "reporter"])
        env.update(FOODROUTE_LOAD_PLANNER_KEY=planner, FOODROUTE_LOAD_REPORTER_KEY=reporter)
        base = f"http://127.0.0.1:{args.port}"
        server = subprocess.Popen(
            [sys.executable, "-m", "optimizer.cli", "serve", "--port", str(args.port)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=(out / "serve.log").open("w"),
        )
        try:
            _wait_ready(base)
            if args.duration > 0:
                run_locust(base, env, args.users, args.duration, out)
            if args.burst > 0:
                run_burst(base, planner, args.burst, timeout_s=60 + 10 * args.burst)
        finally:
            server.terminate()
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
            if args.log:
                args.log.write_text((out / "serve.log").read_text())


if __name__ == "__main__":
    main()
