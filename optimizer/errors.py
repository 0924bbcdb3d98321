"""One error family and one code table, so the CLI and the API report every failure alike.

Every failure has an :class:`ErrorCode`; :data:`ERROR_TABLE` gives each code, once, its CLI exit
code, its HTTP status and a line of documentation (the VROOM way: the same code in the JSON body
of the API and behind the exit status of the command line; exit 1 internal, 2 input, 3 the
checked plan breaks a constraint). ``docs/errors.md`` shows the table; a test keeps it in step.

Every problem with the input is an :class:`InputIssue`: the path of the bad field in the
document (``vehicles[3].capacity_kg.chilled``) and one sentence a planner understands.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from pydantic import ValidationError

from optimizer.messages import message


class ErrorCode(StrEnum):
    """The machine-readable code of a failure, in API error bodies and behind CLI exit codes."""

    INTERNAL = "internal_error"
    INVALID_PROBLEM = "invalid_problem"
    INFEASIBLE_PLAN = "infeasible_plan"
    INVALID_REQUEST = "invalid_request"
    INVALID_OPTIONS = "invalid_options"
    INVALID_DECISIONS = "invalid_decisions"
    INVALID_WINDOW = "invalid_window"
    INVALID_GROUP_BY = "invalid_group_by"
    TOO_MANY_POINTS = "too_many_points"
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"
    BODY_TOO_LARGE = "body_too_large"
    FILE_TOO_LARGE = "file_too_large"
    JSON_TOO_DEEP = "json_too_deep"
    JSON_TOO_LARGE = "json_too_large"
    TOO_MANY_ATTEMPTS = "too_many_attempts"
    UNAUTHORIZED = "unauthorized"
    FORBIDDEN = "forbidden"
    CSRF = "csrf"
    BAD_LINK = "bad_link"
    LINK_EXPIRED = "link_expired"
    NOT_FOUND = "not_found"
    NO_ALLOCATION = "no_allocation"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    ALREADY_FINISHED = "already_finished"
    NO_PLAN_YET = "no_plan_yet"
    HTTP_ERROR = "http_error"
    INVALID_FACTORS = "invalid_factors"
    GEOCODER_UNAVAILABLE = "geocoder_unavailable"
    REQUIRED_LEFT_OUT = "required_left_out"


EXIT_OK = 0


@dataclass(frozen=True, slots=True)
class ErrorSpec:
    """One row of the code table."""

    code: ErrorCode
    exit_code: int
    http_status: int
    doc: str


_TABLE = """
internal_error            1   500  An unexpected failure inside the engine or the service.
invalid_problem           2   422  The problem cannot be planned as given; each issue names a field.
infeasible_plan           3   422  The independent checker finds the plan breaks a constraint.
invalid_request           2   422  The request (body, query, command-line option) is not valid.
invalid_options           2   422  Solve options out of range: backend, time limit or seed.
invalid_decisions         2   422  Re-plan decisions (locks, removals, forced stops) do not fit.
invalid_window            2   422  A report period that is reversed, too long or badly written.
invalid_group_by          2   422  A report grouping that is not known.
too_many_points           2   422  The problem has more sites than this service plans.
idempotency_key_reused    2   422  An Idempotency-Key already used for another request.
body_too_large            2   413  The request body is larger than the service accepts.
file_too_large            2   413  An upload past a limit once unpacked (size, files, sheets, rows).
json_too_deep             2   422  A JSON document nested deeper than 64 levels (arrays, objects).
json_too_large            2   413  A JSON file larger than the engine reads (100 MB).
too_many_attempts         2   429  Sign-in refused for a while after repeated wrong passwords.
unauthorized              2   401  No valid API key.
forbidden                 2   403  The key's role may not do this.
csrf                      2   403  A console form without a valid token.
bad_link                  2   403  A driver link whose signature does not match its route.
link_expired              2   403  A driver link past its expiry.
not_found                 2   404  No such job, problem, route or stop.
no_allocation             2   404  The job's problem had no warehouse stock to allocate.
method_not_allowed        2   405  The address does not take this HTTP method.
already_finished          2   409  The job has already finished; it cannot be cancelled.
no_plan_yet               2   409  The job has no plan yet.
http_error                2   400  Any other HTTP error; the answer keeps its own status.
invalid_factors           1   500  The service's table of reporting factors cannot be read.
geocoder_unavailable      1   503  The geocoder cannot answer: addok server down, or empty index.
required_left_out         4   200  The plan is written, but required jobs are left out (see why).
"""


def _parse_table(text: str) -> dict[ErrorCode, ErrorSpec]:
    table: dict[ErrorCode, ErrorSpec] = {}
    for line in text.strip().splitlines():
        code, exit_status, status, doc = line.split(maxsplit=3)
        table[ErrorCode(code)] = ErrorSpec(ErrorCode(code), int(exit_status), int(status), doc)
    return table


ERROR_TABLE: dict[ErrorCode, ErrorSpec] = _parse_table(_TABLE)
"""Every code once: its CLI exit code, HTTP status and meaning."""


def exit_code(code: ErrorCode) -> int:
    """The CLI exit status of a failure with this code."""
    return ERROR_TABLE[code].exit_code


def http_status(code: ErrorCode) -> int:
    """The HTTP status of an API answer with this code."""
    return ERROR_TABLE[code].http_status


def markdown_table() -> str:
    """The code table as the Markdown of ``docs/errors.md`` (``python -m optimizer.errors``)."""
    rows = ["| code | exit code | HTTP status | meaning |", "| --- | --- | --- | --- |"]
    rows += [
        f"| `{spec.code.value}` | {spec.exit_code} | {spec.http_status} | {spec.doc} |"
        for spec in ERROR_TABLE.values()
    ]
    return "\n".join(rows) + "\n"


class FoodrouteError(Exception):
    """Base of every failure foodroute reports on purpose; its code says how (see the table)."""

    code: ErrorCode = ErrorCode.INTERNAL

    @property
    def exit_code(self) -> int:
        return exit_code(self.code)

    @property
    def http_status(self) -> int:
        return http_status(self.code)


@dataclass(frozen=True, slots=True)
class InputIssue:
    """One thing wrong with the input: where it is and what is wrong.

    ``message`` is the English sentence (the API's); an issue with a catalogue ``key`` (and its
    ``values``) can be said in another language by :meth:`text`, e.g. in French for the CLI.
    """

    path: str
    message: str
    key: str | None = None
    values: tuple[tuple[str, str], ...] = ()

    @classmethod
    def said(cls, path: str, key: str, **values: object) -> InputIssue:
        """The issue of catalogue sentence ``key``, its English text as ``message``."""
        kept = tuple((name, str(value)) for name, value in values.items())
        return cls(path, message(key, "en", **dict(kept)), key, kept)

    def text(self, language: str) -> str:
        """The sentence in ``language``; issues without a catalogue key keep their English."""
        if self.key is None:
            return self.message
        return message(self.key, language, **dict(self.values))

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ProblemError(FoodrouteError, ValueError):
    """The input cannot be planned as given. Carries every issue found, not only the first."""

    code = ErrorCode.INVALID_PROBLEM

    def __init__(self, issues: Sequence[InputIssue]) -> None:
        if not issues:
            raise ValueError("ProblemError needs at least one issue.")
        self.issues = list(issues)
        super().__init__("\n".join(str(issue) for issue in self.issues))

    @classmethod
    def single(cls, path: str, message: str) -> ProblemError:
        return cls([InputIssue(path, message)])

    def as_dicts(self) -> list[dict[str, str]]:
        return [{"path": issue.path, "message": issue.message} for issue in self.issues]


def format_location(location: Iterable[int | str]) -> str:
    """Turn pydantic's ``('vehicles', 3, 'capacity_kg')`` into ``vehicles[3].capacity_kg``."""
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


_FRIENDLY = {
    "missing": "this field is required",
    "extra_forbidden": "this field is not part of the format (check its spelling)",
}


def _without_tags(location: Sequence[int | str], document: Any) -> list[int | str]:
    """Drop the member tag a tagged union puts in the location (``travel.explicit.distance_m``).

    The tag is the value of the object's ``kind`` at that point of the document, not a key of it.
    """
    kept: list[int | str] = []
    node = document
    for part in location:
        if isinstance(node, dict) and isinstance(part, str):
            if part not in node and part == node.get("kind"):
                continue
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            node = None
        kept.append(part)
    return kept


def from_validation_error(error: ValidationError, document: Any = None) -> ProblemError:
    """Translate pydantic's errors into our issues, keeping the field path and the sentence.

    ``document`` is the validated input; with it, tagged-union tags are dropped from the paths.
    """
    issues: list[InputIssue] = []
    for item in error.errors(include_url=False):
        nested = item.get("ctx", {}).get("error")
        if isinstance(nested, ProblemError):
            # Cross-reference checks run on the whole document and carry their own paths.
            prefix = format_location(_without_tags(item["loc"], document))
            issues.extend(
                replace(i, path=f"{prefix}.{i.path}" if prefix else i.path) for i in nested.issues
            )
            continue
        # Union and tagged-union validators append the type name to the location; drop it.
        location = [
            part
            for part in _without_tags(item["loc"], document)
            if not (isinstance(part, str) and ("[" in part or part.startswith("function-")))
        ]
        issues.append(_field_issue(format_location(location), item))
    return ProblemError(issues)


_SAID = {
    "missing": (),
    "extra_forbidden": (),
    "greater_than_equal": ("ge",),
    "greater_than": ("gt",),
    "less_than_equal": ("le",),
    "less_than": ("lt",),
    "too_short": ("min_length",),
    "too_long": ("max_length",),
    "literal_error": ("expected",),
    "int_parsing": (),
    "int_type": (),
    "int_from_float": (),
    "float_parsing": (),
    "float_type": (),
    "finite_number": (),
    "string_type": (),
    "bool_type": (),
    "bool_parsing": (),
    "list_type": (),
    "model_type": (),
    "dict_type": (),
    "date_from_datetime_parsing": (),
    "date_parsing": (),
    "date_type": (),
    "enum": ("expected",),
}
"""Pydantic's error types said through the catalogue (``input.<type>``), with their values."""


def _shown(value: object) -> str:
    """A bound as pydantic shows it: ``0`` for a float field's ``0.0``; the choices of an enum
    (``'a', 'b' or 'c'``) as a list any language reads (``'a', 'b', 'c'``)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("' or '", "', '")


def _field_issue(path: str, item: Any) -> InputIssue:
    """Pydantic's error as an issue: its English sentence (the API's, unchanged) and, for the
    common types, the catalogue key that says it in another language."""
    kind = item["type"]
    text = _FRIENDLY.get(kind, item["msg"]).removeprefix("Value error, ")
    if kind not in _SAID:
        return InputIssue(path, text)
    context = item.get("ctx") or {}
    values = tuple((name, _shown(context.get(name, ""))) for name in _SAID[kind])
    return InputIssue(path, text, f"input.{kind}", values)


class AllocationError(FoodrouteError, RuntimeError):
    """The allocation solver returned no usable solution (should not happen: giving nothing is
    feasible)."""

    code = ErrorCode.INTERNAL


if __name__ == "__main__":
    print(markdown_table(), end="")
