"""``/v1/reports``: the tenant's planned days as indicators, downloads, dashboard and PDF,
for reporter and admin keys of that tenant only."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import Service
from factories import TenantKeys, tiny_problem
from openpyxl import load_workbook

from api.models import JobStatus, Role, SolveJob, StoredPlan, StoredProblem
from api.routes.reports import FACTORS_DIR_VARIABLE
from api.security import find_api_key
from optimizer.context import Context
from optimizer.model import Problem
from optimizer.plan import BackendResult, RouteSequence
from optimizer.solving.assemble import assemble_plan

MONDAY = dt.date(2025, 3, 10)
TUESDAY = dt.date(2025, 3, 11)
MARCH = {"from": "2025-03-01", "to": "2025-03-31"}
EVERY_STOP = (("P1", "D1", "D2"),)


def store_day(
    service: Service,
    tenant: TenantKeys,
    day: dt.date,
    trip: tuple[tuple[str, ...], ...] = EVERY_STOP,
    name: str = "tiny",
    document: dict[str, Any] | None = None,
) -> str:
    """A succeeded job with its plan, as the service stores them, for the tiny day on ``day``
    (or ``document``'s day); returns the job's id.

    The tiny day on the route depot → shop (P1, 80 kg chilled dairy) → partner_a (D1, 100 kg)
    → partner_b (D2, 100 kg) → depot: 10 + 10 + 10 + 30 = 60 km.
    """
    base = tiny_problem() if document is None else document
    problem = Problem.model_validate({**base, "date": day.isoformat(), "name": name})
    routes = [RouteSequence("T1", trip)]
    plan, _ = assemble_plan(Context(problem), BackendResult("hand", routes, runtime_s=0.0))
    with service.sessions.begin() as session:
        key = find_api_key(session, key=tenant.keys[Role.PLANNER])
        assert key is not None
        stored = StoredProblem(
            tenant_id=tenant.tenant_id,
            created_by=key.id,
            name=name,
            date=day,
            points=len(problem.sites),
            document=problem.model_dump_json(),
        )
        session.add(stored)
        session.flush()
        job = SolveJob(
            tenant_id=tenant.tenant_id,
            created_by=key.id,
            problem_id=stored.id,
            status=JobStatus.SUCCEEDED,
            backend="hand",
            time_limit_s=1.0,
            seed=1,
            request_hash="0" * 64,
        )
        session.add(job)
        session.flush()
        session.add(
            StoredPlan(
                tenant_id=tenant.tenant_id,
                job_id=job.id,
                feasible=plan.feasible,
                objective_eur=plan.objective.total_eur,
                document=plan.model_dump_json(),
            )
        )
        return job.id


def get(service: Service, path: str, tenant: TenantKeys, role: Role, **params: str) -> Any:
    return service.client.get(path, params=params, headers=tenant.headers(role))


@pytest.fixture
def two_days(local_service: Service) -> Service:
    store_day(local_service, local_service.a, MONDAY)
    store_day(local_service, local_service.a, TUESDAY)
    return local_service


def test_reporter_gets_the_tenants_figures(two_days: Service) -> None:
    response = get(two_days, "/v1/reports", two_days.a, Role.REPORTER, **MARCH, group_by="day")
    assert response.status_code == 200, response.text
    report = response.json()
    totals = report["totals"]
    # Two days of 80 kg collected and 200 kg delivered over 60 km.
    assert (totals["days"], totals["collected_kg"], totals["distributed_kg"]) == (2, 160, 400)
    assert totals["distance_km"] == 120.0
    assert totals["meals"] == 800.0  # 400 kg / 0.5
    assert totals["co2e_avoided_kg"] == 240.0  # 160 kg × 1.5
    assert [row["key"] for row in report["rows"]] == [{"day": "2025-03-10"}, {"day": "2025-03-11"}]
    assert report["factors"]["version"] == "2025.1"


def test_admin_may_read_reports(two_days: Service) -> None:
    response = get(two_days, "/v1/reports", two_days.a, Role.ADMIN, **MARCH)
    assert response.status_code == 200
    assert response.json()["totals"]["collected_kg"] == 160.0


@pytest.mark.parametrize("role", [Role.PLANNER, Role.DRIVER])
@pytest.mark.parametrize(
    "path",
    ["/v1/reports", "/v1/reports/export.csv", "/v1/reports/export.xlsx", "/v1/reports/dashboard"],
)
def test_other_roles_are_refused(two_days: Service, role: Role, path: str) -> None:
    response = get(two_days, path, two_days.a, role, **MARCH)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_no_key_is_refused(two_days: Service) -> None:
    response = two_days.client.get("/v1/reports", params=MARCH)
    assert response.status_code == 401


def test_another_tenant_never_sees_these_days(two_days: Service) -> None:
    store_day(two_days, two_days.b, MONDAY, trip=(("D1", "D2"),), name="doubs")
    theirs = get(two_days, "/v1/reports", two_days.b, Role.REPORTER, **MARCH).json()["totals"]
    assert (theirs["days"], theirs["collected_kg"], theirs["distributed_kg"]) == (1, 0.0, 200.0)
    ours = get(two_days, "/v1/reports", two_days.a, Role.REPORTER, **MARCH).json()["totals"]
    assert (ours["days"], ours["collected_kg"], ours["distributed_kg"]) == (2, 160.0, 400.0)
    # An admin key is an admin of its own tenant only.
    admin = get(two_days, "/v1/reports", two_days.b, Role.ADMIN, **MARCH).json()["totals"]
    assert admin["collected_kg"] == 0.0


def test_a_replanned_day_counts_once(two_days: Service) -> None:
    store_day(two_days, two_days.a, TUESDAY, trip=(("D1", "D2"),))  # the shop left out
    totals = get(two_days, "/v1/reports", two_days.a, Role.REPORTER, **MARCH).json()["totals"]
    assert (totals["days"], totals["collected_kg"]) == (2, 80.0)  # Monday's 80 kg only
    assert totals["lost_not_collected_kg"] == 80.0


def test_csv_and_xlsx_downloads(two_days: Service, tmp_path: Path) -> None:
    response = get(
        two_days, "/v1/reports/export.csv", two_days.a, Role.REPORTER, **MARCH, group_by="week"
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [(r["week"], float(r["collected_kg"])) for r in rows] == [
        ("2025-W11", 160.0),
        ("total", 160.0),
    ]
    response = get(
        two_days, "/v1/reports/export.xlsx", two_days.a, Role.REPORTER, **MARCH, group_by="category"
    )
    assert response.status_code == 200
    path = tmp_path / "report.xlsx"
    path.write_bytes(response.content)
    book = load_workbook(path, read_only=True)
    lines = list(book["Indicateurs"].iter_rows(values_only=True))
    book.close()
    by_category = {line[0]: line for line in lines[1:]}
    column = lines[0].index("Distribué (kg)")
    assert by_category["dry_groceries"][column] == 400.0
    assert by_category["dairy"][lines[0].index("Collecté (kg)")] == 160.0


def test_dashboard_and_monthly_pdf(two_days: Service) -> None:
    response = get(two_days, "/v1/reports/dashboard", two_days.a, Role.REPORTER, **MARCH)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.text.count("<svg class='chart'") == 6
    response = get(two_days, "/v1/reports/monthly.pdf", two_days.a, Role.REPORTER, month="2025-03")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert "2025-03-01-2025-03-31.pdf" in response.headers["content-disposition"]
    refused = get(two_days, "/v1/reports/monthly.pdf", two_days.a, Role.PLANNER, month="2025-03")
    assert refused.status_code == 403
    for month in ("2025-13", "0000-01", "9999-12"):
        wrong = get(two_days, "/v1/reports/monthly.pdf", two_days.a, Role.REPORTER, month=month)
        assert wrong.status_code == 422, month


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"from": "2025-03-31", "to": "2025-03-01"}, "invalid_window"),
        ({"from": "2024-01-01", "to": "2025-03-01"}, "invalid_window"),
        ({**MARCH, "group_by": "day,week"}, "invalid_group_by"),
        ({**MARCH, "group_by": "colour"}, "invalid_group_by"),
        ({"from": "March", "to": "2025-03-01"}, "invalid_request"),
    ],
)
def test_bad_windows_and_groupings(two_days: Service, params: dict[str, str], code: str) -> None:
    response = get(two_days, "/v1/reports", two_days.a, Role.REPORTER, **params)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == code


def test_tenant_factors_override(
    two_days: Service, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / f"{two_days.a.tenant_id}.json").write_text(json.dumps({"meal_kg": 0.4}))
    monkeypatch.setenv(FACTORS_DIR_VARIABLE, str(tmp_path))
    ours = get(two_days, "/v1/reports", two_days.a, Role.REPORTER, **MARCH).json()
    assert ours["totals"]["meals"] == 1000.0  # 400 kg / 0.4
    assert ours["factors"]["version"] == "2025.1+override"
    theirs = get(two_days, "/v1/reports", two_days.b, Role.REPORTER, **MARCH).json()
    assert theirs["factors"]["version"] == "2025.1"


def test_a_solved_job_is_reported(local_service: Service) -> None:
    job = local_service.submit(tiny_problem())
    assert local_service.wait(job["id"])["status"] == "succeeded"
    plan = local_service.client.get(
        f"/v1/solve-jobs/{job['id']}/plan", headers=local_service.a.headers()
    ).json()
    report = get(local_service, "/v1/reports", local_service.a, Role.REPORTER, **MARCH).json()
    assert report["totals"]["days"] == 1
    assert report["totals"]["collected_kg"] == plan["kpis"]["picked_up_kg"]["chilled"]
    assert report["totals"]["distance_km"] == plan["kpis"]["distance_km"]
