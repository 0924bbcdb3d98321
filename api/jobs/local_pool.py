"""Embedded execution: one executor thread per core in the API process, each supervising a
solver process per job (see :mod:`api.jobs.execute`). Jobs are claimed from the database, so
queued and running jobs survive a restart of the API.
"""

from __future__ import annotations

import logging
import os
import socket
import threading

from api.config import Settings
from api.jobs import store
from api.jobs.execute import run_claimed
from api.jobs.runner import Reaper

log = logging.getLogger("foodroute.jobs")


class LocalPoolRunner:
    name = "local"

    def __init__(self, sessions: store.Sessions, settings: Settings) -> None:
        self.sessions = sessions
        self.settings = settings
        self._stop = threading.Event()
        self._wake = threading.Condition()
        self._threads: list[threading.Thread] = []
        self._reaper = Reaper(sessions, settings, self)

    def start(self) -> None:
        self._reaper.sweep_dead_on_this_host()
        for index in range(self.settings.workers):
            thread = threading.Thread(
                target=self._loop, args=(index,), name=f"foodroute-executor-{index}", daemon=True
            )
            thread.start()
            self._threads.append(thread)
        self._reaper.start()
        self._reaper.sweep()

    def stop(self) -> None:
        self._stop.set()
        with self._wake:
            self._wake.notify_all()
        for thread in self._threads:
            thread.join(timeout=30)
        self._reaper.stop()

    def submit(self, job_id: str) -> None:
        with self._wake:
            self._wake.notify()

    def ready(self) -> bool:
        return self.settings.workers == 0 or any(t.is_alive() for t in self._threads)

    def _loop(self, index: int) -> None:
        worker = f"{socket.gethostname()}:{os.getpid()}:local-{index}"
        while not self._stop.is_set():
            try:
                claimed = store.claim_next(
                    self.sessions, worker=worker, lease_s=self.settings.lease_s
                )
                if claimed is None:
                    with self._wake:
                        self._wake.wait(self.settings.poll_s)
                    continue
                run_claimed(
                    self.sessions, claimed, self.settings, stop=self._stop, on_requeued=self.submit
                )
            except Exception:  # keep the executor alive whatever one job did
                log.exception("executor %s: unexpected error", index)
                self._stop.wait(self.settings.poll_s)
