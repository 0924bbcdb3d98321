"""Fixtures of the reader tests: small hand-made files, and the public benchmark folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from optimizer.read import benchdata


@pytest.fixture(scope="session")
def read_data() -> Path:
    """Small hand-made files, valid (``Tiny*``) or named after their defect."""
    return Path(__file__).parent / "data"


@pytest.fixture
def benchmark_folder() -> Path:
    """``../shared/benchdata``; tests that take this fixture skip when it is absent."""
    if not benchdata.available():
        pytest.skip(f"benchmark folder {benchdata.root()} is absent (set FOODROUTE_BENCHDATA)")
    return benchdata.root()
