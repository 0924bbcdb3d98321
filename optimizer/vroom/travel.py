"""Where VROOM's steps are and what an arc costs: its matrices, or our travel on coordinates.

On coordinates, the travel is our straight lines, or a road network (tiles or a Valhalla
service) the way vroom-express routes coordinates with the routing engine it is configured
with; on roads every vehicle drives VROOM's default ``car`` profile (Valhalla's ``auto``).

VROOM prices an arc ``per_hour × duration / 3600 + per_km × distance / 1000`` and never charges
waiting or service; our checker charges ``€/km × distance + €/h × route duration``. So that both
count the same cost, the matrix our search and checker read as "distance" is VROOM's *arc cost*
(1 unit = 1 €, ``cost_per_km = 1000`` × a vehicle's factor, ``cost_per_hour = 0``) and VROOM's
real distances are kept here, for the answer. Vehicles may differ in ``per_hour`` when none has a
``per_km`` (and the reverse); vehicles mixing both must agree on both, or the arc cost would differ
by vehicle, which one matrix cannot say.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from optimizer.errors import ProblemError
from optimizer.matrix import Haversine
from optimizer.model import HaversineTravel, RoadTravel, Site, SiteKind
from optimizer.vroom.document import Document, Place
from optimizer.vroom.errors import VroomInputError

Matrix = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Travel:
    """VROOM's locations (matrix rows, or distinct coordinates) with their matrices."""

    durations: Matrix
    distances: Matrix | None
    """Real distances, when the input has them (VROOM reports ``distance`` only then)."""
    arc_cost: Matrix
    """What the search and the checker read as distance: € per arc for a factor of 1."""
    cost_factor: dict[int, float]
    """Per VROOM vehicle id: € per arc-cost unit (``cost_per_km`` = 1000 × this)."""
    rows: dict[Place, int]
    arc_cost_is_distance: bool = False
    """Whether ``arc_cost`` is the distances (no vehicle pays for time): ``max_distance`` holds."""


def travel_of(document: Document, travel: HaversineTravel | RoadTravel | None = None) -> Travel:
    """The matrices of ``document``: its ``matrices``, else ``travel`` on its coordinates."""
    places = _places(document)
    if document.matrices:
        durations, distances = _given(document, places)
        rows = {place: _row(place, len(durations)) for place in places}
    else:
        rows = {}
        for place in places:
            if place.coordinates is None:
                key = "location"
                raise VroomInputError(key, "invalid", detail="coordinates or matrices are needed")
            rows.setdefault(place, len({p.coordinates for p in rows}))
        if isinstance(travel, RoadTravel):
            durations, distances = _on_roads(document, rows, travel)
        else:
            durations, distances = _straight_lines(rows, travel or HaversineTravel())
    arc_cost, factors = _arc_cost(document, durations, distances)
    return Travel(durations, distances, arc_cost, factors, rows, arc_cost is distances)


def _places(document: Document) -> list[Place]:
    places = [step.place for task in document.tasks for step in task.steps]
    for vehicle in document.vehicles:
        for end, place in (("start", vehicle.start), ("end", vehicle.end)):
            if place is None:
                raise VroomInputError(
                    f"{vehicle.key}.{end}",
                    "not_honoured",
                    detail="routes open at one end; foodroute routes leave and return to a depot",
                )
            places.append(place)
    return places


def _row(place: Place, size: int) -> int:
    if place.index is None:
        raise VroomInputError("location_index", "invalid", detail="needed with matrices")
    if place.index >= size:
        raise VroomInputError(
            "location_index", "invalid", detail=f"{place.index} is outside the {size}×{size} matrix"
        )
    return place.index


def _given(document: Document, places: list[Place]) -> tuple[Matrix, Matrix | None]:
    """The one profile's matrices: vehicles on different profiles must have the same ones."""
    first = document.vehicles[0].profile
    for vehicle in document.vehicles:
        if vehicle.profile not in document.matrices:
            raise VroomInputError(
                f"{vehicle.key}.profile", "invalid", detail=f"no matrices for '{vehicle.profile}'"
            )
        if document.matrices[vehicle.profile] != document.matrices[first]:
            raise VroomInputError(
                f"{vehicle.key}.profile",
                "not_honoured",
                detail="vehicle profiles with different matrices; foodroute plans a day on one",
            )
    matrices = document.matrices[first]
    durations = np.asarray(matrices["durations"], dtype=np.int64)
    distances = matrices.get("distances")
    if distances is not None and len(distances) != len(durations):
        raise VroomInputError(
            f"matrices.{first}.distances", "invalid", detail="not the size of durations"
        )
    return durations, None if distances is None else np.asarray(distances, dtype=np.int64)


def _sites(rows: dict[Place, int]) -> list[Site]:
    """One site per distinct coordinates, in row order, named by its row."""
    points: dict[int, tuple[float, float]] = {}
    for place, row in rows.items():
        assert place.coordinates is not None
        points[row] = place.coordinates
    return [
        Site(id=str(row), kind=SiteKind.DEPOT, lat=lat, lon=lon)
        for row, (lon, lat) in sorted(points.items())
    ]


def _straight_lines(rows: dict[Place, int], travel: HaversineTravel) -> tuple[Matrix, Matrix]:
    """Our straight-line travel between the distinct coordinates, in row order."""
    matrix = Haversine(travel.speed_kmh, travel.detour_factor).matrix(_sites(rows))
    return matrix.duration_s.astype(np.int64), matrix.distance_m.astype(np.int64)


def _on_roads(
    document: Document, rows: dict[Place, int], travel: RoadTravel
) -> tuple[Matrix, Matrix]:
    """Road distances and durations between the distinct coordinates, VROOM's ``car`` profile.

    A site the network cannot reach (or too far from any road) is refused with code 2, the
    coordinates named, never planned on a made-up number.
    """
    # Imported here: the road engine loads Valhalla, which straight-line documents never need.
    from optimizer.roads.problem import engine_for
    from optimizer.roads.profiles import AUTO
    from optimizer.roads.travel import RoadTravel as RoadMatrices

    for vehicle in document.vehicles:
        if vehicle.profile != "car":
            raise VroomInputError(
                f"{vehicle.key}.profile",
                "not_honoured",
                detail=f"on roads every vehicle drives 'car'; give matrices for "
                f"'{vehicle.profile}'",
            )
    sites = _sites(rows)
    try:
        matrix = RoadMatrices(engine_for(travel), AUTO).matrix(sites)
    except ProblemError as error:
        where = {f"sites[{n}]": f"[{site.lon}, {site.lat}]" for n, site in enumerate(sites)}
        detail = "; ".join(
            f"{where.get(issue.path, issue.path)}: {issue.message}" for issue in error.issues
        )
        raise VroomInputError("location", "invalid", detail=detail) from None
    return matrix.duration_s.astype(np.int64), matrix.distance_m.astype(np.int64)


def _arc_cost(
    document: Document, durations: Matrix, distances: Matrix | None
) -> tuple[Matrix, dict[int, float]]:
    vehicles = document.vehicles
    if all(v.per_km == 0 for v in vehicles):
        return durations, {v.id: v.per_hour / 3600 for v in vehicles}
    if distances is None:
        key = f"{next(v.key for v in vehicles if v.per_km)}.costs.per_km"
        raise VroomInputError(key, "invalid", detail="a cost per km needs distances")
    if all(v.per_hour == 0 for v in vehicles):
        return distances, {v.id: v.per_km / 1000 for v in vehicles}
    first = vehicles[0]
    for vehicle in vehicles:
        if (vehicle.per_hour, vehicle.per_km) != (first.per_hour, first.per_km):
            raise VroomInputError(
                f"{vehicle.key}.costs",
                "not_honoured",
                detail="vehicles whose per_hour and per_km both differ from the first's",
            )
    cost = first.per_hour * durations / 3600 + first.per_km * distances / 1000
    return np.rint(cost).astype(np.int64), {v.id: 1.0 for v in vehicles}
