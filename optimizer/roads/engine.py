"""What the road code asks of a routing engine: Valhalla in process or over HTTP."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol


class RoadEngine(Protocol):
    """Valhalla's ``matrix``, ``route`` and ``locate`` services, answered as JSON objects."""

    @property
    def identity(self) -> str:
        """Changes when the roads change: part of the matrix cache's key."""
        ...

    @property
    def cache_folder(self) -> Path:
        """Where this engine's matrices are cached."""
        ...

    def call(self, service: str, request: dict[str, Any], algorithm: str = ...) -> Any: ...
