"""When this process started, on the clock the solvers' deadlines use.

A time limit is a promise about what the user waits for: ``foodroute plan --time-limit 30``
must have written its plan 30 s after it was launched, imports and file reading included. The
kernel knows when the process started; without ``/proc`` the first import of this module is the
best estimate.
"""

from __future__ import annotations

import os
import time

_IMPORTED = time.monotonic()


def process_age_s() -> float:
    """Seconds since this process started (since this module was imported, off Linux)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        # Field 22 of stat(5), the start time in clock ticks after boot; fields[0] is field 3.
        started_ticks = int(fields[19])
        ticks = os.sysconf("SC_CLK_TCK")
        age = time.clock_gettime(time.CLOCK_BOOTTIME) - started_ticks / ticks
    except (OSError, ValueError, IndexError, AttributeError):
        return time.monotonic() - _IMPORTED
    return max(age, time.monotonic() - _IMPORTED)


def process_started() -> float:
    """The ``time.monotonic()`` instant at which this process started."""
    return time.monotonic() - process_age_s()
