"""Request body limits as ASGI middleware: a body over the size limit is a 413, read no further;
a JSON body nested too deep is a 422 before any parser recurses into it."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import error_response
from optimizer.errors import ErrorCode
from optimizer.read.bounded_json import MAX_DEPTH, exceeds_depth


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._reject(scope, receive, send)
            return
        # No or small declared length: buffer up to the limit, then replay to the app.
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._reject(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if _is_json(scope) and exceeds_depth(body):
            response = error_response(
                ErrorCode.JSON_TOO_DEEP,
                f"The JSON body is nested deeper than {MAX_DEPTH} levels of arrays and objects.",
            )
            await response(scope, receive, send)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _reject(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = error_response(
            ErrorCode.BODY_TOO_LARGE, f"The request body exceeds {self.max_bytes} bytes."
        )
        await response(scope, receive, send)


def _is_json(scope: Scope) -> bool:
    """Whether the body is read as JSON: ``application/json``, ``…+json``, or no content type
    (FastAPI parses a body without one as JSON)."""
    content_type = dict(scope.get("headers", [])).get(b"content-type", b"")
    media_type = content_type.split(b";")[0].strip().lower()
    return media_type in (b"", b"application/json") or media_type.endswith(b"+json")
