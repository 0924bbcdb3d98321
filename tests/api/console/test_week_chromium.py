"""The week in real headless Chromium: a planner uploads a week, follows it to its end, reads
the calendar (one column per day), opens a day's map and publishes its drivers' sheets. A name
written as markup in the week file is shown as written and runs nothing.

Screenshots are kept in ``out/test-artefacts/week-*.png``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from conftest import sqlite_settings
from console_helpers import CHROMIUM, CHROMIUM_FLAGS, EMAIL, PASSWORD, REPO, served
from test_week import HOSTILE, ITERATIONS, hostile_week

ARTEFACTS = Path(os.environ.get("FOODROUTE_TEST_ARTEFACTS", REPO / "out" / "test-artefacts"))


def shot(page: Any, name: str, full_page: bool = False) -> None:
    path = ARTEFACTS / f"week-{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    assert path.stat().st_size > 5_000


@pytest.mark.slow
def test_a_week_in_chromium(tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    if not Path(CHROMIUM).is_file():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: scripts/chromium.sh must install it")
        pytest.skip("Chromium is not installed (run scripts/chromium.sh as root)")
    expect.set_options(timeout=300_000)  # five day solves and a calendar on two busy cores
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    week_file = tmp_path / "semaine.json"
    week_file.write_text(json.dumps(hostile_week()), encoding="utf-8")
    settings = sqlite_settings(tmp_path, solve_max_iterations=ITERATIONS, workers=2)
    with served(settings) as (base, _app, _keys), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="fr-FR")
            page.set_default_timeout(300_000)
            dialogs: list[str] = []
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.goto(base + "/connexion")
            page.fill("#email", EMAIL)
            page.fill("#password", PASSWORD)
            page.keyboard.press("Enter")
            expect(page.get_by_role("heading", name="Charger une semaine")).to_be_visible()

            page.set_input_files("#week-file", str(week_file))
            page.fill("#week-time", "60")
            page.get_by_role("button", name="Calculer la semaine").click()
            expect(page.get_by_text("Progression de la semaine")).to_be_visible()
            shot(page, "01-progress")
            week_url = page.url

            # The page reloads itself once the week has its result.
            expect(page.locator("#week-summary")).to_be_visible()
            days = page.locator("#calendar section.day")
            expect(days).to_have_count(5)
            assert page.evaluate("document.getElementById('bar').value") == 100
            # The hostile name is text on the two days that deliver north-1, never markup.
            expect(page.get_by_text(HOSTILE, exact=True)).to_have_count(2)
            assert page.locator("#calendar img").count() == 0
            assert page.title().startswith("Semaine")
            assert dialogs == []
            shot(page, "02-calendar", full_page=True)

            # A day's page: its map with its routes, and the way back to the week.
            days.first.get_by_role("link", name="Carte et tournées").click()
            expect(page.locator("#map[data-routes-drawn]")).to_have_count(1)
            expect(page.get_by_role("link", name="← La semaine de cette journée")).to_be_visible()
            page.locator("#map").scroll_into_view_if_needed()
            shot(page, "03-day-map")

            # The drivers' sheets of a day: a QR code per route.
            page.goto(week_url)
            days.nth(1).get_by_role("button", name="Fiches des chauffeurs").click()
            expect(page.locator(".qr svg").first).to_be_visible()
            shot(page, "04-drivers-sheets", full_page=True)
        finally:
            browser.close()
