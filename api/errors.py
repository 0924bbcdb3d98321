"""One error shape for every 4xx: ``{"error": {code, message, issues: [{path, message}]}}``."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from optimizer.errors import InputIssue, ProblemError, format_location


class ApiError(Exception):
    def __init__(
        self, status: int, code: str, message: str, issues: Sequence[InputIssue] = ()
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.issues = list(issues)


def error_response(
    status: int, code: str, message: str, issues: Sequence[InputIssue] = ()
) -> JSONResponse:
    body = {
        "error": {
            "code": code,
            "message": message,
            "issues": [{"path": i.path, "message": i.message} for i in issues],
        }
    }
    return JSONResponse(body, status_code=status)


def invalid_problem(error: ProblemError, prefix: str = "") -> ApiError:
    issues = [
        InputIssue(f"{prefix}.{i.path}" if prefix and i.path else prefix or i.path, i.message)
        for i in error.issues
    ]
    return ApiError(422, "invalid_problem", "The problem cannot be planned as given.", issues)


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_: Request, error: ApiError) -> JSONResponse:
        return error_response(error.status, error.code, error.message, error.issues)

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
        return error_response(422, "invalid_request", "The request is not valid.", issues)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, error: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(error.status_code, "http_error")
        response = error_response(error.status_code, code, str(error.detail))
        for name, value in (error.headers or {}).items():
            response.headers[name] = value
        return response
