"""The console over HTTP: sign-in and CSRF, upload with located errors, solve, result, downloads,
lock and re-plan, publish. The browser test is ``test_console_chromium.py``."""

from __future__ import annotations

import io
import json
import re
import time
from typing import Any

import pytest
from console_helpers import EMAIL, PASSWORD, add_planner, csrf_of, spoiled_dijon
from factories import stock_problem, tiny_problem
from openpyxl import load_workbook

from api.console import cookies
from api.console.throttle import MAX_FAILURES_PER_PAIR


@pytest.fixture
def planner_client(local_service: Any) -> Any:
    """The service, its client signed in as a planner of tenant ``a``."""
    add_planner(local_service)
    client = local_service.client
    page = client.get("/connexion")
    response = client.post(
        "/connexion",
        data={"email": EMAIL, "password": PASSWORD, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303
    return local_service


def test_pages_need_a_session(local_service: Any) -> None:
    client = local_service.client
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/connexion"
    forged = cookies.session_value("another-secret-of-16+", "0" * 32)
    client.cookies.set(cookies.SESSION_COOKIE, forged)
    assert client.get("/", follow_redirects=False).status_code == 303


def test_sign_in_refuses_a_wrong_password_and_a_missing_token(local_service: Any) -> None:
    add_planner(local_service)
    client = local_service.client
    token = csrf_of(client.get("/connexion").text)
    wrong = client.post(
        "/connexion", data={"email": EMAIL, "password": "not-it-at-all", "csrf_token": token}
    )
    assert wrong.status_code == 401
    assert "Adresse ou mot de passe incorrect." in wrong.text
    assert cookies.SESSION_COOKIE not in client.cookies
    for _ in range(MAX_FAILURES_PER_PAIR - 1):
        token = csrf_of(client.get("/connexion").text)
        data = {"email": EMAIL, "password": "guess-guess", "csrf_token": token}
        assert client.post("/connexion", data=data).status_code == 401
    token = csrf_of(client.get("/connexion").text)
    data = {"email": EMAIL, "password": PASSWORD, "csrf_token": token}
    assert client.post("/connexion", data=data).status_code == 429  # even the right one
    token = csrf_of(client.get("/connexion").text)
    forged = client.post(
        "/connexion",
        data={"email": EMAIL, "password": PASSWORD, "csrf_token": "x" + token},
        follow_redirects=False,
    )
    assert forged.status_code == 200 and "Formulaire expiré" in forged.text
    assert cookies.SESSION_COOKIE not in client.cookies


def test_a_form_without_its_token_is_refused(planner_client: Any) -> None:
    client = planner_client.client
    response = client.post(
        "/console/import",
        files={"file": ("day.json", json.dumps(tiny_problem()).encode(), "application/json")},
        data={"csrf_token": "forged"},
    )
    assert response.status_code == 403


def test_workbook_errors_are_shown_with_sheet_row_and_column(planner_client: Any) -> None:
    client = planner_client.client
    data, row = spoiled_dijon()
    token = csrf_of(client.get("/").text)
    response = client.post(
        "/console/import",
        files={"file": ("dijon.xlsx", data, "application/octet-stream")},
        data={"csrf_token": token},
    )
    assert response.status_code == 422
    table = response.text.split('id="issues"')[1]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", table)
    assert len(cells) == 4  # one error, four columns
    assert cells[:2] == ["Livraisons", str(row)]
    assert "partner-999" in cells[3]


def wait_finished(client: Any, job_url: str, timeout_s: float = 90) -> str:
    deadline = time.monotonic() + timeout_s
    while True:
        html: str = client.get(job_url).text
        if 'data-finished="yes"' in html:
            return html
        assert time.monotonic() < deadline, "the solve did not finish"
        time.sleep(0.3)


def test_upload_solve_result_downloads_replan_publish(planner_client: Any) -> None:
    client = planner_client.client
    problem = tiny_problem()
    token = csrf_of(client.get("/").text)
    uploaded = client.post(
        "/console/import",
        files={"file": ("day.json", json.dumps(problem).encode(), "application/json")},
        data={"csrf_token": token},
        follow_redirects=False,
    )
    assert uploaded.status_code == 303
    day_url = uploaded.headers["location"]
    day = client.get(day_url)
    assert "Fichier valide" in day.text
    started = client.post(
        day_url + "/calcul", data={"csrf_token": token, "time_limit_s": "1"}, follow_redirects=False
    )
    assert started.status_code == 303
    job_url = started.headers["location"]
    html = wait_finished(client, job_url)
    plan = client.get(job_url + "/plan.json").json()
    assert plan["feasible"] is True
    assert 'id="allocation"' not in html  # no stock, no allocation
    assert client.get(job_url + "/allocation.json").status_code == 404
    vehicles = [route["vehicle"] for route in plan["routes"]]
    for vehicle in vehicles:
        assert f"Tournée {vehicle}" in html
    drawn = json.loads(html.split('id="map-data">')[1].split("</script>")[0])["routes"]
    assert [r["vehicle"] for r in drawn] == vehicles
    assert [len(r["points"]) for r in drawn] == [len(r["stops"]) for r in plan["routes"]]

    # the Excel export carries the same km as the plan JSON
    workbook = load_workbook(io.BytesIO(client.get(job_url + "/plan.xlsx").content))
    assert len(workbook.sheetnames) >= 1 + len(vehicles)

    # lock the first route: the new plan has it unchanged
    replanned = client.post(
        job_url + "/replanifier",
        data={"csrf_token": token, "time_limit_s": "1", "locked": vehicles[0]},
        follow_redirects=False,
    )
    assert replanned.status_code == 303, replanned.text
    new_url = replanned.headers["location"]
    assert new_url != job_url
    wait_finished(client, new_url)  # a re-plan is a solve job like any other
    new_plan = client.get(new_url + "/plan.json").json()
    before = next(r for r in plan["routes"] if r["vehicle"] == vehicles[0])
    after = next(r for r in new_plan["routes"] if r["vehicle"] == vehicles[0])
    assert after["stops"] == before["stops"]
    assert new_plan["kpis"]["distance_km"] == plan["kpis"]["distance_km"]

    # publish: one link and one QR code per route, and the link opens that route's page
    published = client.post(new_url + "/publier", data={"csrf_token": token})
    assert published.status_code == 200
    assert published.text.count("<svg") == len(new_plan["routes"])
    link = re.search(r'href="(http[^"]+)"', published.text)
    assert link is not None
    path = link.group(1).split("://", 1)[1].split("/", 1)[1].replace("&amp;", "&")
    assert client.get("/" + path).status_code == 200
    pdf = re.search(r'href="(http[^"]+/pdf\?[^"]+)"', published.text)
    assert pdf is not None
    pdf_path = pdf.group(1).split("://", 1)[1].split("/", 1)[1].replace("&amp;", "&")
    sheet = client.get("/" + pdf_path)
    assert sheet.status_code == 200 and sheet.content.startswith(b"%PDF")

    # a route both locked and taken out: said on the page, nothing stored
    refused = client.post(
        new_url + "/replanifier",
        data={
            "csrf_token": token,
            "time_limit_s": "1",
            "locked": vehicles[0],
            "removed": vehicles[0],
        },
    )
    assert refused.status_code == 422
    assert "Recalcul impossible" in refused.text and "locked and removed" in refused.text

    # stopping a finished solve changes nothing
    stopped = client.post(job_url + "/arreter", data={"csrf_token": token}, follow_redirects=False)
    assert stopped.status_code == 303
    assert client.get(job_url + "/plan.json").json() == plan

    # history lists both solves
    home = client.get("/").text
    assert home.count("/console/calculs/") == 2


def test_force_a_stop_and_replan_the_rest_of_the_day(planner_client: Any) -> None:
    client = planner_client.client
    problem = tiny_problem()
    problem["vehicles"].append(problem["vehicles"][0] | {"id": "T2"})
    token = csrf_of(client.get("/").text)
    uploaded = client.post(
        "/console/import",
        files={"file": ("day.json", json.dumps(problem).encode(), "application/json")},
        data={"csrf_token": token},
        follow_redirects=False,
    )
    day_url = uploaded.headers["location"]
    started = client.post(
        day_url + "/calcul", data={"csrf_token": token, "time_limit_s": "1"}, follow_redirects=False
    )
    job_url = started.headers["location"]
    html = wait_finished(client, job_url)
    assert 'name="forced_job"' in html and 'name="from_time"' in html
    plan = client.get(job_url + "/plan.json").json()
    (route,) = plan["routes"]  # one truck does it all: the second one stays home
    other = "T2" if route["vehicle"] == "T1" else "T1"

    forced = client.post(
        job_url + "/replanifier",
        data={
            "csrf_token": token,
            "time_limit_s": "1",
            "forced_job": "P1",
            "forced_vehicle": other,
        },
        follow_redirects=False,
    )
    assert forced.status_code == 303, forced.text
    wait_finished(client, forced.headers["location"])
    forced_plan = client.get(forced.headers["location"] + "/plan.json").json()
    (with_p1,) = [r for r in forced_plan["routes"] if any(s["job"] == "P1" for s in r["stops"])]
    assert with_p1["vehicle"] == other and forced_plan["feasible"]

    # In the middle of the route: what is done is not visited again, the truck starts on the road.
    middle = route["stops"][2]
    now = middle["departure"]
    later = client.post(
        job_url + "/replanifier",
        data={"csrf_token": token, "time_limit_s": "1", "from_time": now},
        follow_redirects=False,
    )
    assert later.status_code == 303, later.text
    wait_finished(client, later.headers["location"])
    later_plan = client.get(later.headers["location"] + "/plan.json").json()
    assert later_plan["feasible"]
    done = {s["job"] for s in route["stops"][:3] if s["job"]}
    visited = {s["job"] for r in later_plan["routes"] for s in r["stops"] if s["job"]}
    assert done and not done & visited
    (again,) = [r for r in later_plan["routes"] if r["vehicle"] == route["vehicle"]]
    assert again["stops"][0]["site"] == middle["site"]

    wrong_time = client.post(
        job_url + "/replanifier",
        data={"csrf_token": token, "time_limit_s": "1", "from_time": "dix heures"},
    )
    assert wrong_time.status_code == 422
    assert "n&#39;est pas une heure" in wrong_time.text or "n'est pas une heure" in wrong_time.text
    half = client.post(
        job_url + "/replanifier",
        data={"csrf_token": token, "time_limit_s": "1", "forced_job": "P1"},
    )
    assert half.status_code == 422 and "choisissez" in half.text


def test_a_day_with_stock_shows_its_allocation_and_replans_its_routed_day(
    planner_client: Any,
) -> None:
    client = planner_client.client
    token = csrf_of(client.get("/").text)
    uploaded = client.post(
        "/console/import",
        files={"file": ("stock.json", json.dumps(stock_problem()).encode(), "application/json")},
        data={"csrf_token": token},
        follow_redirects=False,
    )
    assert uploaded.status_code == 303
    started = client.post(
        uploaded.headers["location"] + "/calcul",
        data={"csrf_token": token, "time_limit_s": "1"},
        follow_redirects=False,
    )
    job_url = started.headers["location"]
    html = wait_finished(client, job_url)

    # the allocation in short: 300 kg ambient and 60 kg chilled to both partners, none left
    section = html.split('id="allocation"')[1].split("</section>")[0]
    facts = " ".join(section.split())
    assert "<strong>360.0</strong> / 360.0 kg répartis" in facts
    assert "sec 300.0 kg" in facts and "frais 60.0 kg" in facts
    assert "<strong>2</strong> / 2 partenaires servis" in facts
    assert "<strong>0.0</strong> kg restent à l'entrepôt" in facts
    download = client.get(job_url + "/allocation.json")
    assert download.status_code == 200
    assert download.headers["content-disposition"].startswith("attachment;")
    job_id = job_url.rsplit("/", 1)[1]
    api = client.get(f"/v1/solve-jobs/{job_id}/allocation", headers=planner_client.a.headers())
    assert download.json() == api.json()

    # the plan is shown and exported against the routed day: its allocation stops are known
    plan = client.get(job_url + "/plan.json").json()
    assert plan["feasible"] is True
    assert "Pourquoi ce plan n'est pas réalisable" not in html
    assert "alloc-partner_a" in html and "alloc-partner_b" in html
    workbook = load_workbook(io.BytesIO(client.get(job_url + "/plan.xlsx").content))
    assert len(workbook.sheetnames) >= 2

    # a re-plan with a locked route re-plans the routed day, allocation kept as it is
    vehicle = plan["routes"][0]["vehicle"]
    replanned = client.post(
        job_url + "/replanifier",
        data={"csrf_token": token, "time_limit_s": "1", "locked": vehicle},
        follow_redirects=False,
    )
    assert replanned.status_code == 303, replanned.text
    new_url = replanned.headers["location"]
    new_html = wait_finished(client, new_url)
    new_plan = client.get(new_url + "/plan.json").json()
    assert new_plan["routes"][0]["stops"] == plan["routes"][0]["stops"]
    assert 'id="allocation"' not in new_html


def test_a_json_upload_nested_too_deep_is_refused_in_french(planner_client: Any) -> None:
    client = planner_client.client
    token = csrf_of(client.get("/").text)
    response = client.post(
        "/console/import",
        files={"file": ("jour.json", b"[" * 100_000, "application/json")},  # RecursionError
        data={"csrf_token": token},
    )
    assert response.status_code == 422
    assert "imbriqué trop profondément (plus de 64 niveaux" in response.text
