"""A history: one record per planned day, the problem, its checked plan and the drivers' reports.

Stored as JSON Lines (one record a line) so that a year of days streams in and out without
holding one giant document. The drivers' stop reports are optional: a day nobody reported is
counted as planned.
"""

from __future__ import annotations

import datetime as dt
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
