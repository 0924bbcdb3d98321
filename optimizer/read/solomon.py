"""Solomon and Gehring-Homberger VRPTW files: a fleet, a depot and customers with windows.

Format (both sets, CRLF or LF)::

    C101
    VEHICLE
    NUMBER     CAPACITY
      25         200
    CUSTOMER
    CUST NO.  XCOORD.  YCOORD.  DEMAND  READY TIME  DUE DATE  SERVICE TIME
        0      40         50        0        0        1236        0
        1      45         68       10      912         967       90

Row 0 is the depot; its due date is the end of every vehicle's shift. Every customer becomes a
required delivery of its demand (kg, ambient) with its window and service time, scaled by
:data:`~optimizer.read.literature.SCALE`; distances and travel times are Euclidean in double
precision (:mod:`optimizer.read.literature`).
"""

from __future__ import annotations

from pathlib import Path

from optimizer.model import Problem
from optimizer.read.literature import (
    Fleet,
    LineReader,
    Node,
    build_problem,
    euclidean_matrix,
    read_text,
)


def read_solomon(
    path: Path | str, *, fixed_cost: float = 0.0, vehicles_first: bool = False
) -> Problem:
    """Read a Solomon or Gehring-Homberger file.

    ``fixed_cost`` is charged per vehicle used (€, i.e. literature units of distance);
    ``vehicles_first`` sets it above any total distance (hierarchical convention).
    """
    text, source = read_text(path)
    return parse_solomon(text, source, fixed_cost=fixed_cost, vehicles_first=vehicles_first)


def parse_solomon(
    text: str, source: str, *, fixed_cost: float = 0.0, vehicles_first: bool = False
) -> Problem:
    """Parse the text of a Solomon file; errors name ``source`` and the line."""
    reader = LineReader(text, source)
    lines = [line.strip() for line in reader.lines]
    content = [number for number, line in enumerate(lines, start=1) if line]
    if not content:
        raise reader.error(1, "the file is empty")
    name = lines[content[0] - 1]
    vehicle_line = _next(reader, lines, _next(reader, lines, _section(reader, lines, "VEHICLE", 0)))
    size, capacity = reader.numbers(vehicle_line, 2, "NUMBER CAPACITY")
    if size < 1 or size != int(size):
        raise reader.error(
            vehicle_line, f"the number of vehicles must be a positive integer, not {size:g}"
        )
    if capacity <= 0:
        raise reader.error(vehicle_line, f"the capacity must be positive, not {capacity:g}")
    header = _next(reader, lines, _section(reader, lines, "CUSTOMER", vehicle_line))
    nodes: list[Node] = []
    for number in range(header + 1, len(lines) + 1):
        if not lines[number - 1]:
            continue
        values = reader.numbers(
            number, 7, "CUST NO. XCOORD. YCOORD. DEMAND READY TIME DUE DATE SERVICE TIME"
        )
        node = Node(int(values[0]), *values[1:])
        _check_node(reader, number, node, expected=len(nodes))
        nodes.append(node)
    if len(nodes) < 2:
        raise reader.error(len(lines), "no customer rows after the depot (row 0)")
    distance = euclidean_matrix(nodes)
    return build_problem(
        name,
        nodes[0],
        nodes[1:],
        Fleet(int(size), capacity, fixed_cost, vehicles_first),
        distance,
        distance,
    )


def _section(reader: LineReader, lines: list[str], keyword: str, after: int) -> int:
    """The number of the first line after line ``after`` that starts with ``keyword``."""
    for number in range(after + 1, len(lines) + 1):
        if lines[number - 1].upper().startswith(keyword):
            return number
    raise reader.error(after + 1, f"no '{keyword}' section")


def _next(reader: LineReader, lines: list[str], after: int) -> int:
    """The number of the first non-blank line after line ``after``."""
    for number in range(after + 1, len(lines) + 1):
        if lines[number - 1]:
            return number
    raise reader.error(after, "the file ends here, more was expected")


def _check_node(reader: LineReader, number: int, node: Node, expected: int) -> None:
    if node.number != expected:
        raise reader.error(number, f"customer number {node.number}, expected {expected}")
    if node.due < node.ready:
        raise reader.error(number, f"due date {node.due:g} is before ready time {node.ready:g}")
    if node.service < 0:
        raise reader.error(number, f"service time {node.service:g} is negative")
    if expected == 0:
        if node.demand != 0:
            raise reader.error(number, "the depot (row 0) has a demand")
    elif node.demand <= 0:
        raise reader.error(number, f"customer {node.number} has demand {node.demand:g}, not > 0")
