"""The tiny week of :mod:`tests.week.weeks`, fresh for every test."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.week.weeks import tiny_week


@pytest.fixture
def week_data() -> dict[str, Any]:
    return copy.deepcopy(tiny_week())
