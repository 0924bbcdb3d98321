"""``/v1/vroom``: VROOM's input format in, VROOM's output format out (see :mod:`api.vroom`).

A small problem (at most 200 steps and 10 s) is answered in the response, like vroom-express;
a larger one, or one still running after its time limit and a grace, gets ``202`` with the job
id and a ``Location`` to poll. A refused document is VROOM's ``{"code": 2, "error": ...}``
with status 400, as vroom-express answers.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Query, Request
from fastapi.responses import JSONResponse

from api import vroom
from api.deps import Planner, Reader, SessionDep, SettingsDep, send_to_workers
from api.schemas import SolveOptionsIn
from optimizer.vroom import VroomInputError

router = APIRouter(prefix="/vroom", tags=["VROOM format"])


@router.post("", responses={200: {"description": "VROOM's solution."}, 202: {}, 400: {}})
def solve(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    key: Planner,
    document: Annotated[dict[str, Any], Body(description="A problem in VROOM's input format.")],
    time_limit_s: Annotated[float, Query(gt=0, description="Search time, seconds.")] = 5.0,
    backend: Annotated[str, Query(description="pyvrp, ortools or auto.")] = "auto",
    seed: Annotated[int | None, Query(ge=0)] = None,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> JSONResponse:
    """Solve a VROOM problem; the answer now for a small one, else a job to poll."""
    try:
        job, created, steps = vroom.submit(
            session,
            key=key,
            document=document,
            options=SolveOptionsIn(time_limit_s=time_limit_s, backend=backend, seed=seed),
            settings=settings,
            available_backends=request.app.state.backends,
            idempotency_key=idempotency_key,
        )
    except VroomInputError as error:
        return JSONResponse(error.document(), status_code=400)
    if created:
        send_to_workers(request, job.id)
    if vroom.answers_at_once(steps, job.time_limit_s):
        vroom.wait_for(
            request.app.state.sessions, key, job.id, job.time_limit_s + vroom.SYNC_GRACE_S
        )
        session.expire_all()
    return _response(vroom.result(session, key=key, job_id=job.id, settings=settings))


@router.get("/{job_id}", responses={200: {"description": "VROOM's solution."}, 202: {}})
def get_solution(
    job_id: str, session: SessionDep, settings: SettingsDep, key: Reader
) -> JSONResponse:
    """The job's VROOM answer once it has a plan; ``202`` with its status until then."""
    return _response(vroom.result(session, key=key, job_id=job_id, settings=settings))


def _response(result: vroom.VroomResult) -> JSONResponse:
    headers = {"Location": f"/v1/vroom/{result.job_id}"} if result.status == 202 else None
    return JSONResponse(result.document, status_code=result.status, headers=headers)
