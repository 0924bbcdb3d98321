"""The service's secret: refused in production when missing, loudly warned about in development."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from conftest import sqlite_settings

from api.config import Settings
from api.main import create_app


def test_production_refuses_to_start_without_its_own_secret(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="FOODROUTE_SECRET_KEY"):
        Settings(environment="production", database_url=f"sqlite:///{tmp_path}/x.db")


def test_development_with_the_default_secret_warns_loudly(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        create_app(sqlite_settings(tmp_path, environment="development", workers=0))
    warnings = [r for r in caplog.records if "FOODROUTE_SECRET_KEY" in r.getMessage()]
    assert warnings and warnings[0].levelno == logging.WARNING
    assert "forge" in warnings[0].getMessage()


def test_a_configured_secret_gives_no_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = sqlite_settings(tmp_path, workers=0, secret_key="a-real-secret-for-this-service")
    with caplog.at_level(logging.WARNING):
        create_app(settings.model_copy(update={"environment": "development"}))
    assert not [r for r in caplog.records if "FOODROUTE_SECRET_KEY" in r.getMessage()]
