"""``/v1/reports``: ProDij impact indicators over the tenant's planned days, in every format.

Only ``reporter`` (and ``admin``) keys read reports: the figures sum up a whole network's
activity, which planners and drivers do not need. A key sees its own tenant's days only; another
tenant's plans never enter its figures.

A day is a stored problem's date; when a problem was planned several times, its latest
succeeded plan counts. Drivers' stop reports, once stored per plan, enter as the actual kg; until
then every stop counts as planned. A tenant's factors may be overridden by a JSON file
``<tenant id>.json`` in the folder named by ``FOODROUTE_REPORT_FACTORS_DIR``.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.deps import SessionDep, require
from api.errors import ApiError
from api.models import ApiKey, JobStatus, Role, SolveJob, StoredPlan, StoredProblem
from api.schemas import ErrorResponse
from api.stop_reports import history_reports
from optimizer.errors import ErrorCode, ProblemError
from optimizer.model import Problem
from optimizer.plan import Plan
from optimizer.report.factors import FactorsTable, default_factors, load_factors_file
from optimizer.report.history import DayRecord
from optimizer.report.indicators import GroupBy, Report, parse_group_by
from optimizer.report.render import ReportFormat, render_report

router = APIRouter(prefix="/reports", tags=["reports"])

Reporter = Annotated[ApiKey, Depends(require(Role.REPORTER))]
FACTORS_DIR_VARIABLE = "FOODROUTE_REPORT_FACTORS_DIR"
# A report reads every plan of its window: a year of working days is about 260 plans.
MAX_WINDOW_DAYS = 366

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse},
    403: {"model": ErrorResponse},
    422: {"model": ErrorResponse},
}

From = Annotated[dt.date, Query(alias="from", description="First day (YYYY-MM-DD).")]
To = Annotated[dt.date, Query(alias="to", description="Last day, included (YYYY-MM-DD).")]
GroupByQuery = Annotated[
    str | None,
    Query(
        description="Comma-separated: day|week|month|year, partner, commune, "
        "temperature, category, source; e.g. 'month,category'."
    ),
]


def _window(date_from: dt.date, date_to: dt.date) -> None:
    if date_to < date_from:
        raise ApiError(ErrorCode.INVALID_WINDOW, "'to' is before 'from'.")
    if (date_to - date_from).days >= MAX_WINDOW_DAYS:
        raise ApiError(ErrorCode.INVALID_WINDOW, f"A report covers at most {MAX_WINDOW_DAYS} days.")


def _group_by(text: str | None) -> list[GroupBy]:
    try:
        return parse_group_by(text)
    except ValueError as error:
        raise ApiError(ErrorCode.INVALID_GROUP_BY, str(error)) from error


def tenant_factors(tenant_id: str) -> FactorsTable:
    """The tenant's factors: its override file if there is one, else the defaults."""
    folder = os.environ.get(FACTORS_DIR_VARIABLE)
    if not folder:
        return default_factors()
    path = Path(folder) / f"{tenant_id}.json"
    if not path.is_file():
        return default_factors()
    try:
        return load_factors_file(path.read_text(encoding="utf-8"))
    except ProblemError as error:  # the operator's file is wrong, not the request
        message = f"The tenant's factors file is wrong: {error}"
        raise ApiError(ErrorCode.INVALID_FACTORS, message) from error


def tenant_records(
    session: Session, *, tenant_id: str, date_from: dt.date, date_to: dt.date
) -> list[DayRecord]:
    """The tenant's planned days in the window: per problem, its latest succeeded plan."""
    rows = session.execute(
        select(StoredProblem, StoredPlan)
        .join(SolveJob, SolveJob.problem_id == StoredProblem.id)
        .join(StoredPlan, StoredPlan.job_id == SolveJob.id)
        .where(
            StoredProblem.tenant_id == tenant_id,
            StoredPlan.tenant_id == tenant_id,
            SolveJob.status == JobStatus.SUCCEEDED,
            StoredProblem.date >= date_from,
            StoredProblem.date <= date_to,
        )
        .order_by(StoredPlan.created_at)
    ).all()
    latest: dict[tuple[dt.date, str], tuple[StoredProblem, StoredPlan]] = {}
    for problem, plan in rows:
        # The same day submitted again replaces the earlier plan (same date and name).
        latest[(problem.date, problem.name)] = (problem, plan)
    records = []
    for _, (problem, plan) in sorted(latest.items()):
        records.append(
            DayRecord(
                # A day with stock: the plan routes its problem plus the allocation's deliveries.
                problem=Problem.model_validate_json(plan.routed_problem or problem.document),
                plan=Plan.model_validate_json(plan.document),
                reports=history_reports(session, plan.job_id),
            )
        )
    return records


def _render(
    session: Session,
    key: ApiKey,
    date_from: dt.date,
    date_to: dt.date,
    form: ReportFormat,
    group_by: list[GroupBy],
) -> bytes:
    _window(date_from, date_to)
    records = tenant_records(session, tenant_id=key.tenant_id, date_from=date_from, date_to=date_to)
    return render_report(records, date_from, date_to, form, group_by, tenant_factors(key.tenant_id))


def _download(content: bytes, form: ReportFormat, date_from: dt.date, date_to: dt.date) -> Response:
    name = f"foodroute-report-{date_from.isoformat()}-{date_to.isoformat()}.{form.value}"
    return Response(
        content,
        media_type=form.media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _add_report(path: str, name: str, form: ReportFormat, doc: str, **route: Any) -> None:
    """Register ``GET /reports<path>``: the report over a window, grouped, in ``form``.

    JSON is the answer itself; every other format is a file to download.
    """

    def report(
        session: SessionDep,
        key: Reporter,
        date_from: From,
        date_to: To,
        group_by: GroupByQuery = None,
    ) -> Response:
        content = _render(session, key, date_from, date_to, form, _group_by(group_by))
        if form is ReportFormat.JSON:
            return Response(content, media_type=form.media_type)
        return _download(content, form, date_from, date_to)

    report.__name__ = report.__qualname__ = name
    report.__doc__ = doc
    router.get(path, **route)(report)


_add_report(
    "",
    "get_report",
    ReportFormat.JSON,
    "Indicators over the window: ``totals`` and one row per group, with the factors used.",
    response_model=Report,
    responses=_ERRORS,
)
_add_report(
    "/export.csv",
    "export_csv",
    ReportFormat.CSV,
    "The report as CSV: a row per group, then ``total``; columns named as in the JSON.",
    responses={**_ERRORS, 200: {"content": {"text/csv": {}}, "description": "One row a group."}},
)
_add_report(
    "/export.xlsx",
    "export_xlsx",
    ReportFormat.XLSX,
    "The report as an Excel workbook with French headers and a sheet of factors.",
    responses={**_ERRORS, 200: {"description": "A workbook: indicators, then factors."}},
)


@router.get(
    "/dashboard",
    responses={**_ERRORS, 200: {"content": {"text/html": {}}, "description": "The page."}},
)
def dashboard(session: SessionDep, key: Reporter, date_from: From, date_to: To) -> Response:
    """One self-contained page: key figures, charts, equity, planned vs actual, factors."""
    content = _render(session, key, date_from, date_to, ReportFormat.HTML, [])
    return Response(content, media_type=ReportFormat.HTML.media_type)


@router.get(
    "/monthly.pdf",
    responses={**_ERRORS, 200: {"content": {"application/pdf": {}}, "description": "A4."}},
)
def monthly_pdf(
    session: SessionDep,
    key: Reporter,
    month: Annotated[str, Query(pattern=r"^\d{4}-\d{2}$", description="YYYY-MM")],
) -> Response:
    """The monthly report for ProDij, in French."""
    year, number = (int(part) for part in month.split("-"))
    if not (1 <= number <= 12 and 1 <= year <= 9998):
        raise ApiError(ErrorCode.INVALID_WINDOW, "The month is written YYYY-MM, 01 to 12.")
    date_from = dt.date(year, number, 1)
    following = dt.date(year + number // 12, number % 12 + 1, 1)
    date_to = following - dt.timedelta(days=1)
    form = ReportFormat.PDF
    content = _render(session, key, date_from, date_to, form, [])
    return _download(content, form, date_from, date_to)
