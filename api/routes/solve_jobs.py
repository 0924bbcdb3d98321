"""``/v1/solve-jobs``: submit a problem, follow the search, fetch the plan (and the allocation of
a day with stock), cancel."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.responses import StreamingResponse

from api import crud
from api.deps import Planner, Reader, SessionDep, SettingsDep, send_to_workers
from api.jobs.store import Sessions
from api.models import ApiKey, JobStatus
from api.schemas import ErrorResponse, SolveJobCreate, SolveJobPublic, SolveJobsPublic

router = APIRouter(prefix="/solve-jobs", tags=["solve jobs"])

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse},
    403: {"model": ErrorResponse},
    404: {"model": ErrorResponse},
    422: {"model": ErrorResponse},
}


@router.post("", status_code=202, response_model=SolveJobPublic, responses=_ERRORS)
def submit(
    body: SolveJobCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    key: Planner,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> SolveJobPublic:
    """Queue a solve; poll the ``Location`` it returns. Same ``Idempotency-Key``, same job."""
    job, created = crud.submit_job(
        session,
        key=key,
        request=body,
        settings=settings,
        available_backends=request.app.state.backends,
        idempotency_key=idempotency_key,
    )
    if created:
        send_to_workers(request, job.id)
    response.headers["Location"] = f"/v1/solve-jobs/{job.id}"
    return crud.job_public(session, job)


@router.get("", response_model=SolveJobsPublic, responses=_ERRORS)
def list_jobs(
    session: SessionDep,
    key: Reader,
    status: JobStatus | None = None,
    created_after: dt.datetime | None = None,
    created_before: dt.datetime | None = None,
    mine: bool = False,
    skip: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> SolveJobsPublic:
    """The tenant's jobs, newest first; ``count`` is the total over all pages."""
    jobs, count = crud.list_jobs(
        session,
        key=key,
        status=status,
        created_after=created_after,
        created_before=created_before,
        mine=mine,
        skip=skip,
        limit=limit,
    )
    return SolveJobsPublic(data=[crud.job_public(session, job) for job in jobs], count=count)


@router.get("/{job_id}", response_model=SolveJobPublic, responses=_ERRORS)
def get_job(job_id: str, session: SessionDep, key: Reader) -> SolveJobPublic:
    return crud.job_public(session, crud.get_job(session, key=key, job_id=job_id))


@router.get(
    "/{job_id}/plan",
    responses={**_ERRORS, 409: {"model": ErrorResponse}, 200: {"description": "The plan JSON."}},
)
def get_plan(job_id: str, session: SessionDep, key: Reader) -> Response:
    """The plan (output contract, schema 1.0); 409 while the job has none."""
    plan = crud.get_plan(session, key=key, job_id=job_id)
    return Response(plan.document, media_type="application/json")


@router.get(
    "/{job_id}/allocation",
    responses={
        **_ERRORS,
        409: {"model": ErrorResponse},
        200: {"description": "The allocation JSON (schema 1.0, as `foodroute allocate`)."},
    },
)
def get_allocation(job_id: str, session: SessionDep, key: Reader) -> Response:
    """How the warehouse stock was shared out for the plan; 409 while the job has no plan,
    404 when its problem has no stock."""
    return Response(
        crud.get_allocation(session, key=key, job_id=job_id), media_type="application/json"
    )


@router.delete(
    "/{job_id}",
    response_model=SolveJobPublic,
    responses={**_ERRORS, 409: {"model": ErrorResponse}},
)
def cancel(job_id: str, session: SessionDep, settings: SettingsDep, key: Planner) -> SolveJobPublic:
    """Cancel a queued or running job; the answer is its final state, with its best plan."""
    settle_s = settings.cancel_wait_s + 2 * settings.heartbeat_s
    job = crud.cancel_job(session, key=key, job_id=job_id, settle_within_s=settle_s)
    return crud.job_public(session, job)


@router.get(
    "/{job_id}/events",
    responses={**_ERRORS, 200: {"description": "text/event-stream of job snapshots."}},
)
def events(job_id: str, request: Request, session: SessionDep, key: Reader) -> StreamingResponse:
    """Server-sent events: one ``progress`` event per change, then ``end`` when it finishes."""
    crud.get_job(session, key=key, job_id=job_id)
    sessions = request.app.state.sessions

    async def stream() -> AsyncIterator[str]:
        last = ""
        while not await request.is_disconnected():
            snapshot = await asyncio.to_thread(_snapshot, sessions, key, job_id)
            snapshot["progress"].pop("elapsed_s", None)
            text = json.dumps(snapshot)
            if text != last:
                last = text
                yield f"event: progress\ndata: {text}\n\n"
            if JobStatus(snapshot["status"]).finished:
                yield f"event: end\ndata: {text}\n\n"
                return
            await asyncio.sleep(0.5)

    return StreamingResponse(stream(), media_type="text/event-stream")


def _snapshot(sessions: Sessions, key: ApiKey, job_id: str) -> dict[str, Any]:
    """The job as JSON, read in a worker thread so the event loop never waits on the database."""
    with sessions() as session:
        job = crud.get_job(session, key=key, job_id=job_id)
        snapshot: dict[str, Any] = crud.job_public(session, job).model_dump(mode="json")
        return snapshot
