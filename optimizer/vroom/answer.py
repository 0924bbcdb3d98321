"""A checked plan written as VROOM's answer: ``code``, ``summary``, ``routes`` of ``steps``,
``unassigned``; what foodroute adds goes under the ``foodroute`` key only.

Every number comes from the plan the checker evaluated: arrival and service start of each stop,
the breaks where the checker placed them, the route's cost. Loads, travel durations and distances
are recounted in VROOM's own units from its amounts and matrices, so that a VROOM client reads
the values it would compute itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from optimizer.check import Evaluation
from optimizer.plan import Plan, Route, Stop, StopKind
from optimizer.vroom.document import Task
from optimizer.vroom.translate import Translation

TASK_STOPS = {
    StopKind.PICKUP: 0,
    StopKind.DELIVERY: 0,
    StopKind.SHIPMENT_PICKUP: 0,
    StopKind.SHIPMENT_DELIVERY: 1,
}
"""Which step of its task a stop is."""


@dataclass
class Totals:
    """What VROOM sums per route and over the solution."""

    dimensions: int
    cost: int = 0
    setup: int = 0
    service: int = 0
    duration: int = 0
    waiting_time: int = 0
    priority: int = 0
    distance: int = 0
    delivery: list[int] = field(default_factory=list)
    pickup: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.delivery = [0] * self.dimensions
        self.pickup = [0] * self.dimensions

    def add(self, other: Totals) -> None:
        for name in ("cost", "setup", "service", "duration", "waiting_time", "priority"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.distance += other.distance
        self.delivery = [a + b for a, b in zip(self.delivery, other.delivery, strict=True)]
        self.pickup = [a + b for a, b in zip(self.pickup, other.pickup, strict=True)]

    def document(self, distances: bool) -> dict[str, Any]:
        out: dict[str, Any] = {
            "cost": self.cost,
            "delivery": self.delivery,
            "amount": self.delivery,
            "pickup": self.pickup,
            "setup": self.setup,
            "service": self.service,
            "duration": self.duration,
            "waiting_time": self.waiting_time,
            "priority": self.priority,
        }
        if distances:
            out["distance"] = self.distance
        return out


def _amount(values: tuple[int, ...], dimensions: int) -> list[int]:
    return list(values) if values else [0] * dimensions


def answer(
    translation: Translation, plan: Plan, evaluation: Evaluation, times_ms: dict[str, int]
) -> dict[str, Any]:
    """VROOM's solution document for ``plan`` (``times_ms``: loading, solving, routing)."""
    summary = Totals(translation.dimensions)
    routes = []
    for route in plan.routes:
        if not any(stop.job for stop in route.stops):
            continue
        document, totals = _route(translation, route)
        summary.add(totals)
        routes.append(document)
    unassigned = _unassigned(translation, plan)
    has_distances = translation.travel.distances is not None
    return {
        "code": 0,
        "summary": {
            **summary.document(has_distances),
            "routes": len(routes),
            "unassigned": len(unassigned),
            "violations": [],
            "computing_times": times_ms,
        },
        "unassigned": unassigned,
        "routes": routes,
        "foodroute": _extra(translation, plan, evaluation),
    }


def _route(translation: Translation, route: Route) -> tuple[dict[str, Any], Totals]:
    fleet = translation.vehicles[route.vehicle]
    dims = translation.dimensions
    totals = Totals(dims)
    tasks = [translation.tasks[s.job] for s in route.stops if s.job and s.kind in TASK_STOPS]
    load = [0] * dims
    totals.priority = sum(task.priority for task in tasks)  # a shipment's at both its steps
    for task in {id(t): t for t in tasks}.values():
        totals.delivery = [
            a + b for a, b in zip(totals.delivery, _amount(task.delivery, dims), strict=True)
        ]
        totals.pickup = [
            a + b for a, b in zip(totals.pickup, _amount(task.pickup, dims), strict=True)
        ]
        if not task.is_shipment:
            load = [a + b for a, b in zip(load, _amount(task.delivery, dims), strict=True)]
    walk = _Walk(translation, totals, load)
    steps: list[dict[str, Any]] = []
    breaks = sorted(route.breaks, key=lambda b: b.start)
    last = len(route.stops) - 1
    for index, stop in enumerate(route.stops):
        if index == last:
            # Our checker takes a break still open at the return after the route; VROOM's
            # routes end with their end step, so the break comes first and the route ends later.
            for pause in (b for b in breaks if b.after_stop == index):
                steps.append(walk.pause(pause.id, pause.start, pause.end))
            steps.append(walk.stop(stop, not_before=max((b.end for b in breaks), default=0)))
            break
        steps.append(walk.stop(stop))
        for pause in (b for b in breaks if b.after_stop == index):
            steps.append(walk.pause(pause.id, pause.start, pause.end))
    totals.cost = round(route.cost_eur)
    document: dict[str, Any] = {"vehicle": fleet.id, **totals.document(walk.distances)}
    document["steps"] = steps
    document["violations"] = []
    if fleet.description is not None:
        document["description"] = fleet.description
    return document, totals


class _Walk:
    """The steps of one route in order, counting travel, distance and load as VROOM does."""

    def __init__(self, translation: Translation, totals: Totals, load: list[int]) -> None:
        self.translation = translation
        self.totals = totals
        self.load = load
        self.row: int | None = None
        self.distances = translation.travel.distances is not None

    def _travel_to(self, site: str) -> None:
        row = self.translation.site_rows[site]
        if self.row is not None:
            travel = self.translation.travel
            self.totals.duration += int(travel.durations[self.row, row])
            if travel.distances is not None:
                self.totals.distance += int(travel.distances[self.row, row])
        self.row = row

    def _common(self, arrival: int, setup: int, service: int, waiting: int) -> dict[str, Any]:
        out: dict[str, Any] = {
            "setup": setup,
            "service": service,
            "waiting_time": waiting,
            "load": list(self.load),
            "arrival": arrival + self.translation.offset_s,
            "duration": self.totals.duration,
        }
        if self.distances:
            out["distance"] = self.totals.distance
        out["violations"] = []
        return out

    def stop(self, stop: Stop, not_before: int = 0) -> dict[str, Any]:
        self._travel_to(stop.site)
        if stop.job is None or stop.kind not in TASK_STOPS:
            kind = "start" if stop.kind is StopKind.START else "end"
            place = self._depot_place(self.translation.site_rows[stop.site])
            arrival = max(stop.arrival, not_before)
            return {"type": kind, **place, **self._common(arrival, 0, 0, 0)}
        waiting = stop.service_start - stop.arrival
        self.totals.waiting_time += waiting
        task = self.translation.tasks[stop.job]
        step = task.steps[TASK_STOPS[stop.kind]]
        self._carry(task, step.kind)
        self.totals.setup += step.setup_s
        self.totals.service += step.service_s
        out: dict[str, Any] = {"type": step.kind, **step.place.answer(), "id": step.id}
        out.update(self._common(stop.arrival, step.setup_s, step.service_s, waiting))
        out["job"] = step.id
        if step.description is not None:
            out["description"] = step.description
        return out

    def _depot_place(self, row: int) -> dict[str, Any]:
        for vehicle in self.translation.document.vehicles:
            for place in (vehicle.start, vehicle.end):
                if place is not None and self.translation.travel.rows[place] == row:
                    return place.answer()
        return {}

    def _carry(self, task: Task, kind: str) -> None:
        dims = self.translation.dimensions
        if kind == "job":
            delivered, picked = _amount(task.delivery, dims), _amount(task.pickup, dims)
        elif kind == "pickup":
            delivered, picked = [0] * dims, _amount(task.pickup, dims)
        else:
            delivered, picked = _amount(task.delivery, dims), [0] * dims
        self.load = [a - d + p for a, d, p in zip(self.load, delivered, picked, strict=True)]

    def pause(self, pause_id: str, start: int, end: int) -> dict[str, Any]:
        service = end - start
        self.totals.service += service
        out: dict[str, Any] = {"type": "break", "id": int(pause_id)}
        out.update(self._common(start, 0, service, 0))
        return out


def _unassigned(translation: Translation, plan: Plan) -> list[dict[str, Any]]:
    served = {stop.job for route in plan.routes for stop in route.stops if stop.job}
    out = []
    for job_id, task in translation.tasks.items():
        if job_id in served:
            continue
        for step in task.steps:
            entry: dict[str, Any] = {"id": step.id, "type": step.kind, **step.place.answer()}
            if step.description is not None:
                entry["description"] = step.description
            out.append(entry)
    return out


def _extra(translation: Translation, plan: Plan, evaluation: Evaluation) -> dict[str, Any]:
    """Ours: why each task is left out, the checker's verdict, how the objective was priced."""
    reasons = []
    for item in plan.unassigned:
        task = translation.tasks.get(item.job)
        if task is None:
            continue
        for step in task.steps:
            reasons.append(
                {
                    "id": step.id,
                    "type": step.kind,
                    "reason": item.reason.value,
                    "message_fr": item.message_fr,
                    "message_en": item.message_en,
                }
            )
    return {
        "check": {
            "feasible": evaluation.feasible,
            "violations": [violation.message for violation in evaluation.violations],
        },
        "unassigned": reasons,
        "backend": plan.solver.backend if plan.solver else None,
        "objective": {
            "task_value": translation.task_value_eur,
            "priority_value": translation.priority_value_eur,
        },
    }
