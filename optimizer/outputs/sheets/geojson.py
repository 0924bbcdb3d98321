"""GeoJSON (RFC 7946) of a route: the line in driving order and a point per stop.

The line follows the roads when the plan carries their shapes (road travel), else it joins the
stops straight.
"""

from __future__ import annotations

from typing import Any

from optimizer.outputs.sheets.sheet import RouteSheet


def route_geojson(sheet: RouteSheet) -> dict[str, Any]:
    """A FeatureCollection; coordinates are [longitude, latitude] as the RFC requires."""
    line = {
        "type": "Feature",
        "geometry": {
            "type": "LineString",
            "coordinates": [[lon, lat] for lat, lon in sheet.line],
        },
        "properties": {
            "vehicle": sheet.vehicle_id,
            "name": sheet.vehicle_name,
            "date": sheet.date.isoformat(),
            "start": sheet.start,
            "end": sheet.end,
            "distance_km": sheet.distance_km,
        },
    }
    points = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [stop.lon, stop.lat]},
            "properties": {
                "sequence": index,
                "number": stop.number,
                "kind": stop.kind.value,
                "job": stop.job,
                "site": stop.site_id,
                "name": stop.name,
                "address": stop.address,
                "eta": stop.eta,
                "windows": stop.windows,
                "planned_kg": {k.value: kg for k, kg in stop.planned_kg.items()},
            },
        }
        for index, stop in enumerate(sheet.stops)
    ]
    return {"type": "FeatureCollection", "features": [line, *points]}
