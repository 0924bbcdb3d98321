"""A plan of a benchmark instance as a VRPLIB ``.sol`` file, the format PyVRP and the literature
read (the ``vrplib`` package's ``read_solution``, CVRPLIB's published solutions).

One line per route, ``Route #k: c1 c2 …``, customers in the order they are visited, then
``Cost N``: the total distance in the instance's own unit. Numbering follows the instance's
reader (:mod:`optimizer.read.vrplib`): in a CVRPLIB file the depot is node 1 and customer ``c``
is node ``c + 1``, so a site read as node ``n`` is written ``n - 1``. A shipment's two ends are
two customers, written where they are visited.

The cost is the checker's: the literature's scale (:data:`~optimizer.read.literature.SCALE`)
makes one matrix unit a thousandth of an instance unit, so the routes' metres divided by it are
the instance's distance, integer for CVRPLIB's rounded arcs.
"""

from __future__ import annotations

from pathlib import Path

from optimizer.plan import Plan, StopKind
from optimizer.read.literature import SCALE

SOLUTION_FILE = "plan.sol"
"""Name of the solution written beside ``plan.json``."""

_CUSTOMER_KINDS = frozenset(
    {
        StopKind.PICKUP,
        StopKind.DELIVERY,
        StopKind.SHIPMENT_PICKUP,
        StopKind.SHIPMENT_DELIVERY,
    }
)


def solution_text(plan: Plan, node_offset: int = 1) -> str:
    """The ``.sol`` text of ``plan``; customer number = site number − ``node_offset``.

    ``node_offset`` is 1 for CVRPLIB files (depot node 1), 0 for instances whose depot is node
    0 and whose customers keep their numbers (Solomon, Li & Lim).
    """
    lines = []
    for number, route in enumerate(plan.routes, start=1):
        customers = [
            str(int(stop.site) - node_offset)
            for stop in route.stops
            if stop.kind in _CUSTOMER_KINDS
        ]
        lines.append(f"Route #{number}: {' '.join(customers)}")
    lines.append(f"Cost {format_cost(sum(route.distance_m for route in plan.routes))}")
    return "\n".join(lines) + "\n"


def format_cost(distance_m: int) -> str:
    """Matrix metres as instance units: ``27591`` when whole, else up to three decimals."""
    whole, rest = divmod(distance_m, SCALE)
    if rest == 0:
        return str(whole)
    return f"{distance_m / SCALE:.3f}".rstrip("0")


def write_solution(plan: Plan, path: Path, node_offset: int = 1) -> Path:
    """Write :func:`solution_text` to ``path``; return it."""
    path.write_text(solution_text(plan, node_offset), encoding="utf-8")
    return path
