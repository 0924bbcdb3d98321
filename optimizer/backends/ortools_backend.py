"""The OR-Tools backend: the domain model as an OR-Tools routing model, guided local search.

It expresses driver breaks natively but not reloads, so it is a second opinion beside PyVRP
(which plans break days too since docs/decisions/023), no longer the backend of break days.
Translation (every number from the same
:class:`~optimizer.check.Context` the checker uses, so both agree on every second and metre):

- nodes: one start and one end node per vehicle (its depots; loading at the start, like the
  checker), one node per job, two per paired shipment (pickup, then delivery, same vehicle);
- travel: each vehicle on its own matrix (road profiles: a truck's ``truck`` costing, a van's
  ``auto``), per-vehicle transit callbacks; straight lines give every vehicle the same one;
- time dimension: transit = service at the origin + the integer matrix duration; waiting is
  slack. A job's cumul (service start) ranges over its windows, gaps removed
  (``RemoveInterval``). The start cumul is the departure, within the shift and the depot's
  hours; the end cumul is the return, by the shift end and the depot's closing; the span is
  bounded by ``max_duration_min``;
- distance dimension, only when a vehicle has ``max_distance_km``: the integer matrix metres
  per arc, cumul from 0 at the start, each vehicle's end bounded by its limit (unbounded
  vehicles get the longest possible route as their capacity);
- loads per temperature class and the total payload, in tenths of a kilogram
  (:data:`KG_SCALE`, capacities floored, amounts rounded up, as in the PyVRP backend). Pickups
  and deliveries happen on one trip, so the van leaves with every delivery on board: each load
  dimension's start cumul is tied to the route's deliveries, counted by a companion dimension
  (see DESIGN.md, "Solver pitfalls"). Shipments add their kg at the pickup and drop them at the
  delivery, never via the depot;
- costs in units of 10⁻⁵ € (:data:`EUR_SCALE`): €/km on arcs (per vehicle), €/h on the span,
  the fixed cost per vehicle used; optional jobs are disjunctions whose penalty is the value of
  their food (:mod:`optimizer.model.food`); required jobs carry :data:`REQUIRED_PENALTY`, so a
  search always returns routes and the checker names what it could not place;
- skills and compartments: each node lists the vehicles allowed to serve it (a pickup under a
  time-on-board limit not the vehicles that limit it, :mod:`optimizer.backends.on_board`);
- breaks: one fixed-duration interval per break (start within its window) through
  ``SetBreakIntervalsOfVehicle``, never before the route's start: OR-Tools lets a break
  interrupt a leg or fill a wait, exactly the checker's convention (:mod:`optimizer.check`);
- reloads (``max_reloads``) are not modelled: every route is one trip. Trips as chained
  OR-Tools vehicles were tried: any constraint linking two vehicles' cumuls (trip 2 starts
  after trip 1 ends) makes OR-Tools' first-solution heuristics fail on the Dijon day, and local
  search from an empty solution still left 72 required deliveries out after 5 s.

The search runs within the wall-clock budget; the seed picks the first-solution heuristic
(OR-Tools routing has no random seed), so two seeds in the portfolio are two different searches.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

import numpy as np
from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from optimizer.backends.base import Backend, Run, SolveOptions
from optimizer.backends.on_board import kept_cold, needs_kept_cold
from optimizer.check.breaks import BreakRule, can_take_all
from optimizer.context import Context
from optimizer.matrix import IntMatrix
from optimizer.model import TEMPERATURE_CLASSES, Pickup, Vehicle
from optimizer.plan import BackendResult, RouteSequence
from optimizer.solving.insertion import compatible

KG_SCALE = 10
"""Load units per kilogram: tenths of a kilogram, as in the PyVRP backend."""

EUR_SCALE = 100_000
"""Cost units per euro: 0.55 €/km on a 10 km arc is 550 000 units."""

REQUIRED_PENALTY = 10**13
"""Penalty for leaving a required job out: 10⁸ €, more than any travel cost or food value.

A hard constraint would make OR-Tools return nothing when one required job cannot be placed;
this way the search still returns the best routes and the checker reports the job.
"""

OPEN_END = 10**9
"""Close of a window that never closes, seconds (the checker's convention)."""

FIRST_SOLUTIONS = (
    routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC,
    routing_enums_pb2.FirstSolutionStrategy.PARALLEL_CHEAPEST_INSERTION,
    routing_enums_pb2.FirstSolutionStrategy.LOCAL_CHEAPEST_INSERTION,
)
"""First-solution heuristics, chosen by ``seed % 3`` (seed 1, the default: parallel insertion)."""

FINISH_MARGIN_S = 0.1
"""Time kept for reading the routes back, within the wall-clock budget."""


@dataclass
class _Node:
    """One OR-Tools node: where, how long, when, and what it does to the load."""

    site: str
    service_s: int
    windows: list[tuple[int, int]]
    job: str | None = None
    load_change: list[int] = field(default_factory=list)
    """Per load dimension: + picked up here, − dropped here."""
    depot_loaded: list[int] = field(default_factory=list)
    """Per load dimension: loaded at the depot for this stop (deliveries)."""
    vehicles: list[int] | None = None
    """Vehicles (indices) allowed here; None = any."""
    penalty: int | None = None
    """Cost of leaving this node out; None = not optional (vehicle ends, shipment deliveries)."""


@dataclass
class _Tally:
    """What the job nodes add up to, for the objective in euros and the plan's reasons."""

    prize_total: int = 0
    """Sum of the penalties of optional jobs, cost units."""
    required_value_eur: float = 0.0
    left_out: list[str] = field(default_factory=list)
    """Jobs not given to OR-Tools: nothing in them may travel, or no vehicle can carry them."""

    def penalty(self, required: bool, value_eur: float) -> int:
        if required:
            self.required_value_eur += value_eur
            return REQUIRED_PENALTY
        prize = round(value_eur * EUR_SCALE)
        self.prize_total += prize
        return prize


@dataclass
class Translation:
    """An OR-Tools routing model and the way back from its nodes to our ids."""

    manager: pywrapcp.RoutingIndexManager
    routing: pywrapcp.RoutingModel
    nodes: list[_Node]
    vehicle_ids: list[str]
    dimensions: list[str]
    """Load dimensions: the temperature classes some job moves, then the payload."""
    tally: _Tally


def _amounts(ctx: Context, job_id: str, classes: list[int]) -> list[int]:
    """Load per dimension (the used classes, then payload), rounded up to the load unit."""
    amounts = ctx.amounts[job_id]
    values = [amounts[klass] for klass in TEMPERATURE_CLASSES]
    per_class = [math.ceil(round(values[k] * KG_SCALE, 6)) for k in classes]
    return [*per_class, math.ceil(round(sum(values) * KG_SCALE, 6))]


def _capacity(vehicle: Vehicle, classes: list[int]) -> list[int]:
    values = [vehicle.capacity_kg.get(klass) for klass in TEMPERATURE_CLASSES]
    per_class = [math.floor(values[k] * KG_SCALE) for k in classes]
    return [*per_class, math.floor(vehicle.payload_limit_kg * KG_SCALE)]


def _windows(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return windows or [(0, OPEN_END)]


def _used_classes(ctx: Context) -> list[int]:
    """Temperature classes that some job moves; others need no dimension."""
    return [
        k
        for k, klass in enumerate(TEMPERATURE_CLASSES)
        if any(amounts[klass] > 0 for amounts in ctx.amounts.values())
    ]


def _break_rules(vehicle: Vehicle) -> list[BreakRule]:
    return [
        BreakRule(identifier, rule.window.start, rule.window.end, rule.duration_s)
        for identifier, rule in zip(vehicle.break_ids(), vehicle.breaks, strict=True)
    ]


def _usable(ctx: Context, vehicle: Vehicle) -> bool:
    """False for a vehicle whose driver cannot take its breaks after loading, whatever the route.

    OR-Tools would find no solution at all, even with every job left out, if such breaks were
    modelled; the vehicle simply serves nothing and the checker explains the jobs left out.
    """
    opens, _ = ctx.depot_hours(vehicle.depot)
    ready = max(vehicle.shift_start, opens) + ctx.depot_service_s(vehicle.depot)
    return can_take_all(ready, _break_rules(vehicle))


def _job_nodes(ctx: Context, classes: list[int], tally: _Tally) -> list[_Node]:
    """Nodes of pickups and deliveries; jobs nobody can carry are left out (with a reason later)."""
    nodes = []
    vehicles = ctx.problem.vehicles
    usable = [_usable(ctx, v) for v in vehicles]
    for job in ctx.problem.jobs:
        food = ctx.food[job.id]
        cold = needs_kept_cold(ctx, job.id)
        allowed = [
            i
            for i, v in enumerate(vehicles)
            if usable[i] and compatible(ctx, v, job.id) and cold <= kept_cold(ctx, v)
        ]
        if not food.lots or not allowed:
            tally.left_out.append(job.id)
            continue
        amounts = _amounts(ctx, job.id, classes)
        is_pickup = isinstance(job, Pickup)
        nodes.append(
            _Node(
                site=job.site,
                service_s=ctx.service_s(job.id),
                windows=_windows([(w.start, w.end) for w in ctx.windows(job.id)]),
                job=job.id,
                load_change=amounts if is_pickup else [-a for a in amounts],
                depot_loaded=[0] * len(amounts) if is_pickup else amounts,
                vehicles=allowed if len(allowed) < len(vehicles) else None,
                penalty=tally.penalty(job.required, food.value_eur),
            )
        )
    return nodes


def _shipment_nodes(ctx: Context, classes: list[int], tally: _Tally) -> list[tuple[_Node, _Node]]:
    """Pickup and delivery nodes of each paired shipment that some vehicle can carry."""
    pairs = []
    vehicles = ctx.problem.vehicles
    for shipment in ctx.problem.shipments:
        food = ctx.food[shipment.id]
        needed = set(ctx.sites[shipment.pickup.site].required_skills) | set(
            ctx.sites[shipment.delivery.site].required_skills
        )
        amounts = _amounts(ctx, shipment.id, classes)
        allowed = [
            i
            for i, v in enumerate(vehicles)
            if _usable(ctx, v)
            and needed <= set(v.skills)
            and needs_kept_cold(ctx, shipment.id) <= kept_cold(ctx, v)
            and all(a <= c for a, c in zip(amounts, _capacity(v, classes), strict=True))
        ]
        if not food.lots or not allowed:
            tally.left_out.append(shipment.id)
            continue
        penalty = tally.penalty(shipment.required, food.value_eur)
        pickup_windows, delivery_windows = ctx.shipment_windows(shipment.id)
        pickup_service, delivery_service = ctx.shipment_service_s(shipment.id)
        only = allowed if len(allowed) < len(vehicles) else None
        none = [0] * len(amounts)
        pairs.append(
            (
                _Node(
                    shipment.pickup.site,
                    pickup_service,
                    _windows([(w.start, w.end) for w in pickup_windows]),
                    shipment.id,
                    amounts,
                    none,
                    only,
                    penalty,
                ),
                _Node(
                    shipment.delivery.site,
                    delivery_service,
                    _windows([(w.start, w.end) for w in delivery_windows]),
                    shipment.id,
                    [-a for a in amounts],
                    none,
                    only,
                    None,
                ),
            )
        )
    return pairs


def translate(ctx: Context) -> Translation:
    """Build the OR-Tools routing model for this context (not yet solved)."""
    problem = ctx.problem
    vehicles = problem.vehicles
    classes = _used_classes(ctx)
    dimensions = [TEMPERATURE_CLASSES[k].value for k in classes] + ["payload"]
    nothing = [0] * len(dimensions)

    nodes: list[_Node] = []
    for vehicle in vehicles:
        opens, closes = ctx.depot_hours(vehicle.depot)
        nodes.append(
            _Node(
                vehicle.depot,
                ctx.depot_service_s(vehicle.depot),
                [(max(vehicle.shift_start, opens), min(vehicle.shift_end, closes))],
                load_change=nothing,
                depot_loaded=nothing,
            )
        )
    for vehicle in vehicles:
        _, closes = ctx.depot_hours(vehicle.end_depot_id)
        nodes.append(
            _Node(
                vehicle.end_depot_id,
                0,
                [(0, min(vehicle.shift_end, closes))],
                load_change=nothing,
                depot_loaded=nothing,
            )
        )
    tally = _Tally()
    nodes += _job_nodes(ctx, classes, tally)
    pairs = _shipment_nodes(ctx, classes, tally)
    pair_positions = []
    for pickup, delivery in pairs:
        pair_positions.append((len(nodes), len(nodes) + 1))
        nodes += [pickup, delivery]

    count = len(vehicles)
    manager = pywrapcp.RoutingIndexManager(
        len(nodes), count, list(range(count)), list(range(count, 2 * count))
    )
    routing = pywrapcp.RoutingModel(manager)
    translation = Translation(manager, routing, nodes, [v.id for v in vehicles], dimensions, tally)
    site_index = [ctx.matrix.index(node.site) for node in nodes]
    matrices, travel_of = ctx.matrix.profiles([v.id for v in vehicles])
    travel = _Travel(
        [m.distance_m[site_index][:, site_index] for m in matrices],
        [m.duration_s[site_index][:, site_index] for m in matrices],
        travel_of,
    )

    _add_costs(routing, vehicles, travel)
    _add_distance_limits(routing, vehicles, travel)
    time_dimension = _add_time(ctx, translation, travel)
    _add_loads(translation, vehicles, classes)
    _add_breaks(ctx, translation, time_dimension)

    solver = routing.solver()
    for index, node in enumerate(nodes):
        if index < 2 * count:
            continue
        routing_index = manager.NodeToIndex(index)
        if node.vehicles is not None:
            # SetAllowedVehiclesForIndex's binding rejects Python lists in OR-Tools 9.15;
            # restricting the vehicle variable is the same constraint (-1: left out).
            routing.VehicleVar(routing_index).SetValues([*node.vehicles, -1])
        if node.penalty is not None:
            routing.AddDisjunction([routing_index], node.penalty)
    for pickup_node, delivery_node in pair_positions:
        first, second = manager.NodeToIndex(pickup_node), manager.NodeToIndex(delivery_node)
        routing.AddPickupAndDelivery(first, second)
        solver.Add(routing.VehicleVar(first) == routing.VehicleVar(second))
        solver.Add(time_dimension.CumulVar(first) <= time_dimension.CumulVar(second))
    return translation


@dataclass
class _Travel:
    """Metres and seconds between the nodes on each distinct travel matrix of the fleet, and
    the matrix each vehicle drives on (its road profile's; one for straight lines)."""

    distances: list[IntMatrix]
    durations: list[IntMatrix]
    of_vehicle: list[int]


def _add_costs(routing: pywrapcp.RoutingModel, vehicles: list[Vehicle], travel: _Travel) -> None:
    """€/km on every arc (one matrix per distinct rate and travel matrix) and the fixed cost
    per vehicle used."""
    callbacks: dict[tuple[float, int], int] = {}
    for number, vehicle in enumerate(vehicles):
        key = (vehicle.cost_per_km, travel.of_vehicle[number])
        if key not in callbacks:
            metres = np.asarray(travel.distances[key[1]], dtype=np.float64)
            costs = np.rint(metres * key[0] * EUR_SCALE / 1000).astype(np.int64)
            callbacks[key] = routing.RegisterTransitMatrix(costs.tolist())
        routing.SetArcCostEvaluatorOfVehicle(callbacks[key], number)
        routing.SetFixedCostOfVehicle(round(vehicle.fixed_cost * EUR_SCALE), number)


def _add_distance_limits(
    routing: pywrapcp.RoutingModel, vehicles: list[Vehicle], travel: _Travel
) -> None:
    """Each vehicle's ``max_distance_km`` as the capacity of a distance dimension (metres)."""
    limits = [v.max_distance_m for v in vehicles]
    if all(limit is None for limit in limits):
        return
    matrices = [np.asarray(distance, dtype=np.int64) for distance in travel.distances]
    # No route is longer than every arc's longest exit summed: a bound for unlimited vehicles.
    longest = max((int(m.max(axis=1).sum()) if m.size else 0) for m in matrices)
    capacities = [longest if limit is None else min(limit, longest) for limit in limits]
    callbacks = [routing.RegisterTransitMatrix(m.tolist()) for m in matrices]
    routing.AddDimensionWithVehicleTransitAndCapacity(
        [callbacks[i] for i in travel.of_vehicle], 0, capacities, True, "distance"
    )


def _add_time(ctx: Context, translation: Translation, travel: _Travel) -> pywrapcp.RoutingDimension:
    """Service + travel as transit (each vehicle on its own matrix), waiting as slack, windows
    on cumuls, span cost and bound."""
    routing, manager, nodes = translation.routing, translation.manager, translation.nodes
    services = np.array([node.service_s for node in nodes], dtype=np.int64)
    callbacks = [
        routing.RegisterTransitMatrix(
            (np.asarray(duration, dtype=np.int64) + services[:, None]).tolist()
        )
        for duration in travel.durations
    ]
    horizon = max(v.shift_end for v in ctx.problem.vehicles)
    routing.AddDimensionWithVehicleTransits(
        [callbacks[i] for i in travel.of_vehicle], horizon, horizon, False, "time"
    )
    dimension = routing.GetDimensionOrDie("time")
    for index, node in enumerate(nodes):
        windows = sorted(node.windows)
        early = min(windows[0][0], horizon)
        late = min(max(w[1] for w in windows), horizon)
        if index < len(translation.vehicle_ids):
            cumul = dimension.CumulVar(routing.Start(index))
        elif index < 2 * len(translation.vehicle_ids):
            cumul = dimension.CumulVar(routing.End(index - len(translation.vehicle_ids)))
        else:
            cumul = dimension.CumulVar(manager.NodeToIndex(index))
        if early > late:
            early = late  # a window past every shift: unreachable, left to the penalty
        cumul.SetRange(early, late)
        for (_, before_end), (after_start, _) in itertools.pairwise(windows):
            if after_start - 1 >= before_end + 1 and before_end + 1 <= late:
                cumul.RemoveInterval(before_end + 1, min(after_start - 1, late))
    for number, vehicle in enumerate(ctx.problem.vehicles):
        if vehicle.max_duration_s is not None:
            dimension.SetSpanUpperBoundForVehicle(vehicle.max_duration_s, number)
        per_second = round(vehicle.cost_per_hour * EUR_SCALE / 3600)
        if per_second:
            dimension.SetSpanCostCoefficientForVehicle(per_second, number)
        routing.AddVariableMaximizedByFinalizer(dimension.CumulVar(routing.Start(number)))
        routing.AddVariableMinimizedByFinalizer(dimension.CumulVar(routing.End(number)))
    return dimension


def _add_loads(translation: Translation, vehicles: list[Vehicle], classes: list[int]) -> None:
    """Per dimension: the load on board, and the deliveries counted to fix the load at start."""
    routing, nodes = translation.routing, translation.nodes
    solver = routing.solver()
    for position, name in enumerate(translation.dimensions):
        capacities = [_capacity(v, classes)[position] for v in vehicles]
        changes = [node.load_change[position] for node in nodes]
        loaded = [node.depot_loaded[position] for node in nodes]
        if not any(changes):
            continue
        change = routing.RegisterUnaryTransitVector(changes)
        routing.AddDimensionWithVehicleCapacity(change, 0, capacities, False, f"load_{name}")
        load = routing.GetDimensionOrDie(f"load_{name}")
        count = routing.RegisterUnaryTransitVector(loaded)
        routing.AddDimensionWithVehicleCapacity(count, 0, capacities, True, f"loaded_{name}")
        counted = routing.GetDimensionOrDie(f"loaded_{name}")
        for number in range(len(vehicles)):
            solver.Add(
                load.CumulVar(routing.Start(number)) == counted.CumulVar(routing.End(number))
            )


def _add_breaks(
    ctx: Context, translation: Translation, time_dimension: pywrapcp.RoutingDimension
) -> None:
    """One interval per driver break, after the route's start (the checker's convention)."""
    routing, manager = translation.routing, translation.manager
    vehicles = ctx.problem.vehicles
    if not any(v.breaks for v in vehicles):
        return
    solver = routing.solver()
    visits = [
        translation.nodes[manager.IndexToNode(index)].service_s for index in range(routing.Size())
    ]
    for number, vehicle in enumerate(vehicles):
        if not vehicle.breaks or not _usable(ctx, vehicle):
            continue
        intervals = []
        for rule in _break_rules(vehicle):
            interval = solver.FixedDurationIntervalVar(
                rule.earliest, rule.latest, rule.duration_s, False, rule.id
            )
            solver.Add(interval.StartExpr() >= time_dimension.CumulVar(routing.Start(number)))
            intervals.append(interval)
        for before, after in itertools.pairwise(intervals):
            solver.Add(after.StartExpr() >= before.EndExpr())
        time_dimension.SetBreakIntervalsOfVehicle(intervals, number, visits)


def sequences_from(
    translation: Translation, assignment: pywrapcp.Assignment
) -> list[RouteSequence]:
    """The routes of an OR-Tools assignment, one single-trip sequence per vehicle used."""
    routing, manager = translation.routing, translation.manager
    sequences = []
    for number, vehicle_id in enumerate(translation.vehicle_ids):
        index = assignment.Value(routing.NextVar(routing.Start(number)))
        jobs: list[str] = []
        while not routing.IsEnd(index):
            job = translation.nodes[manager.IndexToNode(index)].job
            if job is not None:
                jobs.append(job)
            index = assignment.Value(routing.NextVar(index))
        if jobs:
            sequences.append(RouteSequence(vehicle_id, (tuple(jobs),)))
    return sequences


class ORToolsBackend(Backend):
    """OR-Tools routing with guided local search, within a wall-clock budget."""

    name = "ortools"

    def search(self, ctx: Context, options: SolveOptions, run: Run) -> BackendResult:
        translation = translate(ctx)
        routing = translation.routing
        if len(translation.nodes) == 2 * len(translation.vehicle_ids):
            return run.nothing_to_plan(self.name)
        improvements = run.improvements
        best: list[int] = []

        def on_solution() -> None:
            cost = routing.CostVar().Value()
            if best and cost >= best[0]:
                return
            best[:] = [cost]
            # OR-Tools' cost = travel + penalties of jobs left out; ours = travel − value served.
            objective = (cost - translation.tally.prize_total) / EUR_SCALE
            objective -= translation.tally.required_value_eur
            run.improved(round(objective, 2), cost < REQUIRED_PENALTY)

        routing.AddAtSolutionCallback(on_solution)
        if options.should_stop is not None:
            # Polled by OR-Tools throughout the search; True ends it with the best so far.
            routing.AddSearchMonitor(routing.solver().CustomLimit(options.should_stop))
        params = pywrapcp.DefaultRoutingSearchParameters()
        params.first_solution_strategy = FIRST_SOLUTIONS[options.seed % len(FIRST_SOLUTIONS)]
        params.local_search_metaheuristic = (
            routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
        )
        budget = options.time_limit_s - run.elapsed() - FINISH_MARGIN_S
        params.time_limit.FromMilliseconds(max(int(budget * 1000), 10))
        assignment = routing.SolveWithParameters(params)
        routes = [] if assignment is None else sequences_from(translation, assignment)
        return BackendResult(
            backend=self.name,
            routes=routes,
            runtime_s=run.elapsed(),
            iterations=len(improvements),
            solver_objective=None if not improvements else improvements[-1].objective_eur,
            solver_feasible=None if assignment is None or not best else best[0] < REQUIRED_PENALTY,
            improvements=improvements,
        )
