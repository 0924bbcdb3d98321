"""GPX 1.1 of a route: a waypoint per stop and the route in driving order, for GPS apps.

With road travel a track along the roads follows the route (GPX orders wpt, rte, trk).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from optimizer.outputs.sheets.sheet import RouteSheet

GPX_NAMESPACE = "http://www.topografix.com/GPX/1/1"


def _label(sheet: RouteSheet, index: int) -> str:
    stop = sheet.stops[index]
    prefix = f"{stop.number}. " if stop.number is not None else ""
    return f"{prefix}{stop.name}"


def _road_track(root: ET.Element, sheet: RouteSheet) -> None:
    """The roads to follow as a track: GPS apps draw it without routing it again."""
    track = ET.SubElement(root, f"{{{GPX_NAMESPACE}}}trk")
    ET.SubElement(track, f"{{{GPX_NAMESPACE}}}name").text = sheet.vehicle_name
    segment = ET.SubElement(track, f"{{{GPX_NAMESPACE}}}trkseg")
    for lat, lon in sheet.road_path:
        ET.SubElement(
            segment, f"{{{GPX_NAMESPACE}}}trkpt", {"lat": f"{lat:.6f}", "lon": f"{lon:.6f}"}
        )


def route_gpx(sheet: RouteSheet) -> str:
    """The GPX document as text (UTF-8, with its XML declaration)."""
    ET.register_namespace("", GPX_NAMESPACE)
    root = ET.Element(f"{{{GPX_NAMESPACE}}}gpx", {"version": "1.1", "creator": "foodroute"})
    metadata = ET.SubElement(root, f"{{{GPX_NAMESPACE}}}metadata")
    ET.SubElement(
        metadata, f"{{{GPX_NAMESPACE}}}name"
    ).text = f"{sheet.vehicle_name} — {sheet.date.isoformat()}"
    seen: set[str] = set()
    for index, stop in enumerate(sheet.stops):
        if stop.site_id in seen:  # the depot once, not at every return
            continue
        seen.add(stop.site_id)
        point = ET.SubElement(
            root, f"{{{GPX_NAMESPACE}}}wpt", {"lat": f"{stop.lat:.6f}", "lon": f"{stop.lon:.6f}"}
        )
        ET.SubElement(point, f"{{{GPX_NAMESPACE}}}name").text = _label(sheet, index)
        ET.SubElement(
            point, f"{{{GPX_NAMESPACE}}}desc"
        ).text = f"{stop.kind_label} · {stop.eta} · {stop.address}"
    route = ET.SubElement(root, f"{{{GPX_NAMESPACE}}}rte")
    ET.SubElement(route, f"{{{GPX_NAMESPACE}}}name").text = sheet.vehicle_name
    for index, stop in enumerate(sheet.stops):
        point = ET.SubElement(
            route,
            f"{{{GPX_NAMESPACE}}}rtept",
            {"lat": f"{stop.lat:.6f}", "lon": f"{stop.lon:.6f}"},
        )
        ET.SubElement(point, f"{{{GPX_NAMESPACE}}}name").text = _label(sheet, index)
    if sheet.road_path:
        _road_track(root, sheet)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
