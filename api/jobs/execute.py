"""Run one claimed job: the same code under the local pool and under Celery.

The solve runs in a child process; this side heartbeats the lease, records progress, notices a
cancel (the job is no longer ``running`` for this attempt) and enforces the time limit, killing
the child when needed. A child that dies without answering (SIGKILL, out of memory) puts the job
back in the queue: execution is at-least-once and every write names its attempt.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from prometheus_client import Histogram

from api.config import Settings
from api.jobs import store
from api.jobs.solver_process import solve_in_child

log = logging.getLogger("foodroute.jobs")

SOLVE_SECONDS = Histogram(
    "foodroute_solve_duration_seconds",
    "Wall-clock time of finished solves, seconds.",
    buckets=(1, 2, 5, 10, 30, 60, 120, 300, 600, 1800),
)

# Spawned, not forked: the parent has threads (web server, other executors, database pools),
# and forking a threaded process can copy a lock held by another thread.
_SPAWN = multiprocessing.get_context("spawn")


@dataclass
class Outcome:
    status: str
    detail: str = ""


def run_claimed(
    sessions: store.Sessions,
    claimed: store.Claim,
    settings: Settings,
    stop: threading.Event | None = None,
    on_requeued: Callable[[str], None] | None = None,
) -> Outcome:
    """Execute ``claimed`` to its end and write the outcome; returns what happened."""
    extra = {"job_id": claimed.job_id, "attempt": claimed.attempt}
    receiver, sender = _SPAWN.Pipe(duplex=False)
    child = _SPAWN.Process(
        target=solve_in_child,
        args=(
            claimed.problem_document,
            claimed.backend,
            claimed.time_limit_s,
            claimed.seed,
            claimed.decisions_document,
            sender,
        ),
        name=f"solve-{claimed.job_id}",
    )
    started = time.monotonic()
    child.start()
    sender.close()
    log.info("solve started (pid %s)", child.pid, extra=extra)
    progress = store.ProgressUpdate(0.0, None, None, 0)
    deadline = started + claimed.time_limit_s + settings.time_limit_grace_s
    next_beat = 0.0
    pid_recorded = False
    cancelled_at: float | None = None
    try:
        while True:
            now = time.monotonic()
            if cancelled_at is None and now >= next_beat:
                beat = store.heartbeat(
                    sessions,
                    claimed,
                    lease_s=settings.lease_s,
                    progress=progress,
                    solver_pid=None if pid_recorded else child.pid,
                )
                pid_recorded = True
                next_beat = now + settings.heartbeat_s
                if beat is store.Beat.LOST:
                    log.info("job taken over by another run: stopping", extra=extra)
                    return Outcome("stopped")
                if beat is store.Beat.CANCELLED:
                    log.info("job cancelled: asking the search for its best plan", extra=extra)
                    cancelled_at = now
                    child.terminate()  # SIGTERM: the search stops early and sends its plan
            if cancelled_at is not None and now > cancelled_at + settings.cancel_wait_s:
                log.info("no plan after cancel: solve killed", extra=extra)
                return Outcome("cancelled")
            if stop is not None and stop.is_set():
                status = store.release(
                    sessions, claimed, max_attempts=settings.max_attempts, reason="shutdown"
                )
                _notify(on_requeued, status, claimed.job_id)
                return Outcome("released")
            if now > deadline:
                store.fail(
                    sessions,
                    claimed,
                    reason="time_limit_exceeded",
                    message=f"no plan within {claimed.time_limit_s:g} s "
                    f"+ {settings.time_limit_grace_s:g} s grace",
                )
                return Outcome("failed", "time_limit_exceeded")
            try:
                ready = receiver.poll(min(0.2, settings.heartbeat_s))
                message = receiver.recv() if ready else None
            except (EOFError, OSError):
                message = None
                ready = True
            if message is None:
                if ready or not child.is_alive():
                    child.join(timeout=5)
                    if cancelled_at is not None:
                        return Outcome("cancelled")
                    status = store.release(
                        sessions,
                        claimed,
                        max_attempts=settings.max_attempts,
                        reason="worker_crashed",
                    )
                    log.warning(
                        "solver process ended without a result (exit %s): job %s",
                        child.exitcode,
                        status,
                        extra=extra,
                    )
                    _notify(on_requeued, status, claimed.job_id)
                    return Outcome(status or "stopped", "worker_crashed")
                continue
            kind = message[0]
            elapsed = time.monotonic() - started
            if kind == "progress":
                progress = store.ProgressUpdate(
                    elapsed, float(message[2]), bool(message[3]), progress.improvements + 1
                )
            elif kind == "plan":
                _, document, objective, feasible, routed, allocation = message
                progress = store.ProgressUpdate(
                    elapsed, float(objective), bool(feasible), progress.improvements
                )
                write = store.succeed if cancelled_at is None else store.keep_cancelled_plan
                written = write(
                    sessions,
                    claimed,
                    plan_document=document,
                    routed_problem_document=routed,
                    allocation_document=allocation,
                    objective_eur=float(objective),
                    feasible=bool(feasible),
                    progress=progress,
                )
                if not written and cancelled_at is None:
                    # Cancelled between the last heartbeat and the end: keep the plan anyway.
                    written = store.keep_cancelled_plan(
                        sessions,
                        claimed,
                        plan_document=document,
                        routed_problem_document=routed,
                        allocation_document=allocation,
                        objective_eur=float(objective),
                        feasible=bool(feasible),
                        progress=progress,
                    )
                SOLVE_SECONDS.observe(elapsed)
                log.info("plan stored (written=%s) in %.1f s", written, elapsed, extra=extra)
                return Outcome("succeeded" if written else "stopped")
            elif kind == "error":
                _, reason, text = message
                store.fail(sessions, claimed, reason=str(reason), message=str(text))
                log.info("solve failed: %s", reason, extra=extra)
                return Outcome("failed", str(reason))
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(timeout=10)


def _notify(on_requeued: Callable[[str], None] | None, status: str | None, job_id: str) -> None:
    if on_requeued is not None and status == "queued":
        on_requeued(job_id)


def run_job(
    sessions: store.Sessions,
    job_id: str,
    settings: Settings,
    *,
    worker: str,
    on_requeued: Callable[[str], None] | None = None,
) -> Outcome:
    """Claim ``job_id`` and run it; a job already taken or finished is left alone."""
    claimed = store.claim(sessions, job_id, worker=worker, lease_s=settings.lease_s)
    if claimed is None:
        return Outcome("not_claimed")
    return run_claimed(sessions, claimed, settings, on_requeued=on_requeued)
