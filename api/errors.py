"""One error shape for every 4xx: ``{"error": {code, message, issues: [{path, message}]}}``.

The code is an :class:`~optimizer.errors.ErrorCode`; its HTTP status comes from the one code
table, :data:`optimizer.errors.ERROR_TABLE`, that also gives the CLI its exit codes.
"""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from optimizer.errors import (
    ErrorCode,
    FoodrouteError,
    InputIssue,
    ProblemError,
    format_location,
    http_status,
)


class ApiError(FoodrouteError):
    """A refusal of the service: its code (and so its status), a sentence, the bad fields."""

    def __init__(self, code: ErrorCode, message: str, issues: Sequence[InputIssue] = ()) -> None:
        super().__init__(message)
        self.code = code
        self.status = http_status(code)
        self.message = message
        self.issues = list(issues)


def error_response(
    code: ErrorCode, message: str, issues: Sequence[InputIssue] = (), status: int | None = None
) -> JSONResponse:
    """The JSON answer for ``code``; ``status`` only for :attr:`ErrorCode.HTTP_ERROR`."""
    body = {
        "error": {
            "code": code.value,
            "message": message,
            "issues": [{"path": i.path, "message": i.message} for i in issues],
        }
    }
    return JSONResponse(body, status_code=http_status(code) if status is None else status)


def invalid_problem(error: ProblemError, prefix: str = "") -> ApiError:
    issues = [
        InputIssue(f"{prefix}.{i.path}" if prefix and i.path else prefix or i.path, i.message)
        for i in error.issues
    ]
    return ApiError(ErrorCode.INVALID_PROBLEM, "The problem cannot be planned as given.", issues)


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_: Request, error: ApiError) -> JSONResponse:
        return error_response(error.code, error.message, error.issues)

    @app.exception_handler(RequestValidationError)
    async def _request_invalid(_: Request, error: RequestValidationError) -> JSONResponse:
        issues = []
        for item in error.errors():
            location = [p for p in item.get("loc", ()) if isinstance(p, str | int)]
            if location and location[0] == "body":
                location = location[1:]
            message = str(item.get("msg", "invalid value"))
            if item.get("type") == "json_invalid":
                message = "the body is not valid JSON"
            issues.append(InputIssue(format_location(location), message))
        return error_response(ErrorCode.INVALID_REQUEST, "The request is not valid.", issues)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, error: StarletteHTTPException) -> JSONResponse:
        code = {404: ErrorCode.NOT_FOUND, 405: ErrorCode.METHOD_NOT_ALLOWED}.get(
            error.status_code, ErrorCode.HTTP_ERROR
        )
        response = error_response(code, str(error.detail), status=error.status_code)
        for name, value in (error.headers or {}).items():
            response.headers[name] = value
        return response
