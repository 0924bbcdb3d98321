"""The console in real headless Chromium, the planner's whole morning: sign in, upload the Dijon
workbook with one error and see it located, fix it, solve, follow the progress, see the routes on
the map, lock one route, take a vehicle out, re-solve and find the locked route unchanged, publish,
then re-plan the rest of the day at 10:30.

Screenshots of each step are kept in ``out/test-artefacts/console-*.png``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from conftest import sqlite_settings
from console_helpers import (
    CHROMIUM,
    CHROMIUM_FLAGS,
    DIJON_XLSX,
    EMAIL,
    PASSWORD,
    REPO,
    served,
    spoiled_dijon,
)

ARTEFACTS = Path(os.environ.get("FOODROUTE_TEST_ARTEFACTS", REPO / "out" / "test-artefacts"))
# A deterministic search: 400 iterations whatever the machine's speed, under a ceiling of a
# minute that no idle machine reaches (~2 s): the plans asserted below do not depend on load.
SOLVE_S = 60
SOLVE_ITERATIONS = 400


def shot(page: Any, name: str, full_page: bool = False) -> None:
    path = ARTEFACTS / f"console-{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    assert path.stat().st_size > 5_000


@pytest.mark.slow
def test_planner_morning_in_chromium(tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    if not Path(CHROMIUM).is_file():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: scripts/chromium.sh must install it")
        pytest.skip("Chromium is not installed (run scripts/chromium.sh as root)")
    expect.set_options(timeout=120_000)  # a solve on two busy cores, then the page reloads
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTEFACTS.glob("console-*.png"):
        old.unlink()
    spoiled, row = spoiled_dijon()
    spoiled_path = tmp_path / "dijon-200.xlsx"
    spoiled_path.write_bytes(spoiled)

    settings = sqlite_settings(tmp_path, solve_max_iterations=SOLVE_ITERATIONS)
    with served(settings) as (base, _app, _keys), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800}, locale="fr-FR")
            page.set_default_timeout(120_000)

            # 1. sign in, with the keyboard only
            page.goto(base + "/")
            expect(page).to_have_url(base + "/connexion")
            page.keyboard.type(EMAIL)  # the e-mail field has the focus
            page.keyboard.press("Tab")
            page.keyboard.type(PASSWORD)
            shot(page, "01-sign-in")
            page.keyboard.press("Enter")
            expect(page.get_by_role("heading", name="Charger la journée")).to_be_visible()

            # 2. the workbook with one error: reported with its sheet and row
            page.set_input_files("#file", str(spoiled_path))
            page.get_by_role("button", name="Vérifier le fichier").click()
            issues = page.locator("#issues tbody tr")
            expect(issues).to_have_count(1)
            cells = issues.first.locator("td")
            expect(cells.nth(0)).to_have_text("Livraisons")
            expect(cells.nth(1)).to_have_text(str(row))
            expect(cells.nth(3)).to_contain_text("partner-999")
            shot(page, "02-error-located")

            # 3. fixed: valid
            page.set_input_files("#file", str(DIJON_XLSX))
            page.get_by_role("button", name="Vérifier le fichier").click()
            expect(page.get_by_text("Fichier valide : aucune erreur.")).to_be_visible()
            shot(page, "03-valid")

            # 4. solve and follow the progress to the end
            page.fill("#time_limit_s", str(SOLVE_S))
            page.get_by_role("button", name="Lancer le calcul").click()
            expect(page.locator("#status-text")).to_contain_text("en cours")
            page.wait_for_function("() => document.getElementById('bar').value > 0")
            shot(page, "04-progress")
            first_url = page.url
            routes_drawn = page.locator("#map[data-routes-drawn]")
            expect(routes_drawn).to_have_count(1)
            assert page.evaluate("document.getElementById('bar').value") == 100
            plan = page.request.get(first_url + "/plan.json").json()
            vehicles = [route["vehicle"] for route in plan["routes"]]
            assert len(vehicles) >= 2 and plan["feasible"]
            assert routes_drawn.get_attribute("data-routes-drawn") == str(len(vehicles))
            lines = page.locator(".leaflet-overlay-pane path")
            stops = sum(len(route["stops"]) for route in plan["routes"])
            assert lines.count() == len(vehicles) + stops  # one line per route, a dot per stop
            expect(page.locator("section.route")).to_have_count(len(vehicles))
            page.locator("#map").scroll_into_view_if_needed()
            shot(page, "05-routes-on-map")
            shot(page, "05-result-full", full_page=True)

            # 5. lock the first route, take out the vehicle of the last one, re-solve
            # (a van: taking out a refrigerated truck can leave no room for chilled food)
            locked, removed = vehicles[0], vehicles[-1]
            page.check(f"input[name=locked][value='{locked}']")
            page.check(f"input[name=removed][value='{removed}']")
            page.fill("#replan-time", str(SOLVE_S))
            page.locator("#replan").scroll_into_view_if_needed()
            shot(page, "06-lock-and-remove")
            page.get_by_role("button", name="Recalculer").click()
            page.wait_for_url(lambda url: url != first_url and "/console/calculs/" in url)
            expect(page.locator("#map[data-routes-drawn]")).to_have_count(1)
            new_plan = page.request.get(page.url + "/plan.json").json()
            new_routes = {route["vehicle"]: route for route in new_plan["routes"]}
            before = next(route for route in plan["routes"] if route["vehicle"] == locked)
            assert new_routes[locked] == before  # same stops, times, kg and km
            assert removed not in new_routes
            assert new_plan["feasible"]
            shot(page, "07-replanned")
            replanned_url = page.url

            # 6. publish: one QR code per route
            page.get_by_role("button", name="Publier : liens et QR codes des chauffeurs").click()
            expect(page.locator(".qr svg")).to_have_count(len(new_routes))
            shot(page, "08-published", full_page=True)

            # 7. at 10:30, re-plan the rest of the day from where the vehicles are
            page.goto(replanned_url)
            page.fill("#from-time", "10:30")
            page.fill("#replan-time", str(SOLVE_S))
            page.get_by_role("button", name="Recalculer").click()
            page.wait_for_url(lambda url: url != replanned_url and "/console/calculs/" in url)
            expect(page.locator("#map[data-routes-drawn]")).to_have_count(1)
            later = page.request.get(page.url + "/plan.json").json()
            done = {
                stop["job"]
                for route in new_plan["routes"]
                for stop in route["stops"]
                if stop["job"] and stop["departure"] <= "10:30"
            }
            visited = {s["job"] for route in later["routes"] for s in route["stops"] if s["job"]}
            assert done and not done & visited
            assert later["feasible"]
            shot(page, "10-in-day-replan")

            # the same result on a tablet, upright, offline once loaded: no tiles, routes drawn
            context = browser.new_context(viewport={"width": 768, "height": 1024})
            context.add_cookies(page.context.cookies())
            # The browser believes it is offline; our own server still answers.
            context.add_init_script(
                "Object.defineProperty(navigator, 'onLine', {get: () => false})"
            )
            tablet = context.new_page()
            tablet.goto(first_url)
            expect(tablet.locator("#map-note")).to_contain_text("Hors ligne")
            drawn = tablet.locator("#map[data-routes-drawn]")
            assert drawn.get_attribute("data-routes-drawn") == str(len(vehicles))
            assert tablet.locator(".leaflet-tile").count() == 0
            shot(tablet, "09-tablet")
        finally:
            browser.close()
