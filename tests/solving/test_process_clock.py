"""The launch a command's time limit counts from: the process's, or the invocation's."""

from __future__ import annotations

import time

import pytest

from optimizer.solving import process_clock
from optimizer.solving.process_clock import (
    command_invoked,
    command_started,
    process_age_s,
    process_started,
    the_command_is_the_process,
)


@pytest.fixture
def fresh_command(monkeypatch: pytest.MonkeyPatch) -> None:
    """Neither the entry point nor an invocation has spoken yet; restored after the test."""
    monkeypatch.setattr(process_clock._Command, "owns_the_process", False)
    monkeypatch.setattr(process_clock._Command, "invoked_at", None)


def test_this_process_started_before_now_and_after_the_boot() -> None:
    age = process_age_s()
    assert 0 < age < time.clock_gettime(time.CLOCK_BOOTTIME)
    assert process_started() <= time.monotonic() - age + 0.5


@pytest.mark.usefixtures("fresh_command")
def test_a_command_invoked_in_an_old_process_counts_from_its_invocation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(process_clock, "process_age_s", lambda: 3600.0)
    before = time.monotonic()
    command_invoked()
    assert before <= command_started() <= time.monotonic()


@pytest.mark.usefixtures("fresh_command")
def test_the_program_s_own_command_counts_from_the_process_start(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(process_clock, "process_age_s", lambda: 3600.0)
    the_command_is_the_process()
    command_invoked()
    assert command_started() == pytest.approx(time.monotonic() - 3600.0, abs=1.0)


@pytest.mark.usefixtures("fresh_command")
def test_nothing_said_counts_from_now() -> None:
    before = time.monotonic()
    assert before <= command_started() <= time.monotonic()
