"""Li & Lim PDPTW files: paired pickups and deliveries with time windows.

Format (tab-separated, CRLF or LF)::

    K   Q   speed
    0   70  70   0   0  1351  0   0   0      <- the depot
    1   33  78  -20 750  809 90  71   0      <- a delivery: its pickup is node 71
    3   10 137   30 147  219 90   0  98      <- a pickup: its delivery is node 98

Columns: id, x, y, demand, ready, due, service, pickup id, delivery id. Each pickup and its
delivery become one required :class:`~optimizer.model.Shipment` named ``"<pickup>-<delivery>"``
(both ends in one trip, pickup first), of the pickup's demand. Distances are Euclidean in double
precision and travel time is distance / speed (speed is 1 in every published file), scaled by
:data:`~optimizer.read.literature.SCALE`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from optimizer.model import Problem
from optimizer.read.literature import (
    Fleet,
    LineReader,
    Node,
    build_problem,
    euclidean_matrix,
    read_text,
)

_COLUMNS = "id x y demand ready due service pickup delivery"


def read_lilim(
    path: Path | str, *, fixed_cost: float = 0.0, vehicles_first: bool = False
) -> Problem:
    """Read a Li & Lim file; the instance name is the file name without its extension.

    ``fixed_cost`` is charged per vehicle used (€, i.e. literature units of distance);
    ``vehicles_first`` sets it above any total distance (hierarchical convention).
    """
    text, source = read_text(path)
    return parse_lilim(
        text, source, Path(path).stem, fixed_cost=fixed_cost, vehicles_first=vehicles_first
    )


def parse_lilim(
    text: str,
    source: str,
    name: str,
    *,
    fixed_cost: float = 0.0,
    vehicles_first: bool = False,
) -> Problem:
    """Parse the text of a Li & Lim file; errors name ``source`` and the line."""
    reader = LineReader(text, source)
    numbered = [(n, line) for n, line in enumerate(reader.lines, start=1) if line.strip()]
    if not numbered:
        raise reader.error(1, "the file is empty")
    first = numbered[0][0]
    size, capacity, speed = reader.numbers(first, 3, "vehicles capacity speed")
    if size < 1 or size != int(size):
        raise reader.error(
            first, f"the number of vehicles must be a positive integer, not {size:g}"
        )
    if capacity <= 0 or speed <= 0:
        raise reader.error(first, "capacity and speed must be positive")
    nodes: list[Node] = []
    links: dict[int, tuple[int, int, int]] = {}
    for number, _ in numbered[1:]:
        values = reader.numbers(number, 9, _COLUMNS)
        node = Node(int(values[0]), *values[1:7])
        if node.number != len(nodes):
            raise reader.error(number, f"node {node.number}, expected {len(nodes)}")
        if node.due < node.ready:
            raise reader.error(number, f"due {node.due:g} is before ready {node.ready:g}")
        if node.service < 0:
            raise reader.error(number, f"service time {node.service:g} is negative")
        nodes.append(node)
        links[node.number] = (int(values[7]), int(values[8]), number)
    if len(nodes) < 3:
        raise reader.error(len(reader.lines), "no pickup-and-delivery rows after the depot")
    pairs = []
    for node in nodes[1:]:
        pickup_of, delivery_of, line = links[node.number]
        if (pickup_of == 0) == (delivery_of == 0):
            raise reader.error(line, "exactly one of pickup id and delivery id must be 0")
        if pickup_of != 0:
            continue  # a delivery: read with its pickup
        if not 0 < delivery_of < len(nodes) or links[delivery_of][0] != node.number:
            raise reader.error(
                line, f"node {node.number} delivers to {delivery_of}, which does not name it back"
            )
        delivery = nodes[delivery_of]
        if node.demand <= 0 or delivery.demand != -node.demand:
            raise reader.error(
                line,
                f"pickup demand {node.demand:g} must be positive and its delivery's "
                f"({delivery.demand:g}) its opposite",
            )
        pairs.append((node, delivery))
    distance = euclidean_matrix(nodes)
    duration = distance if speed == 1 else np.rint(distance / speed).astype(np.int64)
    return build_problem(
        name,
        nodes[0],
        nodes[1:],
        Fleet(int(size), capacity, fixed_cost, vehicles_first),
        distance,
        duration,
        pairs,
    )
