"""The message catalogue: every sentence a planner or driver reads, one JSON file per language.

Adding a language is adding ``locale/<code>.json`` with the same keys.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

LANGUAGES = ("fr", "en")


@cache
def catalogue(language: str) -> dict[str, str]:
    if language not in LANGUAGES:
        raise ValueError(f"language {language!r} not understood; use one of {LANGUAGES}")
    text = resources.files("optimizer").joinpath(f"locale/{language}.json").read_text("utf-8")
    messages: dict[str, str] = json.loads(text)
    return messages


def message(key: str, language: str, **values: object) -> str:
    """The sentence ``key`` in ``language`` with ``values`` filled in."""
    return catalogue(language)[key].format(**values)
