"""The API's error answers take their status from the one code table and name the code."""

from __future__ import annotations

import json

import pytest

from api.errors import ApiError, error_response, invalid_problem
from optimizer.errors import ERROR_TABLE, ErrorCode, InputIssue, ProblemError


@pytest.mark.parametrize("code", list(ErrorCode), ids=lambda code: code.value)
def test_every_code_answers_with_its_status_and_body(code: ErrorCode) -> None:
    error = ApiError(code, "Something.", [InputIssue("a.b", "wrong")])
    assert error.status == ERROR_TABLE[code].http_status
    response = error_response(error.code, error.message, error.issues)
    assert response.status_code == ERROR_TABLE[code].http_status
    assert json.loads(response.body) == {
        "error": {
            "code": code.value,
            "message": "Something.",
            "issues": [{"path": "a.b", "message": "wrong"}],
        }
    }


def test_other_http_errors_keep_their_status() -> None:
    assert error_response(ErrorCode.HTTP_ERROR, "Bad header.", status=400).status_code == 400
    assert error_response(ErrorCode.HTTP_ERROR, "Teapot.", status=418).status_code == 418


def test_invalid_problem_prefixes_every_path() -> None:
    error = invalid_problem(ProblemError.single("vehicles[0].depot", "no site 'X'"), "problem")
    assert (error.code, error.status) == (ErrorCode.INVALID_PROBLEM, 422)
    assert [issue.path for issue in error.issues] == ["problem.vehicles[0].depot"]
