"""Drivers' links and stop reports through the HTTP surface, on a plan the service solved.

The day: two trucks; T1 alone has a chilled compartment (the yoghurt pickup), T2 alone a tail
lift (partner_b), so the plan has exactly two routes and a link for one is tested on the other.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import Service, local, sqlite_settings
from factories import tiny_problem

from api import links
from api.config import Settings
from api.models import Role


def two_truck_problem() -> dict[str, Any]:
    problem = tiny_problem()
    problem["sites"][3]["required_skills"] = ["tail_lift"]
    second = dict(problem["vehicles"][0])
    second.update(id="T2", capacity_kg={"ambient": 1000}, skills=["tail_lift"], cost_per_km=1.0)
    problem["vehicles"].append(second)
    return problem


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Service, str]]:
    """One service and one solved job for the whole module (a solve is the slow part)."""
    with local(sqlite_settings(tmp_path_factory.mktemp("drivers"))) as service:
        job = service.submit(two_truck_problem())
        done = service.wait(job["id"])
        assert done["status"] == "succeeded", done
        yield service, job["id"]


def driver_links(service: Service, job_id: str, **params: Any) -> dict[str, str]:
    response = service.client.post(
        f"/v1/solve-jobs/{job_id}/driver-links", params=params, headers=service.a.headers()
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["count"] == len(body["data"])
    return {item["vehicle"]: item["url"] for item in body["data"]}


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def test_each_route_gets_a_link_that_shows_that_route_only(solved: tuple[Service, str]) -> None:
    service, job_id = solved
    urls = driver_links(service, job_id)
    assert sorted(urls) == ["T1", "T2"]
    page = service.client.get(path_of(urls["T1"]))
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["referrer-policy"] == "no-referrer"
    assert "Feuille de route · T1" in page.text
    assert 'data-job="P1"' in page.text and 'data-job="D2"' not in page.text
    other = service.client.get(path_of(urls["T2"]))
    assert 'data-job="D2"' in other.text and 'data-job="P1"' not in other.text
    pdf_link = re.search(r'class="button pdf" href="([^"]+)"', other.text)
    assert pdf_link is not None
    pdf = service.client.get(pdf_link.group(1).replace("&amp;", "&"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")


def test_refused_links(solved: tuple[Service, str]) -> None:
    service, job_id = solved
    urls = driver_links(service, job_id)
    t1 = urlsplit(urls["T1"])
    query = {k: v[0] for k, v in parse_qs(t1.query).items()}
    t2_path = urlsplit(urls["T2"]).path
    client = service.client
    # Another route's link: T1's signature on T2's page.
    assert client.get(t2_path, params=query).status_code == 403
    # Tampered: one hex digit of the signature, or a later expiry.
    flipped = query["sig"][:-1] + ("0" if query["sig"][-1] != "0" else "1")
    assert client.get(t1.path, params={**query, "sig": flipped}).status_code == 403
    later = str(int(query["expires"]) + 3600)
    assert client.get(t1.path, params={**query, "expires": later}).status_code == 403
    # Malformed: never a 500.
    assert client.get(t1.path, params={**query, "sig": "zz"}).status_code == 422
    assert client.get(t1.path.replace(job_id, "nope"), params=query).status_code == 404
    assert client.get(t1.path, params={"expires": "x", "sig": query["sig"]}).status_code == 422
    # Expired: a link signed correctly with an expiry in the past.
    job = service.row(job_id)
    past = links.make_link(
        service.settings.secret_key,
        tenant_id=job.tenant_id,
        job_id=job_id,
        vehicle="T1",
        expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1),
    )
    refused = client.get(past.path)
    assert refused.status_code == 403
    assert "Ce lien a expiré" in refused.text
    # The same link signed with another secret (another deployment) is refused too.
    foreign = links.make_link(
        "another-secret-of-32-characters!",
        tenant_id=job.tenant_id,
        job_id=job_id,
        vehicle="T1",
        expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1),
    )
    assert client.get(foreign.path).status_code == 403
    # Reports through a refused link are refused alike.
    report = {"job": "P1", "status": "done"}
    assert client.post(f"{t2_path}/reports", params=query, json=report).status_code == 403


def test_links_are_for_planners_of_the_tenant(solved: tuple[Service, str]) -> None:
    service, job_id = solved
    url = f"/v1/solve-jobs/{job_id}/driver-links"
    assert service.client.post(url, headers=service.a.headers(Role.DRIVER)).status_code == 403
    assert service.client.post(url, headers=service.b.headers()).status_code == 404
    assert service.client.post(url).status_code == 401


def test_stop_reports_are_stored_once_and_shown_beside_the_plan(
    solved: tuple[Service, str],
) -> None:
    service, job_id = solved
    urls = driver_links(service, job_id)
    reports_url = path_of(urls["T1"]).replace("?", "/reports?")
    t2_reports = path_of(urls["T2"]).replace("?", "/reports?")
    done = {
        "job": "P1",
        "status": "done",
        "actual_kg": {"chilled": 72.5},
        "reported_at": "2025-03-10T07:40:00Z",
    }
    first = service.client.post(reports_url, json=done)
    assert first.status_code == 200, first.text
    again = service.client.post(reports_url, json=done)  # a retry after a lost answer
    assert again.json()["actual_kg"] == first.json()["actual_kg"]
    older = {**done, "actual_kg": {"chilled": 1}, "reported_at": "2025-03-10T07:00:00Z"}
    assert service.client.post(reports_url, json=older).json()["actual_kg"]["chilled"] == 72.5
    # A stop of another route, and a skip without a reason, are refused.
    assert service.client.post(reports_url, json={"job": "D2", "status": "done"}).status_code == 404
    assert (
        service.client.post(t2_reports, json={"job": "D2", "status": "skipped"}).status_code == 422
    )
    skipped = {"job": "D2", "status": "skipped", "reason": "Fermé"}
    assert service.client.post(t2_reports, json=skipped).status_code == 200

    status = service.client.get(
        f"/v1/solve-jobs/{job_id}/stop-reports", headers=service.a.headers()
    )
    assert status.status_code == 200, status.text
    body = status.json()
    by_job = {item["job"]: item for item in body["data"]}
    assert sorted(by_job) == ["D1", "D2", "P1"]
    assert by_job["P1"]["vehicle"] == "T1"
    assert by_job["P1"]["planned_kg"] == {"ambient": 0.0, "chilled": 80.0, "frozen": 0.0}
    assert by_job["P1"]["status"] == "done"
    assert by_job["P1"]["actual_kg"] == {"ambient": 0.0, "chilled": 72.5, "frozen": 0.0}
    assert (by_job["D2"]["status"], by_job["D2"]["reason"]) == ("skipped", "Fermé")
    assert by_job["D1"]["status"] == "planned" and by_job["D1"]["actual_kg"] is None
    assert (body["count"], body["done"], body["skipped"]) == (3, 1, 1)
    assert (body["planned_kg"], body["actual_kg"]) == (280.0, 72.5)
    # Reporters read it too; drivers' keys and other tenants do not.
    assert (
        service.client.get(
            f"/v1/solve-jobs/{job_id}/stop-reports", headers=service.a.headers(Role.REPORTER)
        ).status_code
        == 200
    )
    assert (
        service.client.get(
            f"/v1/solve-jobs/{job_id}/stop-reports", headers=service.a.headers(Role.DRIVER)
        ).status_code
        == 403
    )
    assert (
        service.client.get(
            f"/v1/solve-jobs/{job_id}/stop-reports", headers=service.b.headers()
        ).status_code
        == 404
    )


def test_reports_reach_the_reporting_history(solved: tuple[Service, str]) -> None:
    from api.routes.reports import tenant_records

    service, job_id = solved
    url = path_of(driver_links(service, job_id)["T2"]).replace("?", "/reports?")
    report = {"job": "D1", "status": "done", "actual_kg": {"ambient": 90}}
    assert service.client.post(url, json=report).status_code == 200
    with service.sessions() as session:
        (record,) = tenant_records(
            session,
            tenant_id=service.a.tenant_id,
            date_from=dt.date(2025, 3, 10),
            date_to=dt.date(2025, 3, 10),
        )
    assert record.reports is not None
    d1 = {r.job: r for r in record.reports}["D1"]
    assert (d1.status.value, d1.actual_kg is not None and d1.actual_kg.ambient) == ("done", 90)


def test_production_refuses_the_development_secret(tmp_path: Any) -> None:
    with pytest.raises(ValueError, match="FOODROUTE_SECRET_KEY"):
        Settings(environment="production", database_url=f"sqlite:///{tmp_path}/x.db")
    Settings(
        environment="production",
        database_url=f"sqlite:///{tmp_path}/x.db",
        secret_key="a-real-secret-for-production-use",
    )


# --- The page in a real browser -------------------------------------------------------------

REPO = Path(__file__).resolve().parents[3]
ARTEFACTS = Path(os.environ.get("FOODROUTE_TEST_ARTEFACTS", REPO / "out" / "test-artefacts"))
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium() -> str:
    if not Path(CHROMIUM).is_file():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: scripts/chromium.sh must install it")
        pytest.skip("Chromium is not installed (run scripts/chromium.sh as root)")
    return CHROMIUM


@contextmanager
def http_server(settings: Settings) -> Iterator[str]:
    """The service on a real port (the browser needs HTTP), API only: no solver here."""
    import uvicorn

    from api.main import create_app

    app = create_app(settings.model_copy(update={"workers": 0}))
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
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@pytest.mark.slow
def test_driver_marks_a_stop_done_in_chromium(solved: tuple[Service, str]) -> None:
    """Phone-sized page, a screenshot kept, a report made offline and sent when back online."""
    from playwright.sync_api import sync_playwright

    executable = chromium()
    service, job_id = solved
    urls = driver_links(service, job_id)
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    screenshot = ARTEFACTS / "driver-route-phone.png"
    screenshot.unlink(missing_ok=True)
    with http_server(service.settings) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            context = browser.new_context(
                viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True
            )
            page = context.new_page()
            response = page.goto(base + path_of(urls["T2"]))
            assert response is not None and response.status == 200
            # One column that fits the phone: nothing wider than 360 px, large type.
            assert page.evaluate("document.documentElement.scrollWidth") <= 360
            assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 18
            page.screenshot(path=str(screenshot))
            assert screenshot.stat().st_size > 10_000

            form = page.locator('form.report[data-job="D2"]')
            form.scroll_into_view_if_needed()
            # No signal: the report is kept on the phone…
            context.set_offline(True)
            form.locator('input[name="ambient"]').fill("95.5")
            form.locator('button[data-status="done"]').click()
            # A function, not an expression: the page's policy forbids eval.
            page.wait_for_function(
                "() => document.querySelector('form.report[data-job=\"D2\"]').dataset.state"
                " === 'saved'"
            )
            assert "1 compte(s) rendu(s) en attente" in page.locator("#queue").inner_text()
            stored = service.client.get(
                f"/v1/solve-jobs/{job_id}/stop-reports", headers=service.a.headers()
            ).json()
            assert {i["job"]: i["status"] for i in stored["data"]}["D2"] != "done"
            # …and sent when the network is back.
            context.set_offline(False)
            page.wait_for_function(
                "() => document.querySelector('form.report[data-job=\"D2\"]').dataset.state"
                " === 'sent'",
                timeout=30_000,
            )
            assert "Envoyé (fait)" in form.locator(".state").inner_text()
            # A reload keeps what the driver did.
            page.reload()
            assert page.locator('form.report[data-job="D2"]').get_attribute("data-state") == "sent"
        finally:
            browser.close()
    status = service.client.get(
        f"/v1/solve-jobs/{job_id}/stop-reports", headers=service.a.headers()
    ).json()
    d2 = {item["job"]: item for item in status["data"]}["D2"]
    assert d2["status"] == "done"
    assert d2["actual_kg"] == {"ambient": 95.5, "chilled": 0.0, "frozen": 0.0}
    assert d2["planned_kg"]["ambient"] == 100.0


@pytest.mark.parametrize(
    "moment",
    ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "1900-01-01T00:00:00Z"],
)
def test_a_report_time_out_of_any_plausible_day_is_a_422(
    solved: tuple[Service, str], moment: str
) -> None:
    service, job_id = solved
    reports_url = path_of(driver_links(service, job_id)["T1"]).replace("?", "/reports?")
    response = service.client.post(
        reports_url, json={"job": "P1", "status": "done", "reported_at": moment}
    )
    assert response.status_code == 422, response.text
    assert response.json()["error"]["issues"][0]["path"] == "reported_at"


def test_a_link_valid_longer_than_the_service_ever_signs_is_refused(
    solved: tuple[Service, str],
) -> None:
    """A 10-year link signed with the right secret (a leaked or default one) opens nothing."""
    service, job_id = solved
    with service.sessions() as session:
        from api.models import SolveJob

        job = session.get(SolveJob, job_id)
        assert job is not None
        tenant_id = job.tenant_id
    far = dt.datetime.now(dt.UTC) + dt.timedelta(days=3650)
    link = links.make_link(
        service.settings.secret_key,
        tenant_id=tenant_id,
        job_id=job_id,
        vehicle="T1",
        expires_at=far,
    )
    response = service.client.get(link.path)
    assert response.status_code == 403
    report = service.client.post(
        link.path.replace("?", "/reports?"), json={"job": "P1", "status": "done"}
    )
    assert report.status_code == 403 and report.json()["error"]["code"] == "bad_link"
