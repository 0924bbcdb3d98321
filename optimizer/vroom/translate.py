"""A VROOM document as one of our planning days, every VROOM rule kept.

- **Tasks.** A job with a ``delivery`` is an optional delivery, one with a ``pickup`` (or no
  amount) an optional pickup, a shipment a shipment; each end has its own site, whose windows,
  service (+ setup) and required skills are the step's. All are optional: VROOM leaves out what
  it cannot fit.
- **Objective.** VROOM maximises the priority sum, then the number of tasks, then lowers cost.
  Each step (a job; a shipment's pickup and its delivery, as VROOM counts them) is worth
  ``TASK + priority × PRIORITY`` €, where ``TASK`` exceeds what inserting any
  task into any route can cost (four arcs at the dearest rate plus a vehicle's fixed cost), and
  ``PRIORITY`` exceeds ``TASK`` times the number of steps: one more priority point beats any
  number of tasks, one more task beats any saving the insertion could bring.
- **Amounts.** Up to three dimensions, on the ambient, chilled and frozen compartments (a
  dimension's capacity is its compartment's). A task without any amount still needs a lot in our
  model: it carries 1 kg in the next free compartment, whose capacity is the number of tasks, so
  it never binds. The same count implements ``max_tasks`` exactly when every task is a job of one
  direction (all delivered from the depot, or all brought back), since the load of that
  compartment is then the number of tasks on board; otherwise a binding ``max_tasks`` is refused.
- **Time.** VROOM's integer seconds, shifted so that the earliest vehicle start is 0 (VROOM's
  times may be Unix timestamps); the answer shifts them back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from optimizer.model import (
    TEMPERATURE_CLASSES,
    Break,
    Category,
    ClassKg,
    Delivery,
    ExplicitTravel,
    HaversineTravel,
    Lot,
    Pickup,
    Problem,
    RoadTravel,
    Settings,
    Shipment,
    ShipmentStop,
    Site,
    SiteKind,
    TemperatureClass,
    TimeWindow,
    Vehicle,
)
from optimizer.model.jobs import MAX_JOB_VALUE_EUR
from optimizer.vroom.document import (
    MAX_PRIORITY,
    NOT_HONOURED,
    Document,
    Fleet,
    Pause,
    Step,
    Task,
    read_document,
)
from optimizer.vroom.errors import VroomInputError, about
from optimizer.vroom.travel import Travel, travel_of

PLAN_DATE = dt.date(2000, 1, 1)
"""VROOM has no dates and no food: any fixed day."""

LATEST_TIME_S = 999 * 3600
"""Shifted times stay within 999 hours, the longest clock time a problem file writes ("999:00")."""

AMOUNT_CATEGORY = {
    TemperatureClass.AMBIENT: Category.OTHER,
    TemperatureClass.CHILLED: Category.OTHER,
    TemperatureClass.FROZEN: Category.FROZEN,
}


@dataclass
class Translation:
    """The day built from a VROOM document, and what the answer needs to speak VROOM again."""

    problem: Problem
    document: Document
    travel: Travel
    offset_s: int
    dimensions: int
    tasks: dict[str, Task] = field(default_factory=dict)
    """Our job or shipment id → the VROOM task."""
    vehicles: dict[str, Fleet] = field(default_factory=dict)
    site_rows: dict[str, int] = field(default_factory=dict)
    """Our site id → its row in VROOM's matrices."""
    task_value_eur: float = 0.0
    priority_value_eur: float = 0.0


def translate(
    data: object,
    *,
    time_limit_s: float = 30.0,
    seed: int = 1,
    travel: HaversineTravel | RoadTravel | None = None,
) -> Translation:
    """The VROOM document ``data`` as a validated :class:`Problem`, or a VROOM input error."""
    document = read_document(data)
    with about("location"):
        vroom_travel = travel_of(document, travel)
    dimensions = _dimensions(document)
    token = _token_class(document, dimensions)
    offset = _offset(document)
    translation = Translation(
        problem=None,  # type: ignore[arg-type]  # set below, once the parts are built
        document=document,
        travel=vroom_travel,
        offset_s=offset,
        dimensions=dimensions,
    )
    _values(translation)
    sites, jobs, shipments = _tasks(translation, token)
    with about("vehicles"):
        depots = _depots(translation)
    horizon = _horizon(translation)
    vehicles = []
    for fleet in document.vehicles:
        with about(fleet.key):
            vehicles.append(_vehicle(translation, fleet, token, horizon))
    all_sites = [*depots, *sites]
    rows = [translation.site_rows[site.id] for site in all_sites]
    with about("matrices"):
        travel_model = ExplicitTravel(
            site_ids=[site.id for site in all_sites],
            distance_m=vroom_travel.arc_cost[rows][:, rows].tolist(),
            duration_s=vroom_travel.durations[rows][:, rows].tolist(),
        )
    with about("input"):
        translation.problem = Problem(
            name="vroom",
            date=PLAN_DATE,
            sites=all_sites,
            vehicles=vehicles,
            pickups=[job for job in jobs if isinstance(job, Pickup)],
            deliveries=[job for job in jobs if isinstance(job, Delivery)],
            shipments=shipments,
            travel=travel_model,
            settings=Settings(time_limit_s=time_limit_s, seed=seed),
        )
    return translation


def _dimensions(document: Document) -> int:
    sizes = {len(v.capacity) for v in document.vehicles}
    sizes |= {len(t.delivery) for t in document.tasks} | {len(t.pickup) for t in document.tasks}
    dimensions = max(sizes)
    for vehicle in document.vehicles:
        if len(vehicle.capacity) != dimensions:
            raise VroomInputError(
                f"{vehicle.key}.capacity", "invalid", detail=f"{dimensions} dimensions expected"
            )
    for task in document.tasks:
        if {len(task.delivery), len(task.pickup)} - {0, dimensions}:
            raise VroomInputError(task.key, "invalid", detail=f"amounts of {dimensions} dimensions")
    if dimensions > len(TEMPERATURE_CLASSES):
        raise VroomInputError(
            f"{document.vehicles[0].key}.capacity",
            "not_honoured",
            detail="amounts of more than 3 dimensions (foodroute has 3 compartments)",
        )
    return dimensions


def _binding_max_tasks(document: Document) -> Fleet | None:
    steps = sum(len(task.steps) for task in document.tasks)
    return next(
        (v for v in document.vehicles if v.max_tasks is not None and v.max_tasks < steps), None
    )


def _token_class(document: Document, dimensions: int) -> TemperatureClass | None:
    """The compartment that counts tasks, when some task has no amount or max_tasks binds."""
    limited = _binding_max_tasks(document)
    empty = next((t for t in document.tasks if not any(t.delivery) and not any(t.pickup)), None)
    if limited is None and empty is None:
        return None
    if limited is not None:
        shipments = any(task.is_shipment for task in document.tasks)
        directions = {bool(any(task.delivery)) for task in document.tasks}
        if shipments or len(directions) > 1:
            raise VroomInputError(
                f"{limited.key}.max_tasks",
                "not_honoured",
                detail="a task limit with shipments, or with jobs both delivered and picked up",
            )
    if dimensions == len(TEMPERATURE_CLASSES):
        key = f"{limited.key}.max_tasks" if limited else f"{empty.key}"  # type: ignore[union-attr]
        raise VroomInputError(
            key, "not_honoured", detail="tasks without amounts (or max_tasks) with 3 dimensions"
        )
    return TEMPERATURE_CLASSES[dimensions]


def _offset(document: Document) -> int:
    windows = [v.window for v in document.vehicles]
    if any(window is None for window in windows):
        return 0
    return min(window[0] for window in windows if window is not None)


def _shift(translation: Translation, window: tuple[int, int], key: str) -> tuple[int, int]:
    start, end = (max(t - translation.offset_s, 0) for t in window)
    if end > LATEST_TIME_S:
        raise VroomInputError(
            key, "not_honoured", detail="times more than 999 hours after the earliest vehicle start"
        )
    return start, end


def _values(translation: Translation) -> None:
    """What a task and a priority point are worth, € (see the module's docstring)."""
    travel = translation.travel
    vehicles = translation.document.vehicles
    dearest_arc = float(travel.arc_cost.max()) * max(travel.cost_factor.values())
    fixed = max(v.fixed for v in vehicles)
    task = 4 * dearest_arc + fixed + 1.0
    tasks = sum(len(t.steps) for t in translation.document.tasks)
    priority = task * (tasks + 1)
    # Keep every prize summable by the solvers (64-bit costs): weaken the priority weight first.
    room = MAX_JOB_VALUE_EUR / max(tasks, 1) - task
    translation.task_value_eur = task
    translation.priority_value_eur = max(min(priority, room / MAX_PRIORITY), 0.0)


def _lots(
    translation: Translation, task: Task, token: TemperatureClass | None, owner: str
) -> list[Lot]:
    amounts = task.delivery if any(task.delivery) else task.pickup
    lots = [
        Lot(
            id=f"{owner}/{dimension}",
            category=AMOUNT_CATEGORY[TEMPERATURE_CLASSES[dimension]],
            temperature=TEMPERATURE_CLASSES[dimension],
            kg=amount,
        )
        for dimension, amount in enumerate(amounts)
        if amount > 0
    ]
    if token is not None and (not lots or _binding_max_tasks(translation.document)):
        lots.append(
            Lot(id=f"{owner}/task", category=AMOUNT_CATEGORY[token], temperature=token, kg=1)
        )
    return lots


def _site(translation: Translation, step: Step, task: Task, kind: SiteKind) -> Site:
    site_id = f"{step.kind}-{step.id}"
    translation.site_rows[site_id] = translation.travel.rows[step.place]
    lon, lat = step.place.coordinates or (0.0, 0.0)
    return Site(
        id=site_id,
        kind=kind,
        name=step.description or "",
        lat=lat,
        lon=lon,
        service_min=(step.setup_s + step.service_s) / 60,
        required_skills=sorted(str(skill) for skill in task.skills),
    )


def _windows(translation: Translation, step: Step) -> list[TimeWindow] | None:
    if not step.windows:
        return None
    shifted = [_shift(translation, w, f"{step.key}.time_windows") for w in step.windows]
    return [TimeWindow(start=start, end=end) for start, end in shifted]


def _tasks(
    translation: Translation, token: TemperatureClass | None
) -> tuple[list[Site], list[Pickup | Delivery], list[Shipment]]:
    _check_setups(translation.document)
    sites: list[Site] = []
    jobs: list[Pickup | Delivery] = []
    shipments: list[Shipment] = []
    delivered = any(
        any(task.delivery) for task in translation.document.tasks if not task.is_shipment
    )
    for task in translation.document.tasks:
        with about(task.key):
            _task(translation, task, token, delivered, (sites, jobs, shipments))
    return sites, jobs, shipments


def _task(
    translation: Translation,
    task: Task,
    token: TemperatureClass | None,
    delivered: bool,
    into: tuple[list[Site], list[Pickup | Delivery], list[Shipment]],
) -> None:
    """Add the task's sites and its job or shipment to ``into``."""
    sites, jobs, shipments = into
    # VROOM counts a shipment's priority, and the shipment as a task, at each of its steps.
    value = len(task.steps) * (
        translation.task_value_eur + task.priority * translation.priority_value_eur
    )
    if task.is_shipment:
        pickup, delivery = task.steps
        shipment_id = f"shipment-{pickup.id}-{delivery.id}"
        ends = [
            _site(translation, pickup, task, SiteKind.DONOR),
            _site(translation, delivery, task, SiteKind.PARTNER),
        ]
        shipments.append(
            Shipment(
                id=shipment_id,
                pickup=ShipmentStop(site=ends[0].id, time_windows=_windows(translation, pickup)),
                delivery=ShipmentStop(
                    site=ends[1].id, time_windows=_windows(translation, delivery)
                ),
                lots=_lots(translation, task, token, shipment_id),
                value_eur=value,
            )
        )
        sites += ends
        translation.tasks[shipment_id] = task
        return
    (step,) = task.steps
    is_delivery = any(task.delivery) or (not any(task.pickup) and delivered)
    site = _site(translation, step, task, SiteKind.PARTNER if is_delivery else SiteKind.DONOR)
    job_type = Delivery if is_delivery else Pickup
    jobs.append(
        job_type(
            id=site.id,
            site=site.id,
            lots=_lots(translation, task, token, site.id),
            time_windows=_windows(translation, step),
            required=False,
            value_eur=value,
        )
    )
    sites.append(site)
    translation.tasks[site.id] = task


def _check_setups(document: Document) -> None:
    """VROOM skips a step's setup after a step at the same place; we always count it.

    Both agree when no two steps (nor a vehicle's start) share a place, so only then is a setup
    honoured.
    """
    steps = [step for task in document.tasks for step in task.steps]
    with_setup = next((step for step in steps if step.setup_s), None)
    if with_setup is None:
        return
    places = [step.place for step in steps] + [v.start for v in document.vehicles]
    if len(set(places)) != len(places):
        raise VroomInputError(
            f"{with_setup.key}.setup",
            "not_honoured",
            detail="setup times with steps at the same place (VROOM skips the setup there)",
        )


def _depots(translation: Translation) -> list[Site]:
    depots: dict[str, Site] = {}
    for vehicle in translation.document.vehicles:
        for place in (vehicle.start, vehicle.end):
            assert place is not None
            row = translation.travel.rows[place]
            site_id = f"depot-{row}"
            translation.site_rows[site_id] = row
            lon, lat = place.coordinates or (0.0, 0.0)
            depots.setdefault(
                site_id, Site(id=site_id, kind=SiteKind.DEPOT, lat=lat, lon=lon, service_min=0)
            )
    return list(depots.values())


def _horizon(translation: Translation) -> int:
    """The end of a vehicle without a time window: later than any route can end."""
    document = translation.document
    steps = [step for task in document.tasks for step in task.steps]
    latest = max((end for step in steps for _, end in step.windows), default=0)
    latest = max(latest - translation.offset_s, 0)
    work = sum(step.setup_s + step.service_s for step in steps)
    work += sum(p.service_s for v in document.vehicles for p in v.breaks)
    travel = (len(steps) + 1) * int(translation.travel.durations.max())
    return min(latest + work + travel + 1, LATEST_TIME_S)


def _vehicle(
    translation: Translation, fleet: Fleet, token: TemperatureClass | None, horizon: int
) -> Vehicle:
    start, end = (
        (0, horizon) if fleet.window is None else _shift(translation, fleet.window, fleet.key)
    )
    capacity = dict.fromkeys((k.value for k in TEMPERATURE_CLASSES), 0.0)
    for dimension, amount in enumerate(fleet.capacity):
        capacity[TEMPERATURE_CLASSES[dimension].value] = float(amount)
    if token is not None:
        tasks = sum(len(task.steps) for task in translation.document.tasks)
        capacity[token.value] = float(min(fleet.max_tasks or tasks, tasks))
    breaks = sorted(fleet.breaks, key=lambda p: p.window[0] if p.window else start)
    vehicle_id = str(fleet.id)
    translation.vehicles[vehicle_id] = fleet
    assert fleet.start is not None and fleet.end is not None
    return Vehicle(
        id=vehicle_id,
        max_distance_km=_max_distance_km(translation, fleet),
        name=fleet.description or "",
        depot=f"depot-{translation.travel.rows[fleet.start]}",
        end_depot=f"depot-{translation.travel.rows[fleet.end]}",
        shift_start=start,
        shift_end=end,
        capacity_kg=ClassKg(**capacity),
        cost_per_km=1000 * translation.travel.cost_factor[fleet.id],
        cost_per_hour=0.0,
        fixed_cost=fleet.fixed,
        skills=sorted(str(skill) for skill in fleet.skills),
        breaks=[_break(translation, pause, start, end) for pause in breaks],
    )


def _max_distance_km(translation: Translation, fleet: Fleet) -> float | None:
    """VROOM's ``max_distance`` (metres) on our matrix, which is the distances only when no
    vehicle pays for time (otherwise it is VROOM's arc cost, see :mod:`optimizer.vroom.travel`)."""
    if fleet.max_distance is None:
        return None
    if not translation.travel.arc_cost_is_distance:
        raise VroomInputError(
            f"{fleet.key}.max_distance", "not_honoured", detail=NOT_HONOURED["max_distance"]
        )
    return fleet.max_distance / 1000


def _break(translation: Translation, pause: Pause, shift_start: int, shift_end: int) -> Break:
    """A VROOM break; without a window it may start any time its driver's shift allows."""
    if pause.window is None:
        start, end = shift_start, shift_end - pause.service_s
    else:
        start, end = _shift(translation, pause.window, f"{pause.key}.time_windows")
    return Break(
        id=str(pause.id),
        window=TimeWindow(start=start, end=end),
        duration_min=pause.service_s / 60,
    )
