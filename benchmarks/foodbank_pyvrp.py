"""PyVRP direct: the food-bank day as a plain PyVRP model, with no foodroute code at all.

What a competent PyVRP user would write from the day's JSON: one location per depot and per
stop, the explicit matrices as they are, four load dimensions (ambient, chilled, frozen kg, then
total payload, in tenths of a kilogram) so that a class without a compartment has a capacity of
0; deliveries loaded at the depot and pickups brought back (simultaneous pickup and delivery);
required deliveries, optional pickups with a prize equal to their food value (kg × €/kg × the
urgency step of the days left, DDM grace included, lots that may not travel left out); time
windows; one vehicle type per vehicle (shift, costs, fixed cost, its depot as reload depot when
it may reload, the depot's loading time at every trip start); the maximum penalty raised so that
prizes of thousands of euros never pay for a violation (DESIGN.md's pitfall). Costs are in
10⁻⁵ €.

Best of two seeds on the two cores: two forked processes search in parallel until the wall
deadline; the best feasible result by PyVRP's own cost wins. Run as a program by the benchmark::

    python -m benchmarks.foodbank_pyvrp DAY.json --deadline EPOCH_S --out solution.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import multiprocessing as mp
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
from pyvrp import (
    Client,
    Depot,
    IteratedLocalSearchCallbacks,
    IteratedLocalSearchParams,
    Location,
    PenaltyParams,
    ProblemData,
    SolveParams,
    VehicleType,
)
from pyvrp import solve as pyvrp_solve
from pyvrp.stop import MaxRuntime

CLASSES = ("ambient", "chilled", "frozen")
LOAD_UNITS_PER_KG = 10
COST_UNITS_PER_EUR = 100_000
MAX_PENALTY = 1e7
WRITE_MARGIN_S = 0.3
SEEDS = (1, 2)


def _seconds(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 3600 + int(minutes) * 60


def lot_value(lot: dict[str, Any], day: dt.date, settings: dict[str, Any]) -> float | None:
    """€ of a usable lot, ``None`` when it may not travel (past its date, or a DLC too short)."""
    days = None
    if lot.get("date"):
        last = dt.date.fromisoformat(lot["date"])
        if lot.get("date_kind", "DLC") == "DDM":
            last += dt.timedelta(days=settings["ddm_grace_days"].get(lot["category"], 0))
        days = (last - day).days
        if days < 0:
            return None
    factor = 1.0
    if days is not None:
        steps = sorted(settings["urgency"], key=lambda s: s["max_days"])
        factor = next((s["factor"] for s in steps if days <= s["max_days"]), 1.0)
    return float(lot["kg"]) * float(settings["value_eur_per_kg"][lot["category"]]) * factor


def _usable(job: dict[str, Any], pickup: bool, day: dt.date, settings: dict[str, Any]) -> Any:
    kept = []
    shortest = settings["min_days_left_at_pickup"]
    for lot in job["lots"]:
        value = lot_value(lot, day, settings)
        if value is None:
            continue
        dlc = lot.get("date_kind", "DLC") == "DLC" and lot.get("date")
        if pickup and dlc and (dt.date.fromisoformat(lot["date"]) - day).days < shortest:
            continue  # too close to its DLC to be handed on
        kept.append((lot, value))
    return kept


def _load(lots: list[tuple[dict[str, Any], float]]) -> list[int]:
    per_class = [
        math.ceil(
            round(sum(float(lot["kg"]) for lot, _ in lots if lot["temperature"] == k) * 10, 6)
        )
        for k in CLASSES
    ]
    total = math.ceil(round(sum(float(lot["kg"]) for lot, _ in lots) * 10, 6))
    return [*per_class, total]


def build(document: dict[str, Any]) -> tuple[ProblemData, list[str], list[str]]:
    """The PyVRP data, the job id of each client and the vehicle id of each vehicle type."""
    day = dt.date.fromisoformat(document["date"])
    settings = document["settings"]
    sites = {site["id"]: site for site in document["sites"]}
    depot_ids = list(dict.fromkeys(v["depot"] for v in document["vehicles"]))
    depots = []
    for number, depot_id in enumerate(depot_ids):
        window = sites[depot_id]["time_windows"][0]
        depots.append(
            Depot(
                location=number,
                tw_early=_seconds(window["start"]),
                tw_late=_seconds(window["end"]),
                service_duration=round(sites[depot_id].get("service_min", 5) * 60),
            )
        )
    clients, client_jobs, location_sites = [], [], list(depot_ids)
    jobs = [(job, True) for job in document.get("pickups", [])]
    jobs += [(job, False) for job in document.get("deliveries", [])]
    for job, pickup in jobs:
        lots = _usable(job, pickup, day, settings)
        if not lots:
            continue
        site = sites[job["site"]]
        window = (job.get("time_windows") or site["time_windows"])[0]
        load = _load(lots)
        kg = sum(float(lot["kg"]) for lot, _ in lots)
        required = job.get("required", not pickup)
        location_sites.append(job["site"])
        clients.append(
            Client(
                location=len(location_sites) - 1,
                delivery=[0] * 4 if pickup else load,
                pickup=load if pickup else [0] * 4,
                service_duration=round(site.get("service_min", 5) * 60)
                + round(site.get("service_s_per_kg", 0) * kg),
                tw_early=_seconds(window["start"]),
                tw_late=_seconds(window["end"]),
                prize=0 if required else round(sum(v for _, v in lots) * COST_UNITS_PER_EUR),
                required=required,
            )
        )
        client_jobs.append(job["id"])
    types, type_vehicles = [], []
    for vehicle in document["vehicles"]:
        depot = depot_ids.index(vehicle["depot"])
        capacity = [math.floor(vehicle["capacity_kg"].get(k, 0) * 10) for k in CLASSES]
        payload = vehicle.get("payload_kg") or sum(vehicle["capacity_kg"].values())
        types.append(
            VehicleType(
                num_available=1,
                capacity=[*capacity, math.floor(payload * 10)],
                start_depot=depot,
                end_depot=depot,
                fixed_cost=round(vehicle.get("fixed_cost", 0) * COST_UNITS_PER_EUR),
                tw_early=max(_seconds(vehicle["shift_start"]), depots[depot].tw_early),
                tw_late=min(_seconds(vehicle["shift_end"]), depots[depot].tw_late),
                unit_distance_cost=round(vehicle.get("cost_per_km", 0) * COST_UNITS_PER_EUR / 1000),
                unit_duration_cost=round(
                    vehicle.get("cost_per_hour", 0) * COST_UNITS_PER_EUR / 3600
                ),
                reload_depots=[depot] if vehicle.get("max_reloads", 0) else [],
                max_reloads=vehicle.get("max_reloads", 0),
            )
        )
        type_vehicles.append(vehicle["id"])
    travel = document["travel"]
    index = [travel["site_ids"].index(site) for site in location_sites]
    cut = np.ix_(index, index)
    data = ProblemData(
        locations=[Location(x=sites[s]["lon"], y=sites[s]["lat"]) for s in location_sites],
        clients=clients,
        depots=depots,
        vehicle_types=types,
        distance_matrices=[np.asarray(travel["distance_m"], dtype=np.int64)[cut]],
        duration_matrices=[np.asarray(travel["duration_s"], dtype=np.int64)[cut]],
    )
    return data, client_jobs, type_vehicles


class _BestTimes(IteratedLocalSearchCallbacks):
    """Wall-clock seconds since the launch at which each new best was found."""

    def __init__(self, launched: float) -> None:
        self.launched = launched
        self.times: list[float] = []

    def on_best(self, best: Any) -> None:
        self.times.append(time.time() - self.launched)


_DATA: ProblemData | None = None


def _search(seed: int, deadline: float, launched: float) -> dict[str, Any]:
    """One search in a forked process: its routes as vehicle-type trips of client indices."""
    assert _DATA is not None
    best_times = _BestTimes(launched)
    params = SolveParams(
        ils=IteratedLocalSearchParams(callbacks=best_times),
        penalty=PenaltyParams(max_penalty=MAX_PENALTY),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = pyvrp_solve(
            _DATA,
            stop=MaxRuntime(max(deadline - time.time() - WRITE_MARGIN_S, 0.05)),
            seed=seed,
            collect_stats=False,
            params=params,
        )
    routes = []
    for route in result.best.routes():
        trips: list[list[int]] = [[]]
        for visit in route.schedule()[1:-1]:
            if visit.is_depot():
                trips.append([])
            else:
                trips[-1].append(int(visit.idx))
        routes.append((route.vehicle_type(), [trip for trip in trips if trip]))
    return {
        "seed": seed,
        "feasible": result.best.is_feasible(),
        "cost": result.cost() if result.best.is_feasible() else math.inf,
        "iterations": result.num_iterations,
        "time_to_best_s": best_times.times[-1] if best_times.times else None,
        "routes": routes,
    }


def solve(document: dict[str, Any], deadline: float, launched: float) -> dict[str, Any]:
    """Best of :data:`SEEDS` searched in parallel: the solution as foodroute route sequences."""
    global _DATA
    data, client_jobs, type_vehicles = build(document)
    _DATA = data
    with mp.get_context("fork").Pool(len(SEEDS)) as pool:
        results = pool.starmap(_search, [(seed, deadline, launched) for seed in SEEDS])
    best = min(results, key=lambda r: (not r["feasible"], r["cost"]))
    return {
        "solver": "pyvrp-direct",
        "seed": best["seed"],
        "pyvrp_feasible": best["feasible"],
        "iterations": [r["iterations"] for r in results],
        "time_to_best_s": best["time_to_best_s"],
        "routes": [
            {
                "vehicle": type_vehicles[vehicle_type],
                "trips": [[client_jobs[idx] for idx in trip] for trip in trips],
            }
            for vehicle_type, trips in best["routes"]
        ],
    }


def main(argv: list[str] | None = None) -> int:
    launched = time.time()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("problem", type=Path)
    parser.add_argument("--deadline", type=float, required=True, help="wall clock, epoch s")
    parser.add_argument("--launched", type=float, default=None, help="epoch s of the launch")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    document = json.loads(args.problem.read_text(encoding="utf-8"))
    solution = solve(document, args.deadline, args.launched or launched)
    args.out.write_text(json.dumps(solution), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
