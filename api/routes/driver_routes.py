"""Drivers' routes: signed links to one route's page, stop reports, planned vs actual.

Planners (``/solve-jobs/{id}/driver-links``, ``/solve-jobs/{id}/stop-reports``) hand out the
links and read the reports; drivers need no account: the signed link is their key, and it opens
one route of one plan until it expires (:mod:`api.links`).
"""

from __future__ import annotations

import datetime as dt
import re
from html import escape
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from api import crud, links
from api.config import MAX_LINK_HOURS
from api.deps import Planner, Reader, SessionDep, SettingsDep
from api.errors import ApiError
from api.models import SolveJob, StoredPlan
from api.schemas import ErrorResponse
from api.stop_reports import (
    PlanStopReports,
    StopReportIn,
    StopReportPublic,
    planned_vs_actual,
    route_ends,
    save_report,
)
from optimizer.errors import ErrorCode, InputIssue
from optimizer.messages import message
from optimizer.outputs.sheets.html import report_script, route_html
from optimizer.outputs.sheets.pdf import route_pdf
from optimizer.outputs.sheets.sheet import RouteSheet, route_sheet
from optimizer.plan import Plan, StopEnd

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse},
    403: {"model": ErrorResponse},
    404: {"model": ErrorResponse},
    409: {"model": ErrorResponse},
    422: {"model": ErrorResponse},
}
# The link is the key: keep it out of caches shared by others and out of Referer headers
# (the page links to openstreetmap.org).
_PRIVATE = {
    "Cache-Control": "private, no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex",
}

_JOB_ID = re.compile(r"[0-9a-f]{32}")
REPORT_SCRIPT_PATH = "/v1/driver/reports.js"

planners = APIRouter(prefix="/solve-jobs", tags=["drivers"])
drivers = APIRouter(prefix="/driver", tags=["drivers"])


class DriverLink(BaseModel):
    vehicle: str
    url: str
    expires_at: dt.datetime


class DriverLinks(BaseModel):
    data: list[DriverLink]
    count: int


def _stored_plan(session: Session, job: SolveJob) -> Plan:
    stored = session.scalars(select(StoredPlan).where(StoredPlan.job_id == job.id)).first()
    if stored is None:
        raise ApiError(ErrorCode.NO_PLAN_YET, f"The job is {job.status} and has no plan.")
    return Plan.model_validate_json(stored.document)


@planners.post("/{job_id}/driver-links", response_model=DriverLinks, responses=_ERRORS)
def create_links(
    job_id: str,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    key: Planner,
    hours: Annotated[float | None, Query(gt=0, le=MAX_LINK_HOURS)] = None,
) -> DriverLinks:
    """One signed link per route of the job's plan, valid ``hours`` (default: the setting)."""
    job = crud.get_job(session, key=key, job_id=job_id)
    plan = _stored_plan(session, job)
    expires_at = dt.datetime.now(dt.UTC) + dt.timedelta(
        hours=hours if hours is not None else settings.driver_link_hours
    )
    base = str(request.base_url).rstrip("/")
    signed = links.plan_links(settings.secret_key, job, plan, expires_at)
    data = [
        DriverLink(vehicle=link.vehicle, url=base + link.path, expires_at=link.expires_at)
        for link in signed
    ]
    return DriverLinks(data=data, count=len(data))


@planners.get("/{job_id}/stop-reports", response_model=PlanStopReports, responses=_ERRORS)
def stop_reports(job_id: str, session: SessionDep, key: Reader) -> PlanStopReports:
    """Every job stop of the plan, planned kg beside what its driver reported."""
    job = crud.get_job(session, key=key, job_id=job_id)
    return planned_vs_actual(session, job_id=job.id, plan=_stored_plan(session, job))


def _signed_route(
    session: Session, secret: str, job_id: str, vehicle: str, expires: int, sig: str
) -> tuple[SolveJob, Plan]:
    """The job and plan behind a valid link for ``vehicle``; 403 or 404 otherwise."""
    job = session.get(SolveJob, job_id) if _JOB_ID.fullmatch(job_id) else None
    if job is None:
        raise ApiError(ErrorCode.NOT_FOUND, "No such route.")
    links.verify(
        secret, tenant_id=job.tenant_id, job_id=job.id, vehicle=vehicle, expires=expires, sig=sig
    )
    plan = _stored_plan(session, job)
    if not any(route.vehicle == vehicle for route in plan.routes):
        raise ApiError(ErrorCode.NOT_FOUND, "No such route.")
    return job, plan


def _sheet(session: Session, job: SolveJob, plan: Plan, vehicle: str) -> RouteSheet:
    problem = crud.plan_problem(session, job)
    route = next(route for route in plan.routes if route.vehicle == vehicle)
    return route_sheet(problem, plan, route)


def _refusal(error: ApiError) -> HTMLResponse:
    key = {"link_expired": "link.expired", "bad_link": "link.bad"}.get(error.code, "link.not_found")
    text = escape(message(key, "fr"))
    page = (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{text}</title></head>"
        f'<body style="font-family: sans-serif; font-size: 20px; padding: 16px">'
        f"<p>{text}</p></body></html>"
    )
    return HTMLResponse(page, status_code=error.status, headers=_PRIVATE)


Expires = Annotated[int, Query(ge=0, le=2**40, description="Expiry, Unix seconds.")]
Signature = Annotated[str, Query(min_length=64, max_length=64, pattern="^[0-9a-fA-F]{64}$")]


@drivers.get("/jobs/{job_id}/routes/{vehicle}", response_class=HTMLResponse, responses=_ERRORS)
def route_page(
    job_id: str,
    vehicle: str,
    expires: Expires,
    sig: Signature,
    session: SessionDep,
    settings: SettingsDep,
) -> HTMLResponse:
    """The driver's page (French, phone-sized); stop reports go back to this same link.

    A refused link gets a short page in French with the same status, not JSON: a driver
    opened it.
    """
    try:
        job, plan = _signed_route(session, settings.secret_key, job_id, vehicle, expires, sig)
    except ApiError as error:
        return _refusal(error)
    sheet = _sheet(session, job, plan, vehicle)
    path = links.route_path(job.id, vehicle)
    page = route_html(
        sheet,
        report_url=f"{path}/reports?expires={expires}&sig={sig}",
        route_key=f"{job.id}:{vehicle}",
        pdf_url=f"{path}/pdf?expires={expires}&sig={sig}",
        script_url=REPORT_SCRIPT_PATH,
    )
    return HTMLResponse(page, headers=_PRIVATE)


@drivers.get("/reports.js", include_in_schema=False)
def route_page_script() -> Response:
    """The driver's page's script, served as a file: the page allows no inline script."""
    return Response(
        report_script(),
        media_type="text/javascript",
        headers={"Cache-Control": "public, max-age=3600"},
    )


@drivers.get("/jobs/{job_id}/routes/{vehicle}/pdf", responses=_ERRORS)
def route_pdf_file(
    job_id: str,
    vehicle: str,
    expires: Expires,
    sig: Signature,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    """The same route as an A4 PDF, to print."""
    job, plan = _signed_route(session, settings.secret_key, job_id, vehicle, expires, sig)
    pdf = route_pdf(_sheet(session, job, plan, vehicle))
    return Response(pdf, media_type="application/pdf", headers=_PRIVATE)


@drivers.post(
    "/jobs/{job_id}/routes/{vehicle}/reports", response_model=StopReportPublic, responses=_ERRORS
)
def report_stop(
    job_id: str,
    vehicle: str,
    expires: Expires,
    sig: Signature,
    body: StopReportIn,
    session: SessionDep,
    settings: SettingsDep,
) -> StopReportPublic:
    """Store the driver's report for one stop of this route; sending it again changes nothing.

    The stop is the job and its end; a shipment's report names its end (pickup or delivery).
    """
    job, plan = _signed_route(session, settings.secret_key, job_id, vehicle, expires, sig)
    end = _reported_end(route_ends(plan, vehicle), body)
    return save_report(
        session, tenant_id=job.tenant_id, job_id=job.id, vehicle=vehicle, end=end, report=body
    )


def _reported_end(ends: dict[str, list[StopEnd]], body: StopReportIn) -> StopEnd:
    """The end ``body`` reports: 404 if this route has no such stop, 422 if a shipment's
    report does not say which of its two ends."""
    found = ends.get(body.job, [])
    if body.end is None and len(found) > 1:
        issue = InputIssue("end", "a shipment has two stops: say 'pickup' or 'delivery'")
        raise ApiError(ErrorCode.INVALID_REQUEST, "The request is not valid.", [issue])
    end = body.end if body.end is not None else (found[0] if found else None)
    if end is None or end not in found:
        what = f"'{body.job}'" if body.end is None else f"'{body.job}' ({body.end.value} end)"
        raise ApiError(ErrorCode.NOT_FOUND, f"No stop {what} on this route.")
    return end
