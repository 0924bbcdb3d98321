"""Embedded execution across restarts of the API: nothing queued or running is lost."""

from __future__ import annotations

import datetime as dt
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import REPO, local, service_env, sqlite_settings
from factories import tiny_problem

from api.db import make_engine, make_sessions, utcnow
from api.models import SolveJob


def test_queued_jobs_are_run_by_the_next_api_process(tmp_path: Path) -> None:
    with local(sqlite_settings(tmp_path, workers=0)) as before:
        ids = [before.submit(seed=n)["id"] for n in (1, 2)]
        assert [before.get(i)["status"] for i in ids] == ["queued", "queued"]
    with local(sqlite_settings(tmp_path, workers=1)) as after:
        for job_id in ids:
            done = after.wait(job_id)
            assert (done["status"], done["attempt"]) == ("succeeded", 1)


def test_a_job_left_running_by_a_dead_api_is_run_again(tmp_path: Path) -> None:
    with local(sqlite_settings(tmp_path, workers=0)) as before:
        job_id = before.submit()["id"]
        with before.sessions.begin() as session:  # what a SIGKILLed API leaves behind
            job = session.get_one(SolveJob, job_id)
            job.status = "running"
            job.attempt = 1
            job.worker = "gone:4242:local-0"
            job.lease_expires_at = utcnow() - dt.timedelta(seconds=1)
    with local(sqlite_settings(tmp_path, workers=1)) as after:
        done = after.wait(job_id)
        assert (done["status"], done["attempt"]) == ("succeeded", 2)


def test_the_iteration_setting_makes_every_solve_the_same_on_any_machine(tmp_path: Path) -> None:
    settings = sqlite_settings(tmp_path, workers=1, solve_max_iterations=25)
    with local(settings) as service:
        job_id = service.submit(time_limit_s=60, seed=3)["id"]
        assert service.wait(job_id)["status"] == "succeeded"
        plan = service.client.get(f"/v1/solve-jobs/{job_id}/plan", headers=service.a.headers())
        assert plan.status_code == 200, plan.text
        assert plan.json()["solver"]["iterations"] == 25
        assert plan.json()["feasible"] is True


def _a_dead_pid() -> int:
    """The id of a process of this host that has ended."""
    gone = subprocess.Popen([sys.executable, "-c", ""])
    gone.wait()
    return gone.pid


def test_a_job_held_by_a_dead_process_of_this_host_is_requeued_at_start_up(
    tmp_path: Path,
) -> None:
    """After ``kill -9`` of the API its job's lease still runs for many seconds: the next API
    on the same host sees the process is gone and re-queues the job at once, not at expiry."""
    with local(sqlite_settings(tmp_path, workers=0)) as before:
        job_id = before.submit()["id"]
        with before.sessions.begin() as session:
            job = session.get_one(SolveJob, job_id)
            job.status = "running"
            job.attempt = 1
            job.worker = f"{socket.gethostname()}:{_a_dead_pid()}:local-0"
            job.lease_expires_at = utcnow() + dt.timedelta(seconds=300)
        other_host = before.submit(seed=3)["id"]
        with before.sessions.begin() as session:
            job = session.get_one(SolveJob, other_host)
            job.status = "running"
            job.attempt = 1
            job.worker = f"elsewhere-{socket.gethostname()}:1:local-0"
            job.lease_expires_at = utcnow() + dt.timedelta(seconds=300)
    with local(sqlite_settings(tmp_path, workers=0)) as after:
        # Decided during start-up: no worker runs here, so the job stays queued for the test.
        assert after.get(job_id)["status"] == "queued"
        assert after.row(job_id).worker is None
        # Another host's lease is left to expire: its process cannot be asked here.
        assert after.get(other_host)["status"] == "running"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _serve(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "optimizer.cli", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        cwd=REPO,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def _poll(url: str, headers: dict[str, str], until: Any, timeout_s: float = 120) -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            response = httpx.get(url, headers=headers, timeout=5)
            if until(response):
                return response.json()
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} never reached the expected state in {timeout_s} s")


def _alive(pid: int) -> bool:
    """Running, not gone nor a zombie waiting for a reaper (containers may have none)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def _solver_pid(database_url: str, job_id: str) -> int:
    sessions = make_sessions(make_engine(database_url))
    deadline = time.monotonic() + 60
    while True:
        with sessions() as session:
            pid = session.get_one(SolveJob, job_id).solver_pid
        if pid is not None:
            return pid
        assert time.monotonic() < deadline, "no solver process recorded"
        time.sleep(0.1)


@pytest.mark.slow
def test_foodroute_serve_killed_mid_solve_loses_nothing(tmp_path: Path) -> None:
    """The real command, SIGKILLed while solving; the next one finishes the job."""
    settings = sqlite_settings(tmp_path)
    env = service_env(settings)
    key = subprocess.run(
        [sys.executable, "-m", "api.admin", "create-tenant", "BA21", "--role", "planner"],
        env=env,
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    headers = {"Authorization": f"Bearer {key}"}
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    server = _serve(env, port, log)
    try:
        _poll(f"{base}/readyz", {}, lambda r: r.status_code == 200)
        submitted = httpx.post(
            f"{base}/v1/solve-jobs",
            json={"problem": tiny_problem(), "options": {"time_limit_s": 3}},
            headers=headers,
            timeout=30,
        )
        assert submitted.status_code == 202, submitted.text
        job_url = base + submitted.headers["Location"]
        _poll(job_url, headers, lambda r: r.json()["status"] == "running")
        solver_pid = _solver_pid(settings.database_url, submitted.json()["id"])
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=30)
        # The orphaned solve dies with its parent rather than running on unwatched.
        deadline = time.monotonic() + 30
        while _alive(solver_pid):
            assert time.monotonic() < deadline, "the solver outlived the killed server"
            time.sleep(0.1)
    finally:
        if server.poll() is None:
            server.kill()
    server = _serve(env, port, log)
    try:
        done = _poll(
            job_url, headers, lambda r: r.status_code == 200 and r.json()["status"] == "succeeded"
        )
        assert done["attempt"] == 2
        plan = httpx.get(job_url + "/plan", headers=headers, timeout=30)
        assert plan.json()["objective"]["total_eur"] == pytest.approx(-1144.0)
    finally:
        server.terminate()
        server.wait(timeout=30)
