"""The benchmark literature's conventions in our domain model: one scale, one way to build.

Benchmark instances are points in a plane. Their distance is the Euclidean distance in double
precision and their travel time equals that distance; time windows and service times are in the
same unit. Our matrices are integers (docs/decisions/003), so every length and time is multiplied
by :data:`SCALE` and rounded once: 1 literature unit = 1000 matrix units (metres, seconds).

Worst-case error of that rounding: 0.0005 unit per arc. A solution of a 200-customer instance
has at most 200 + K arcs (K routes), so its distance is off by at most (200 + K) × 0.0005 —
0.125 unit for K = 50, i.e. 5e-5 of a typical 2500-unit total. Errors of random sign mostly
cancel: over the 120 published solutions of Gehring-Homberger 200 and Li & Lim 200 the largest
difference to the tables is 0.0102 unit (4.4e-6 relative).

Travel time is rounded like distance. A route's times may thus drift by the same bound from the
double-precision schedule; the published best-known solutions of Gehring-Homberger 200 and
Li & Lim 200 all stay feasible under it (checked by tests/read/).

With ``cost_per_km = 1`` and 1 unit = 1000 m, the checker's ``travel_cost_eur`` is the distance
in literature units. Food has no value here (``value_eur_per_kg = 0``), so the objective is the
travel cost alone; ``fixed_cost`` per vehicle expresses the hierarchical convention (fewer
vehicles first) when it exceeds any possible saving in distance (:func:`vehicles_first_cost`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from optimizer.errors import InputIssue, ProblemError
from optimizer.model import (
    Category,
    Delivery,
    ExplicitTravel,
    Lot,
    Problem,
    Settings,
    Shipment,
    ShipmentStop,
    Site,
    SiteKind,
    TemperatureClass,
    TimeWindow,
    Vehicle,
)
from optimizer.units import minutes_to_seconds

SCALE = 1000
"""Matrix units (metres, seconds) per literature unit of distance and time."""

BENCHMARK_DATE = dt.date(2000, 1, 1)
"""Benchmark food has no expiry date, so the plan date only has to be some fixed day."""

COORDINATE_DEGREES = 1e-3
"""Site positions (lat, lon) = (y, x) × this: for drawing only, the travel matrix is explicit."""

DEPOT_ID = "0"


@dataclass(frozen=True)
class Node:
    """One row of a benchmark file, in literature units."""

    number: int
    x: float
    y: float
    demand: float
    ready: float
    due: float
    service: float


class LineReader:
    """The numbered lines of a text file, and errors that name the file and the line."""

    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.lines = text.splitlines()

    def error(self, number: int, message: str) -> ProblemError:
        return ProblemError([InputIssue(f"{self.source}:{number}", message)])

    def numbers(self, number: int, count: int, what: str) -> list[float]:
        """The ``count`` numbers of line ``number`` (1-based), or an error naming the line."""
        fields = self.lines[number - 1].split()
        if len(fields) != count:
            raise self.error(number, f"expected {count} numbers ({what}), found {len(fields)}")
        try:
            values = [float(field) for field in fields]
        except ValueError:
            raise self.error(number, f"expected {count} numbers ({what}), found text") from None
        if not all(np.isfinite(values)):
            raise self.error(number, "numbers must be finite")
        return values


def read_text(path: Path | str) -> tuple[str, str]:
    """A file's text and the name used in error messages."""
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8", errors="strict"), path.name
    except (OSError, UnicodeDecodeError) as error:
        raise ProblemError.single(str(path), f"cannot read the file: {error}") from None


def scaled(value: float) -> int:
    """Literature units → integer matrix units (metres, seconds)."""
    return round(value * SCALE)


def euclidean_matrix(nodes: list[Node], *, nint: bool = False) -> npt.NDArray[np.int64]:
    """Scaled integer Euclidean distances; ``nint`` rounds arcs to whole units first (TSPLIB)."""
    xy = np.array([(n.x, n.y) for n in nodes], dtype=float)
    exact = np.hypot(xy[:, None, 0] - xy[None, :, 0], xy[:, None, 1] - xy[None, :, 1])
    if nint:
        exact = np.floor(exact + 0.5)
    matrix: npt.NDArray[np.int64] = np.rint(exact * SCALE).astype(np.int64)
    return matrix


def vehicles_first_cost(distance: npt.NDArray[np.int64]) -> float:
    """A fixed cost per vehicle (€) above any total distance: fewer vehicles always win.

    No solution drives more than the longest arc out of every node, so one vehicle saved
    always outweighs any change in distance.
    """
    return float(np.ceil(distance.max(axis=1).sum() / SCALE)) + 1.0


def _window(node: Node) -> TimeWindow:
    return TimeWindow(start=scaled(node.ready), end=scaled(node.due))


def _service_min(node: Node) -> float:
    """Service time in minutes whose conversion back gives exactly the scaled seconds."""
    seconds = scaled(node.service)
    minutes = seconds / 60
    if minutes_to_seconds(minutes) != seconds:  # float noise beyond any benchmark's values
        raise ValueError(f"service time {node.service} does not convert back exactly")
    return minutes


def _site(node: Node, kind: SiteKind) -> Site:
    return Site(
        id=str(node.number),
        kind=kind,
        lat=node.y * COORDINATE_DEGREES,
        lon=node.x * COORDINATE_DEGREES,
        time_windows=[_window(node)],
        service_min=_service_min(node),
    )


def _lot(node: Node) -> Lot:
    return Lot(
        id=f"lot{node.number}",
        category=Category.DRY_GROCERIES,
        temperature=TemperatureClass.AMBIENT,
        kg=abs(node.demand),
    )


@dataclass(frozen=True)
class Fleet:
    """K identical vehicles of capacity Q (ambient), their cost per vehicle used, in €."""

    size: int
    capacity: float
    fixed_cost: float = 0.0
    vehicles_first: bool = False


def build_problem(
    name: str,
    depot: Node,
    customers: list[Node],
    fleet: Fleet,
    distance: npt.NDArray[np.int64],
    duration: npt.NDArray[np.int64],
    pairs: list[tuple[Node, Node]] | None = None,
) -> Problem:
    """The domain problem: depot ``0``, one site per node, deliveries or shipments, K vehicles.

    ``customers`` become required deliveries unless ``pairs`` is given: then each (pickup,
    delivery) pair becomes a required shipment named ``"<pickup>-<delivery>"``. Matrices are in
    the order depot, then ``customers``.
    """
    if fleet.vehicles_first and fleet.fixed_cost:
        raise ValueError("give either a fixed_cost or vehicles_first, not both")
    fixed = vehicles_first_cost(distance) if fleet.vehicles_first else fleet.fixed_cost
    depot_site = Site(
        id=DEPOT_ID,
        kind=SiteKind.DEPOT,
        name="depot",
        lat=depot.y * COORDINATE_DEGREES,
        lon=depot.x * COORDINATE_DEGREES,
        time_windows=[_window(depot)],
        service_min=0.0,
    )
    deliveries: list[Delivery] = []
    shipments: list[Shipment] = []
    if pairs is None:
        sites = [_site(node, SiteKind.PARTNER) for node in customers]
        deliveries = [
            Delivery(id=str(node.number), site=str(node.number), lots=[_lot(node)])
            for node in customers
        ]
    else:
        pickups = {pickup.number for pickup, _ in pairs}
        sites = [
            _site(node, SiteKind.DONOR if node.number in pickups else SiteKind.PARTNER)
            for node in customers
        ]
        shipments = [
            Shipment(
                id=f"{pickup.number}-{delivery.number}",
                pickup=ShipmentStop(site=str(pickup.number)),
                delivery=ShipmentStop(site=str(delivery.number)),
                lots=[_lot(pickup)],
                required=True,
            )
            for pickup, delivery in pairs
        ]
    digits = len(str(fleet.size))
    vehicles = [
        Vehicle(
            id=f"v{number:0{digits}d}",
            depot=DEPOT_ID,
            shift_start=scaled(depot.ready),
            shift_end=scaled(depot.due),
            capacity_kg={"ambient": fleet.capacity},
            cost_per_km=1.0,
            cost_per_hour=0.0,
            fixed_cost=fixed,
        )
        for number in range(1, fleet.size + 1)
    ]
    site_ids = [DEPOT_ID, *(str(node.number) for node in customers)]
    return Problem(
        name=name,
        date=BENCHMARK_DATE,
        sites=[depot_site, *sites],
        vehicles=vehicles,
        deliveries=deliveries,
        shipments=shipments,
        travel=ExplicitTravel(
            site_ids=site_ids,
            distance_m=distance.tolist(),
            duration_s=duration.tolist(),
        ),
        settings=Settings(value_eur_per_kg=dict.fromkeys(Category, 0.0)),
    )
