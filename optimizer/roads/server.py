"""Road travel from a Valhalla HTTP service that an organisation already runs.

The same requests the in-process engine answers (``matrix``, ``route``, ``locate``) go to
``URL/<service>`` as JSON. The matrix algorithm is then the server's (Valhalla's default,
CostMatrix, unless its operator chose otherwise); the in-process engine picks one per request.
Answers are cached on disk like the in-process ones, keyed by the URL and the server's tileset
date, so a rebuilt server does not serve stale matrices.
"""

from __future__ import annotations

import hashlib
import os
from functools import cached_property
from pathlib import Path
from typing import Any

import httpx

from optimizer.errors import ProblemError
from optimizer.messages import message

#: A 1,000 × 1,000 matrix takes minutes on a small server: the read timeout is generous, the
#: connection timeout is not (a wrong URL must fail at once).
TIMEOUT = httpx.Timeout(600.0, connect=5.0)
CACHE_ENV = "FOODROUTE_ROAD_CACHE"
#: Valhalla's default service limits, which a server run by someone else may keep.
DEFAULT_MATRIX_PAIRS = 2_500
DEFAULT_ROUTE_LOCATIONS = 20
# The in-process actor's ``matrix`` is the service's ``/sources_to_targets``.


class RoadServer:
    """A Valhalla service at ``url`` (``http://host:port``, no trailing path)."""

    def __init__(self, url: str, cache_root: Path | None = None) -> None:
        self.url = url.rstrip("/")
        self._cache_root = cache_root

    @cached_property
    def _client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=TIMEOUT, follow_redirects=False)

    @cached_property
    def identity(self) -> str:
        """The URL and the tileset's modification time the server reports."""
        status = self._get("status")
        return f"{self.url}|{status.get('tileset_last_modified', '')}"

    @property
    def cache_folder(self) -> Path:
        """Per server, under ``FOODROUTE_ROAD_CACHE`` or the user's cache folder."""
        root = self._cache_root or Path(
            os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "foodroute" / "roads"
        )
        return root / hashlib.sha256(self.url.encode()).hexdigest()[:16]

    def call(self, service: str, request: dict[str, Any], algorithm: str = "") -> Any:
        """One request to ``service``; ``algorithm`` is the server's choice and is ignored.

        Matrices and routes are cut to the limits of a server left at Valhalla's defaults
        (2,500 pairs a matrix, 20 locations a route) and put back together.
        """
        del algorithm
        if service == "matrix":
            return self._matrix(request)
        if service == "route":
            return self._route(request)
        return self._post(service, request)

    def _matrix(self, request: dict[str, Any]) -> dict[str, Any]:
        sources, targets = request["sources"], request["targets"]
        block = max(1, DEFAULT_MATRIX_PAIRS // max(1, len(targets)))
        rows: list[Any] = []
        snapped: list[Any] = []
        for start in range(0, len(sources), block):
            part = self._post(
                "sources_to_targets", {**request, "sources": sources[start : start + block]}
            )
            table = part["sources_to_targets"]
            if request.get("verbose"):
                rows.extend(table)
            else:
                rows.extend(zip(table["distances"], table["durations"], strict=True))
            snapped.extend(part.get("sources", []))
        if request.get("verbose"):
            return {"sources_to_targets": rows, "sources": snapped}
        distances = [list(d) for d, _ in rows]
        durations = [list(t) for _, t in rows]
        return {"sources_to_targets": {"distances": distances, "durations": durations}}

    def _route(self, request: dict[str, Any]) -> dict[str, Any]:
        locations = request["locations"]
        legs: list[Any] = []
        step = DEFAULT_ROUTE_LOCATIONS - 1
        for start in range(0, max(1, len(locations) - 1), step):
            part = self._post(
                "route", {**request, "locations": locations[start : start + step + 1]}
            )
            legs.extend(part["trip"]["legs"])
        return {"trip": {"legs": legs}}

    def _post(self, service: str, request: dict[str, Any]) -> Any:
        try:
            answer = self._client.post(f"/{service}", json=request)
        except httpx.HTTPError as error:
            raise self._down(str(error)) from error
        try:
            body = answer.json()
        except ValueError as error:
            raise self._down(f"HTTP {answer.status_code}") from error
        if answer.status_code >= 400:
            detail = body.get("error", "") if isinstance(body, dict) else ""
            raise self._down(f"HTTP {answer.status_code} {detail}".strip())
        return body

    def _get(self, path: str) -> dict[str, Any]:
        try:
            answer = self._client.get(f"/{path}")
            answer.raise_for_status()
            body: dict[str, Any] = answer.json()
        except (httpx.HTTPError, ValueError) as error:
            raise self._down(str(error)) from error
        return body

    def _down(self, detail: str) -> ProblemError:
        return ProblemError.single(
            "travel.url", message("roads.server_down", "fr", url=self.url, detail=detail)
        )


def service_command(tiles_dir: Path, host: str, port: int, threads: int = 2) -> list[str]:
    """The command that serves ``tiles_dir`` over HTTP with the wheel's ``valhalla_service``."""
    import valhalla

    from optimizer.roads.config import write_server_config

    binary = Path(valhalla.__file__).parent / "bin" / "valhalla_service"
    return [str(binary), str(write_server_config(tiles_dir, host, port)), str(threads)]
