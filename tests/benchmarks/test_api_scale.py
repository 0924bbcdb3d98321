"""The large-day service benchmark's verdicts: the promise's allowance and the table's rows."""

from __future__ import annotations

from benchmarks.api_scale import JobRun, allowed_s, table


def test_the_allowance_is_one_second_or_two_percent() -> None:
    assert allowed_s(30) == 31
    assert allowed_s(120) == 122.4


def test_a_row_says_whether_the_wait_kept_the_promise() -> None:
    kept = JobRun("local", "succeeded", 121.9, 2.5, 0.1, 119.0, 114.2, True, 0, 0, -520228.69)
    late = JobRun(
        "celery",
        "failed (time_limit_exceeded)",
        130.0,
        3.0,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
    )
    rows = table([kept, late], 120)
    assert rows[2] == (
        "| local | succeeded | 121.9 | 2.5 | 0.1 | 119.0 | 114.2 | yes | yes | 0 | 0 | -520228.69 |"
    )
    assert rows[3] == (
        "| celery | failed (time_limit_exceeded) | 130.0 | 3.0 | – | – | – | no | – | – | – | – |"
    )
