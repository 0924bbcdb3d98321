"""What VROOM accepts and foodroute cannot honour is refused with code 2, the key named."""

from __future__ import annotations

from typing import Any

import pytest

from optimizer.vroom import VroomInputError, solve_vroom, translate


def refusal(document: dict[str, Any]) -> VroomInputError:
    with pytest.raises(VroomInputError) as caught:
        translate(document)
    return caught.value


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (lambda d: d["vehicles"][0].update(max_distance=1000), "vehicles[0].max_distance"),
        (lambda d: d["vehicles"][1].update(max_travel_time=1000), "vehicles[1].max_travel_time"),
        (lambda d: d["vehicles"][0].update(speed_factor=1.5), "vehicles[0].speed_factor"),
        (lambda d: d["vehicles"][0].pop("end_index"), "vehicles[0].end"),
        (
            lambda d: d["vehicles"][0]["breaks"][0].update(max_load=[3]),
            "vehicles[0].breaks[0].max_load",
        ),
        (lambda d: d["jobs"][0].update(pickup=[1]), "jobs[0].pickup"),
        (lambda d: d["jobs"][1].update(setup=60, location_index=1), "jobs[1].setup"),
        (lambda d: d["jobs"][2].update(colour="red"), "jobs[2].colour"),
        (lambda d: d["vehicles"][0].update(max_tasks=2), "vehicles[0].max_tasks"),
        (
            lambda d: d["matrices"]["car"].update(costs=d["matrices"]["car"]["durations"]),
            "matrices.car.costs",
        ),
        (lambda d: d["vehicles"][1].update(profile="bike"), "vehicles[1].profile"),
        (lambda d: d["vehicles"][1].update(costs={"per_km": 3}), "vehicles[1].costs.per_km"),
        (lambda d: d["jobs"][0].update(priority=101), "jobs[0].priority"),
        (lambda d: d["vehicles"][0].update(time_window=[50, 10]), "vehicles[0].time_window"),
        (lambda d: d["jobs"][1].update(time_windows=[[5, 1]]), "jobs[1].time_windows[0]"),
        (lambda d: d["vehicles"][1].update(costs={"fixed": 2**31}), "vehicles[1]"),
        (lambda d: d["jobs"][0].update(delivery=[200_000]), "jobs[0]"),
        (lambda d: d["jobs"][0].update(time_windows=[[0, 10], [5, 20]]), "jobs[0]"),
    ],
)
def test_refused_with_the_key_named(example: dict[str, Any], change: Any, key: str) -> None:
    change(example)
    error = refusal(example)
    assert error.key == key
    body = error.document()
    assert body["code"] == 2
    assert key in body["error"]
    assert key in body["foodroute"]["error_fr"]


def test_more_than_three_dimensions_refused(example: dict[str, Any]) -> None:
    for vehicle in example["vehicles"]:
        vehicle["capacity"] = [1, 1, 1, 1]
    for job in example["jobs"]:
        for name in ("delivery", "pickup"):
            if name in job:
                job[name] = [1, 0, 0, 0]
    example["shipments"][0]["amount"] = [1, 0, 0, 0]
    assert refusal(example).key == "vehicles[0].capacity"


def test_max_tasks_counts_jobs_of_one_direction(example: dict[str, Any]) -> None:
    example["shipments"] = []
    example["jobs"] = [job for job in example["jobs"] if "delivery" in job]
    example["vehicles"][0]["max_tasks"] = 1
    problem = translate(example).problem
    van = problem.vehicles[0]
    assert van.capacity_kg.chilled == 1  # the task count's compartment
    assert all(any(lot.id.endswith("/task") for lot in job.lots) for job in problem.deliveries)


def test_a_task_is_worth_more_than_any_insertion(example: dict[str, Any]) -> None:
    translation = translate(example)
    # Four arcs at the dearest (1500 s at 1 €/s) plus 1 €; a priority point beats all 8 steps.
    assert translation.task_value_eur == 4 * 1500 + 1
    assert translation.priority_value_eur == translation.task_value_eur * 8
    shipment = translation.problem.shipments[0]
    assert shipment.value_eur == 2 * (6001 + 5 * 6001 * 8)


def test_max_distance_is_ours_when_cost_is_distance(example: dict[str, Any]) -> None:
    example["matrices"]["car"]["distances"] = example["matrices"]["car"]["durations"]
    for vehicle in example["vehicles"]:
        vehicle["costs"] = {"per_hour": 0, "per_km": 2}
    example["vehicles"][0]["max_distance"] = 2500
    vehicle = translate(example).problem.vehicles[0]
    assert vehicle.max_distance_km == 2.5
    assert vehicle.cost_per_km == 2
    del example["vehicles"][0]["breaks"]
    answer = solve_vroom(example, backend="pyvrp", time_limit_s=30, max_iterations=300).document
    assert answer["foodroute"]["check"]["feasible"]
    van = [route for route in answer["routes"] if route["vehicle"] == 1]
    assert all(route["distance"] <= 2500 for route in van)


def test_coordinates_off_the_globe_are_refused(example: dict[str, Any]) -> None:
    del example["matrices"]
    for task in example["jobs"]:
        task["location"] = [5.0, 47.0 + task.pop("location_index") / 100]
    for end in ("pickup", "delivery"):
        step = example["shipments"][0][end]
        step["location"] = [5.0, 47.0 + step.pop("location_index") / 100]
    for vehicle in example["vehicles"]:
        vehicle["start"] = vehicle["end"] = [5.0, 95.0]
        del vehicle["start_index"], vehicle["end_index"]
    assert refusal(example).key == "location"
