"""The administration commands create a tenant whose printed key works, once per name."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import local, sqlite_settings
from typer.testing import CliRunner

from api.admin import app
from api.config import get_settings


def test_create_tenant_then_a_planner_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = sqlite_settings(tmp_path, workers=0)
    monkeypatch.setenv("FOODROUTE_DATABASE_URL", settings.database_url)
    get_settings.cache_clear()
    runner = CliRunner()
    try:
        created = runner.invoke(app, ["create-tenant", "BA21"])
        assert created.exit_code == 0, created.output
        admin_key = created.output.strip()
        again = runner.invoke(app, ["create-tenant", "BA21"])
        assert again.exit_code == 2
        planner = runner.invoke(app, ["create-key", "BA21", "--role", "planner"])
        assert planner.exit_code == 0
        planner_key = planner.output.strip()
        missing = runner.invoke(app, ["create-key", "nobody"])
        assert missing.exit_code == 2
    finally:
        get_settings.cache_clear()
    with local(settings) as service:
        for key in (admin_key, planner_key):
            listed = service.client.get("/v1/solve-jobs", headers={"X-API-Key": key})
            assert listed.status_code == 200
            assert listed.json() == {"data": [], "count": 0}
