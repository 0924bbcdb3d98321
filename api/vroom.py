"""VROOM's format over HTTP: a VROOM document becomes a solve job like any other, and its plan
is answered in VROOM's terms.

The document is translated (:func:`optimizer.vroom.translate`; a refusal is VROOM's code 2),
coordinates routed on the service's road network when it has one (``FOODROUTE_ROAD_TILES``
or ``FOODROUTE_ROAD_URL``, like vroom-express with its routing engine) else on straight lines,
the translated day submitted as a solve job (:func:`api.crud.submit_job`, so the same workers,
limits, idempotency and checker apply) and the VROOM document kept beside the job. The answer
is rebuilt from the stored plan: translated again (the translation is deterministic), the plan's
routes re-evaluated by the checker, written by :func:`optimizer.vroom.answer.answer`.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from api import crud
from api.config import Settings
from api.errors import ApiError
from api.jobs.store import Sessions
from api.models import ApiKey, JobStatus, SolveJob, StoredPlan, VroomRequest
from api.roads import server_road_travel
from api.schemas import SolveJobCreate, SolveOptionsIn
from optimizer.check import evaluate
from optimizer.context import Context
from optimizer.errors import ErrorCode
from optimizer.plan import Plan
from optimizer.vroom import translate
from optimizer.vroom.answer import answer

SYNC_MAX_STEPS = 200
"""Problems of at most this many steps (and :data:`SYNC_MAX_TIME_S`) are answered at once."""
SYNC_MAX_TIME_S = 10.0
SYNC_GRACE_S = 20.0
"""How much longer than its time limit a synchronous request waits for a busy queue."""

VROOM_INTERNAL_ERROR = 1


@dataclass(frozen=True)
class VroomResult:
    """What the route answers: VROOM's document and its status (200 done, 202 still running)."""

    status: int
    document: dict[str, Any]
    job_id: str


def submit(
    session: Session,
    *,
    key: ApiKey,
    document: Any,
    options: SolveOptionsIn,
    settings: Settings,
    available_backends: list[str],
    idempotency_key: str | None,
) -> tuple[SolveJob, bool, int]:
    """Translate and queue ``document``; returns (job, created, steps). Raises
    ``VroomInputError`` for a refused document, ``ApiError`` for refused options."""
    translation = translate(document, travel=server_road_travel(settings))
    steps = sum(len(task.steps) for task in translation.tasks.values())
    request = SolveJobCreate(
        problem=translation.problem.model_dump(mode="json"),
        options=options,
    )
    job, created = crud.submit_job(
        session,
        key=key,
        request=request,
        settings=settings,
        available_backends=available_backends,
        idempotency_key=idempotency_key,
    )
    if created:
        session.add(
            VroomRequest(
                job_id=job.id,
                tenant_id=key.tenant_id,
                document=json.dumps(document, separators=(",", ":")),
            )
        )
        session.commit()
    return job, created, steps


def answers_at_once(steps: int, time_limit_s: float) -> bool:
    return steps <= SYNC_MAX_STEPS and time_limit_s <= SYNC_MAX_TIME_S


def wait_for(sessions: Sessions, key: ApiKey, job_id: str, timeout_s: float) -> None:
    """Return once the job has finished, or after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with sessions() as session:
            if JobStatus(crud.get_job(session, key=key, job_id=job_id).status).finished:
                return
        time.sleep(0.2)


def result(session: Session, *, key: ApiKey, job_id: str, settings: Settings) -> VroomResult:
    """The job's answer in VROOM's format, or its status while it runs.

    Coordinates are translated on the service's road network when it has one (its matrices
    come from the cache the submission filled), else on straight lines, as at submission.
    """
    job = crud.get_job(session, key=key, job_id=job_id)
    request = session.get(VroomRequest, job.id)
    if request is None:
        raise ApiError(ErrorCode.NOT_FOUND, "This job was not submitted in VROOM's format.")
    stored = session.scalars(select(StoredPlan).where(StoredPlan.job_id == job.id)).first()
    if stored is None:
        if JobStatus(job.status).finished:
            message = job.error_message or f"The job is {job.status} and has no plan."
            return VroomResult(500, {"code": VROOM_INTERNAL_ERROR, "error": message}, job.id)
        waiting = {"job": job.id, "status": job.status, "location": f"/v1/vroom/{job.id}"}
        return VroomResult(202, waiting, job.id)
    translation = translate(json.loads(request.document), travel=server_road_travel(settings))
    plan = Plan.model_validate_json(stored.document)
    evaluation = evaluate(Context(translation.problem), plan.sequences())
    times = {"loading": 0, "solving": round((job.elapsed_s or 0.0) * 1000), "routing": 0}
    document = answer(translation, plan, evaluation, times)
    document["foodroute"]["job"] = job.id
    return VroomResult(200, document, job.id)
