"""Helpers of the console's tests: a planner account, CSRF tokens, a spoiled Dijon workbook.

Not a ``conftest.py``: ``from conftest import`` in the service's tests must keep finding
``tests/api/conftest.py``."""

from __future__ import annotations

import io
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from factories import TenantKeys, make_tenant
from openpyxl import load_workbook
from sqlalchemy import select

from api.config import Settings
from api.console.accounts import create_planner
from api.models import Tenant

REPO = Path(__file__).resolve().parents[3]
DIJON_XLSX = REPO / "instances" / "dijon-200.xlsx"
EMAIL = "planif@ba21.example"
PASSWORD = "choux-fleurs-2026"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]


def add_planner(service: Any, email: str = EMAIL, password: str = PASSWORD) -> None:
    with service.sessions.begin() as session:
        tenant = session.scalars(select(Tenant).where(Tenant.id == service.a.tenant_id)).one()
        create_planner(session, tenant=tenant, email=email, name="Camille", password=password)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def spoiled_dijon() -> tuple[bytes, int]:
    """The Dijon workbook with one unknown site in the deliveries; returns (bytes, its row)."""
    workbook = load_workbook(DIJON_XLSX)
    sheet = workbook["Livraisons"]
    headers = [cell.value for cell in sheet[1]]
    row = 2  # delivery-001, a job of one row: exactly one error
    sheet.cell(row=row, column=headers.index("Site") + 1, value="partner-999")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), row


@contextmanager
def served(settings: Settings) -> Iterator[tuple[str, Any, TenantKeys]]:
    """The whole service (API, console, one local solver) on a real port, with a planner.

    Yields the base URL, the application and the keys of the planner's tenant."""
    import uvicorn

    from api.main import create_app

    app = create_app(settings)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    keys = make_tenant(app.state.sessions, "Banque Alimentaire de Bourgogne")
    with app.state.sessions.begin() as session:
        tenant = session.scalars(select(Tenant).where(Tenant.id == keys.tenant_id)).one()
        create_planner(session, tenant=tenant, email=EMAIL, name="Camille", password=PASSWORD)
    try:
        yield f"http://127.0.0.1:{port}", app, keys
    finally:
        server.should_exit = True
        thread.join(timeout=30)
