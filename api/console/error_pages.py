"""French error pages for the console: a planner never reads the API's JSON error bodies.

The service answers errors in one JSON shape (:mod:`api.errors`). Under the console's paths the
same errors become a page in French with a way back, keeping the status code; elsewhere the
API's handlers answer as before.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse
from jinja2 import Environment
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from api.errors import ApiError

Handler = Callable[[Request, Any], Awaitable[Response]]

CONSOLE_PREFIXES = ("/console/", "/connexion", "/deconnexion")

# What a planner reads, by the API's error code; else by status.
MESSAGES_BY_CODE = {
    "not_found": "Ce calcul ou cette journée n'existe pas, ou n'est pas à votre structure.",
    "no_plan_yet": "Ce calcul n'a pas encore de plan.",
    "already_finished": "Ce calcul est déjà terminé.",
    "method_not_allowed": "Cette action n'est pas possible sur cette page.",
    "invalid_request": "Le formulaire est incomplet ou mal rempli",
}
MESSAGES_BY_STATUS = {
    400: "La demande n'a pas pu être comprise.",
    403: "Action refusée.",
    404: "Page introuvable.",
    405: "Cette action n'est pas possible sur cette page.",
    409: "Action impossible dans l'état actuel.",
    413: "Le fichier envoyé est trop gros.",
    422: "Le formulaire est incomplet ou mal rempli.",
}
FRENCH_CODES = {"csrf", "invalid_options"}  # raised by the console itself, already in French


def is_console(path: str) -> bool:
    return path == "/" or path.startswith(CONSOLE_PREFIXES)


def french_message(status: int, code: str, message: str, fields: list[str]) -> str:
    """The sentence shown on the page for an error the API would have answered in JSON."""
    if code in FRENCH_CODES or (code == "no_plan_yet" and "calcul" in message):
        return message
    sentence = MESSAGES_BY_CODE.get(code) or MESSAGES_BY_STATUS.get(
        status, "Une erreur est survenue."
    )
    if code == "invalid_request":
        return f"{sentence} : {', '.join(fields)}." if fields else f"{sentence}."
    return sentence


def install_error_pages(app: FastAPI, templates: Environment) -> None:
    """Wrap the API's handlers: console paths get a French page, other paths the JSON."""

    def page(status: int, text: str) -> HTMLResponse:
        html = templates.get_template("error.html").render(message=text, status=status)
        return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})

    def wrap(kind: type[Exception], describe: Callable[[Any], tuple[int, str]]) -> None:
        fallback: Handler = app.exception_handlers[kind]  # type: ignore[assignment]

        async def handler(request: Request, error: Any) -> Response:
            if not is_console(request.url.path):
                return await fallback(request, error)
            status, text = describe(error)
            return page(status, text)

        app.add_exception_handler(kind, handler)

    def api_error(error: ApiError) -> tuple[int, str]:
        fields = [issue.path for issue in error.issues if issue.path]
        return error.status, french_message(error.status, error.code, error.message, fields)

    def invalid(error: RequestValidationError) -> tuple[int, str]:
        fields = sorted({str(item["loc"][-1]) for item in error.errors() if item.get("loc")})
        return 422, french_message(422, "invalid_request", "", fields)

    def http(error: StarletteHTTPException) -> tuple[int, str]:
        code = {404: "not_found_page", 405: "method_not_allowed"}.get(error.status_code, "")
        return error.status_code, french_message(error.status_code, code, "", [])

    wrap(ApiError, api_error)
    wrap(RequestValidationError, invalid)
    wrap(StarletteHTTPException, http)
