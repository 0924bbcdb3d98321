"""The PyVRP backend: the domain model as a PyVRP ``ProblemData``, solved by iterated local search.

Translation (every number comes from the :class:`~optimizer.context.Context` the checker reads):

- one PyVRP depot per depot site, with the depot's hours as its window and its loading time as
  its service duration (PyVRP, like our checker, spends it at the start of every trip and not on
  the final return);
- load dimensions: ambient, chilled, frozen, then total payload, in tenths of a kilogram
  (:data:`KG_SCALE`). Deliveries are loaded at the depot and pickups brought back: exactly PyVRP's
  simultaneous pickup and delivery. Capacities are floored and amounts rounded up, so that a load
  PyVRP accepts is never over a compartment for the checker;
- a job with one window is one client; a job with several windows is a mutually exclusive client
  group with one client per window (PyVRP's "alternative time windows");
- optional jobs carry a prize: the value of the food they move (:mod:`optimizer.model.food`),
  higher for food that expires sooner. Required jobs are required. Jobs that no vehicle can carry
  (no compartment or skill for them) or whose every lot is past its date stay out of the model: the
  plan lists them with their reason instead of letting them make every solution infeasible;
- costs in units of 10⁻⁵ € (:data:`EUR_SCALE`): €/km becomes a cost per metre, €/h a cost per
  second, and the fixed cost per vehicle is kept;
- travel: each vehicle type drives on its vehicles' own matrix (road profiles: a truck's
  ``truck`` costing, a van's ``auto``), the one the checker judges its routes on;
- skills and compartments: every stop has a PyVRP location of its own, and there is one routing
  profile per distinct (skills, compartments, travel matrix) of the fleet, in which every arc
  into a stop needing a skill or a compartment its vehicles lack is made prohibitively long;
  measured: a 3 s re-plan of the Dijon day without a 19 t truck ended with chilled food on dry
  vans when compartments were only load penalties, and feasible with them closed here;
- reloads: the start depot is a reload depot for vehicles with ``max_reloads`` > 0;
- ``max_duration_min`` is the vehicle type's ``shift_duration`` and ``max_distance_km`` its
  ``max_distance`` (metres), both over the whole route, every trip included, as the checker counts;
- paired shipments: PyVRP shipments (pickup before delivery on one route), when the problem has any;
- drivers' breaks: kept out of the shift (latest return and maximum duration shorter by their
  length), then placed by the checker and the routes repaired (:mod:`.pyvrp_breaks`).

The solution's routes come back as :class:`~optimizer.plan.RouteSequence` s
(:mod:`optimizer.backends.pyvrp_solution`, which also turns routes into a warm start);
feasibility and the objective are then judged by :mod:`optimizer.check`, never by PyVRP.
"""

from __future__ import annotations

import math
import time
import warnings
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from pyvrp import (
    Client,
    ClientGroup,
    Depot,
    IteratedLocalSearchCallbacks,
    IteratedLocalSearchParams,
    Location,
    PenaltyParams,
    ProblemData,
    Shipment,
    Solution,
    SolveParams,
    VehicleType,
)
from pyvrp import solve as pyvrp_solve
from pyvrp.exceptions import PenaltyBoundWarning
from pyvrp.stop import MaxIterations, MultipleCriteria, NoImprovement

from optimizer.backends.base import Backend, Run, SolveOptions
from optimizer.backends.on_board import kept_cold, needs_kept_cold
from optimizer.backends.pyvrp_breaks import (
    can_drive,
    has_breaks,
    repair_reserve_s,
    reserved_s,
    with_breaks_placed,
)
from optimizer.backends.pyvrp_solution import initial_solution, sequences_from
from optimizer.context import Context
from optimizer.matrix import TravelMatrix
from optimizer.model import TEMPERATURE_CLASSES, Pickup, TemperatureClass, Vehicle
from optimizer.plan import BackendResult
from optimizer.solving.insertion import compatible

KG_SCALE = 10
"""Load units per kilogram: PyVRP loads are integers, tenths of a kilogram keep 0.1 kg precision."""

EUR_SCALE = 100_000
"""Cost units per euro. €/km 0.55 is 55 units per metre; €/h 25 is 694 units per second."""

UNBOUNDED = np.iinfo(np.int64).max
"""PyVRP's own 'no limit' for windows and durations."""

FORBIDDEN_ARC = 10**9
"""Length (m) and duration (s) of an arc a vehicle profile may not use (missing skill).

A billion metres at any positive €/km dwarfs every prize, and a billion seconds of time warp is
infeasible whatever the penalty; small enough that sums over a route cannot overflow int64.
"""

MAX_PENALTY = 10_000_000.0
"""Upper bound of PyVRP's adaptive penalties, per unit of excess load or second of time warp.

PyVRP's default (100 000) lets a search on a food-bank day end infeasible: a prize of a few
thousand euros is 10⁸ cost units here, so dropping a required stop or overloading a compartment by
a few kilograms could pay for itself. With 10⁷ per 0.1 kg or per second, no violation does.
"""

START_MARGIN_S = 0.05
"""Time kept for turning the solution back into sequences, within the wall-clock budget."""


@dataclass
class Translation:
    """A PyVRP problem and the way back from its indices to our ids."""

    data: ProblemData
    client_jobs: list[str]
    """Job id of each PyVRP client, by client index (a job with k windows has k clients)."""
    shipment_ids: list[str]
    type_vehicles: list[list[str]]
    """Vehicle ids of each PyVRP vehicle type, in the order routes of that type are assigned."""
    left_out: list[str] = field(default_factory=list)
    """Jobs not given to PyVRP because no vehicle can carry them or nothing in them may travel."""
    prize_total: int = 0
    required_value_eur: float = 0.0


def _amounts(ctx: Context, job_id: str) -> list[int]:
    """Load per dimension (classes then payload), rounded up to the load unit."""
    amounts = ctx.amounts[job_id]
    per_class = [math.ceil(round(amounts[k] * KG_SCALE, 6)) for k in TEMPERATURE_CLASSES]
    return [*per_class, math.ceil(round(sum(amounts.values()) * KG_SCALE, 6))]


def _capacity(vehicle: Vehicle) -> list[int]:
    per_class = [math.floor(vehicle.capacity_kg.get(k) * KG_SCALE) for k in TEMPERATURE_CLASSES]
    return [*per_class, math.floor(vehicle.payload_limit_kg * KG_SCALE)]


def _vehicle_key(ctx: Context, vehicle: Vehicle) -> tuple[Any, ...]:
    """Vehicles with the same key are interchangeable for PyVRP: one vehicle type for them."""
    return (
        vehicle.depot,
        vehicle.end_depot_id,
        vehicle.shift_start,
        vehicle.shift_end,
        vehicle.max_duration_s,
        vehicle.max_distance_m,
        tuple(_capacity(vehicle)),
        vehicle.cost_per_km,
        vehicle.cost_per_hour,
        vehicle.fixed_cost,
        frozenset(vehicle.skills) | kept_cold(ctx, vehicle),
        vehicle.max_reloads,
        tuple((b.window.start, b.window.end, b.duration_s) for b in vehicle.breaks),
    )


Capability = tuple[frozenset[str], frozenset[TemperatureClass]]
"""Skills and compartments (classes with a capacity above 0) of a vehicle, or those a stop needs."""


def _capability(ctx: Context, vehicle: Vehicle) -> Capability:
    classes = frozenset(k for k in TEMPERATURE_CLASSES if vehicle.capacity_kg.get(k) > 0)
    return frozenset(vehicle.skills) | kept_cold(ctx, vehicle), classes


def _needs(ctx: Context, site_id: str, job_id: str) -> Capability:
    """What a stop needs of a vehicle: skills and compartments, and for a pickup under a
    time-on-board limit, a vehicle that does not limit it (:mod:`optimizer.backends.on_board`)."""
    classes = frozenset(k for k in TEMPERATURE_CLASSES if ctx.amounts[job_id][k] > 0)
    cold = needs_kept_cold(ctx, job_id) if site_id == ctx.sites_of(job_id)[0] else frozenset()
    return frozenset(ctx.sites[site_id].required_skills) | cold, classes


@dataclass
class _Places:
    """PyVRP locations: one per depot site, then one per client and per shipment end.

    A stop gets a location of its own, even when another stop is at the same site, so that a
    profile can close it to the vehicles that lack its skills *or its compartments*: a chilled
    delivery is then out of a dry van's reach, not merely penalised as excess load.
    """

    sites: list[str] = field(default_factory=list)
    needs: list[Capability] = field(default_factory=list)

    def add(self, site_id: str, needs: Capability) -> int:
        self.sites.append(site_id)
        self.needs.append(needs)
        return len(self.sites) - 1

    def locations(self, ctx: Context) -> list[Location]:
        return [Location(x=ctx.sites[s].lon, y=ctx.sites[s].lat, name=s) for s in self.sites]

    def matrices(
        self, travel: list[TravelMatrix], profiles: list[tuple[Capability, int]]
    ) -> tuple[list[np.ndarray[Any, Any]], list[np.ndarray[Any, Any]]]:
        """One distance and one duration matrix per profile: a capability on one of the
        vehicles' travel matrices (road profiles), closed stops made unreachable."""
        index = [travel[0].index(site) for site in self.sites]
        selection = np.ix_(index, index)
        distances, durations = [], []
        for (skills, classes), matrix in profiles:
            distance = np.asarray(travel[matrix].distance_m, dtype=np.int64)[selection]
            duration = np.asarray(travel[matrix].duration_s, dtype=np.int64)[selection]
            closed = [
                i
                for i, (needed_skills, needed_classes) in enumerate(self.needs)
                if not (needed_skills <= skills and needed_classes <= classes)
            ]
            profile_distance = distance.copy()
            profile_duration = duration.copy()
            if closed:
                profile_distance[:, closed] = FORBIDDEN_ARC
                profile_duration[:, closed] = FORBIDDEN_ARC
                profile_distance[closed, closed] = 0
                profile_duration[closed, closed] = 0
            distances.append(profile_distance)
            durations.append(profile_duration)
        return distances, durations


def _vehicle_types(
    ctx: Context,
    depot_index: dict[str, int],
    profile_of: dict[tuple[Capability, int], int],
    matrix_of: dict[str, int],
) -> tuple[list[VehicleType], list[list[str]]]:
    """One vehicle type per group of interchangeable vehicles, and the vehicles of each.

    A driver who cannot take the breaks at all gets no vehicle (:func:`.can_drive`); the
    breaks' length is kept out of the others' shifts.
    """
    groups_of: dict[tuple[Any, ...], list[Vehicle]] = defaultdict(list)
    for vehicle in ctx.problem.vehicles:
        if can_drive(ctx, vehicle):
            groups_of[(*_vehicle_key(ctx, vehicle), matrix_of[vehicle.id])].append(vehicle)
    vehicle_types = []
    type_vehicles = []
    for vehicles in groups_of.values():
        first = vehicles[0]
        start_open, _ = ctx.depot_hours(first.depot)
        _, end_close = ctx.depot_hours(first.end_depot_id)
        early = max(first.shift_start, start_open)
        pauses = reserved_s(first)
        vehicle_types.append(
            VehicleType(
                num_available=len(vehicles),
                capacity=_capacity(first),
                start_depot=depot_index[first.depot],
                end_depot=depot_index[first.end_depot_id],
                fixed_cost=round(first.fixed_cost * EUR_SCALE),
                tw_early=early,
                tw_late=max(early, min(first.shift_end, end_close) - pauses),
                shift_duration=first.max_duration_s - pauses if first.max_duration_s else UNBOUNDED,
                max_distance=first.max_distance_m or UNBOUNDED,
                unit_distance_cost=round(first.cost_per_km * EUR_SCALE / 1000),
                unit_duration_cost=round(first.cost_per_hour * EUR_SCALE / 3600),
                profile=profile_of[(_capability(ctx, first), matrix_of[first.id])],
                reload_depots=[depot_index[first.depot]] if first.max_reloads else [],
                max_reloads=first.max_reloads,
                name=",".join(v.id for v in vehicles),
            )
        )
        type_vehicles.append([v.id for v in vehicles])
    return vehicle_types, type_vehicles


def _profiles(
    ctx: Context,
) -> tuple[list[TravelMatrix], dict[str, int], list[tuple[Capability, int]]]:
    """The fleet's distinct travel matrices, each vehicle's among them, and the routing
    profiles: one per (capability, travel matrix) of a vehicle."""
    vehicles = ctx.problem.vehicles
    travel, travel_of = ctx.matrix.profiles([v.id for v in vehicles])
    matrix_of = {v.id: position for v, position in zip(vehicles, travel_of, strict=True)}
    profiles = sorted(
        {(_capability(ctx, v), matrix_of[v.id]) for v in vehicles},
        key=lambda p: (sorted(p[0][0]), sorted(p[0][1]), p[1]),
    )
    return travel, matrix_of, profiles


def translate(ctx: Context) -> Translation:
    """Build the PyVRP problem for this context."""
    problem = ctx.problem
    site_ids = list(ctx.matrix.site_ids)
    places = _Places()
    depot_sites = sorted(
        {v.depot for v in problem.vehicles} | {v.end_depot_id for v in problem.vehicles},
        key=site_ids.index,
    )
    depot_index = {site: i for i, site in enumerate(depot_sites)}
    depots = []
    for site in depot_sites:
        opens, closes = ctx.depot_hours(site)
        depots.append(
            Depot(
                location=places.add(site, (frozenset(), frozenset())),
                tw_early=opens,
                tw_late=min(closes, UNBOUNDED),
                service_duration=ctx.depot_service_s(site),
                name=site,
            )
        )

    travel, matrix_of, profiles = _profiles(ctx)
    profile_of = {profile: i for i, profile in enumerate(profiles)}
    vehicle_types, type_vehicles = _vehicle_types(ctx, depot_index, profile_of, matrix_of)

    jobs = _clients(ctx, places)
    shipments, shipment_ids, shipment_prizes, shipment_required = _shipments(ctx, places)
    distances, durations = places.matrices(travel, profiles)
    data = ProblemData(
        locations=places.locations(ctx),
        clients=jobs.clients,
        depots=depots,
        vehicle_types=vehicle_types,
        distance_matrices=distances,
        duration_matrices=durations,
        groups=jobs.groups,
        shipments=shipments,
    )
    return Translation(
        data,
        jobs.client_jobs,
        shipment_ids,
        type_vehicles,
        jobs.left_out,
        jobs.prize_total + shipment_prizes,
        jobs.required_value_eur + shipment_required,
    )


@dataclass
class _Clients:
    """The PyVRP clients of the problem's pickups and deliveries, with what they are worth."""

    clients: list[Client] = field(default_factory=list)
    client_jobs: list[str] = field(default_factory=list)
    groups: list[ClientGroup] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    prize_total: int = 0
    required_value_eur: float = 0.0


def _clients(ctx: Context, places: _Places) -> _Clients:
    """One client per window of each job (a group of alternatives when it has several).

    A required job is worth no prize (it must be served); an optional one is worth its food.
    """
    out = _Clients()
    clients, groups = out.clients, out.groups
    for job in ctx.problem.jobs:
        food = ctx.food[job.id]
        if not food.lots or not any(compatible(ctx, v, job.id) for v in ctx.problem.vehicles):
            out.left_out.append(job.id)
            continue
        amounts = _amounts(ctx, job.id)
        is_pickup = isinstance(job, Pickup)
        prize = 0 if job.required else round(food.value_eur * EUR_SCALE)
        if job.required:
            out.required_value_eur += food.value_eur
        else:
            out.prize_total += prize
        windows = [(w.start, w.end) for w in ctx.windows(job.id)] or [(0, UNBOUNDED)]
        alternatives = len(windows) > 1
        group_index = len(groups) if alternatives else None
        members = []
        for early, late in windows:
            members.append(len(clients))
            clients.append(
                Client(
                    location=places.add(job.site, _needs(ctx, job.site, job.id)),
                    delivery=[0] * len(amounts) if is_pickup else amounts,
                    pickup=amounts if is_pickup else [0] * len(amounts),
                    service_duration=ctx.service_s(job.id),
                    tw_early=early,
                    tw_late=late,
                    prize=prize,
                    required=job.required and not alternatives,
                    group=group_index,
                    name=job.id,
                )
            )
            out.client_jobs.append(job.id)
        if alternatives:
            groups.append(ClientGroup(members, required=job.required, name=job.id))
    return out


def _shipments(ctx: Context, places: _Places) -> tuple[list[Shipment], list[str], int, float]:
    """PyVRP shipments for the problem's paired shipments, if the context knows them.

    PyVRP gives each end of a shipment one window: a stop with several windows keeps its
    longest one here (the checker still accepts any of them).
    """
    shipment_food = getattr(ctx, "shipment_food", None)
    if not ctx.problem.shipments or shipment_food is None:
        return [], [], 0, 0.0
    shipments = []
    ids = []
    prizes = 0
    required_value = 0.0
    for shipment in ctx.problem.shipments:
        food = shipment_food[shipment.id]
        if not food.lots:
            continue
        amounts = _amounts(ctx, shipment.id)
        prize = 0 if shipment.required else round(food.value_eur * EUR_SCALE)
        ends = []
        for end in (shipment.pickup, shipment.delivery):
            windows = end.time_windows
            if windows is None:
                windows = ctx.sites[end.site].time_windows
            spans = [(w.start, w.end) for w in windows] or [(0, UNBOUNDED)]
            ends.append(max(spans, key=lambda span: span[1] - span[0]))
        pickup_service, delivery_service = ctx.shipment_service_s(shipment.id)
        shipments.append(
            Shipment(
                pickup_location=places.add(
                    shipment.pickup.site, _needs(ctx, shipment.pickup.site, shipment.id)
                ),
                delivery_location=places.add(
                    shipment.delivery.site, _needs(ctx, shipment.delivery.site, shipment.id)
                ),
                pickup_tw_early=ends[0][0],
                pickup_tw_late=ends[0][1],
                pickup_service_duration=pickup_service,
                delivery_tw_early=ends[1][0],
                delivery_tw_late=ends[1][1],
                delivery_service_duration=delivery_service,
                amount=amounts,
                prize=prize,
                required=shipment.required,
                name=shipment.id,
            )
        )
        ids.append(shipment.id)
        prizes += prize
        if shipment.required:
            required_value += food.value_eur
    return shipments, ids, prizes, required_value


class _Progress(IteratedLocalSearchCallbacks):
    """Turns PyVRP's "new best" events into :class:`Improvement` s in euros."""

    def __init__(self, translation: Translation, run: Run) -> None:
        self.translation = translation
        self.run = run

    def on_start(self, ils: Any) -> None:
        # The first best is the initial solution: report it, a tiny day may never improve on it.
        self.on_best(ils.initial_solution)

    def on_best(self, best: Solution) -> None:
        # PyVRP's cost = travel + uncollected prizes; ours = travel − value served.
        cost = (
            best.distance_cost()
            + best.duration_cost()
            + best.fixed_vehicle_cost()
            + best.uncollected_prizes()
        )
        objective = (cost - self.translation.prize_total) / EUR_SCALE
        objective -= self.translation.required_value_eur
        self.run.improved(round(objective, 2), best.is_feasible())


class _Deadline:
    """Stops the search at a wall-clock instant.

    PyVRP's ``MaxRuntime`` starts its clock at its first call, after the initial solution is
    built (2.8 s on a 1,000-point day here): the search then overran its budget by that much.
    """

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline

    def __call__(self, best_cost: float) -> bool:
        return time.monotonic() >= self.deadline


def _stopping(deadline: float, options: SolveOptions) -> Any:
    """The time budget, an iteration budget when one is set, and the caller's early stop (a
    cancelled job) when there is one."""
    criteria: list[Any] = [_Deadline(deadline)]
    if options.max_iterations is not None:
        criteria.append(MaxIterations(options.max_iterations))
    if options.stall_iterations is not None:
        criteria.append(NoImprovement(options.stall_iterations))
    if options.should_stop is not None:
        should_stop = options.should_stop
        criteria.append(lambda _best_cost: should_stop())
    return criteria[0] if len(criteria) == 1 else MultipleCriteria(criteria)


class PyVRPBackend(Backend):
    """PyVRP's iterated local search on the translated problem, within a wall-clock budget."""

    name = "pyvrp"

    def __init__(self, max_penalty: float = MAX_PENALTY) -> None:
        if max_penalty <= 0:
            raise ValueError("max_penalty <= 0 not understood.")
        self.max_penalty = max_penalty

    def search(self, ctx: Context, options: SolveOptions, run: Run) -> BackendResult:
        translation = translate(ctx)
        data = translation.data
        if data.num_clients == 0 and data.num_shipments == 0:
            return run.nothing_to_plan(self.name)
        progress = _Progress(translation, run)
        params = SolveParams(
            ils=IteratedLocalSearchParams(callbacks=progress),
            penalty=PenaltyParams(max_penalty=self.max_penalty),
        )
        warm_start = (
            initial_solution(translation, options.initial_routes, ctx)
            if options.initial_routes
            else None
        )
        deadline = (
            options.deadline if options.deadline is not None else run.started + options.time_limit_s
        )
        search_end = deadline - START_MARGIN_S - repair_reserve_s(ctx, options.time_limit_s)
        with warnings.catch_warnings():
            # PyVRP warns when its penalties reach their bound on a day that has no feasible
            # plan; the checker says so precisely in the plan, a warning on stderr only confuses.
            warnings.simplefilter("ignore", PenaltyBoundWarning)
            result = pyvrp_solve(
                data,
                stop=_stopping(search_end, options),
                seed=options.seed,
                collect_stats=False,
                display=False,
                params=params,
                initial_solution=warm_start,
            )
        best = result.best
        routes = sequences_from(translation, best)
        if has_breaks(ctx):
            routes = with_breaks_placed(ctx, routes)
        return BackendResult(
            backend=self.name,
            routes=routes,
            runtime_s=run.elapsed(),
            iterations=result.num_iterations,
            solver_objective=result.cost() / EUR_SCALE if best.is_feasible() else None,
            solver_feasible=best.is_feasible(),
            improvements=run.improvements,
        )
