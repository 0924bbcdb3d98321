"""A shipment's two stops reported apart: "collected, not delivered" counted beside "not collected".

The day is the tiny day plus the shipment S1, 50 kg of bread (ambient) taken at the shop straight
to partner_a, stored with the hand-made route T1: depot → shop (P1, then S1's pickup end) →
partner_a (D1, then S1's delivery end) → partner_b (D2) → depot. The driver reports P1 skipped
(nothing to give: 80 kg not collected), S1 collected with 45 kg but not delivered (the partner
was closed): 45 kg collected, not delivered.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from conftest import Service, local, sqlite_settings
from factories import shipment_day
from test_driver_routes import CHROMIUM_FLAGS, chromium, driver_links, http_server, path_of
from test_reports import MONDAY, store_day

from api.models import Role
from optimizer.plan import Plan

TRIP = (("P1", "S1", "D1", "S1", "D2"),)


@pytest.fixture
def stored(tmp_path: Any) -> Iterator[tuple[Service, str]]:
    with local(sqlite_settings(tmp_path)) as service:
        job_id = store_day(service, service.a, MONDAY, TRIP, document=shipment_day())
        yield service, job_id


def reports_url(service: Service, job_id: str) -> str:
    return path_of(driver_links(service, job_id)["T1"]).replace("?", "/reports?")


def stop_reports(service: Service, job_id: str) -> dict[str, Any]:
    response = service.client.get(
        f"/v1/solve-jobs/{job_id}/stop-reports", headers=service.a.headers()
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


COLLECTED = {"job": "S1", "end": "pickup", "status": "done", "actual_kg": {"ambient": 45}}
CLOSED = {"job": "S1", "end": "delivery", "status": "skipped", "reason": "Fermé"}
NOTHING = {"job": "P1", "status": "skipped", "reason": "Rien à donner"}


def test_collected_not_delivered_is_counted_apart_from_not_collected(
    stored: tuple[Service, str],
) -> None:
    service, job_id = stored
    url = reports_url(service, job_id)
    for report in (COLLECTED, CLOSED, NOTHING):
        answer = service.client.post(url, json=report)
        assert answer.status_code == 200, answer.text
    assert answer.json()["end"] == "pickup"  # P1's only end, filled in

    body = stop_reports(service, job_id)
    rows = [(d["job"], d["end"], d["status"]) for d in body["data"]]
    assert rows == [
        ("P1", "pickup", "skipped"),
        ("S1", "pickup", "done"),
        ("D1", "delivery", "planned"),
        ("S1", "delivery", "skipped"),
        ("D2", "delivery", "planned"),
    ]
    assert (body["count"], body["done"], body["skipped"]) == (5, 1, 2)
    assert (body["not_collected"], body["not_collected_kg"]) == (1, 80.0)
    assert (body["collected_not_delivered"], body["collected_not_delivered_kg"]) == (1, 45.0)
    # 80 + 50 + 100 + 50 + 100 planned; done: S1 collected with 45.
    assert (body["planned_kg"], body["actual_kg"]) == (380.0, 45.0)

    report = service.client.get(
        "/v1/reports",
        params={"from": "2025-03-01", "to": "2025-03-31"},
        headers=service.a.headers(Role.REPORTER),
    )
    assert report.status_code == 200, report.text
    totals = report.json()["totals"]
    assert totals["collected_kg"] == 45.0  # P1 skipped, S1 45 kg of its 50
    assert totals["lost_not_collected_kg"] == 80.0
    assert totals["lost_collected_not_delivered_kg"] == 45.0
    assert totals["lost_undelivered_kg"] == 0.0
    assert totals["distributed_kg"] == 200.0  # D1 and D2 as planned, nothing of S1
    assert totals["lost_kg"] == 125.0
    assert (totals["stops"], totals["stops_reported"], totals["stops_skipped"]) == (5, 3, 2)


def test_a_shipment_not_collected_is_not_also_undelivered(stored: tuple[Service, str]) -> None:
    service, job_id = stored
    url = reports_url(service, job_id)
    skipped = {"job": "S1", "end": "pickup", "status": "skipped", "reason": "Fermé"}
    assert service.client.post(url, json=skipped).status_code == 200
    body = stop_reports(service, job_id)
    assert (body["not_collected"], body["not_collected_kg"]) == (1, 50.0)
    assert body["collected_not_delivered"] == 0
    totals = service.client.get(
        "/v1/reports",
        params={"from": "2025-03-01", "to": "2025-03-31"},
        headers=service.a.headers(Role.REPORTER),
    ).json()["totals"]
    assert totals["lost_not_collected_kg"] == 50.0
    assert (totals["lost_collected_not_delivered_kg"], totals["lost_undelivered_kg"]) == (0, 0)
    assert totals["distributed_kg"] == 200.0


@pytest.mark.parametrize(
    ("report", "status", "path"),
    [
        ({"job": "S1", "status": "done"}, 422, "end"),  # a shipment: which end?
        ({"job": "S1", "end": "both", "status": "done"}, 422, "end"),
        ({"job": "S1", "end": 1, "status": "done"}, 422, "end"),
        ({"job": "S1", "end": ["pickup"], "status": "done"}, 422, "end"),
        ({"job": "S1", "end": "p" * 100_000, "status": "done"}, 422, "end"),
        ({"job": "S1", "end": None, "status": "done"}, 422, "end"),
        ({"job": "S1", "end": "\u0000", "status": "done"}, 422, "end"),
        ({"job": "D1", "end": "pickup", "status": "done"}, 404, None),  # D1 has no pickup end
        ({"job": "XX", "end": "pickup", "status": "done"}, 404, None),
    ],
)
def test_a_bad_end_is_refused_never_a_500(
    stored: tuple[Service, str], report: dict[str, Any], status: int, path: str | None
) -> None:
    service, job_id = stored
    response = service.client.post(reports_url(service, job_id), json=report)
    assert response.status_code == status, response.text
    if path is not None:
        assert [i["path"] for i in response.json()["error"]["issues"]] == [path]
    assert stop_reports(service, job_id)["done"] == 0


@pytest.mark.slow
def test_the_drivers_page_offers_both_ends_in_chromium(stored: tuple[Service, str]) -> None:
    """Both stops of S1 on the phone, each reported with its own buttons; a report kept by the
    page before ends existed (job only) stands for both stops and is sent as two reports."""
    from playwright.sync_api import Page, sync_playwright

    def sent(page: Page, end: str) -> None:
        page.wait_for_function(
            "end => document.querySelector("
            '`form.report[data-job="S1"][data-end="${end}"]`).dataset.state === \'sent\'',
            arg=end,
            timeout=30_000,
        )

    executable = chromium()
    service, job_id = stored
    url = driver_links(service, job_id)["T1"]
    with http_server(service.settings) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
            response = page.goto(base + path_of(url))
            assert response is not None and response.status == 200
            forms = page.locator('form.report[data-job="S1"]')
            assert [forms.nth(i).get_attribute("data-end") for i in range(forms.count())] == [
                "pickup",
                "delivery",
            ]
            pickup = page.locator('form.report[data-job="S1"][data-end="pickup"]')
            delivery = page.locator('form.report[data-job="S1"][data-end="delivery"]')
            assert "Compte rendu · collecte" in pickup.inner_text()
            assert "Compte rendu · livraison" in delivery.inner_text()

            # A report kept on the phone by the earlier page, keyed by the job only.
            store = f"foodroute:reports:{job_id}:T1"
            legacy = {"S1": {"sent": False, "report": {"job": "S1", "status": "done"}}}
            legacy["S1"]["report"]["reported_at"] = "2025-03-10T08:00:00Z"
            page.evaluate(
                "([key, all]) => localStorage.setItem(key, JSON.stringify(all))", [store, legacy]
            )
            page.reload()
            sent(page, "pickup")
            sent(page, "delivery")
            assert sorted(page.evaluate(f"Object.keys(JSON.parse(localStorage['{store}']))")) == [
                "S1|delivery",
                "S1|pickup",
            ]
            both = stop_reports(service, job_id)
            assert (both["done"], both["collected_not_delivered"]) == (2, 0)

            # The driver corrects both stops, each with its own buttons.
            pickup.locator('input[name="ambient"]').fill("45")
            pickup.locator('button[data-status="done"]').click()
            delivery.locator('select[name="reason"]').select_option(index=1)
            delivery.locator('button[data-status="skipped"]').click()
            page.wait_for_function("() => document.getElementById('queue').textContent === ''")
            sent(page, "pickup")
            sent(page, "delivery")
            assert "Envoyé (fait)" in pickup.locator(".state").inner_text()
            assert "Envoyé (pas fait)" in delivery.locator(".state").inner_text()
        finally:
            browser.close()
    body = stop_reports(service, job_id)
    by_stop = {(d["job"], d["end"]): d for d in body["data"]}
    assert by_stop["S1", "pickup"]["status"] == "done"
    assert by_stop["S1", "pickup"]["actual_kg"] == {"ambient": 45.0, "chilled": 0.0, "frozen": 0.0}
    assert by_stop["S1", "delivery"]["status"] == "skipped"
    assert by_stop["S1", "delivery"]["reason"] == "Fermé ou personne sur place"
    assert (body["collected_not_delivered"], body["collected_not_delivered_kg"]) == (1, 45.0)


def test_in_day_progress_counts_a_shipment_done_once_delivered(
    stored: tuple[Service, str],
) -> None:
    """Re-planning at 07:00: S1 collected is not done yet; delivered, it is."""
    from api.console.service import in_day_progress
    from api.models import SolveJob, StoredPlan

    service, job_id = stored
    url = reports_url(service, job_id)

    def done_at_seven() -> list[str]:
        with service.sessions() as session:
            job = session.get(SolveJob, job_id)
            stored_plan = session.query(StoredPlan).filter_by(job_id=job_id).one()
            assert job is not None
            plan = Plan.model_validate_json(stored_plan.document)
            return in_day_progress(session, job, plan, 7 * 3600, []).done

    assert service.client.post(url, json=COLLECTED).status_code == 200
    assert done_at_seven() == []
    delivered = {"job": "S1", "end": "delivery", "status": "done"}
    assert service.client.post(url, json=delivered).status_code == 200
    assert done_at_seven() == ["S1"]
