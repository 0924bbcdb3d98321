"""One error type for bad input, so the CLI (exit code 2) and the API (4xx) report it alike.

Every problem with the input is an :class:`InputIssue`: the path of the bad field in the
document (``vehicles[3].capacity_kg.chilled``) and one sentence a planner understands.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError


@dataclass(frozen=True, slots=True)
class InputIssue:
    """One thing wrong with the input: where it is and what is wrong."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ProblemError(ValueError):
    """The input cannot be planned as given. Carries every issue found, not only the first."""

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
                InputIssue(f"{prefix}.{i.path}" if prefix else i.path, i.message)
                for i in nested.issues
            )
            continue
        # Union and tagged-union validators append the type name to the location; drop it.
        location = [
            part
            for part in _without_tags(item["loc"], document)
            if not (isinstance(part, str) and ("[" in part or part.startswith("function-")))
        ]
        message = _FRIENDLY.get(item["type"], item["msg"])
        if message.startswith("Value error, "):
            message = message.removeprefix("Value error, ")
        issues.append(InputIssue(format_location(location), message))
    return ProblemError(issues)
