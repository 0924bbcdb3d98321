"""Reading a problem document (JSON file or already-parsed dict) into the validated model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from optimizer.errors import ProblemError, from_validation_error
from optimizer.model import Problem


def parse_problem(data: Any) -> Problem:
    """Validate a parsed JSON document; every defect comes back in one :class:`ProblemError`."""
    if not isinstance(data, dict):
        raise ProblemError.single("", "the problem must be a JSON object ({...})")
    try:
        return Problem.model_validate(data)
    except ValidationError as error:
        raise from_validation_error(error, data) from None


def load_problem(path: str | Path) -> Problem:
    """Read and validate a problem file; a missing or non-JSON file is a :class:`ProblemError`."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProblemError.single("", f"file '{file}' does not exist") from None
    except (IsADirectoryError, PermissionError, UnicodeDecodeError) as error:
        raise ProblemError.single("", f"cannot read '{file}': {error}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ProblemError.single(
            "",
            f"'{file}' is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})",
        ) from None
    return parse_problem(data)
