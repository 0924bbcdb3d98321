"""CVRPLIB (TSPLIB-style) CVRP files: ``.vrp`` instances and ``.sol`` solutions.

Only ``EUC_2D`` instances with one depot are read (the X set of Uchoa et al.). Distances follow
CVRPLIB: each arc is the Euclidean distance rounded to the nearest integer (TSPLIB ``nint``),
then scaled by :data:`~optimizer.read.literature.SCALE`, so costs are reproduced exactly. CVRP
has no time: travel times are zero and the shift is one literature unit long.

Node numbers are kept as site and job ids: the depot is ``"1"`` in the file, read as site
``"0"`` like every other reader; customer node ``n`` is job ``"n"``. In a ``.sol`` file
customer ``c`` is node ``c + 1``.
"""

from __future__ import annotations

from pathlib import Path

from optimizer.errors import ProblemError
from optimizer.model import Problem
from optimizer.plan import RouteSequence
from optimizer.read.literature import (
    Fleet,
    LineReader,
    Node,
    build_problem,
    euclidean_matrix,
    read_text,
)

_SECTIONS = ("NODE_COORD_SECTION", "DEMAND_SECTION", "DEPOT_SECTION")


def read_vrplib(
    path: Path | str,
    *,
    fleet: int | None = None,
    fixed_cost: float = 0.0,
    vehicles_first: bool = False,
) -> Problem:
    """Read a CVRPLIB ``.vrp`` file.

    ``fleet``: vehicles available; default one per customer (the fleet is unlimited in CVRPLIB).
    ``fixed_cost`` is charged per vehicle used (€, i.e. literature units of distance);
    ``vehicles_first`` sets it above any total distance.
    """
    text, source = read_text(path)
    return parse_vrplib(
        text, source, fleet=fleet, fixed_cost=fixed_cost, vehicles_first=vehicles_first
    )


def parse_vrplib(
    text: str,
    source: str,
    *,
    fleet: int | None = None,
    fixed_cost: float = 0.0,
    vehicles_first: bool = False,
) -> Problem:
    """Parse the text of a ``.vrp`` file; errors name ``source`` and the line."""
    reader = LineReader(text, source)
    specs: dict[str, tuple[str, int]] = {}
    sections: dict[str, list[int]] = {}
    current: list[int] | None = None
    for number, raw in enumerate(reader.lines, start=1):
        line = raw.strip()
        if not line or line == "EOF":
            continue
        keyword = line.split()[0].upper()
        if keyword in _SECTIONS:
            current = sections.setdefault(keyword, [])
        elif ":" in line and not line[0].isdigit() and not line.startswith("-"):
            key, _, value = line.partition(":")
            specs[key.strip().upper()] = (value.strip().strip('"'), number)
            current = None
        elif current is not None:
            current.append(number)
        else:
            raise reader.error(number, f"unexpected line {line[:40]!r} outside any section")
    name = specs.get("NAME", (Path(source).stem, 0))[0]
    kind, kind_line = specs.get("EDGE_WEIGHT_TYPE", ("", 1))
    if kind.upper() != "EUC_2D":
        raise reader.error(kind_line, f"EDGE_WEIGHT_TYPE {kind or 'missing'}: only EUC_2D is read")
    capacity = _spec_number(reader, specs, "CAPACITY")
    dimension = int(_spec_number(reader, specs, "DIMENSION"))
    for section in _SECTIONS:
        if section not in sections:
            raise reader.error(len(reader.lines), f"no {section}")
    coordinates = _table(reader, sections["NODE_COORD_SECTION"], 3, "node x y", dimension)
    demands = _table(reader, sections["DEMAND_SECTION"], 2, "node demand", dimension)
    depots = [
        (number, int(reader.numbers(number, 1, "depot node")[0]))
        for number in sections["DEPOT_SECTION"]
    ]
    depots = [(number, node) for number, node in depots if node != -1]
    if len(depots) != 1:
        raise reader.error(
            sections["DEPOT_SECTION"][0] if sections["DEPOT_SECTION"] else 1,
            f"exactly one depot is read, found {len(depots)}",
        )
    depot_line, depot_node = depots[0]
    if depot_node not in coordinates:
        raise reader.error(depot_line, f"depot {depot_node} has no coordinates")
    nodes = []
    for node_number in [depot_node, *sorted(n for n in coordinates if n != depot_node)]:
        x, y = coordinates[node_number]
        (demand,) = demands[node_number]
        if node_number != depot_node and demand <= 0:
            raise reader.error(
                sections["DEMAND_SECTION"][0], f"customer {node_number} has demand {demand:g}"
            )
        nodes.append(Node(node_number, x, y, demand, 0.0, 1.0, 0.0))
    distance = euclidean_matrix(nodes, nint=True)
    return build_problem(
        name,
        nodes[0],
        nodes[1:],
        Fleet(fleet or len(nodes) - 1, capacity, fixed_cost, vehicles_first),
        distance,
        distance * 0,
    )


def _spec_number(reader: LineReader, specs: dict[str, tuple[str, int]], key: str) -> float:
    if key not in specs:
        raise reader.error(1, f"no {key} line")
    value, line = specs[key]
    try:
        number = float(value)
    except ValueError:
        raise reader.error(line, f"{key} must be a number, not {value!r}") from None
    if number <= 0:
        raise reader.error(line, f"{key} must be positive, not {value}")
    return number


def _table(
    reader: LineReader, lines: list[int], count: int, what: str, dimension: int
) -> dict[int, list[float]]:
    """Rows ``node value…`` of a section, by node number, checked against DIMENSION."""
    rows: dict[int, list[float]] = {}
    for number in lines:
        values = reader.numbers(number, count, what)
        node = int(values[0])
        if node in rows:
            raise reader.error(number, f"node {node} is listed twice")
        if not 1 <= node <= dimension:
            raise reader.error(number, f"node {node} is outside 1..DIMENSION ({dimension})")
        rows[node] = values[1:]
    if len(rows) != dimension:
        raise reader.error(
            lines[-1] if lines else 1, f"{len(rows)} rows ({what}), DIMENSION is {dimension}"
        )
    return rows


def read_solution(path: Path | str, problem: Problem) -> tuple[list[RouteSequence], float]:
    """A CVRPLIB ``.sol`` file as routes of ``problem``'s vehicles, and its ``Cost`` line."""
    text, source = read_text(path)
    return parse_solution(text, source, problem)


def parse_solution(text: str, source: str, problem: Problem) -> tuple[list[RouteSequence], float]:
    """Parse ``Route #k: c1 c2 …`` lines (customer ``c`` is node ``c + 1``) and ``Cost N``."""
    reader = LineReader(text, source)
    routes: list[tuple[int, list[str]]] = []
    cost: float | None = None
    for number, raw in enumerate(reader.lines, start=1):
        line = raw.strip()
        if line.lower().startswith("route"):
            _, _, customers = line.partition(":")
            try:
                nodes = [int(c) + 1 for c in customers.split()]
            except ValueError:
                raise reader.error(number, "a route lists customer numbers") from None
            routes.append((number, [str(node) for node in nodes]))
        elif line.lower().startswith("cost"):
            try:
                cost = float(line.split()[1])
            except (IndexError, ValueError):
                raise reader.error(number, "expected 'Cost <number>'") from None
        elif line:
            raise reader.error(number, f"unexpected line {line[:40]!r}")
    if cost is None:
        raise reader.error(len(reader.lines), "no 'Cost' line")
    return _sequences(reader, problem, routes), cost


def _sequences(
    reader: LineReader, problem: Problem, routes: list[tuple[int, list[str]]]
) -> list[RouteSequence]:
    if len(routes) > len(problem.vehicles):
        raise reader.error(
            routes[len(problem.vehicles)][0],
            f"{len(routes)} routes for {len(problem.vehicles)} vehicles",
        )
    known = {job.id for job in problem.jobs}
    for line, jobs in routes:
        unknown = [job for job in jobs if job not in known]
        if unknown:
            raise ProblemError.single(
                f"{reader.source}:{line}", f"node {unknown[0]} is not a customer of the instance"
            )
    return [
        RouteSequence(vehicle.id, (tuple(jobs),))
        for vehicle, (_, jobs) in zip(problem.vehicles, routes, strict=False)
    ]
