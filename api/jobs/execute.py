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
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from prometheus_client import Histogram

from api.config import Settings
from api.jobs import store

log = logging.getLogger("foodroute.jobs")

SOLVE_SECONDS = Histogram(
    "foodroute_solve_duration_seconds",
    "Wall-clock time of finished solves, seconds.",
    buckets=(1, 2, 5, 10, 30, 60, 120, 300, 600, 1800),
)

# Spawned, not forked: the parent has threads (web server, other executors, database pools),
# and forking a threaded process can copy a lock held by another thread.
_SPAWN = multiprocessing.get_context("spawn")


STARTUP_ALLOWANCE_S = 120.0
"""How long a solver process may take to start (imports, reading the problem) before its time
limit begins: the limit is the search's, counted from its ``started`` message."""


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
    """Execute ``claimed`` to its end and write the outcome; returns what happened.

    A day of a week that ends may be the week's last: the week is then queued for its last
    step (:func:`api.jobs.week_store.wake_waiting_weeks`) and ``on_requeued`` told.
    """
    from api.jobs.week_execute import process_for
    from api.jobs.week_store import wake_waiting_weeks

    target, arguments, keywords, watch_type = process_for(sessions, claimed, settings)
    receiver, sender = _SPAWN.Pipe(duplex=False)
    child = _SPAWN.Process(
        target=target, args=(*arguments, sender), kwargs=keywords, name=f"solve-{claimed.job_id}"
    )
    watch = watch_type(sessions, claimed, settings, child, receiver, on_requeued)
    child.start()
    sender.close()
    log.info("%s started (pid %s)", claimed.kind, child.pid, extra=watch.extra)
    try:
        while True:
            outcome = watch.step(stop)
            if outcome is not None:
                break
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(timeout=10)
    if claimed.parent_id is not None:
        for week_id in wake_waiting_weeks(sessions, claimed.parent_id):
            log.info("every day planned: week queued for its last step", extra=watch.extra)
            if on_requeued is not None:
                on_requeued(week_id)
    return outcome


class Watch:
    """A claimed job seen from the parent: lease, cancel, deadline, the child's answer.

    Past the time limit (from the search's start) plus grace the child is asked, as for a
    cancel, to stop and send its best plan, which is repaired and checked before it leaves the
    child; that plan is kept, the job marked ``time_limit_exceeded``. Only a child that still
    sends nothing within ``cancel_wait_s`` is killed and the job failed without a plan.
    """

    def __init__(
        self,
        sessions: store.Sessions,
        claimed: store.Claim,
        settings: Settings,
        child: BaseProcess,
        receiver: Connection,
        on_requeued: Callable[[str], None] | None,
    ) -> None:
        self.sessions = sessions
        self.claimed = claimed
        self.settings = settings
        self.child = child
        self.receiver = receiver
        self.on_requeued = on_requeued
        self.extra = {"job_id": claimed.job_id, "attempt": claimed.attempt}
        self.started = time.monotonic()
        self.deadline = self.started + STARTUP_ALLOWANCE_S + self._allowed_s()
        self.progress = store.ProgressUpdate(0.0, None, None, 0)
        self.next_beat = 0.0
        self.pid_recorded = False
        self.cancelled_at: float | None = None
        self.overran_at: float | None = None

    def _allowed_s(self) -> float:
        return self.claimed.time_limit_s + self.settings.time_limit_grace_s

    def _limit_text(self) -> str:
        return f"{self.claimed.time_limit_s:g} s + {self.settings.time_limit_grace_s:g} s grace"

    def _fail_without_plan(self) -> Outcome:
        store.fail(
            self.sessions,
            self.claimed,
            reason="time_limit_exceeded",
            message=f"no plan within {self._limit_text()}",
        )
        return Outcome("failed", "time_limit_exceeded")

    def step(self, stop: threading.Event | None) -> Outcome | None:
        """Heartbeat when due, enforce the limits, then wait a little for the child's message."""
        now = time.monotonic()
        if self.cancelled_at is None and now >= self.next_beat:
            outcome = self._beat(now)
            if outcome is not None:
                return outcome
        if self.cancelled_at is not None and now > self.cancelled_at + self.settings.cancel_wait_s:
            log.info("no plan after cancel: solve killed", extra=self.extra)
            store.settle_cancelled(self.sessions, self.claimed)
            return Outcome("cancelled")
        if self.overran_at is not None and now > self.overran_at + self.settings.cancel_wait_s:
            log.info("no plan after the time limit: solve killed", extra=self.extra)
            return self._fail_without_plan()
        if stop is not None and stop.is_set():
            return self._release("shutdown", Outcome("released"))
        if now > self.deadline and self.overran_at is None and self.cancelled_at is None:
            log.info("past the time limit: asking the search for its best plan", extra=self.extra)
            self.overran_at = now
            self.child.terminate()  # SIGTERM: the search stops early and sends its plan
        return self._receive()

    def _beat(self, now: float) -> Outcome | None:
        beat = store.heartbeat(
            self.sessions,
            self.claimed,
            lease_s=self.settings.lease_s,
            progress=self.progress,
            solver_pid=None if self.pid_recorded else self.child.pid,
        )
        self.pid_recorded = True
        self.next_beat = now + self.settings.heartbeat_s
        if beat is store.Beat.LOST:
            log.info("job taken over by another run: stopping", extra=self.extra)
            return Outcome("stopped")
        if beat is store.Beat.CANCELLED:
            log.info("job cancelled: asking the search for its best plan", extra=self.extra)
            self.cancelled_at = now
            self.child.terminate()  # SIGTERM: the search stops early and sends its plan
        return None

    def _receive(self) -> Outcome | None:
        try:
            ready = self.receiver.poll(min(0.2, self.settings.heartbeat_s))
            message = self.receiver.recv() if ready else None
        except (EOFError, OSError):
            message = None
            ready = True
        if message is not None:
            return self._answer(message)
        if not ready and self.child.is_alive():
            return None
        self.child.join(timeout=5)
        if self.cancelled_at is not None:
            store.settle_cancelled(self.sessions, self.claimed)
            return Outcome("cancelled")
        if self.overran_at is not None:
            return self._fail_without_plan()
        outcome = self._release("worker_crashed", None)
        log.warning(
            "solver process ended without a result (exit %s): job %s",
            self.child.exitcode,
            outcome.status,
            extra=self.extra,
        )
        return outcome

    def _release(self, reason: str, outcome: Outcome | None) -> Outcome:
        """Give the job back (queued again, or failed after its last attempt)."""
        status = store.release(
            self.sessions, self.claimed, max_attempts=self.settings.max_attempts, reason=reason
        )
        if self.on_requeued is not None and status == "queued":
            self.on_requeued(self.claimed.job_id)
        return outcome or Outcome(status or "stopped", reason)

    def _answer(self, message: tuple[Any, ...]) -> Outcome | None:
        kind = message[0]
        now = time.monotonic()
        elapsed = now - self.started
        if kind == "started":  # the search begins: its time limit counts from now
            self.started = now
            self.deadline = now + self._allowed_s()
        elif kind == "progress":
            self.progress = store.ProgressUpdate(
                elapsed, float(message[2]), bool(message[3]), self.progress.improvements + 1
            )
        elif kind == "plan":
            _, document, objective, feasible, routed, allocation = message
            found = store.FoundPlan(document, float(objective), bool(feasible), routed, allocation)
            self.progress = store.ProgressUpdate(
                elapsed, found.objective_eur, found.feasible, self.progress.improvements
            )
            overran = None
            if now > self.deadline:
                overran = (
                    f"the solve ran past {self._limit_text()}; the best checked plan found by "
                    "then is kept"
                )
            written = store.store_plan(
                self.sessions, self.claimed, found, self.progress, overran=overran
            )
            SOLVE_SECONDS.observe(elapsed)
            log.info("plan stored (written=%s) in %.1f s", written, elapsed, extra=self.extra)
            if not written:
                return Outcome("stopped")
            return Outcome("failed", "time_limit_exceeded") if overran else Outcome("succeeded")
        elif kind == "error":
            _, reason, text = message
            store.fail(self.sessions, self.claimed, reason=str(reason), message=str(text))
            log.info("solve failed: %s", reason, extra=self.extra)
            return Outcome("failed", str(reason))
        return None


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
