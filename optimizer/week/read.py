"""Reading a week file (JSON) into the validated :class:`~optimizer.week.model.WeekProblem`.

A day name the format does not know (``"lundi"``, ``"monday"``) comes back as a French sentence
that names the partner, donor or driver it belongs to, instead of pydantic's list of codes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from optimizer.errors import InputIssue, ProblemError, format_location, from_validation_error
from optimizer.messages import message
from optimizer.read.documents import read_json
from optimizer.week.model import WeekProblem

LANGUAGE = "fr"
_DAY_FIELDS = frozenset({"days", "allowed_days", "usual_days", "hours", "kg_by_day"})


def parse_week(data: Any) -> WeekProblem:
    """Validate a parsed week document; every defect comes back in one :class:`ProblemError`."""
    if not isinstance(data, dict):
        raise ProblemError.single("", "the week must be a JSON object ({...})")
    try:
        return WeekProblem.model_validate(data)
    except ValidationError as error:
        raise _with_day_names(error, data) from None


def load_week(path: str | Path) -> WeekProblem:
    """Read and validate a week file; a missing or non-JSON file is a :class:`ProblemError`."""
    return parse_week(read_json(path))


def _with_day_names(error: ValidationError, data: dict[str, Any]) -> ProblemError:
    """The issues of ``error``, with unknown day names said in French and their owner named."""
    days: dict[str, str] = {}
    for item in error.errors(include_url=False):
        location = item["loc"]
        if item["type"] != "enum" or not _DAY_FIELDS.intersection(map(str, location)):
            continue
        kept = [p for p in location if not (isinstance(p, str) and "[" in p)]
        who = _owner(data, location)
        days[format_location(kept)] = message(
            "week.error.unknown_day", LANGUAGE, value=item["input"], who=who
        )
    issues = from_validation_error(error, data).issues
    return ProblemError([InputIssue(i.path, days.get(i.path, i.message)) for i in issues])


def _owner(data: dict[str, Any], location: tuple[int | str, ...]) -> str:
    """``le partenaire « north-1 »``: whose day it is, read from the document."""
    group, index = location[0], location[1] if len(location) > 1 else None
    entries = data.get(str(group))
    entry = entries[index] if isinstance(entries, list) and isinstance(index, int) else None
    if not isinstance(entry, dict):
        return message("week.who.week", LANGUAGE)
    if group == "vehicles":
        vehicle = str(entry.get("id", index))
        driver = str(entry.get("driver") or vehicle)
        return message("week.who.driver", LANGUAGE, driver=driver, vehicle=vehicle)
    kind = "partner" if group == "partners" else "donor"
    return message(f"week.who.{kind}", LANGUAGE, site=entry.get("site", index))
