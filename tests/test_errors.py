"""Input errors carry the path of the bad field and one sentence, however deep the field is."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from optimizer.errors import InputIssue, ProblemError, format_location, from_validation_error
from optimizer.model import Problem, Vehicle


def test_issue_reads_path_then_message() -> None:
    assert str(InputIssue("vehicles[3].capacity_kg", "too small")) == (
        "vehicles[3].capacity_kg: too small"
    )
    assert str(InputIssue("", "not a JSON object")) == "not a JSON object"


def test_problem_error_keeps_every_issue_in_order() -> None:
    error = ProblemError([InputIssue("a", "first"), InputIssue("b[0]", "second")])
    assert str(error) == "a: first\nb[0]: second"
    assert error.as_dicts() == [
        {"path": "a", "message": "first"},
        {"path": "b[0]", "message": "second"},
    ]
    assert isinstance(error, ValueError)  # callers that catch ValueError still see it


def test_single_issue() -> None:
    error = ProblemError.single("date", "this field is required")
    assert error.issues == [InputIssue("date", "this field is required")]


def test_an_error_without_issue_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="at least one issue"):
        ProblemError([])


@pytest.mark.parametrize(
    ("location", "path"),
    [
        (("vehicles", 3, "capacity_kg", "chilled"), "vehicles[3].capacity_kg.chilled"),
        (("date",), "date"),
        ((), ""),
        (("travel", "distance_m", 2, 0), "travel.distance_m[2][0]"),
        ((0, "id"), "[0].id"),
    ],
)
def test_format_location(location: tuple[int | str, ...], path: str) -> None:
    assert format_location(location) == path


def _validation_error(
    data: dict[str, object], model: type[Problem] | type[Vehicle]
) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return caught.value


def test_missing_and_unknown_fields_get_friendly_sentences() -> None:
    error = _validation_error(
        {"id": "V", "depot": "D", "shift_start": "07:00", "capcity_kg": {}},
        Vehicle,
    )
    issues = {issue.path: issue.message for issue in from_validation_error(error).issues}
    assert issues == {
        "shift_end": "this field is required",
        "capacity_kg": "this field is required",
        "capcity_kg": "this field is not part of the format (check its spelling)",
    }


def test_value_error_prefix_is_dropped() -> None:
    error = _validation_error(
        {
            "id": "V",
            "depot": "D",
            "shift_start": "7h30",
            "shift_end": "08:00",
            "capacity_kg": {"ambient": 10},
        },
        Vehicle,
    )
    assert from_validation_error(error).as_dicts() == [
        {"path": "shift_start", "message": "expected a time as 'HH:MM' (e.g. '07:30'), got '7h30'"}
    ]


def test_nested_problem_error_paths_are_prefixed() -> None:
    """A cross-reference check on the whole document keeps its own paths (no prefix at the root),
    and a check raised inside a nested object is prefixed with that object's location."""
    vehicle = {
        "id": "V",
        "depot": "D",
        "shift_start": "09:00",
        "shift_end": "08:00",
        "capacity_kg": {"ambient": 10},
    }
    error = _validation_error(
        {
            "date": "2025-03-10",
            "sites": [{"id": "D", "kind": "depot", "lat": 47.3, "lon": 5.0}],
            "vehicles": [vehicle],
        },
        Problem,
    )
    assert [issue.path for issue in from_validation_error(error).issues] == [
        "vehicles[0].shift_end"
    ]
    vehicle["shift_end"] = "10:00"
    vehicle["depot"] = "Nowhere"
    error = _validation_error(
        {
            "date": "2025-03-10",
            "sites": [{"id": "D", "kind": "depot", "lat": 47.3, "lon": 5.0}],
            "vehicles": [vehicle],
        },
        Problem,
    )
    assert [str(issue) for issue in from_validation_error(error).issues] == [
        "vehicles[0].depot: no site 'Nowhere'"
    ]


def test_union_tags_are_dropped_with_the_document() -> None:
    document: dict[str, object] = {
        "date": "2025-03-10",
        "sites": [{"id": "D", "kind": "depot", "lat": 47.3, "lon": 5.0}],
        "vehicles": [
            {
                "id": "V",
                "depot": "D",
                "shift_start": "07:00",
                "shift_end": "08:00",
                "capacity_kg": {"ambient": 10},
            }
        ],
        "travel": {"kind": "haversine", "detour_factor": 0.5},
    }
    error = _validation_error(document, Problem)
    # Without the document the tag stays; with it the path is the field a planner edits.
    assert [issue.path for issue in from_validation_error(error).issues] == [
        "travel.haversine.detour_factor"
    ]
    assert [issue.path for issue in from_validation_error(error, document).issues] == [
        "travel.detour_factor"
    ]
