"""The one interface the API sees for executing jobs, whatever runs them.

The database is the source of truth: a job is queued by the route before the runner hears of
it, so a runner that is down loses nothing; :meth:`Runner.submit` only says "look now".
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from typing import Protocol

from api.config import Settings
from api.jobs import store
from api.jobs.week_store import wake_waiting_weeks

log = logging.getLogger("foodroute.jobs")


class Runner(Protocol):
    name: str

    def start(self) -> None:
        """Begin executing queued jobs (and re-queueing jobs whose worker was lost)."""

    def stop(self) -> None:
        """Stop executing; running jobs go back to the queue."""

    def submit(self, job_id: str) -> None:
        """A job was just queued (or re-queued)."""

    def ready(self) -> bool:
        """True when jobs can be executed now (workers or broker reachable)."""


class Reaper:
    """Re-queues running jobs whose lease expired: their worker died or lost the database.

    Runs in the API process in both modes, so a SIGKILLed worker's job is re-run even when no
    message broker redelivers it.
    """

    def __init__(
        self,
        sessions: store.Sessions,
        settings: Settings,
        runner: Runner,
        also: Callable[[], object] | None = None,
    ) -> None:
        self.sessions = sessions
        self.settings = settings
        self.runner = runner
        self.also = also
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="foodroute-reaper", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def sweep_dead_on_this_host(self) -> list[str]:
        """At start-up: jobs held by a dead process of this host go back to the queue at once."""
        requeued = store.requeue_dead_on_host(
            self.sessions,
            host=socket.gethostname(),
            alive=process_alive,
            max_attempts=self.settings.max_attempts,
        )
        for job_id in requeued:
            log.warning("worker process gone: job re-queued", extra={"job_id": job_id})
            self.runner.submit(job_id)
        return requeued

    def sweep(self) -> list[str]:
        requeued = store.requeue_expired(self.sessions, max_attempts=self.settings.max_attempts)
        for job_id in requeued:
            log.warning("worker lost: job re-queued", extra={"job_id": job_id})
            self.runner.submit(job_id)
        # A week whose last day ended on a worker that died before waking it.
        for job_id in wake_waiting_weeks(self.sessions):
            log.info("every day planned: week queued for its last step", extra={"job_id": job_id})
            self.runner.submit(job_id)
        if self.also is not None:
            self.also()
        return requeued

    def _loop(self) -> None:
        period = min(self.settings.lease_s / 3, 10.0)
        while not self._stop.wait(period):
            try:
                self.sweep()
            except Exception:  # a database hiccup must not end the sweeping for good
                log.exception("lease sweep failed")


def process_alive(pid: int) -> bool:
    """True while process ``pid`` of this host exists (our own process always does)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True
