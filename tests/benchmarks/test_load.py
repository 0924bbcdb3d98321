"""The load benchmark fails a mode on any failed request, any unchecked plan, or no job at all."""

from __future__ import annotations

from collections import Counter

import pytest

from benchmarks.load import Outcome
from benchmarks.load_summary import Row


def _row(name: str, failures: int = 0) -> Row:
    return Row(name, 100, failures, 10.0, 5, 20, 40)


def _outcome(**changes: object) -> Outcome:
    values: dict[str, object] = {
        "rows": [_row("reads")],
        "capacity": _row("read job"),
        "bare": [_row("bare")],
        "bare_capacity": _row("bare"),
        "jobs": Counter(submitted=30, succeeded=30, fetched=30, checked=30),
        "notes": [],
        **changes,
    }
    return Outcome(**values)  # type: ignore[arg-type]


def test_a_clean_mode_passes() -> None:
    assert not _outcome().failed
    assert not _outcome(capacity=None, bare_capacity=None).failed


@pytest.mark.parametrize(
    "changes",
    [
        {"rows": [_row("reads", failures=1)]},
        {"bare": [_row("bare", failures=2)]},
        {"capacity": _row("read job", failures=1)},
        {"bare_capacity": _row("bare", failures=1)},
        {"jobs": Counter(submitted=30, succeeded=29, failed=1, fetched=29, checked=29)},
        {"jobs": Counter(submitted=30, succeeded=30, fetched=30, checked=29)},
        # past its time limit: a plan that passes the checker, but the job failed
        {"jobs": Counter(submitted=30, succeeded=29, failed=1, fetched=30, checked=30)},
        {"jobs": Counter(submitted=0)},
    ],
)
def test_any_failure_fails_the_mode(changes: dict[str, object]) -> None:
    assert _outcome(**changes).failed
