"""What the load benchmark prints: latency and rate per request kind, and ratios to a bare app.

Pure functions over the samples the locust users record (one per request: its name, when it
started, how long it took, whether it failed), so that the numbers can be tested without timing.
Percentiles are computed here rather than taken from locust's CSV because the reads of
foodroute are three request kinds whose p95 together is not any one row of locust's table.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

#: The request kinds that only read: the ones compared with the bare endpoint.
READS = ("read job", "read plan", "list jobs")
#: Samples that started within this many seconds of the first are the ramp-up, not the load.
WARMUP_S = 5.0


@dataclass(frozen=True)
class Sample:
    """One request as a locust user saw it."""

    name: str
    start_s: float  # wall clock, seconds since the epoch
    elapsed_ms: float
    failed: bool


@dataclass(frozen=True)
class Row:
    """One line of a results table."""

    name: str
    count: int
    failures: int
    per_s: float
    p50_ms: float
    p95_ms: float
    p99_ms: float


@dataclass(frozen=True)
class Ratio:
    """A mode's reads measured against the bare endpoint under the same load in the same run."""

    mode: str
    p95: float  # reads p95 / bare p95: how much slower
    throughput: float  # reads req/s / bare req/s: 1.0 when it keeps up with the offered load
    capacity: float | None  # closed-loop req/s of a job read / of the bare endpoint


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of the values; 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(math.ceil(q / 100 * len(ordered)), 1)
    return ordered[rank - 1]


def steady(samples: Sequence[Sample], warmup_s: float = WARMUP_S) -> tuple[list[Sample], float]:
    """The samples past the ramp-up, and the seconds they span (first start to last end)."""
    if not samples:
        return [], 0.0
    first = min(sample.start_s for sample in samples) + warmup_s
    kept = [sample for sample in samples if sample.start_s >= first]
    if not kept:
        return [], 0.0
    end = max(sample.start_s + sample.elapsed_ms / 1000 for sample in kept)
    return kept, max(end - first, 1e-9)


def row(name: str, samples: Sequence[Sample], window_s: float, failures: int) -> Row:
    """Counts and per-second rate over the window; latency percentiles of the successful ones."""
    times = [sample.elapsed_ms for sample in samples if not sample.failed]
    return Row(
        name=name,
        count=len(samples),
        failures=failures,
        per_s=len(samples) / window_s if window_s > 0 else 0.0,
        p50_ms=percentile(times, 50),
        p95_ms=percentile(times, 95),
        p99_ms=percentile(times, 99),
    )


def summarise(samples: Sequence[Sample], warmup_s: float = WARMUP_S) -> list[Row]:
    """One row per request kind, then ``reads`` (every read kind present) and ``all``.

    Rates and percentiles are over the steady window; failures count every sample, ramp-up
    included, since a failure is never acceptable.
    """
    kept, window = steady(samples, warmup_s)
    names = sorted({sample.name for sample in samples})
    rows = [
        row(
            name,
            [s for s in kept if s.name == name],
            window,
            sum(s.failed for s in samples if s.name == name),
        )
        for name in names
    ]
    reads = [name for name in names if name in READS]
    if reads:
        rows.append(
            row(
                "reads",
                [s for s in kept if s.name in reads],
                window,
                sum(s.failed for s in samples if s.name in reads),
            )
        )
    if len(names) > 1:
        rows.append(row("all", kept, window, sum(s.failed for s in samples)))
    return rows


def find(rows: Iterable[Row], name: str) -> Row | None:
    return next((candidate for candidate in rows if candidate.name == name), None)


def ratio(
    mode: str,
    rows: Sequence[Row],
    bare: Sequence[Row],
    capacity: tuple[Row, Row] | None = None,
) -> Ratio:
    """The mode's ``reads`` row against the bare run's only row; capacity = (mode's, bare's)."""
    reads, baseline = find(rows, "reads"), bare[0] if bare else None
    if reads is None or baseline is None or baseline.p95_ms <= 0 or baseline.per_s <= 0:
        raise ValueError(f"{mode}: no reads or no bare baseline to compare them with")
    return Ratio(
        mode=mode,
        p95=reads.p95_ms / baseline.p95_ms,
        throughput=reads.per_s / baseline.per_s,
        capacity=capacity[0].per_s / capacity[1].per_s
        if capacity and capacity[1].per_s > 0
        else None,
    )


def table(rows: Sequence[Row]) -> str:
    """A Markdown table of the rows, milliseconds rounded as locust does."""
    lines = [
        "| request | count | failures | req/s | p50 ms | p95 ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {r.name} | {r.count} | {r.failures} | {r.per_s:.1f} | {r.p50_ms:.0f} | "
        f"{r.p95_ms:.0f} | {r.p99_ms:.0f} |"
        for r in rows
    ]
    return "\n".join(lines)


def ratio_table(ratios: Sequence[Ratio]) -> str:
    lines = [
        "| mode | reads p95 / bare p95 | reads req/s / bare req/s | job read capacity / bare |",
        "| --- | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {r.mode} | {r.p95:.2f} | {r.throughput:.2f} | "
        f"{'-' if r.capacity is None else f'{r.capacity:.2f}'} |"
        for r in ratios
    ]
    return "\n".join(lines)


def read_samples(path: Path) -> list[Sample]:
    """The CSV the locustfile writes when locust quits (name, start_s, elapsed_ms, failed)."""
    with path.open(newline="") as handle:
        return [
            Sample(name, float(start), float(elapsed), failed == "1")
            for name, start, elapsed, failed in csv.reader(handle)
        ]
