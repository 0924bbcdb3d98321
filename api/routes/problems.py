"""``/v1/problems/validate``: check a problem document without solving it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body

from api import crud
from api.deps import Planner, SettingsDep
from api.errors import ApiError
from api.schemas import Issue, ValidationResult

router = APIRouter(prefix="/problems", tags=["problems"])


@router.post("/validate", response_model=ValidationResult)
def validate(
    settings: SettingsDep,
    key: Planner,
    document: Any = Body(description="A problem document (schema_version 1.0)."),  # noqa: B008
) -> ValidationResult:
    """The verdict and every issue with the path of its field, as ``foodroute`` prints them."""
    try:
        problem = crud.validate_problem(document, settings)
    except ApiError as error:
        issues = [Issue(path=i.path, message=i.message) for i in error.issues]
        return ValidationResult(valid=False, issues=issues)
    return ValidationResult(valid=True, points=len(problem.sites), issues=[])
