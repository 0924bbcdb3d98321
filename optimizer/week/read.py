"""Reading a week file (JSON) into the validated :class:`~optimizer.week.model.WeekProblem`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from optimizer.errors import ProblemError, from_validation_error
from optimizer.read.documents import read_json
from optimizer.week.model import WeekProblem


def parse_week(data: Any) -> WeekProblem:
    """Validate a parsed week document; every defect comes back in one :class:`ProblemError`."""
    if not isinstance(data, dict):
        raise ProblemError.single("", "the week must be a JSON object ({...})")
    try:
        return WeekProblem.model_validate(data)
    except ValidationError as error:
        raise from_validation_error(error, data) from None


def load_week(path: str | Path) -> WeekProblem:
    """Read and validate a week file; a missing or non-JSON file is a :class:`ProblemError`."""
    return parse_week(read_json(path))
