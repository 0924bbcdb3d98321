"""Reading input documents (JSON file or already-parsed dict) into the validated models:
the day's problem, and the progress of a day under way."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from optimizer.errors import ProblemError, from_validation_error
from optimizer.model import Problem
from optimizer.model.partial import reference_issues_despite_errors
from optimizer.read import bounded_json
from optimizer.solving.progress import DayProgress


def _parse[Model: (Problem, DayProgress)](kind: type[Model], what: str, data: Any) -> Model:
    if not isinstance(data, dict):
        raise ProblemError.single("", f"the {what} must be a JSON object ({{...}})")
    try:
        return kind.model_validate(data)
    except ValidationError as error:
        issues = from_validation_error(error, data).issues
        if kind is Problem:
            # Field errors stop pydantic before the checks across parts: run those too, so
            # that the planner sees every error at once.
            seen = {(issue.path, issue.message) for issue in issues}
            extra = reference_issues_despite_errors(data)
            issues += [issue for issue in extra if (issue.path, issue.message) not in seen]
        raise ProblemError(issues) from None


def parse_problem(data: Any) -> Problem:
    """Validate a parsed JSON document; every defect comes back in one :class:`ProblemError`."""
    return _parse(Problem, "problem", data)


def parse_progress(data: Any) -> DayProgress:
    """Validate a day's progress document, defects as for :func:`parse_problem`."""
    return _parse(DayProgress, "progress", data)


def load_problem(path: str | Path) -> Problem:
    """Read and validate a problem file; a missing or non-JSON file is a :class:`ProblemError`."""
    return parse_problem(read_json(path))


def load_progress(path: str | Path) -> DayProgress:
    """Read and validate a day's progress file (see :mod:`optimizer.solving.progress`)."""
    return parse_progress(read_json(path))


def read_json(path: str | Path) -> Any:
    """The parsed JSON of a file; a missing, non-JSON, too big or too deep file is a
    :class:`ProblemError`."""
    file = Path(path)
    try:
        if file.is_file() and file.stat().st_size > bounded_json.MAX_FILE_BYTES:
            raise bounded_json.too_large_error(bounded_json.MAX_FILE_BYTES)
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProblemError.single("", f"file '{file}' does not exist") from None
    except (IsADirectoryError, PermissionError, UnicodeDecodeError) as error:
        raise ProblemError.single("", f"cannot read '{file}': {error}") from None
    try:
        data = bounded_json.loads(text)
    except json.JSONDecodeError as error:
        raise ProblemError.single(
            "",
            f"'{file}' is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})",
        ) from None
    return data
