"""Hostile text in every field of a day, driven through every page that shows it in headless
Chromium: the console (home, day, result tables, map popups and tooltips, publish), the driver's
phone page and the reporting dashboard. No script may run and no element may be made from it;
the PDF sheet and the Excel plan are read back to find the same text, as text.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import sqlite_settings
from console_helpers import CHROMIUM, CHROMIUM_FLAGS, EMAIL, PASSWORD, served
from hostile import CLEAN_PAGE, hostile_problem
from openpyxl import load_workbook

from api.models import Role

# Deterministic: 200 iterations under a ceiling no machine reaches, whatever the load.
SOLVE_S = 60
SOLVE_ITERATIONS = 200


def assert_clean(page: Any, where: str) -> None:
    assert page.evaluate(CLEAN_PAGE), f"hostile text ran or became markup on {where}"


def open_every_popup_and_tooltip(page: Any) -> int:
    """Click every stop marker and hover every line, as a planner would; returns how many."""
    return int(
        page.evaluate(
            """() => {
              const shapes = document.querySelectorAll('#map .leaflet-interactive');
              for (const shape of shapes) {
                for (const type of ['mouseover', 'click']) {
                  shape.dispatchEvent(new MouseEvent(type, {bubbles: true}));
                }
              }
              return shapes.length;
            }"""
        )
    )


def csp_of(response: Any) -> str:
    return str(response.headers.get("content-security-policy", ""))


@pytest.mark.slow
def test_hostile_text_runs_nowhere(tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    if not Path(CHROMIUM).is_file():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: scripts/chromium.sh must install it")
        pytest.skip("Chromium is not installed (run scripts/chromium.sh as root)")
    problem = hostile_problem()
    upload = tmp_path / "jour.json"
    upload.write_text(json.dumps(problem), encoding="utf-8")
    settings = sqlite_settings(tmp_path, solve_max_iterations=SOLVE_ITERATIONS)
    with served(settings) as (base, _app, keys), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(locale="fr-FR")
            page.set_default_timeout(120_000)
            page.on("dialog", lambda dialog: dialog.dismiss())
            page.goto(base + "/connexion")
            page.fill("#email", EMAIL)
            page.fill("#password", PASSWORD)
            page.get_by_role("button", name="Se connecter").click()
            page.set_input_files("#file", str(upload))
            page.get_by_role("button", name="Vérifier le fichier").click()
            expect(page.get_by_text("Fichier valide : aucune erreur.")).to_be_visible()
            assert_clean(page, "the day page")
            assert problem["name"] in page.locator("h1").inner_text()

            page.fill("#time_limit_s", str(SOLVE_S))
            page.get_by_role("button", name="Lancer le calcul").click()
            expect(page.locator("#map[data-routes-drawn]")).to_have_count(1, timeout=120_000)
            job_url = page.url
            response = page.request.get(job_url)
            assert "script-src 'self'" in csp_of(response)
            assert "'unsafe-inline'" not in csp_of(response).split("script-src")[1].split(";")[0]
            assert_clean(page, "the result page")
            body = page.locator("main").inner_text()
            assert "sites[1].name" in body and "sites[1].commune" in body
            assert "vehicle-0-break" in body, body  # the break, a line of the route
            assert open_every_popup_and_tooltip(page) >= 4
            expect(page.locator(".leaflet-popup-content")).to_have_count(1)
            assert "<img" in page.locator(".leaflet-popup-content").inner_text()
            assert_clean(page, "the map's popups and tooltips")
            excel = page.request.get(job_url + "/plan.xlsx").body()

            page.goto(base + "/")
            assert_clean(page, "the console's home")
            page.goto(job_url)
            page.get_by_role("button", name="Publier : liens et QR codes des chauffeurs").click()
            expect(page.locator(".qr svg")).to_have_count(1)
            assert_clean(page, "the publish page")
            driver_url = page.get_by_role("link", name="Ouvrir la feuille de route").get_attribute(
                "href"
            )
            pdf_url = page.get_by_role("link", name="Feuille A4 (PDF)").get_attribute("href")

            phone = browser.new_page(viewport={"width": 360, "height": 740})
            phone.on("dialog", lambda dialog: dialog.dismiss())
            phone_response = phone.goto(driver_url)
            assert phone_response is not None and phone_response.ok
            assert "script-src 'self'" in csp_of(phone_response)
            expect(phone.locator("form.report").first).to_be_visible()
            phone_text = phone.locator("body").inner_text()
            assert "sites[1].access_notes" in phone_text
            assert "shipments[0].note" in phone_text  # the shipment's note, as text
            phone.locator("form.report button.done").first.click()
            expect(phone.locator("form.report .state").first).not_to_be_empty()
            assert_clean(phone, "the driver's phone page")
            pdf = phone.request.get(pdf_url)
            assert pdf.ok, pdf.status
            pdf_bytes = pdf.body()

            reporter = browser.new_context(extra_http_headers=keys.headers(Role.REPORTER))
            dashboard = reporter.new_page()
            response = dashboard.goto(
                base + f"/v1/reports/dashboard?from={problem['date']}&to={problem['date']}"
            )
            assert response is not None and response.ok
            assert "script-src 'self'" in csp_of(response)
            assert "sites[" in dashboard.locator("body").inner_text()
            assert_clean(dashboard, "the dashboard")
        finally:
            browser.close()

    pdf_path = tmp_path / "route.pdf"
    pdf_path.write_bytes(pdf_bytes)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "<img src=x" in text and "<b>gras</b>" in text  # shown as written, not as markup

    workbook = load_workbook(io.BytesIO(excel))
    hostile_cells = [
        cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and "=" in cell.value and "<" in cell.value
    ]
    assert hostile_cells, "the plan's workbook shows no site name"
    assert all(cell.data_type == "s" for cell in hostile_cells), [
        c.coordinate for c in hostile_cells if c.data_type != "s"
    ]
