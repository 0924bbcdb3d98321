"""A VROOM input document read into plain records, every key checked against VROOM's format.

Keys are those of VROOM's ``docs/API.md`` (v1.14/1.15). Each is either honoured, or refused with
code 2 naming it (:class:`~optimizer.vroom.errors.VroomInputError`): a key VROOM would use and we
would silently ignore would give a VROOM client a different answer than it asked for. Keys that
only carry text (``description``) are kept for the answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from optimizer.vroom.errors import VroomInputError

TOP_KEYS = {"jobs", "shipments", "vehicles", "matrices"}
JOB_KEYS = {"id", "description", "location", "location_index", "setup", "service", "delivery"}
JOB_KEYS |= {"pickup", "amount", "skills", "priority", "time_windows"}
SHIPMENT_KEYS = {"pickup", "delivery", "amount", "skills", "priority"}
SHIPMENT_STEP_KEYS = {"id", "description", "location", "location_index", "setup", "service"}
SHIPMENT_STEP_KEYS |= {"time_windows"}
VEHICLE_KEYS = {"id", "profile", "description", "start", "start_index", "end", "end_index"}
VEHICLE_KEYS |= {"capacity", "costs", "skills", "time_window", "breaks", "speed_factor"}
VEHICLE_KEYS |= {"max_tasks", "max_travel_time", "max_distance", "steps"}
BREAK_KEYS = {"id", "time_windows", "service", "description", "max_load"}
COST_KEYS = {"fixed", "per_hour", "per_km"}
MATRIX_KEYS = {"durations", "distances", "costs"}

#: VROOM keys whose meaning our model cannot carry (yet), with the reason given back.
NOT_HONOURED = {
    "max_travel_time": "a limit on driving time alone; foodroute limits whole shifts",
    "max_distance": "a distance limit with a cost on time (give per_hour 0 and per_km)",
    "steps": "imposed route steps are not read; use foodroute's locked routes",
    "max_load": "no load limit at breaks",
    "costs": "cost matrices: foodroute prices arcs from durations and distances",
}

MAX_PRIORITY = 100


@dataclass(frozen=True)
class Place:
    """Where a step is: a matrix row and/or coordinates, as the document gave them."""

    index: int | None
    coordinates: tuple[float, float] | None

    def answer(self) -> dict[str, Any]:
        """The keys VROOM's answer gives for this place: those of the input."""
        out: dict[str, Any] = {}
        if self.coordinates is not None:
            out["location"] = list(self.coordinates)
        if self.index is not None:
            out["location_index"] = self.index
        return out


@dataclass(frozen=True)
class Step:
    """One place a task is served: a job, or the pickup or delivery of a shipment."""

    key: str
    kind: str  # "job", "pickup" or "delivery", as in VROOM's answer
    id: int
    place: Place
    setup_s: int
    service_s: int
    windows: tuple[tuple[int, int], ...]
    description: str | None


@dataclass(frozen=True)
class Task:
    """A job (one step) or a shipment (pickup step, delivery step) with its amounts."""

    key: str
    steps: tuple[Step, ...]
    delivery: tuple[int, ...]
    pickup: tuple[int, ...]
    skills: frozenset[int]
    priority: int

    @property
    def is_shipment(self) -> bool:
        return len(self.steps) == 2


@dataclass(frozen=True)
class Pause:
    key: str
    id: int
    window: tuple[int, int] | None
    service_s: int
    description: str | None


@dataclass(frozen=True)
class Fleet:
    """One VROOM vehicle."""

    key: str
    id: int
    profile: str
    start: Place | None
    end: Place | None
    capacity: tuple[int, ...]
    skills: frozenset[int]
    window: tuple[int, int] | None
    breaks: tuple[Pause, ...]
    max_tasks: int | None
    max_distance: int | None
    fixed: int
    per_hour: int
    per_km: int
    description: str | None


@dataclass
class Document:
    tasks: list[Task] = field(default_factory=list)
    vehicles: list[Fleet] = field(default_factory=list)
    matrices: dict[str, dict[str, list[list[int]]]] = field(default_factory=dict)


def read_document(data: object) -> Document:
    """Read a VROOM input document; raise :class:`VroomInputError` naming the first bad key."""
    if not isinstance(data, dict):
        raise VroomInputError("input", "invalid", detail="a JSON object is expected")
    _known(data, TOP_KEYS, "")
    document = Document()
    for index, job in enumerate(_list(data, "jobs", "")):
        document.tasks.append(_job(job, f"jobs[{index}]"))
    for index, shipment in enumerate(_list(data, "shipments", "")):
        document.tasks.append(_shipment(shipment, f"shipments[{index}]"))
    if not document.tasks:
        raise VroomInputError("jobs", "invalid", detail="no jobs and no shipments")
    vehicles = _list(data, "vehicles", "")
    if not vehicles:
        raise VroomInputError("vehicles", "invalid", detail="no vehicles")
    document.vehicles = [_vehicle(v, f"vehicles[{i}]") for i, v in enumerate(vehicles)]
    document.matrices = _matrices(data.get("matrices"))
    _unique_ids(document)
    return document


def _known(data: dict[str, Any], keys: set[str], where: str) -> None:
    for key in data:
        if key not in keys:
            raise VroomInputError(f"{where}.{key}" if where else key, "unknown_key")


def _object(value: object, key: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise VroomInputError(key, "invalid", detail="an object is expected")
    return value


def _list(data: dict[str, Any], name: str, where: str) -> list[Any]:
    value = data.get(name, [])
    if not isinstance(value, list):
        raise VroomInputError(f"{where}.{name}" if where else name, "invalid", detail="a list")
    return value


def _integer(value: object, key: str, *, low: int = 0, high: int = 2**32 - 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise VroomInputError(key, "invalid", detail=f"an integer from {low} to {high}")
    return value


def _amount(data: dict[str, Any], name: str, key: str) -> tuple[int, ...]:
    value = data.get(name, [])
    if not isinstance(value, list):
        raise VroomInputError(f"{key}.{name}", "invalid", detail="a list of integers")
    return tuple(_integer(v, f"{key}.{name}[{i}]") for i, v in enumerate(value))


def _text(data: dict[str, Any], key: str) -> str | None:
    value = data.get("description")
    if value is not None and not isinstance(value, str):
        raise VroomInputError(f"{key}.description", "invalid", detail="a string")
    return value


def _place(data: dict[str, Any], coordinates: str, index: str, key: str) -> Place | None:
    row = data.get(index)
    point = data.get(coordinates)
    if row is None and point is None:
        return None
    if row is not None:
        row = _integer(row, f"{key}.{index}")
    if point is not None:
        valid = isinstance(point, list) and len(point) == 2
        if not valid or not all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in point
        ):
            raise VroomInputError(f"{key}.{coordinates}", "invalid", detail="[lon, lat]")
        point = (float(point[0]), float(point[1]))
    return Place(row, point)


def _window(window: object, path: str) -> tuple[int, int]:
    if not isinstance(window, list) or len(window) != 2:
        raise VroomInputError(path, "invalid", detail="[start, end]")
    start, end = (_integer(v, path) for v in window)
    if end < start:
        raise VroomInputError(path, "invalid", detail="the window ends before it starts")
    return start, end


def _windows(data: dict[str, Any], name: str, key: str) -> tuple[tuple[int, int], ...]:
    return tuple(
        _window(window, f"{key}.{name}[{position}]")
        for position, window in enumerate(_list(data, name, key))
    )


def _skills(data: dict[str, Any], key: str) -> frozenset[int]:
    skills = _list(data, "skills", key)
    return frozenset(_integer(s, f"{key}.skills[{i}]") for i, s in enumerate(skills))


def _step(data: dict[str, Any], key: str, kind: str) -> Step:
    place = _place(data, "location", "location_index", key)
    if place is None:
        raise VroomInputError(f"{key}.location", "invalid", detail="location or location_index")
    return Step(
        key=key,
        kind=kind,
        id=_integer(data.get("id"), f"{key}.id", high=2**64 - 1),
        place=place,
        setup_s=_integer(data.get("setup", 0), f"{key}.setup"),
        service_s=_integer(data.get("service", 0), f"{key}.service"),
        windows=_windows(data, "time_windows", key),
        description=_text(data, key),
    )


def _job(value: object, key: str) -> Task:
    data = _object(value, key)
    _known(data, JOB_KEYS, key)
    if "amount" in data and "delivery" in data:
        raise VroomInputError(f"{key}.amount", "invalid", detail="amount and delivery together")
    delivery = _amount(data, "delivery" if "delivery" in data else "amount", key)
    pickup = _amount(data, "pickup", key)
    if any(delivery) and any(pickup):
        raise VroomInputError(
            f"{key}.pickup",
            "not_honoured",
            detail="a job that both delivers and picks up; give it as two jobs or a shipment",
        )
    return Task(
        key=key,
        steps=(_step(data, key, "job"),),
        delivery=delivery,
        pickup=pickup,
        skills=_skills(data, key),
        priority=_integer(data.get("priority", 0), f"{key}.priority", high=MAX_PRIORITY),
    )


def _shipment(value: object, key: str) -> Task:
    data = _object(value, key)
    _known(data, SHIPMENT_KEYS, key)
    steps = []
    for end in ("pickup", "delivery"):
        step = _object(data.get(end), f"{key}.{end}")
        _known(step, SHIPMENT_STEP_KEYS, f"{key}.{end}")
        steps.append(_step(step, f"{key}.{end}", end))
    amount = _amount(data, "amount", key)
    return Task(
        key=key,
        steps=tuple(steps),
        delivery=amount,
        pickup=amount,
        skills=_skills(data, key),
        priority=_integer(data.get("priority", 0), f"{key}.priority", high=MAX_PRIORITY),
    )


def _vehicle(value: object, key: str) -> Fleet:
    data = _object(value, key)
    _known(data, VEHICLE_KEYS, key)
    for name in ("max_travel_time", "steps"):
        if name in data:
            raise VroomInputError(f"{key}.{name}", "not_honoured", detail=NOT_HONOURED[name])
    if data.get("speed_factor", 1.0) != 1.0:
        raise VroomInputError(
            f"{key}.speed_factor", "not_honoured", detail="travel times are per profile only"
        )
    costs = _object(data.get("costs", {}), f"{key}.costs")
    _known(costs, COST_KEYS, f"{key}.costs")
    window = _window(data["time_window"], f"{key}.time_window") if "time_window" in data else None
    profile = data.get("profile", "car")
    if not isinstance(profile, str):
        raise VroomInputError(f"{key}.profile", "invalid", detail="a string")
    max_tasks = data.get("max_tasks")
    return Fleet(
        key=key,
        id=_integer(data.get("id"), f"{key}.id", high=2**64 - 1),
        profile=profile,
        start=_place(data, "start", "start_index", key),
        end=_place(data, "end", "end_index", key),
        capacity=_amount(data, "capacity", key),
        skills=_skills(data, key),
        window=window,
        breaks=tuple(
            _pause(pause, f"{key}.breaks[{i}]")
            for i, pause in enumerate(_list(data, "breaks", key))
        ),
        max_tasks=None if max_tasks is None else _integer(max_tasks, f"{key}.max_tasks"),
        max_distance=None
        if data.get("max_distance") is None
        else _integer(data["max_distance"], f"{key}.max_distance"),
        fixed=_integer(costs.get("fixed", 0), f"{key}.costs.fixed"),
        per_hour=_integer(costs.get("per_hour", 3600), f"{key}.costs.per_hour"),
        per_km=_integer(costs.get("per_km", 0), f"{key}.costs.per_km"),
        description=_text(data, key),
    )


def _pause(value: object, key: str) -> Pause:
    data = _object(value, key)
    _known(data, BREAK_KEYS, key)
    if "max_load" in data:
        raise VroomInputError(f"{key}.max_load", "not_honoured", detail=NOT_HONOURED["max_load"])
    windows = _windows(data, "time_windows", key)
    if len(windows) > 1:
        raise VroomInputError(
            f"{key}.time_windows", "not_honoured", detail="a break has one window in foodroute"
        )
    service = _integer(data.get("service", 0), f"{key}.service")
    if service == 0:
        raise VroomInputError(f"{key}.service", "not_honoured", detail="a break of no length")
    return Pause(
        key=key,
        id=_integer(data.get("id"), f"{key}.id", high=2**64 - 1),
        window=windows[0] if windows else None,
        service_s=service,
        description=_text(data, key),
    )


def _matrices(value: object) -> dict[str, dict[str, list[list[int]]]]:
    if value is None:
        return {}
    profiles = _object(value, "matrices")
    result: dict[str, dict[str, list[list[int]]]] = {}
    for profile, matrices in profiles.items():
        key = f"matrices.{profile}"
        data = _object(matrices, key)
        _known(data, MATRIX_KEYS, key)
        if "costs" in data:
            raise VroomInputError(f"{key}.costs", "not_honoured", detail=NOT_HONOURED["costs"])
        if "durations" not in data:
            raise VroomInputError(f"{key}.durations", "invalid", detail="durations are needed")
        result[profile] = {name: _square(data[name], f"{key}.{name}") for name in data}
    return result


def _square(rows: object, key: str) -> list[list[int]]:
    if not isinstance(rows, list) or not all(
        isinstance(row, list) and len(row) == len(rows) for row in rows
    ):
        raise VroomInputError(key, "invalid", detail="a square matrix")
    for i, row in enumerate(rows):
        for j, entry in enumerate(row):
            _integer(entry, f"{key}[{i}][{j}]")
    return rows


def _unique_ids(document: Document) -> None:
    seen: dict[str, set[int]] = {"job": set(), "pickup": set(), "delivery": set()}
    for task in document.tasks:
        for step in task.steps:
            if step.id in seen[step.kind]:
                raise VroomInputError(f"{step.key}.id", "invalid", detail=f"id {step.id} twice")
            seen[step.kind].add(step.id)
    vehicles: set[int] = set()
    for vehicle in document.vehicles:
        if vehicle.id in vehicles:
            raise VroomInputError(f"{vehicle.key}.id", "invalid", detail=f"id {vehicle.id} twice")
        vehicles.add(vehicle.id)
        breaks = [pause.id for pause in vehicle.breaks]
        if len(set(breaks)) != len(breaks):
            raise VroomInputError(f"{vehicle.key}.breaks", "invalid", detail="a break id twice")
