"""Any VROOM answer (pyvroom's, vroom-express's, ours) judged by our checker.

The answer's route steps name VROOM ids; read back as our job order per vehicle, they are
evaluated like any backend's routes, so that VROOM's answers and ours are compared with one
checker and one cost.
"""

from __future__ import annotations

from typing import Any

from optimizer.check import Evaluation, evaluate
from optimizer.context import Context
from optimizer.plan import RouteSequence
from optimizer.vroom.translate import Translation


def sequences_of(translation: Translation, answer: dict[str, Any]) -> list[RouteSequence]:
    """The job order of each route of a VROOM answer, in our ids."""
    ours = {
        (step.kind, step.id): job_id
        for job_id, task in translation.tasks.items()
        for step in task.steps
    }
    sequences = []
    for route in answer.get("routes", []):
        jobs = tuple(
            ours[(step["type"], int(step["id"]))]
            for step in route["steps"]
            if step["type"] in ("job", "pickup", "delivery")
        )
        if jobs:
            sequences.append(RouteSequence(str(route["vehicle"]), (jobs,)))
    return sequences


def check_answer(
    translation: Translation, answer: dict[str, Any], ctx: Context | None = None
) -> Evaluation:
    """Our checker's verdict on the routes of ``answer`` for the day ``translation`` built."""
    context = ctx if ctx is not None else Context(translation.problem)
    return evaluate(context, sequences_of(translation, answer))
