"""A history: one record per planned day, the problem, its checked plan and the drivers' reports.

Stored as JSON Lines (one record a line) so that a year of days streams in and out without
holding one giant document. The drivers' stop reports are optional: a day nobody reported is
counted as planned.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from optimizer.errors import ProblemError, from_validation_error
from optimizer.model import ClassKg, Problem
from optimizer.plan import Plan, StopEnd


class StopStatus(StrEnum):
    DONE = "done"
    SKIPPED = "skipped"


class StopReport(BaseModel):
    """What a driver reported for one stop: done (with the kg actually moved) or skipped.

    The shape the drivers' route page posts (``job``, ``end``, ``status``, ``reason``,
    ``actual_kg``, ``reported_at``), so stored reports feed a report as they are.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    job: str = Field(description="The job id of the stop (a pickup, delivery or shipment).")
    end: StopEnd | None = Field(
        None,
        description="The end reported (pickup or delivery); none = the job's only end. On a "
        "shipment, none is a report from before ends were told apart and stands for both ends.",
    )
    status: StopStatus
    actual_kg: ClassKg | None = Field(
        None, description="Kg actually picked up or delivered per class; none = as planned."
    )
    reason: str = Field("", description="Why a stop was skipped, in the driver's words.")
    reported_at: dt.datetime | None = Field(None, description="When the driver sent it.")


class DayRecord(BaseModel):
    """One planned day. ``reports`` is ``None`` when no driver reported anything that day."""

    model_config = ConfigDict(extra="forbid")

    problem: Problem
    plan: Plan
    reports: list[StopReport] | None = None

    @property
    def date(self) -> dt.date:
        return self.plan.date


def write_history(records: Iterable[DayRecord], path: Path) -> int:
    """Write ``records`` as JSON Lines; returns how many were written."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(record.model_dump_json(exclude_none=True))
            out.write("\n")
            count += 1
    return count


def read_history(path: Path) -> Iterator[DayRecord]:
    """Records from a JSON Lines file; a bad line is a :class:`ProblemError` naming the line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as error:
        raise ProblemError.single("", f"file '{path}' does not exist") from error
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield DayRecord.model_validate_json(line)
        except ValidationError as error:
            issues = from_validation_error(error).issues
            raise ProblemError.single(
                f"line {number}", "; ".join(str(issue) for issue in issues[:3])
            ) from error


def read_week_folder(folder: Path) -> Iterator[DayRecord]:
    """The days of a week planned by ``foodroute plan-week --out FOLDER``: each day's problem
    and checked plan, as ``week.json`` lists them (no stop reports: counted as planned)."""
    from optimizer.read.documents import load_problem

    index = folder / "week.json"
    try:
        document = json.loads(index.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ProblemError.single("--week", f"'{index}' does not exist") from error
    except json.JSONDecodeError as error:
        raise ProblemError.single("--week", f"'{index}' is not JSON: {error}") from error
    days = document.get("days") if isinstance(document, dict) else None
    if not isinstance(days, list):
        raise ProblemError.single("--week", f"'{index}' lists no days")
    for number, day in enumerate(days):
        try:
            problem = load_problem(folder / str(day["problem"]))
            plan = Plan.model_validate_json((folder / str(day["plan"])).read_text("utf-8"))
        except (KeyError, TypeError, FileNotFoundError) as error:
            raise ProblemError.single(f"days[{number}]", f"cannot read the day: {error}") from error
        except ValidationError as error:
            issues = from_validation_error(error).issues
            raise ProblemError.single(
                f"days[{number}].plan", "; ".join(str(i) for i in issues[:3])
            ) from error
        yield DayRecord(problem=problem, plan=plan)
