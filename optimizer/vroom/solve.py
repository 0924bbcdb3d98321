"""One call from a VROOM document to VROOM's answer, through the normal solve pipeline.

The document is translated into a planning day (:mod:`optimizer.vroom.translate`), solved by
:func:`optimizer.solving.solve.solve` like any other day (search, repairs, the checker), and the
checked plan written back in VROOM's format (:mod:`optimizer.vroom.answer`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from optimizer.backends.base import SolveOptions
from optimizer.check import Evaluation
from optimizer.matrix import build_matrix
from optimizer.model import HaversineTravel, RoadTravel
from optimizer.plan import Plan
from optimizer.solving.solve import solve
from optimizer.vroom.answer import answer
from optimizer.vroom.translate import Translation, translate


@dataclass
class VroomAnswer:
    document: dict[str, Any]
    translation: Translation
    plan: Plan
    evaluation: Evaluation


def solve_vroom(
    data: object,
    *,
    backend: str = "auto",
    time_limit_s: float = 30.0,
    seed: int = 1,
    max_iterations: int | None = None,
    travel: HaversineTravel | RoadTravel | None = None,
    started_at: float | None = None,
) -> VroomAnswer:
    """Solve the VROOM document ``data``; raise ``VroomInputError`` for a refused input.

    ``max_iterations`` bounds the search as well as ``time_limit_s`` (tests use it so that the
    answer does not depend on the machine's speed).
    """
    begin = time.monotonic()
    translation = translate(data, time_limit_s=time_limit_s, seed=seed, travel=travel)
    problem = translation.problem
    matrix = build_matrix(problem)
    options = SolveOptions.for_problem(problem, time_limit_s=time_limit_s, seed=seed)
    if started_at is not None:
        options = options.until(started_at + time_limit_s)
    if max_iterations is not None:
        options = SolveOptions(
            time_limit_s=options.time_limit_s,
            seed=options.seed,
            max_iterations=max_iterations,
            deadline=options.deadline,
        )
    loaded = time.monotonic()
    plan, evaluation = solve(problem, backend, options, matrix=matrix)
    solved = time.monotonic()
    times = {
        "loading": round((loaded - begin) * 1000),
        "solving": round((solved - loaded) * 1000),
        "routing": 0,
    }
    return VroomAnswer(answer(translation, plan, evaluation, times), translation, plan, evaluation)
