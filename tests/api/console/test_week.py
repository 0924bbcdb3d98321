"""The week in the console: uploaded, planned by the workers, shown as a calendar whose days
lead to their map and their drivers' sheets; names from the file shown as written."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import Service, local, sqlite_settings
from console_helpers import EMAIL, PASSWORD, add_planner, csrf_of

from tests.week.weeks import tiny_week

HOSTILE = '<img src=x onerror="document.title=1">Épicerie « Nord »'
# Each day's search stops after this many iterations: the same week on any machine.
ITERATIONS = 150


def hostile_week() -> dict[str, Any]:
    week = tiny_week()
    week["sites"][1]["name"] = HOSTILE  # north-1, delivered twice
    week["week"]["improving_moves"] = 0
    return week


@pytest.fixture
def planner(tmp_path: Path) -> Iterator[Service]:
    with local(sqlite_settings(tmp_path, solve_max_iterations=ITERATIONS)) as service:
        add_planner(service)
        page = service.client.get("/connexion")
        response = service.client.post(
            "/connexion",
            data={"email": EMAIL, "password": PASSWORD, "csrf_token": csrf_of(page.text)},
            follow_redirects=False,
        )
        assert response.status_code == 303
        yield service


def upload(service: Service, week: dict[str, Any], **form: str) -> Any:
    token = csrf_of(service.client.get("/").text)
    return service.client.post(
        "/console/semaines/import",
        files={"file": ("semaine.json", json.dumps(week).encode(), "application/json")},
        data={"csrf_token": token, "time_limit_per_day_s": "60", **form},
        follow_redirects=False,
    )


def test_a_week_is_shown_as_a_calendar_leading_to_each_day(planner: Service) -> None:
    client = planner.client
    response = upload(planner, hostile_week())
    assert response.status_code == 303, response.text
    week_url = response.headers["location"]
    job_id = week_url.rsplit("/", 1)[1]
    waiting = client.get(week_url)
    assert waiting.status_code == 200
    assert "Progression de la semaine" in waiting.text
    done = planner.wait(job_id, timeout_s=600)
    assert done["status"] == "succeeded", done
    html = client.get(week_url).text
    dates = re.findall(r'class="day"[^>]*data-date="([0-9-]+)"', html)
    assert dates == ["2025-06-02", "2025-06-03", "2025-06-04", "2025-06-05", "2025-06-06"]
    for day in done["week"]["days"]:
        assert f'href="/console/calculs/{day["job_id"]}"' in html
        assert f'action="/console/calculs/{day["job_id"]}/publier"' in html
    # The hostile name, escaped: shown on the days that deliver north-1, never as markup.
    assert "<img src=x" not in html
    assert html.count("&lt;img src=x onerror=") == 2
    result = client.get(f"/v1/week-jobs/{job_id}/result", headers=planner.a.headers()).json()
    summary = result["summary"]
    assert f"<strong>{summary['distance_km']:.1f}</strong> km" in html
    assert f"<strong>{summary['partners_met']}</strong> / {summary['partners']}" in html
    for column, day in zip(
        re.split(r'<section class="day"', html)[1:], result["days"], strict=True
    ):
        routes = sum(1 for route in day["plan"]["routes"] if len(route["stops"]) > 2)
        assert f"<strong>{routes}</strong> tournée" in column
        assert f"<strong>{day['plan']['kpis']['distance_km']:.1f}</strong> km" in column
    # A day's page: its map, and the way back to its week.
    first = done["week"]["days"][0]["job_id"]
    day_page = client.get(f"/console/calculs/{first}").text
    assert 'id="map-data"' in day_page
    assert f'href="/console/calculs/{job_id}"' in day_page
    # The drivers' sheets of a day: one link and QR code per route.
    token = csrf_of(day_page)
    published = client.post(f"/console/calculs/{first}/publier", data={"csrf_token": token})
    assert published.status_code == 200
    assert published.text.count("<svg") >= 1
    # The history lists the week, not its days.
    home = client.get("/").text
    assert f'href="/console/calculs/{job_id}"' in home
    assert f'href="/console/calculs/{first}"' not in home


def test_a_bad_week_is_refused_naming_the_partner(planner: Service) -> None:
    week = tiny_week()
    week["partners"][5].update(visits=2, min_days_between=2)  # wed, thu only
    response = upload(planner, week)
    assert response.status_code == 422
    assert 'id="week-issues"' in response.text
    assert "partners[5].visits" in response.text
    assert "« west-1 »" in response.text
    jobs = planner.client.get("/v1/solve-jobs", headers=planner.a.headers()).json()
    assert jobs["count"] == 0


def test_a_week_upload_that_is_not_a_week_is_said_in_french(planner: Service) -> None:
    token = csrf_of(planner.client.get("/").text)
    response = planner.client.post(
        "/console/semaines/import",
        files={"file": ("semaine.txt", b"lundi", "text/plain")},
        data={"csrf_token": token},
    )
    assert response.status_code == 422
    assert "Déposez une semaine .json ou un classeur .xlsx." in response.text


def test_a_week_workbook_is_read_and_queued(planner: Service, tmp_path: Path) -> None:
    from optimizer.week import parse_week
    from optimizer.workbook.week_template import write_week_workbook

    workbook = tmp_path / "semaine.xlsx"
    write_week_workbook(parse_week(hostile_week()), workbook)
    token = csrf_of(planner.client.get("/").text)
    response = planner.client.post(
        "/console/semaines/import",
        files={"file": ("semaine.xlsx", workbook.read_bytes(), "application/octet-stream")},
        data={"csrf_token": token, "time_limit_per_day_s": "60", "calendar": "fixed"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    job_id = response.headers["location"].rsplit("/", 1)[1]
    job = planner.client.get(f"/v1/week-jobs/{job_id}", headers=planner.a.headers()).json()
    assert job["kind"] == "week" and job["problem_name"] == "Petite semaine"
    cancelled = planner.client.delete(f"/v1/week-jobs/{job_id}", headers=planner.a.headers())
    assert cancelled.json()["status"] == "cancelled"
