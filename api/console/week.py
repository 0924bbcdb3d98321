"""The week in the console: a week uploaded and planned, shown as a calendar.

One column per day: its state, routes, km, kg, the partners delivered (from the day's checked
plan once it has one, the calendar's until then) and the donors collected; from each day, its
own page (map, routes, downloads, re-plan) and its drivers' sheets (publish: links and QR
codes). Every name reaches the page through Jinja's autoescaping or, in the script, as text
nodes: a week's names come from uploaded files.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from api import crud
from api.config import Settings
from api.deps import send_to_workers
from api.errors import ApiError
from api.models import ApiKey, SolveJob, StoredPlan, StoredProblem, WeekRun
from api.week import WeekJobCreate, WeekOptionsIn, submit_week, validate_week
from optimizer.errors import ProblemError
from optimizer.messages import message
from optimizer.plan import Plan, StopKind
from optimizer.read import bounded_json
from optimizer.week import calendar_from_document
from optimizer.workbook.read import WorkbookError


@dataclass
class WeekUpload:
    """A week read from an upload: its document, or the issues that stop it."""

    document: dict[str, Any] | None
    issues: list[dict[str, Any]] = field(default_factory=list)


def _issue(text: str, path: str = "", sheet: str = "", row: int | None = None) -> dict[str, Any]:
    return {"message": text, "path": path, "sheet": sheet, "row": row, "column": "", "header": ""}


def read_week_upload(data: bytes, filename: str, settings: Settings) -> WeekUpload:
    """A week JSON (``foodroute schema week``) or a week workbook; every error located."""
    name = filename.lower()
    if name.endswith(".json"):
        try:
            document = bounded_json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            return WeekUpload(None, [_issue(f"Fichier JSON illisible : {error}")])
        except ProblemError as error:
            return WeekUpload(None, [_issue(i.message, i.path) for i in error.issues])
        if not isinstance(document, dict):
            return WeekUpload(None, [_issue("La semaine doit être un objet JSON ({...}).")])
    elif name.endswith((".xlsx", ".zip")):
        from optimizer.workbook.week_read import read_week_workbook_bytes

        try:
            week = read_week_workbook_bytes(data, filename)
        except WorkbookError as error:
            issues = [
                {**_issue(i.message, sheet=i.location.sheet, row=i.location.row),
                 "column": i.location.column or "", "header": i.location.header or ""}
                for i in error.cell_issues
            ]  # fmt: skip
            return WeekUpload(None, issues)
        except ProblemError as error:
            return WeekUpload(None, [_issue(i.message, i.path) for i in error.issues])
        document = json.loads(week.model_dump_json(exclude_none=True))
    else:
        return WeekUpload(None, [_issue("Déposez une semaine .json ou un classeur .xlsx.")])
    try:
        validate_week(document, settings)
    except ApiError as error:
        paths = [_issue(i.message, i.path.removeprefix("week.")) for i in error.issues]
        return WeekUpload(None, paths or [_issue(error.message)])
    return WeekUpload(document)


def _names(document: dict[str, Any]) -> dict[str, str]:
    return {
        str(site.get("id")): str(site.get("name") or site.get("id"))
        for site in document.get("sites", [])
        if isinstance(site, dict)
    }


def _day_plan(session: Session, job_id: str) -> Plan | None:
    stored = session.scalars(select(StoredPlan).where(StoredPlan.job_id == job_id)).first()
    return Plan.model_validate_json(stored.document) if stored is not None else None


def _column(
    day: Any, plan: Plan | None, names: dict[str, str], planned: list[str], donors: list[str]
) -> dict[str, Any]:
    """One day of the calendar as the template shows it."""
    column: dict[str, Any] = {
        "date": day.date,
        "weekday": message(f"weekday.{day.date.weekday()}", "fr"),
        "job_id": day.job_id,
        "status": day.status.value,
        "has_plan": plan is not None,
        "donors": [names.get(site, site) for site in donors],
    }
    if plan is None:
        column["partners"] = [names.get(site, site) for site in planned]
        column["partners_from_plan"] = False
        return column
    served = [
        stop.site for route in plan.routes for stop in route.stops if stop.kind is StopKind.DELIVERY
    ]
    column.update(
        partners=[names.get(site, site) for site in dict.fromkeys(served)],
        partners_from_plan=True,
        routes=sum(1 for route in plan.routes if len(route.stops) > 2),
        km=plan.kpis.distance_km,
        hours=plan.kpis.duration_h,
        kg=plan.kpis.picked_up_kg.total + plan.kpis.delivered_kg.total,
        feasible=plan.feasible,
    )
    return column


def week_view(session: Session, job: SolveJob) -> dict[str, Any]:
    """The week's calendar, each day a column, and its summary once the week has ended."""
    public = crud.job_public(session, job)
    document = json.loads(session.get_one(StoredProblem, job.problem_id).document)
    names = _names(document)
    run = session.get(WeekRun, job.id)
    calendar = calendar_from_document(json.loads(run.calendar)) if run is not None else None
    columns = []
    for day in public.week.days if public.week is not None else []:
        planned = calendar.partners_on(day.date) if calendar is not None else []
        donors = calendar.donors_on(day.date) if calendar is not None else []
        columns.append(_column(day, _day_plan(session, day.job_id), names, planned, donors))
    result = json.loads(run.result) if run is not None and run.result else None
    summary = result["summary"] if result is not None else None
    moves = result["moves"] if result is not None else []
    return {
        "job": public,
        "columns": columns,
        "summary": summary,
        "kept_moves": sum(1 for m in moves if m["kept"]),
        "moves": len(moves),
        "calendar": result["calendar"] if result is not None else None,
    }


def submit_uploaded_week(
    request: Request,
    session: Session,
    key: ApiKey,
    settings: Settings,
    upload: WeekUpload,
    *,
    calendar: str,
    time_limit_per_day_s: float,
) -> str | list[dict[str, Any]]:
    """Queue the week of ``upload`` as the API would: its job id, or the issues that stop it."""
    if upload.document is None:
        return upload.issues
    body = WeekJobCreate(
        week=upload.document,
        options=WeekOptionsIn(
            calendar="fixed" if calendar == "fixed" else "optimised",
            time_limit_per_day_s=time_limit_per_day_s,
        ),
    )
    try:
        job, _ = submit_week(
            session,
            key=key,
            request=body,
            settings=settings,
            available_backends=request.app.state.backends,
            idempotency_key=None,
        )
    except ApiError as error:
        return [_issue(i.message, i.path) for i in error.issues] or [_issue(error.message)]
    send_to_workers(request, job.id)
    return job.id
