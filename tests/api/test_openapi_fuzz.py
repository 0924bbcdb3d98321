"""The published OpenAPI document, fuzzed by schemathesis: no input may cause a server error.

Every operation of the schema (the drivers' routes included) is fuzzed twice, with valid and
invalid generated requests: once as generated (ids that exist nowhere, mostly refusals), and
once aimed at a real solved job, so that generated queries and bodies reach the handlers
themselves: its id in the path, its route's vehicle and a valid signed link for the drivers'
routes, a stop of that route in a stop report. The key is an admin's (every role passes);
``/metrics`` gets its token. The same cases on every run (derandomised, a bounded number per
operation), so that CI is reproducible; set ``FOODROUTE_FUZZ_EXAMPLES`` to explore more
widely, with random cases, by hand.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import schemathesis
from conftest import (
    METRICS_TOKEN,
    POSTGRES_URL,
    local,
    needs_postgres,
    reset_postgres,
    sqlite_settings,
)
from factories import tiny_problem
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from api.config import Settings
from api.main import create_app
from api.models import Role

DEFAULT_EXAMPLES = 12
MAX_EXAMPLES = int(os.environ.get("FOODROUTE_FUZZ_EXAMPLES", str(DEFAULT_EXAMPLES)))
#: ``/metrics`` reads its token from the header the API keys use too.
METRICS = {"Authorization": f"Bearer {METRICS_TOKEN}"}


@dataclass(frozen=True)
class Target:
    """A real solved job to aim the requests at, and the keys that open everything."""

    settings: Settings
    headers: dict[str, str]
    job_id: str
    vehicle: str
    link_query: dict[str, str]
    stops: tuple[str, ...]
    date: str


def solved_target(config: Settings) -> Target:
    """Solve the tiny day once (1 s) and publish its links, with the worker pool running."""
    with local(config) as service:
        job = service.submit()
        assert service.wait(job["id"])["status"] == "succeeded"
        admin = service.a.headers(Role.ADMIN)
        links = service.client.post(f"/v1/solve-jobs/{job['id']}/driver-links", headers=admin)
        assert links.status_code == 200, links.text
        link = urlsplit(links.json()["data"][0]["url"])
        vehicle = link.path.split("/routes/")[1]
        plan = service.client.get(f"/v1/solve-jobs/{job['id']}/plan", headers=admin).json()
    route = next(route for route in plan["routes"] if route["vehicle"] == vehicle)
    stops = tuple(stop["job"] for stop in route["stops"] if stop.get("job"))
    query = {name: values[0] for name, values in parse_qs(link.query).items()}
    return Target(config, admin, job["id"], vehicle, query, stops, tiny_problem()["date"])


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=needs_postgres)])
def target(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Target:
    config = sqlite_settings(tmp_path_factory.mktemp("fuzz"))
    if request.param == "postgresql":
        reset_postgres()
        config = config.model_copy(update={"database_url": POSTGRES_URL})
    return solved_target(config)


def aimed(case: schemathesis.Case, target: Target) -> schemathesis.Case:
    """``case`` with its path, link, stop, report window and problem replaced by real ones."""
    pins = {"job_id": target.job_id, "vehicle": target.vehicle}
    for name in case.path_parameters or {}:
        if name in pins:
            case.path_parameters[name] = pins[name]
    query = dict(case.query or {})
    if case.operation.path.startswith("/v1/driver/"):
        query.update(target.link_query)
    days = {"from": target.date, "to": target.date, "month": target.date[:7]}
    query.update({name: days[name] for name in query.keys() & days.keys()})
    case.query = query
    if isinstance(case.body, dict) and "job" in case.body and target.stops:
        case.body["job"] = target.stops[len(str(case.body["job"])) % len(target.stops)]
    if isinstance(case.body, dict) and "problem" in case.body:
        case.body["problem"] = tiny_problem()
    return case


def fuzz(operation: Any, target: Target, aim: bool) -> Counter[int]:
    """Run the cases; the statuses they got, counted."""
    statuses: Counter[int] = Counter()
    strategy = st.one_of(operation.as_strategy(mode) for mode in GenerationMode)

    @given(case=strategy)
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        derandomize=MAX_EXAMPLES == DEFAULT_EXAMPLES,
        suppress_health_check=list(HealthCheck),
    )
    def no_server_error(case: schemathesis.Case) -> None:
        if aim:
            case = aimed(case, target)
        headers = METRICS if case.operation.path == "/metrics" else target.headers
        response = case.call_and_validate(headers=headers, checks=[not_a_server_error])
        statuses[response.status_code] += 1

    no_server_error()
    return statuses


@pytest.fixture(scope="module")
def fuzzed_app(target: Target) -> Iterator[Any]:
    # workers=0: the jobs the fuzzing submits stay queued; nothing solves behind its back.
    app = create_app(target.settings.model_copy(update={"workers": 0}))
    yield app
    app.state.engine.dispose()


def test_every_operation_answers_without_a_server_error(fuzzed_app: Any, target: Target) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", fuzzed_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    paths = {operation.path for operation in operations}
    assert {
        "/v1/solve-jobs",
        "/v1/driver/jobs/{job_id}/routes/{vehicle}/reports",
        "/v1/driver/jobs/{job_id}/routes/{vehicle}/pdf",
        "/v1/reports/monthly.pdf",
        "/metrics",
    } <= paths
    answered: dict[str, Counter[int]] = {}
    for operation in operations:
        name = f"{operation.method.upper()} {operation.path}"
        answered[name] = fuzz(operation, target, aim=False)
        answered[name + " (aimed)"] = fuzz(operation, target, aim=True)
    # Aimed at the real job, generated requests got past the refusals into the handlers.
    reached = {name for name, statuses in answered.items() if any(s < 300 for s in statuses)}
    assert {
        f"{method} {path} (aimed)"
        for method, path in [
            ("POST", "/v1/solve-jobs"),
            ("GET", "/v1/solve-jobs/{job_id}/plan"),
            ("GET", "/v1/solve-jobs/{job_id}/events"),
            ("POST", "/v1/solve-jobs/{job_id}/driver-links"),
            ("GET", "/v1/solve-jobs/{job_id}/stop-reports"),
            ("GET", "/v1/driver/jobs/{job_id}/routes/{vehicle}"),
            ("GET", "/v1/driver/jobs/{job_id}/routes/{vehicle}/pdf"),
            ("POST", "/v1/driver/jobs/{job_id}/routes/{vehicle}/reports"),
            ("GET", "/v1/reports/monthly.pdf"),
            ("GET", "/v1/reports/export.xlsx"),
        ]
    } <= reached, {name: dict(statuses) for name, statuses in answered.items()}
