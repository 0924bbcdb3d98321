"""VROOM's JSON in and out: a VROOM problem solved by foodroute, answered in VROOM's format.

:mod:`~optimizer.vroom.document` reads and checks the input keys, :mod:`~optimizer.vroom.travel`
its matrices and costs, :mod:`~optimizer.vroom.translate` builds our planning day,
:mod:`~optimizer.vroom.answer` writes VROOM's solution, :mod:`~optimizer.vroom.solve` chains them
through the normal solve pipeline. Refusals are :class:`VroomInputError` (VROOM's code 2).
"""

from optimizer.vroom.errors import INPUT_ERROR, VroomInputError
from optimizer.vroom.solve import VroomAnswer, solve_vroom
from optimizer.vroom.translate import Translation, translate

__all__ = [
    "INPUT_ERROR",
    "Translation",
    "VroomAnswer",
    "VroomInputError",
    "solve_vroom",
    "translate",
]
