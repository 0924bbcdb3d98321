"""The compiled problem: what every stage reads of a problem, computed once.

The travel matrix, the usable food of each job, windows and service times in seconds, who
carries what on board. Backends, repairs, the in-day planner and the checker all read the same
:class:`Context`, so that they agree on every number.
"""

from __future__ import annotations

from optimizer.matrix import TravelMatrix, build_matrix
from optimizer.model import (
    TEMPERATURE_CLASSES,
    ClassKg,
    Delivery,
    Pickup,
    Problem,
    Shipment,
    Site,
    TemperatureClass,
    TimeWindow,
    Vehicle,
)
from optimizer.model.food import JobFood, job_food
from optimizer.units import minutes_to_seconds


def zero_kg() -> dict[TemperatureClass, float]:
    return dict.fromkeys(TEMPERATURE_CLASSES, 0.0)


def class_kg(food: JobFood) -> dict[TemperatureClass, float]:
    amounts = zero_kg()
    for lot in food.lots:
        amounts[lot.temperature] += lot.kg
    return amounts


def to_class_kg(amounts: dict[TemperatureClass, float]) -> ClassKg:
    return ClassKg(**{k.value: round(max(v, 0.0), 6) for k, v in amounts.items()})


class Context:
    """Per-problem facts the evaluation needs, computed once: matrices, usable food, windows."""

    def __init__(self, problem: Problem, matrix: TravelMatrix | None = None) -> None:
        self.problem = problem
        self.matrix = matrix if matrix is not None else build_matrix(problem)
        self.sites: dict[str, Site] = {s.id: s for s in problem.sites}
        self.vehicles: dict[str, Vehicle] = {v.id: v for v in problem.vehicles}
        self.jobs: dict[str, Pickup | Delivery] = {j.id: j for j in problem.jobs}
        self.shipments: dict[str, Shipment] = {s.id: s for s in problem.shipments}
        self.shipment_food: dict[str, JobFood] = {
            s.id: job_food(s, problem.date, problem.settings) for s in problem.shipments
        }
        self.food: dict[str, JobFood] = {
            j.id: job_food(j, problem.date, problem.settings) for j in problem.jobs
        }
        self.food.update(self.shipment_food)
        self.amounts = {job_id: class_kg(food) for job_id, food in self.food.items()}
        self.carried_by: dict[str, str] = {
            job_id: vehicle.id for vehicle in problem.vehicles for job_id in vehicle.on_board
        }
        # Per-job facts every route evaluation reads, computed on first use: the repairs
        # evaluate thousands of trial routes, so nothing in them may rebuild a look-up.
        self._window_pairs: dict[str, list[tuple[int, int]]] = {}
        self._service: dict[str, int] = {}

    def matrix_for(self, vehicle_id: str) -> TravelMatrix:
        """The matrix a vehicle's routes are planned and checked on: its road profile's when
        vehicles travel differently (:attr:`TravelMatrix.by_vehicle`), else ``matrix``."""
        return self.matrix.for_vehicle(vehicle_id)

    def knows(self, job_id: str) -> bool:
        """Whether ``job_id`` names a pickup, a delivery or a shipment of the problem."""
        return job_id in self.jobs or job_id in self.shipments

    def sites_of(self, job_id: str) -> tuple[str, ...]:
        """The site of a job, or the pickup and delivery sites of a shipment."""
        shipment = self.shipments.get(job_id)
        if shipment is None:
            return (self.jobs[job_id].site,)
        return shipment.pickup.site, shipment.delivery.site

    def stop_sites(self, job_ids: list[str] | tuple[str, ...]) -> list[str]:
        """The site of each stop of a trip, a shipment's first occurrence being its pickup."""
        seen: set[str] = set()
        sites = []
        for job_id in job_ids:
            ends = self.sites_of(job_id)
            sites.append(ends[-1] if job_id in seen else ends[0])
            seen.add(job_id)
        return sites

    def alone(self, job_id: str) -> tuple[str, ...]:
        """The trip that serves only this job: its id, twice for a shipment."""
        return (job_id, job_id) if job_id in self.shipments else (job_id,)

    def shipment_windows(self, shipment_id: str) -> tuple[list[TimeWindow], list[TimeWindow]]:
        """Pickup and delivery windows: each stop's own, else its site's."""
        shipment = self.shipments[shipment_id]
        return tuple(  # type: ignore[return-value]
            end.time_windows if end.time_windows is not None else self.sites[end.site].time_windows
            for end in (shipment.pickup, shipment.delivery)
        )

    def shipment_service_s(self, shipment_id: str) -> tuple[int, int]:
        """Service at the pickup and at the delivery: each site's fixed time plus handling."""
        shipment = self.shipments[shipment_id]
        kg = self.food[shipment_id].kg
        pickup, delivery = (self.sites[end.site] for end in (shipment.pickup, shipment.delivery))
        return (
            minutes_to_seconds(pickup.service_min) + round(pickup.service_s_per_kg * kg),
            minutes_to_seconds(delivery.service_min) + round(delivery.service_s_per_kg * kg),
        )

    def windows(self, job_id: str) -> list[TimeWindow]:
        job = self.jobs[job_id]
        own = job.time_windows
        return own if own is not None else self.sites[job.site].time_windows

    def window_pairs(self, job_id: str) -> list[tuple[int, int]]:
        """The job's windows as (start, end) seconds; the whole day when it has none."""
        pairs = self._window_pairs.get(job_id)
        if pairs is None:
            pairs = [(w.start, w.end) for w in self.windows(job_id)] or [(0, 10**9)]
            self._window_pairs[job_id] = pairs
        return pairs

    def service_s(self, job_id: str) -> int:
        service = self._service.get(job_id)
        if service is None:
            site = self.sites[self.jobs[job_id].site]
            service = minutes_to_seconds(site.service_min) + round(
                site.service_s_per_kg * self.food[job_id].kg
            )
            self._service[job_id] = service
        return service

    def depot_service_s(self, depot_id: str) -> int:
        return minutes_to_seconds(self.sites[depot_id].service_min)

    def depot_hours(self, depot_id: str) -> tuple[int, int]:
        windows = self.sites[depot_id].time_windows
        if not windows:
            return 0, 10**9
        return min(w.start for w in windows), max(w.end for w in windows)
