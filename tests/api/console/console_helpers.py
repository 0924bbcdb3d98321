"""Helpers of the console's tests: a planner account, CSRF tokens, a spoiled Dijon workbook.

Not a ``conftest.py``: ``from conftest import`` in the service's tests must keep finding
``tests/api/conftest.py``."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from sqlalchemy import select

from api.console.accounts import create_planner
from api.models import Tenant

REPO = Path(__file__).resolve().parents[3]
DIJON_XLSX = REPO / "instances" / "dijon-200.xlsx"
EMAIL = "planif@ba21.example"
PASSWORD = "choux-fleurs-2026"


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
