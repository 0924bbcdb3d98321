"""Input errors carry the path of the bad field and one sentence, however deep the field is;
the code table gives every failure one code, exit status and HTTP status."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from optimizer.errors import (
    ERROR_TABLE,
    AllocationError,
    ErrorCode,
    ErrorSpec,
    FoodrouteError,
    InputIssue,
    ProblemError,
    exit_code,
    format_location,
    from_validation_error,
    http_status,
    markdown_table,
)
from optimizer.model import Problem, Vehicle
from optimizer.workbook.kinds import CellError


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


# The code table ------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]


def test_every_code_has_one_row_and_every_row_a_code() -> None:
    assert list(ERROR_TABLE) == list(ErrorCode)
    assert all(spec.code is code for code, spec in ERROR_TABLE.items())
    assert len({code.value for code in ErrorCode}) == len(ErrorCode)


@pytest.mark.parametrize("spec", ERROR_TABLE.values(), ids=lambda spec: spec.code.value)
def test_each_row_is_consistent(spec: ErrorSpec) -> None:
    assert spec.exit_code in (1, 2, 3, 4)
    if spec.exit_code == 4:
        # A warning, not a failure: the plan is written (CLI) and answered (API) all the same.
        assert spec.http_status == 200
        return
    assert 400 <= spec.http_status <= 599
    # An internal failure is a 5xx; bad input and a refused request are 4xx.
    assert (spec.exit_code == 1) == (spec.http_status >= 500)
    assert spec.doc.endswith(".") and "\n" not in spec.doc and "|" not in spec.doc
    assert exit_code(spec.code) == spec.exit_code
    assert http_status(spec.code) == spec.http_status


@pytest.mark.parametrize("code", list(ErrorCode), ids=lambda code: code.value)
def test_each_code_is_raised_somewhere(code: ErrorCode) -> None:
    """No dead row: each code is named by the engine, the CLI or the service outside the table."""
    sources = [*(ROOT / "optimizer").rglob("*.py"), *(ROOT / "api").rglob("*.py")]
    uses = [
        path
        for path in sources
        if path.name != "errors.py" or path.parent.name != "optimizer"
        if f"ErrorCode.{code.name}" in path.read_text(encoding="utf-8")
    ]
    assert uses, f"ErrorCode.{code.name} is in the table but nothing uses it"


def test_docs_show_the_table() -> None:
    text = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    section = text.split("<!-- error-table:start -->\n")[1].split("<!-- error-table:end -->")[0]
    assert section == markdown_table(), "run `python -m optimizer.errors` into docs/errors.md"


def test_the_family_carries_its_code() -> None:
    assert ProblemError.single("x", "bad").exit_code == 2
    assert ProblemError.single("x", "bad").http_status == 422
    assert AllocationError("no solution").exit_code == 1
    assert isinstance(CellError("time"), FoodrouteError)
    assert CellError("time").code is ErrorCode.INVALID_PROBLEM
