"""Write every route's sheet files into a folder: HTML, PDF, GPX and GeoJSON per route.

``write_sheets(problem, plan, out_dir)`` is what ``foodroute sheets`` and ``make demo`` run.
File names start with the vehicle id (unsafe characters replaced), so a planner finds a
driver's files by the vehicle painted on the truck.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from optimizer.model import Problem
from optimizer.outputs.sheets.geojson import route_geojson
from optimizer.outputs.sheets.gpx import route_gpx
from optimizer.outputs.sheets.html import route_html
from optimizer.outputs.sheets.pdf import route_pdf
from optimizer.outputs.sheets.sheet import RouteSheet, all_jobs, route_sheets
from optimizer.plan import Plan

FORMATS = ("html", "pdf", "gpx", "geojson")


def file_stem(vehicle_id: str) -> str:
    """A vehicle id as a portable file name: 'PL 19/1' → 'PL_19_1'."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", vehicle_id).strip("._") or "route"


@dataclass(frozen=True)
class SheetFiles:
    """The files written for one route."""

    vehicle: str
    paths: dict[str, Path]


def write_route(sheet: RouteSheet, out_dir: Path, formats: tuple[str, ...] = FORMATS) -> SheetFiles:
    stem = file_stem(sheet.vehicle_id)
    paths: dict[str, Path] = {}
    for kind in formats:
        path = out_dir / f"{stem}.{kind}"
        if kind == "html":
            path.write_text(route_html(sheet), encoding="utf-8")
        elif kind == "pdf":
            path.write_bytes(route_pdf(sheet))
        elif kind == "gpx":
            path.write_text(route_gpx(sheet), encoding="utf-8")
        elif kind == "geojson":
            text = json.dumps(route_geojson(sheet), ensure_ascii=False, indent=1)
            path.write_text(text + "\n", encoding="utf-8")
        else:
            raise ValueError(f"format {kind!r} not understood; use some of {FORMATS}")
        paths[kind] = path
    return SheetFiles(sheet.vehicle_id, paths)


def write_sheets(
    problem: Problem,
    plan: Plan,
    out_dir: Path,
    *,
    language: str = "fr",
    formats: tuple[str, ...] = FORMATS,
) -> list[SheetFiles]:
    """Write the files of every route of ``plan`` into ``out_dir`` (created if needed).

    ``problem`` must be the one the plan was made for (with stock: ``problem_routed.json``):
    addresses, contacts and lots come from it.
    """
    missing = sorted(
        {stop.job for route in plan.routes for stop in route.stops if stop.job}
        - {job.id for job in all_jobs(problem)}
    )
    if missing:
        raise ValueError(
            f"the plan has jobs the problem does not know ({', '.join(missing[:5])}); "
            "give the problem the plan was made for (with stock: problem_routed.json)"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    return [write_route(sheet, out_dir, formats) for sheet in route_sheets(problem, plan, language)]
