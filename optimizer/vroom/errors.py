"""VROOM's error contract: code 2 for input, with the key named, in VROOM's ``{code, error}``.

A VROOM client reads ``error``; what foodroute adds (the key alone, the sentence in French for
planners) goes under the ``foodroute`` key. The sentences come from the message catalogue
(``vroom.*`` keys of :mod:`optimizer.messages`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pydantic import ValidationError

from optimizer.errors import InputIssue, ProblemError, from_validation_error
from optimizer.messages import message

INPUT_ERROR = 2
"""VROOM's code for an input error (1 internal, 3 routing); also the CLI's exit code."""


class VroomInputError(ProblemError):
    """A VROOM document we refuse: malformed, or asking for what foodroute cannot honour."""

    def __init__(self, key: str, reason: str, **values: object) -> None:
        self.key = key
        self.reason = reason
        self.values = values
        super().__init__([InputIssue(key, self.sentence("en"))])

    def sentence(self, language: str) -> str:
        return message(f"vroom.{self.reason}", language, field=self.key, **self.values)

    def document(self) -> dict[str, Any]:
        """The answer a VROOM client gets: ``{"code": 2, "error": ...}`` plus our details."""
        return {
            "code": INPUT_ERROR,
            "error": self.sentence("en"),
            "foodroute": {"key": self.key, "reason": self.reason, "error_fr": self.sentence("fr")},
        }


@contextmanager
def about(key: str) -> Iterator[None]:
    """Our model's refusal of what is built from VROOM's ``key``, as an input error naming it
    (and, in the sentence, the field of our model that refused)."""
    try:
        yield
    except VroomInputError:
        raise
    except (ProblemError, ValidationError) as error:
        problem = error if isinstance(error, ProblemError) else from_validation_error(error)
        first = problem.issues[0]
        raise VroomInputError(key, "model", detail=str(first)) from None
