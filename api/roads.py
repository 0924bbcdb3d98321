"""Road travel in the service: the tiles folder is the server's setting, never the client's.

A problem sent with ``"travel": {"kind": "road"}`` is planned on ``FOODROUTE_ROAD_TILES`` (or,
without it, the Valhalla service at ``FOODROUTE_ROAD_URL``); any ``tiles`` or ``url`` the client
wrote is replaced before the document is parsed or stored, so that no client can make the
service open a folder or call an address of its choosing. Without either setting, road travel
is refused with a 422 naming ``travel.kind``.
"""

from __future__ import annotations

from typing import Any

from api.config import Settings
from api.errors import ApiError
from optimizer.errors import ErrorCode, InputIssue
from optimizer.model import RoadTravel


def apply_server_roads(document: Any, settings: Settings, prefix: str = "") -> None:
    """Point a road-travel document at the server's tiles folder, in place."""
    if not isinstance(document, dict):
        return
    travel = document.get("travel")
    if not isinstance(travel, dict) or travel.get("kind") != "road":
        return
    if settings.road_tiles is None and settings.road_url is None:
        path = f"{prefix}.travel.kind" if prefix else "travel.kind"
        raise ApiError(
            ErrorCode.INVALID_PROBLEM,
            "This service has no road network: plan with straight lines or explicit matrices.",
            [InputIssue(path, "road travel is not configured on this service")],
        )
    if settings.road_tiles is not None:
        document["travel"] = {"kind": "road", "tiles": settings.road_tiles}
    else:
        document["travel"] = {"kind": "road", "url": settings.road_url}


def server_road_travel(settings: Settings) -> RoadTravel | None:
    """The service's road network as a travel, or None when it has none (straight lines)."""
    if settings.road_tiles is not None:
        return RoadTravel(tiles=settings.road_tiles)
    if settings.road_url is not None:
        return RoadTravel(url=settings.road_url)
    return None
