"""Load benchmark of the service in both execution modes, against a bare FastAPI endpoint.

For each mode (``embedded``: ``foodroute serve`` on a fresh SQLite file with one solver per core;
``celery``: ``foodroute serve`` on PostgreSQL with a Redis broker and two ``foodroute worker``
processes), in one run on one machine:

1. the bare app of :mod:`benchmarks.load_bare` under the readers' load (``BareReader``), then
   with no pause between requests (``BareCapacity``);
2. foodroute under the planners' mix (locust, ``Submitter Planner Reporting``), then one job
   read with no pause (``JobReadCapacity``);
3. a burst of solve jobs submitted at once;
4. every job of the run waited for, its plan fetched and checked by our checker.

It prints the tables of :mod:`benchmarks.load_summary` and the ratios to the bare endpoint
measured just before, and exits 1 on any failed request, failed job or plan the checker refuses.

    python -m benchmarks.load --users 100 --duration 45 --burst 30
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import httpx

from benchmarks import load_summary as summary
from benchmarks.load_problem import small_day
from optimizer.check import check_plan
from optimizer.plan import Plan
from optimizer.read.documents import parse_problem

ROOT = Path(__file__).resolve().parents[1]
MIX = ["Submitter", "Planner", "Reporting"]
#: The mix's ``Submitter.fixed_count``: the bare app gets the mix's users less these, its readers.
SUBMITTERS = 5
POSTGRES_URL = "postgresql://foodroute:foodroute@127.0.0.1:5432/foodroute_load"
REDIS_URL = "redis://127.0.0.1:6379/14"


@dataclass
class Processes:
    """Every process the benchmark starts, stopped in reverse order whatever happens."""

    out: Path
    running: list[subprocess.Popen[bytes]] = field(default_factory=list)
    logs: list[IO[bytes]] = field(default_factory=list)

    def start(self, command: list[str], env: dict[str, str], log: str) -> subprocess.Popen[bytes]:
        handle = (self.out / log).open("ab")
        self.logs.append(handle)
        process = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT
        )
        self.running.append(process)
        return process

    def stop_all(self) -> None:
        while self.running:
            process = self.running.pop()
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        for handle in self.logs:
            handle.close()


@dataclass
class Outcome:
    """A mode's results."""

    rows: list[summary.Row]
    capacity: summary.Row | None
    bare: list[summary.Row]
    bare_capacity: summary.Row | None
    jobs: Counter[str]
    notes: list[str]

    @property
    def failed(self) -> bool:
        requests = sum(row.failures for row in self.rows + self.bare)
        requests += sum(row.failures for row in (self.capacity, self.bare_capacity) if row)
        jobs = self.jobs
        every = {jobs["succeeded"], jobs["fetched"], jobs["checked"]} == {jobs["submitted"]}
        return requests > 0 or not every or jobs["submitted"] == 0


def _key(env: dict[str, str], command: list[str]) -> str:
    return subprocess.run(
        [sys.executable, "-m", "api.admin", *command],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def _wait_ready(url: str, process: subprocess.Popen[bytes], timeout_s: float = 120) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url} did not become ready")


def _wait_for_log(path: Path, text: str, timeout_s: float = 120) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if path.exists() and text in path.read_text(errors="replace"):
            return
        time.sleep(0.5)
    raise SystemExit(f"{path.name}: no '{text}' within {timeout_s:.0f} s")


def _port_free(port: int) -> None:
    """Refuses to start on a port another program holds: its answers would be measured."""
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise SystemExit(f"port {port} is in use: choose another with --port")


def run_locust(
    base: str, env: dict[str, str], classes: list[str], users: int, duration_s: int, out: Path
) -> list[summary.Row]:
    """Locust headless with these user classes (every user spawned within about two seconds),
    summarised past the ramp-up."""
    samples = out / f"samples-{time.monotonic_ns()}.csv"
    subprocess.run(
        [
            *(sys.executable, "-m", "locust", "-f", str(ROOT / "benchmarks" / "locustfile.py")),
            *("--headless", "--host", base, "--users", str(users)),
            *("--spawn-rate", str(max(users // 2, 1)), "--run-time", f"{duration_s}s"),
            *("--only-summary", "--stop-timeout", "10", *classes),
        ],
        env={**env, "FOODROUTE_LOAD_SAMPLES": str(samples)},
        cwd=ROOT,
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=(out / "locust.log").open("a"),
    )
    return summary.summarise(summary.read_samples(samples), min(summary.WARMUP_S, duration_s / 4))


def measure_bare(
    args: argparse.Namespace, out: Path, processes: Processes
) -> tuple[list[summary.Row], summary.Row | None]:
    """The bare endpoint under the readers' load, then its capacity."""
    port = args.port - 1
    base = f"http://127.0.0.1:{port}"
    _port_free(port)
    server = processes.start(
        [sys.executable, "-m", "benchmarks.load_bare", "--port", str(port)],
        dict(os.environ),
        "bare.log",
    )
    try:
        _wait_ready(f"{base}/bare", server)
        readers = max(args.users - SUBMITTERS, 1)
        env = dict(os.environ)
        rows = run_locust(base, env, ["BareReader"], readers, args.duration, out)
        capacity = None
        if args.capacity > 0:
            capacity = run_locust(
                base, env, ["BareCapacity"], args.capacity_users, args.capacity, out
            )[0]
        return rows, capacity
    finally:
        server.terminate()
        server.wait(timeout=60)


def run_burst(client: httpx.Client, jobs: int) -> list[str]:
    """Submits the jobs one after another, as fast as they are accepted."""
    started = time.monotonic()
    accepted = []
    for n in range(jobs):
        body = {"problem": small_day(), "options": {"time_limit_s": 1, "seed": n}}
        response = client.post("/v1/solve-jobs", json=body)
        if response.status_code == 202:
            accepted.append(response.json()["id"])
    print(f"burst: {len(accepted)}/{jobs} accepted in {time.monotonic() - started:.1f} s")
    return accepted


def all_jobs(client: httpx.Client) -> list[dict[str, Any]]:
    jobs: list[dict[str, Any]] = []
    while True:
        page = client.get("/v1/solve-jobs", params={"skip": len(jobs), "limit": 100}).json()
        jobs += page["data"]
        if not page["data"] or len(jobs) >= page["count"]:
            return jobs


def verify_jobs(client: httpx.Client, timeout_s: float) -> Counter[str]:
    """Waits for every job of the tenant to finish, fetches each plan and checks it."""
    problem = parse_problem(small_day())
    started = time.monotonic()
    jobs = all_jobs(client)
    pending = {job["id"] for job in jobs}
    counts: Counter[str] = Counter(submitted=len(pending))
    while pending and time.monotonic() - started < timeout_s:
        for job_id in sorted(pending):
            job = client.get(f"/v1/solve-jobs/{job_id}").json()
            if job["status"] not in ("succeeded", "failed", "cancelled"):
                continue
            pending.discard(job_id)
            counts[job["status"]] += 1
            response = client.get(f"/v1/solve-jobs/{job_id}/plan")
            if response.status_code == 200:
                counts["fetched"] += 1
                plan = Plan.model_validate_json(response.text)
                counts["checked"] += check_plan(problem, plan).feasible
        time.sleep(0.5)
    counts["unfinished"] = len(pending)
    print(
        f"jobs: {counts['submitted']} submitted, {counts['succeeded']} succeeded, "
        f"{counts['failed']} failed, {counts['unfinished']} unfinished, {counts['fetched']} plans "
        f"fetched, {counts['checked']} pass the checker ({time.monotonic() - started:.0f} s)"
    )
    return counts


def reset_scale_out(postgres_url: str, redis_url: str) -> None:
    """An empty schema and an empty broker database, so that each run starts from nothing."""
    import redis
    from sqlalchemy import text

    from api.db import make_engine
    from api.models import Base

    engine = make_engine(postgres_url)
    with engine.begin() as connection:
        Base.metadata.drop_all(connection)
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()
    redis.Redis.from_url(redis_url).flushdb()


def mode_env(mode: str, args: argparse.Namespace, out: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOODROUTE_")}
    if mode == "embedded":
        env["FOODROUTE_DATABASE_URL"] = f"sqlite:///{out / 'load.db'}"
    else:
        reset_scale_out(args.postgres_url, args.redis_url)
        env.update(FOODROUTE_DATABASE_URL=args.postgres_url, FOODROUTE_BROKER_URL=args.redis_url)
    return env


def measure_mode(mode: str, args: argparse.Namespace, out: Path) -> Outcome:
    """The bare baseline, then foodroute in this mode: mix, capacity, burst, every plan checked."""
    processes = Processes(out)
    try:
        bare, bare_capacity = measure_bare(args, out, processes)
        env = mode_env(mode, args, out)
        planner = _key(env, ["create-tenant", f"load-{mode}", "--role", "planner"])
        reporter = _key(env, ["create-key", f"load-{mode}", "--role", "reporter"])
        env.update(FOODROUTE_LOAD_PLANNER_KEY=planner, FOODROUTE_LOAD_REPORTER_KEY=reporter)
        if mode == "celery":
            for n in (1, 2):
                log = f"{mode}-worker-{n}.log"
                command = [sys.executable, "-m", "optimizer.cli", "worker", "--concurrency", "1"]
                processes.start(command, env, log)
                _wait_for_log(out / log, " ready.")
        base = f"http://127.0.0.1:{args.port}"
        _port_free(args.port)
        server = processes.start(
            [sys.executable, "-m", "optimizer.cli", "serve", "--port", str(args.port)],
            env,
            f"{mode}-serve.log",
        )
        _wait_ready(f"{base}/readyz", server)
        rows = run_locust(base, env, MIX, args.users, args.duration, out)
        headers = {"Authorization": f"Bearer {planner}"}
        with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
            capacity = None
            done = client.get("/v1/solve-jobs", params={"status": "succeeded", "limit": 1}).json()
            if args.capacity > 0 and done["data"]:
                job_env = {**env, "FOODROUTE_LOAD_JOB_ID": done["data"][0]["id"]}
                capacity = run_locust(
                    base, job_env, ["JobReadCapacity"], args.capacity_users, args.capacity, out
                )[0]
            started = time.monotonic()
            run_burst(client, args.burst)
            jobs = verify_jobs(client, timeout_s=120 + 10 * args.burst)
            notes = [f"burst of {args.burst}: {time.monotonic() - started:.0f} s until every plan"]
        return Outcome(rows, capacity, bare, bare_capacity, jobs, notes)
    finally:
        processes.stop_all()


def report(mode: str, outcome: Outcome) -> summary.Ratio:
    """Prints the mode's tables in Markdown and returns its ratios to the bare endpoint."""
    pair = (outcome.capacity, outcome.bare_capacity)
    capacity = (pair[0], pair[1]) if pair[0] and pair[1] else None
    ratio = summary.ratio(mode, outcome.rows, outcome.bare, capacity)
    print(f"\n### {mode}\n\n{summary.table(outcome.rows)}\n")
    print(f"Bare endpoint just before, same pacing:\n\n{summary.table(outcome.bare)}\n")
    if capacity:
        print(f"Capacity, no pause:\n\n{summary.table(list(capacity))}\n")
    jobs = outcome.jobs
    print(
        f"Jobs: {jobs['submitted']} submitted, {jobs['succeeded']} succeeded, "
        f"{jobs['fetched']} plans fetched, {jobs['checked']} pass the checker; "
        + "; ".join(outcome.notes)
    )
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--duration", type=int, default=45, help="seconds of each mix load")
    parser.add_argument("--capacity", type=int, default=15, help="seconds of each no-pause load")
    parser.add_argument("--capacity-users", type=int, default=10)
    parser.add_argument("--burst", type=int, default=30, help="solve jobs submitted at once")
    parser.add_argument("--modes", default="embedded,celery", help="embedded, celery or both")
    parser.add_argument("--port", type=int, default=8311, help="foodroute's; the bare app's is -1")
    parser.add_argument(
        "--postgres-url", default=os.environ.get("FOODROUTE_LOAD_POSTGRES_URL", POSTGRES_URL)
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("FOODROUTE_LOAD_REDIS_URL", REDIS_URL)
    )
    parser.add_argument("--keep", type=Path, help="copy the services' and locust's logs here")
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start")
    ratios, failed = [], False
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        try:
            for mode in args.modes.split(","):
                outcome = measure_mode(mode, args, out)
                ratios.append(report(mode, outcome))
                failed = failed or outcome.failed
        finally:
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                for log in out.glob("*.log"):
                    (args.keep / log.name).write_bytes(log.read_bytes())
    print(f"\nSame-run ratios to the bare endpoint:\n\n{summary.ratio_table(ratios)}\n")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    if failed:
        raise SystemExit("failures: see the tables above")


if __name__ == "__main__":
    main()
