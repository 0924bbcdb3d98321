"""Prometheus metrics: jobs by status and queue depth (read from the database at scrape time, so
they are right across processes), submissions, and solve durations of local executors."""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import REGISTRY, CollectorRegistry, Counter, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from api.jobs import store


class _JobCollector(Collector):
    def __init__(self, sessions: store.Sessions) -> None:
        self.sessions = sessions

    def collect(self) -> Iterator[GaugeMetricFamily]:
        counts = store.count_by_status(self.sessions)
        jobs = GaugeMetricFamily("foodroute_jobs", "Solve jobs by status.", labels=["status"])
        for status, n in sorted(counts.items()):
            jobs.add_metric([status], n)
        yield jobs
        yield GaugeMetricFamily(
            "foodroute_queue_depth", "Solve jobs waiting for a worker.", value=counts["queued"]
        )


class Metrics:
    """One registry per application instance (tests build several apps in one process)."""

    def __init__(self, sessions: store.Sessions) -> None:
        self.registry = CollectorRegistry()
        self.submitted = Counter(
            "foodroute_jobs_submitted", "Solve jobs accepted.", registry=self.registry
        )
        self.registry.register(_JobCollector(sessions))

    def exposition(self) -> bytes:
        # The default registry holds process metrics and the solve-duration histogram.
        return generate_latest(self.registry) + generate_latest(REGISTRY)
