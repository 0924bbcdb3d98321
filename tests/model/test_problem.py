"""The input contract: every defect is refused at the door with the path of the bad field."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

from optimizer.errors import ProblemError
from optimizer.model import (
    Category,
    ClassKg,
    ExplicitTravel,
    HaversineTravel,
    Problem,
    Settings,
    TemperatureClass,
)
from optimizer.read.documents import load_problem, parse_problem

Document = dict[str, Any]
Factory = Callable[..., dict[str, Any]]


# (file in tests/data, the path the planner is pointed at, a word of the sentence)
BAD_FILES = [
    ("TimeWindowEndsBeforeStart", "sites[1].time_windows[0].end", "ends before it starts"),
    ("NegativeChilledCapacity", "vehicles[3].capacity_kg.chilled", "greater than or equal to 0"),
    ("DeliveryAtUnknownSite", "deliveries[0].site", "no site 'Nowhere'"),
    ("DeliveryAtDonorSite", "deliveries[0].site", "is a donor"),
    ("DuplicatedJobId", "deliveries[0].id", "job id 'P1' is used twice"),
    ("DuplicatedSiteId", "sites[3].id", "'A' is used twice"),
    ("DuplicatedLotId", "deliveries[0].lots[0].id", "lot id 'P1-dry' is used twice"),
    ("OverlappingTimeWindows", "sites[2].time_windows", "overlap"),
    ("UnknownKey", "vehicles[0].capacity_kg.chiled", "not part of the format"),
    ("FrozenCategoryNotFrozen", "pickups[0].lots[1].category", "go together"),
    ("ExplicitMatrixNotSquare", "travel.distance_m", "3×3"),
    ("ExplicitMatrixMissingSite", "travel.site_ids", "site 'A' (sites[2]) has no row"),
    ("VehicleDepotIsPartner", "vehicles[0].depot", "is a partner, not a depot"),
    ("ShiftEndsBeforeStart", "vehicles[0].shift_end", "after 'shift_start'"),
    ("VehicleWithoutCapacity", "vehicles[0].capacity_kg", "no capacity"),
    ("ClockNotHHMM", "vehicles[0].shift_start", "'7h30'"),
    ("MissingDate", "date", "required"),
    ("UnknownSchemaVersion", "schema_version", "1.0"),
]


@pytest.mark.parametrize(("name", "path", "words"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_file_names_the_field(data_dir: Path, name: str, path: str, words: str) -> None:
    with pytest.raises(ProblemError) as caught:
        load_problem(data_dir / f"{name}.json")
    issues = caught.value.issues
    assert [issue.path for issue in issues] == [path]
    assert words in issues[0].message


def test_every_bad_file_is_covered(data_dir: Path) -> None:
    """A file added to tests/data without an expectation would test nothing."""
    covered = {name for name, _, _ in BAD_FILES} | {"NotJson", "NotAnObject", THREE_ERRORS}
    assert {file.stem for file in data_dir.glob("*.json")} == covered


THREE_ERRORS = "ReversedWindowNegativeCapacityUnknownSite"


def test_field_errors_do_not_hide_the_errors_across_parts(data_dir: Path) -> None:
    """Pydantic skips the reference checks once a field is invalid; all three come at once."""
    with pytest.raises(ProblemError) as caught:
        load_problem(data_dir / f"{THREE_ERRORS}.json")
    assert [(issue.path, issue.message) for issue in caught.value.issues] == [
        (
            "sites[1].time_windows[0].end",
            "the window ends before it starts ('end' must be at or after 'start')",
        ),
        ("vehicles[0].capacity_kg.chilled", "Input should be greater than or equal to 0"),
        ("deliveries[0].site", "no site 'Nowhere'"),
    ]


def test_a_reference_to_an_invalid_part_is_not_called_unknown(tiny_doc: Document) -> None:
    tiny_doc["sites"][2]["lat"] = 123  # site A is invalid, but it exists: D1 may go there
    tiny_doc["deliveries"][0]["lots"][0]["kg"] = -1
    with pytest.raises(ProblemError) as caught:
        parse_problem(tiny_doc)
    assert [issue.path for issue in caught.value.issues] == [
        "sites[2].lat",
        "deliveries[0].lots[0].kg",
    ]


def test_tiny_day_is_valid(tiny: Problem) -> None:
    assert [site.id for site in tiny.sites] == ["D", "S", "A"]
    assert [job.id for job in tiny.jobs] == ["P1", "D1"]
    assert tiny.pickups[0].required is False  # pickups are optional by default
    assert tiny.deliveries[0].required is True  # deliveries are required by default
    assert tiny.site("S").time_windows[0].start == 7 * 3600 + 30 * 60  # 07:30 = 27000 s
    assert tiny.job("D1").site == "A"
    with pytest.raises(KeyError):
        tiny.job("nope")


def test_every_issue_is_reported_at_once(tiny_doc: Document, vehicle: Factory) -> None:
    tiny_doc["deliveries"][0]["site"] = "Nowhere"
    tiny_doc["pickups"][0]["site"] = "A"
    tiny_doc["vehicles"].append(vehicle("V1"))
    with pytest.raises(ProblemError) as caught:
        parse_problem(tiny_doc)
    assert sorted(issue.path for issue in caught.value.issues) == [
        "deliveries[0].site",
        "pickups[0].site",
        "vehicles[1].id",
    ]


def test_windows_are_sorted_and_touching_ones_overlap(tiny_doc: Document) -> None:
    tiny_doc["sites"][2]["time_windows"] = [
        {"start": "14:00", "end": "16:00"},
        {"start": "09:00", "end": "11:00"},
    ]
    problem = parse_problem(tiny_doc)
    # sorted by start: 09:00 = 32400 s before 14:00 = 50400 s
    assert [w.start for w in problem.site("A").time_windows] == [32400, 50400]

    tiny_doc["sites"][2]["time_windows"] = [
        {"start": "09:00", "end": "11:00"},
        {"start": "11:00", "end": "12:00"},
    ]
    with pytest.raises(ProblemError) as caught:
        parse_problem(tiny_doc)
    assert caught.value.issues[0].path == "sites[2].time_windows"


def test_job_windows_override_the_site(tiny_doc: Document) -> None:
    tiny_doc["deliveries"][0]["time_windows"] = [{"start": "13:00", "end": "13:30"}]
    problem = parse_problem(tiny_doc)
    assert [(w.start, w.end) for w in problem.windows_of(problem.job("D1"))] == [(46800, 48600)]
    assert [(w.start, w.end) for w in problem.windows_of(problem.job("P1"))] == [(27000, 28800)]


def test_job_windows_overlapping_name_the_job(tiny_doc: Document) -> None:
    tiny_doc["pickups"][0]["time_windows"] = [
        {"start": "08:00", "end": "09:00"},
        {"start": "08:30", "end": "10:00"},
    ]
    with pytest.raises(ProblemError) as caught:
        parse_problem(tiny_doc)
    assert caught.value.issues[0].path == "pickups[0].time_windows"


@pytest.mark.parametrize(
    ("field", "value", "path"),
    [
        ("kg", 0, "pickups[0].lots[0].kg"),
        ("kg", -5, "pickups[0].lots[0].kg"),
        ("temperature", "warm", "pickups[0].lots[0].temperature"),
        ("category", "sweets", "pickups[0].lots[0].category"),
        ("date_kind", "BBE", "pickups[0].lots[0].date_kind"),
        ("date", "10/03/2025", "pickups[0].lots[0].date"),
    ],
)
def test_bad_lot_field(tiny_doc: Document, field: str, value: Any, path: str) -> None:
    tiny_doc["pickups"][0]["lots"][0][field] = value
    with pytest.raises(ProblemError) as caught:
        parse_problem(tiny_doc)
    assert [issue.path for issue in caught.value.issues] == [path]


def test_job_without_lots_is_refused(tiny_doc: Document) -> None:
    tiny_doc["deliveries"][0]["lots"] = []
    with pytest.raises(ProblemError) as caught:
        parse_problem(tiny_doc)
    assert caught.value.issues[0].path == "deliveries[0].lots"


def test_frozen_food_in_frozen_temperature_is_accepted(tiny_doc: Document, lot: Factory) -> None:
    tiny_doc["pickups"][0]["lots"].append(lot("P1-ice", 10, "frozen"))
    problem = parse_problem(tiny_doc)
    assert problem.pickups[0].lots[-1].temperature is TemperatureClass.FROZEN


@pytest.mark.parametrize(
    ("key", "value", "path"),
    [
        ("payload_kg", 0, "vehicles[0].payload_kg"),
        ("max_duration_min", -1, "vehicles[0].max_duration_min"),
        ("max_reloads", -1, "vehicles[0].max_reloads"),
        ("cost_per_km", -0.1, "vehicles[0].cost_per_km"),
        ("end_depot", "S", "vehicles[0].end_depot"),
        ("end_depot", "Z", "vehicles[0].end_depot"),
        ("depot", "Z", "vehicles[0].depot"),
        ("colour", "red", "vehicles[0].colour"),
    ],
)
def test_bad_vehicle_field(tiny_doc: Document, key: str, value: Any, path: str) -> None:
    tiny_doc["vehicles"][0][key] = value
    with pytest.raises(ProblemError) as caught:
        parse_problem(tiny_doc)
    assert [issue.path for issue in caught.value.issues] == [path]


def test_vehicle_derived_limits(tiny_doc: Document, vehicle: Factory) -> None:
    tiny_doc["vehicles"] = [
        vehicle("V1"),
        vehicle("V2", payload_kg=600, max_duration_min=90.5, end_depot="D"),
    ]
    first, second = parse_problem(tiny_doc).vehicles
    assert first.payload_limit_kg == 700  # 500 ambient + 200 chilled + 0 frozen
    assert second.payload_limit_kg == 600
    assert first.max_duration_s is None
    assert second.max_duration_s == 5430  # 90.5 min × 60
    assert first.end_depot_id == "D" == second.end_depot_id


def test_pickup_at_a_partner_is_refused(tiny_doc: Document) -> None:
    tiny_doc["pickups"][0]["site"] = "A"
    with pytest.raises(ProblemError) as caught:
        parse_problem(tiny_doc)
    assert caught.value.issues[0].path == "pickups[0].site"
    assert "pickups go to a donor" in caught.value.issues[0].message


def test_settings_defaults_and_sorting() -> None:
    settings = Settings.model_validate(
        {"urgency": [{"max_days": 3, "factor": 1.2}, {"max_days": 0, "factor": 3}]}
    )
    assert [step.max_days for step in settings.urgency] == [0, 3]
    defaults = Settings()
    assert defaults.value_eur_per_kg[Category.DAIRY] == 4.3  # national average €/kg
    assert [s.factor for s in defaults.urgency] == [2.0, 1.6, 1.3, 1.1]
    assert defaults.ddm_grace_days[Category.DRY_GROCERIES] == 90
    assert defaults.min_days_left_at_pickup == 1


@pytest.mark.parametrize(
    ("settings", "path"),
    [
        ({"time_limit_s": 0}, "settings.time_limit_s"),
        ({"time_limit_s": 3601}, "settings.time_limit_s"),
        ({"seed": -1}, "settings.seed"),
        ({"urgency": [{"max_days": 1, "factor": 0}]}, "settings.urgency[0].factor"),
        ({"value_eur_per_kg": {"dairy": -1}}, "settings.value_eur_per_kg.dairy"),
    ],
)
def test_bad_settings(tiny_doc: Document, settings: dict[str, Any], path: str) -> None:
    tiny_doc["settings"] = settings
    with pytest.raises(ProblemError) as caught:
        parse_problem(tiny_doc)
    assert [issue.path for issue in caught.value.issues] == [path]


def test_haversine_is_the_default_travel(tiny_doc: Document) -> None:
    del tiny_doc["travel"]
    travel = parse_problem(tiny_doc).travel
    assert isinstance(travel, HaversineTravel)
    assert (travel.speed_kmh, travel.detour_factor) == (35.0, 1.3)


def test_explicit_travel_alone_must_be_square() -> None:
    with pytest.raises(ValueError, match="2×2"):
        ExplicitTravel(site_ids=["a", "b"], distance_m=[[0, 1], [1, 0]], duration_s=[[0, 1]])


def test_class_kg() -> None:
    amounts = ClassKg(ambient=1.5, chilled=2, frozen=0.25)
    assert amounts.total == 3.75
    assert amounts.get(TemperatureClass.CHILLED) == 2.0
    assert ClassKg().total == 0.0


def test_round_trip_through_json(tiny: Problem) -> None:
    text = tiny.model_dump_json()
    data = json.loads(text)
    assert data["vehicles"][0]["shift_start"] == "07:00"  # clock times written back as HH:MM
    assert Problem.model_validate_json(text) == tiny


def test_problem_json_schema_exports() -> None:
    schema = Problem.model_json_schema(mode="validation")
    assert schema["type"] == "object"
    assert {"date", "sites", "vehicles"} <= set(schema["required"])
    defs = schema["$defs"]
    assert defs["Vehicle"]["additionalProperties"] is False  # unknown keys are refused
    assert set(defs["ClassKg"]["properties"]) == {"ambient", "chilled", "frozen"}
    shift = defs["Vehicle"]["properties"]["shift_start"]
    assert shift["anyOf"][0]["pattern"] == r"^\d{1,3}:[0-5]\d(:[0-5]\d)?$"


def test_problem_schema_is_valid_json_schema_and_agrees_with_the_model(
    tiny_doc: Document,
) -> None:
    schema = Problem.model_json_schema(mode="validation")
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    document = copy.deepcopy(tiny_doc)
    assert list(validator.iter_errors(tiny_doc)) == []
    document["vehicles"][0]["capacity_kg"]["chiled"] = 3
    errors = list(validator.iter_errors(document))
    assert [list(error.absolute_path) for error in errors] == [["vehicles", 0, "capacity_kg"]]


@pytest.mark.parametrize(
    ("travel", "paths"),
    [
        (
            {"kind": "explicit", "distance_m": [[0, -5], [1, 0]], "duration_s": [[0, 1], [1, 0]]},
            ["travel.site_ids", "travel.distance_m[0][1]"],
        ),
        ({"kind": "haversine", "speed_kmh": 0}, ["travel.speed_kmh"]),
        ({"kind": "osrm"}, ["travel"]),
    ],
)
def test_travel_errors_name_the_field_not_the_kind(
    tiny_doc: Document, travel: dict[str, Any], paths: list[str]
) -> None:
    """The travel kind ('explicit', 'haversine') selects a format; it is not part of a path."""
    tiny_doc["travel"] = travel
    with pytest.raises(ProblemError) as caught:
        parse_problem(tiny_doc)
    assert [issue.path for issue in caught.value.issues] == paths


def test_a_site_without_coordinates_is_named_and_told_what_is_missing(tiny_doc: Document) -> None:
    doc = copy.deepcopy(tiny_doc)
    del doc["sites"][1]["lat"]
    doc["sites"][1].pop("address", None)
    doc["sites"][1].pop("commune", None)
    doc["sites"][2].pop("lon")
    doc["sites"][2]["address"] = "12 rue des Ardennes"
    with pytest.raises(ProblemError) as caught:
        parse_problem(doc)
    messages = {issue.path: issue.message for issue in caught.value.issues}
    first, second = doc["sites"][1]["id"], doc["sites"][2]["id"]
    assert messages == {
        "sites[1]": f"site '{first}' has neither coordinates (lat, lon) nor an address",
        "sites[2]": f"site '{second}' has an address but no coordinates: geocode it first "
        "(foodroute geocode, or import the workbook)",
    }


def test_the_geocode_block_is_in_the_json_schema() -> None:
    schema = Problem.model_json_schema(mode="validation")
    site = schema["$defs"]["Site"]["properties"]
    assert {"address", "postcode", "commune", "geocode"} <= set(site)
    block = schema["$defs"]["SiteGeocode"]["properties"]
    assert set(block) == {"manual", "label", "score", "match_type", "doubts"}
    Draft202012Validator.check_schema(schema)
