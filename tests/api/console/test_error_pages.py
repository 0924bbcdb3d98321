"""Errors under the console's paths are French pages; the API keeps its JSON errors."""

from __future__ import annotations

import json
from typing import Any

import pytest
from console_helpers import EMAIL, PASSWORD, add_planner, csrf_of
from factories import tiny_problem

from api.console.error_pages import french_message, is_console
from api.models import Role


@pytest.fixture
def signed_in(local_service: Any) -> Any:
    add_planner(local_service)
    client = local_service.client
    page = client.get("/connexion")
    client.post(
        "/connexion",
        data={"email": EMAIL, "password": PASSWORD, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    return client


def test_forged_form_token_gets_a_french_page(signed_in: Any) -> None:
    response = signed_in.post(
        "/console/import",
        files={"file": ("day.json", json.dumps(tiny_problem()).encode(), "application/json")},
        data={"csrf_token": "forged"},
    )
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("text/html")
    assert "Jeton de formulaire invalide" in response.text
    assert 'href="/"' in response.text


def test_unknown_job_and_page_are_french_pages(signed_in: Any) -> None:
    job = signed_in.get("/console/calculs/nope")
    assert job.status_code == 404
    assert "n&#39;existe pas" in job.text or "n'existe pas" in job.text
    page = signed_in.get("/console/nulle-part")
    assert page.status_code == 404 and "Page introuvable" in page.text


def test_missing_form_field_is_named(signed_in: Any) -> None:
    token = csrf_of(signed_in.get("/").text)
    response = signed_in.post("/console/jours/x/calcul", data={"csrf_token": token})
    assert response.status_code == 422
    assert "time_limit_s" in response.text and "<html" in response.text


def test_the_api_still_answers_json(local_service: Any) -> None:
    response = local_service.client.get(
        "/v1/solve-jobs/nope", headers={"X-API-Key": local_service.a.keys[Role.PLANNER]}
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_which_paths_are_the_console() -> None:
    assert is_console("/") and is_console("/console/calculs/1") and is_console("/connexion")
    assert not is_console("/v1/solve-jobs") and not is_console("/healthz")
    assert french_message(404, "not_found", "No solve job 'x'.", []).startswith("Ce calcul")
