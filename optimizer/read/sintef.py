"""Solutions in the SINTEF TOP format (Gehring-Homberger, Li & Lim best-known solutions).

Format: a few header lines (``Instance name :``, ``Authors :``, ``Date :``, ``Reference :``),
``Solution``, then one line per route, ``Route 1 : 32 171 65 …``, listing node numbers in
driving order without the depot. A node is read as the job made at its site: the delivery of a
VRPTW customer, the pickup or the delivery of a Li & Lim shipment (whose id then appears twice in
the route, pickup first).
"""

from __future__ import annotations

from pathlib import Path

from optimizer.model import Problem
from optimizer.plan import RouteSequence
from optimizer.read.literature import LineReader, read_text


def read_sintef(path: Path | str, problem: Problem) -> list[RouteSequence]:
    """The routes of a SINTEF solution file, on ``problem``'s vehicles in file order."""
    text, source = read_text(path)
    return parse_sintef(text, source, problem)


def parse_sintef(text: str, source: str, problem: Problem) -> list[RouteSequence]:
    """Parse the text of a SINTEF solution; errors name ``source`` and the line."""
    reader = LineReader(text, source)
    job_at = {job.site: job.id for job in problem.jobs}
    pickups = set()
    problem_shipments = {shipment.id for shipment in problem.shipments}
    for shipment in problem.shipments:
        job_at[shipment.pickup.site] = shipment.id
        job_at[shipment.delivery.site] = shipment.id
        pickups.add(shipment.pickup.site)
    routes: list[tuple[int, tuple[str, ...]]] = []
    for number, raw in enumerate(reader.lines, start=1):
        line = raw.strip()
        if not line.lower().startswith("route"):
            continue
        _, colon, nodes = line.partition(":")
        if not colon or not nodes.split():
            raise reader.error(number, "expected 'Route <n> : <node> <node> …'")
        jobs: list[str] = []
        for node in nodes.split():
            if node not in job_at:
                raise reader.error(number, f"node {node} is not a customer of the instance")
            job = job_at[node]
            if job in problem_shipments and (node in pickups) == (job in jobs):
                # Our routes say "first occurrence = pickup": a file that delivers first, or
                # lists one end twice, has no faithful encoding, so it is refused here.
                raise reader.error(
                    number, f"node {node} of shipment {job} is not in pickup-then-delivery order"
                )
            jobs.append(job)
        routes.append((number, tuple(jobs)))
    if not routes:
        raise reader.error(len(reader.lines), "no 'Route' line")
    if len(routes) > len(problem.vehicles):
        raise reader.error(
            routes[len(problem.vehicles)][0],
            f"{len(routes)} routes but the instance has {len(problem.vehicles)} vehicles",
        )
    return [
        RouteSequence(vehicle.id, (jobs,))
        for vehicle, (_, jobs) in zip(problem.vehicles, routes, strict=False)
    ]
