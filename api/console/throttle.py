"""Slows password guessing: after ``max_failures`` failed sign-ins for one e-mail within
``window_s``, that e-mail is refused until the window has passed.

Kept in the process's memory: with several API processes each counts on its own, which still
bounds guessing to a few tries a minute per process; argon2 makes each try cost ~50 ms anyway.
"""

from __future__ import annotations

import threading
import time
from collections import deque


class SignInThrottle:
    def __init__(self, max_failures: int = 5, window_s: float = 900.0) -> None:
        if max_failures < 1 or window_s <= 0:
            raise ValueError("max_failures >= 1 and window_s > 0 required.")
        self.max_failures = max_failures
        self.window_s = window_s
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, email: str, now: float) -> deque[float]:
        failures = self._failures.setdefault(email.strip().casefold(), deque())
        while failures and failures[0] <= now - self.window_s:
            failures.popleft()
        return failures

    def blocked(self, email: str, now: float | None = None) -> bool:
        with self._lock:
            recent = self._recent(email, time.monotonic() if now is None else now)
            return len(recent) >= self.max_failures

    def failed(self, email: str, now: float | None = None) -> None:
        with self._lock:
            moment = time.monotonic() if now is None else now
            self._recent(email, moment).append(moment)

    def succeeded(self, email: str) -> None:
        with self._lock:
            self._failures.pop(email.strip().casefold(), None)
