"""When this process started, on the clock the solvers' deadlines use.

A time limit is a promise about what the user waits for: ``foodroute plan --time-limit 30``
must have written its plan 30 s after it was launched, imports and file reading included. The
kernel knows when the process started; without ``/proc`` the first import of this module is the
best estimate.

A command run inside a longer-lived process (``CliRunner`` in the tests, a notebook calling the
application) was launched when it was invoked, not when that process started: the process's age
would eat its whole budget. :func:`the_command_is_the_process` and :func:`command_invoked` let the
entry point say which case holds, and :func:`command_started` answers accordingly.
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


class _Command:
    """Whether the running command owns its process, and when it was invoked."""

    owns_the_process = False
    invoked_at: float | None = None


def the_command_is_the_process() -> None:
    """Called by the program's entry point: the command's clock starts with the process."""
    _Command.owns_the_process = True


def command_invoked() -> None:
    """Called as a command starts: its clock starts now unless it owns the process."""
    _Command.invoked_at = time.monotonic()


def command_started() -> float:
    """The ``time.monotonic()`` instant a user launched the running command.

    The process's start when the command is the process (``foodroute plan ...``), else the
    instant the command was invoked; now, if neither was said.
    """
    if _Command.owns_the_process:
        return process_started()
    if _Command.invoked_at is not None:
        return _Command.invoked_at
    return time.monotonic()
