"""The load benchmark's numbers: percentiles, the steady window, the reads row, the ratios."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from benchmarks.load_summary import (
    Row,
    Sample,
    find,
    percentile,
    ratio,
    ratio_table,
    read_samples,
    steady,
    summarise,
    table,
)

T0 = 1_700_000_000.0


def test_percentile_is_the_nearest_rank() -> None:
    values = [float(v) for v in range(100, 0, -1)]  # 100 … 1, unsorted on purpose
    assert percentile(values, 50) == 50
    assert percentile(values, 95) == 95
    assert percentile(values, 99) == 99
    assert percentile(values, 100) == 100
    assert percentile([7.0], 95) == 7
    assert percentile([], 95) == 0


def test_the_ramp_up_is_left_out_and_the_window_runs_to_the_last_answer() -> None:
    samples = [
        Sample("bare", T0, 10, False),  # ramp-up
        Sample("bare", T0 + 5, 10, False),
        Sample("bare", T0 + 14, 1000, False),  # ends at T0 + 15
    ]
    kept, window = steady(samples, warmup_s=5)
    assert kept == samples[1:]
    assert window == pytest.approx(10)
    assert steady([], warmup_s=5) == ([], 0.0)


def test_reads_are_one_row_over_the_three_read_kinds_and_failures_count_the_ramp_up() -> None:
    samples = [Sample("read job", T0, 1, True)]  # a failure during the ramp-up
    samples += [Sample("read job", T0 + 10 + i, 10, False) for i in range(10)]
    samples += [Sample("read plan", T0 + 10 + i, 20, False) for i in range(10)]
    samples += [Sample("list jobs", T0 + 10 + i, 30, False) for i in range(10)]
    samples += [Sample("list jobs", T0 + 12, 5000, True)]  # failed: no latency, one failure
    samples += [Sample("submit", T0 + 15, 100, False)]
    rows = summarise(samples, warmup_s=10)
    assert [r.name for r in rows] == [
        "list jobs",
        "read job",
        "read plan",
        "submit",
        "reads",
        "all",
    ]
    reads = find(rows, "reads")
    assert reads is not None
    assert (reads.count, reads.failures) == (31, 2)
    # 30 answered reads: ten each of 10, 20, 30 ms.
    assert (reads.p50_ms, reads.p95_ms, reads.p99_ms) == (20, 30, 30)
    window = T0 + 19 + 0.03 - (T0 + 10)  # the last list read ends 30 ms after its start
    assert reads.per_s == pytest.approx(31 / window)
    everything = find(rows, "all")
    assert everything is not None
    assert (everything.count, everything.failures) == (32, 2)
    assert find(rows, "read job") == Row("read job", 10, 1, pytest.approx(10 / window), 10, 10, 10)


def test_a_single_kind_has_neither_reads_nor_all_rows() -> None:
    rows = summarise([Sample("bare", T0 + i, 4, False) for i in range(20)], warmup_s=5)
    assert [r.name for r in rows] == ["bare"]
    assert rows[0].count == 15


def _row(name: str, per_s: float, p95_ms: float) -> Row:
    return Row(name, 100, 0, per_s, p95_ms / 2, p95_ms, p95_ms * 2)


def test_ratios_compare_the_reads_row_with_the_bare_run() -> None:
    rows = [_row("read job", 50, 40), _row("reads", 80, 30), _row("all", 81, 30)]
    bare = [_row("bare", 100, 10)]
    capacity = (_row("read job", 300, 50), _row("bare", 1200, 10))
    measured = ratio("celery", rows, bare, capacity)
    assert (measured.p95, measured.throughput, measured.capacity) == (3.0, 0.8, 0.25)
    assert ratio("embedded", rows, bare).capacity is None
    line = ratio_table([measured, ratio("embedded", rows, bare)]).splitlines()
    assert line[2] == "| celery | 3.00 | 0.80 | 0.25 |"
    assert line[3] == "| embedded | 3.00 | 0.80 | - |"


def test_no_ratio_without_reads_or_without_a_baseline() -> None:
    with pytest.raises(ValueError, match="embedded"):
        ratio("embedded", [_row("submit", 1, 100)], [_row("bare", 100, 10)])
    with pytest.raises(ValueError, match="celery"):
        ratio("celery", [_row("reads", 80, 30)], [])
    with pytest.raises(ValueError, match="celery"):
        ratio("celery", [_row("reads", 80, 30)], [_row("bare", 100, 0)])


def test_the_table_is_markdown_with_milliseconds_rounded() -> None:
    lines = table([Row("read job", 4279, 0, 72.54, 3.4, 29.6, 69.0)]).splitlines()
    assert lines[0].startswith("| request | count | failures |")
    assert lines[2] == "| read job | 4279 | 0 | 72.5 | 3 | 30 | 69 |"


def test_samples_are_read_from_the_csv_the_locustfile_writes(tmp_path: Path) -> None:
    path = tmp_path / "samples.csv"
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows([("read job", T0, 12.5, 0), ("list jobs", T0 + 1, 300.0, 1)])
    assert read_samples(path) == [
        Sample("read job", T0, 12.5, False),
        Sample("list jobs", T0 + 1, 300.0, True),
    ]
