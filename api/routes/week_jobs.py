"""``/v1/week-jobs``: submit a week, follow it over the whole week, read its calendar and each
day's checked plan, cancel it (see :mod:`api.week`).

A week is a solve job of kind ``week``: ``GET /v1/solve-jobs/{id}`` and its events show it too,
with ``week.days`` naming each day's own job once the calendar is decided.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Header, Request, Response

from api import crud, week
from api.deps import Planner, Reader, SessionDep, SettingsDep, send_to_workers
from api.schemas import ErrorResponse, SolveJobPublic

router = APIRouter(prefix="/week-jobs", tags=["week jobs"])

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse},
    403: {"model": ErrorResponse},
    404: {"model": ErrorResponse},
    422: {"model": ErrorResponse},
}


@router.post("", status_code=202, response_model=SolveJobPublic, responses=_ERRORS)
def submit(
    body: week.WeekJobCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    key: Planner,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> SolveJobPublic:
    """Queue a week; its days are planned in parallel by the service's workers."""
    job, created = week.submit_week(
        session,
        key=key,
        request=body,
        settings=settings,
        available_backends=request.app.state.backends,
        idempotency_key=idempotency_key,
    )
    if created:
        send_to_workers(request, job.id)
    response.headers["Location"] = f"/v1/week-jobs/{job.id}"
    return crud.job_public(session, job)


@router.get("/{job_id}", response_model=SolveJobPublic, responses=_ERRORS)
def get_week(job_id: str, session: SessionDep, key: Reader) -> SolveJobPublic:
    """The week's state: its stage, and each day's job and state once the calendar is set."""
    return crud.job_public(session, week.get_week(session, key=key, job_id=job_id))


@router.get(
    "/{job_id}/result",
    responses={**_ERRORS, 409: {"model": ErrorResponse}, 200: {"description": "week.json."}},
)
def get_result(job_id: str, session: SessionDep, key: Reader) -> dict[str, Any]:
    """week.json (calendar, moves, summary) with each day's job, plan and checker's verdict;
    409 until the week has finished."""
    return week.week_answer(session, key=key, job_id=job_id)


@router.get(
    "/{job_id}/days/{date}/problem",
    responses={**_ERRORS, 200: {"description": "The day problem its plan routes."}},
)
def get_day_problem(job_id: str, date: dt.date, session: SessionDep, key: Reader) -> Response:
    """The problem a day of the week routes: ``foodroute check`` it against the day's plan."""
    document = week.day_problem(session, key=key, job_id=job_id, date=date.isoformat())
    return Response(document, media_type="application/json")


@router.delete(
    "/{job_id}",
    response_model=SolveJobPublic,
    responses={**_ERRORS, 409: {"model": ErrorResponse}},
)
def cancel(job_id: str, session: SessionDep, settings: SettingsDep, key: Planner) -> SolveJobPublic:
    """Cancel the week and its days still to plan; days already planned keep their plans."""
    week.get_week(session, key=key, job_id=job_id)
    settle_s = settings.cancel_wait_s + 2 * settings.heartbeat_s
    job = crud.cancel_job(session, key=key, job_id=job_id, settle_within_s=settle_s)
    return crud.job_public(session, job)
