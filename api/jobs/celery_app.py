"""Scale-out execution: Celery workers with a Redis broker, chosen by ``FOODROUTE_BROKER_URL``.

The task only carries a job id; the job, its problem and its outcome live in the database, and
:func:`api.jobs.execute.run_job` does the same claim-heartbeat-write as the local pool. Late
acknowledgement makes Celery redeliver a task whose worker vanished; the API's lease sweep
re-sends it too, so a SIGKILLed worker's job runs again even before the broker notices.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from functools import lru_cache

from celery import Celery

from api.config import Settings, get_settings
from api.db import make_engine, make_sessions, utcnow
from api.jobs import store
from api.jobs.execute import run_job
from api.jobs.runner import Reaper

log = logging.getLogger("foodroute.jobs")

TASK_NAME = "foodroute.run_solve_job"
QUEUE = "foodroute-solve"


def make_celery(broker_url: str) -> Celery:
    app = Celery("foodroute", broker=broker_url)
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_default_queue=QUEUE,
        task_ignore_result=True,
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
    )
    app.task(name=TASK_NAME)(_run_solve_job)
    return app


@lru_cache
def _worker_sessions() -> store.Sessions:
    return make_sessions(make_engine(get_settings().database_url))


@lru_cache
def _worker_celery() -> Celery:
    broker = get_settings().broker_url
    if not broker:
        raise RuntimeError("FOODROUTE_BROKER_URL is not set: there is no broker to work for.")
    return make_celery(broker)


def _run_solve_job(job_id: str) -> str:
    settings = get_settings()
    worker = f"{socket.gethostname()}:{os.getpid()}:celery"

    def resend(requeued_id: str) -> None:
        _worker_celery().send_task(TASK_NAME, args=[requeued_id])

    outcome = run_job(_worker_sessions(), job_id, settings, worker=worker, on_requeued=resend)
    return outcome.status


class CeleryRunner:
    name = "celery"

    def __init__(self, sessions: store.Sessions, settings: Settings) -> None:
        assert settings.broker_url
        self.sessions = sessions
        self.settings = settings
        self.celery = make_celery(settings.broker_url)
        self._reaper = Reaper(sessions, settings, self, also=self.resend_lost)

    def start(self) -> None:
        self._reaper.sweep_dead_on_this_host()
        # Messages may have been lost with the broker; a duplicate is harmless (claims are atomic).
        for job_id in store.next_queued(self.sessions):
            self.submit(job_id)
        self._reaper.start()

    def stop(self) -> None:
        self._reaper.stop()

    def submit(self, job_id: str) -> None:
        try:
            self.celery.send_task(TASK_NAME, args=[job_id])
        except Exception:  # the job stays queued; the next start or sweep sends it again
            log.exception("broker unreachable: job stays queued", extra={"job_id": job_id})

    def broker_depth(self) -> int:
        """Messages waiting in the broker's queue (taken ones, being worked on, not counted)."""
        with self.celery.connection_for_write() as connection:
            # Declared, not probed: after a broker restart the queue itself may be gone.
            declared = connection.default_channel.queue_declare(queue=QUEUE)
            return int(declared.message_count)

    def resend_lost(self) -> list[str]:
        """Jobs queued for a lease period while the broker's queue is empty lost their message
        (broker restarted without persistence, or down when they were submitted): send again."""
        try:
            if self.broker_depth() > 0:
                return []
        except Exception:  # broker down: nothing to do until it is back
            return []
        cutoff = utcnow() - dt.timedelta(seconds=self.settings.lease_s)
        lost = store.queued_before(self.sessions, cutoff)
        for job_id in lost:
            log.warning("job queued without a message: sent again", extra={"job_id": job_id})
            self.submit(job_id)
        return lost

    def ready(self) -> bool:
        try:
            with self.celery.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1, timeout=2)
        except Exception:
            return False
        return True


def run_worker(concurrency: int, loglevel: str = "INFO") -> None:
    """``foodroute worker``: threads, not prefork, since each job already has its own process."""
    _worker_celery().worker_main(
        [
            "worker",
            "--pool=threads",
            f"--concurrency={concurrency}",
            f"--loglevel={loglevel}",
            f"--queues={QUEUE}",
            f"--hostname=foodroute@{socket.gethostname()}-{os.getpid()}",
            "--without-gossip",
            "--without-mingle",
        ]
    )
