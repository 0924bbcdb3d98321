"""The console's upload geocodes a day given by address: stored when every site is placed,
422 naming every site that is not (the list ``foodroute geocode`` prints)."""

from __future__ import annotations

import html
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.geocode.ban import ARDENNES_12
from tests.geocode.days import day, site

# The service's test helpers import their neighbours by name, as pytest does for tests/api/.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))
from tests.api.conftest import local, sqlite_settings
from tests.api.console.console_helpers import EMAIL, PASSWORD, add_planner, csrf_of


@pytest.fixture
def console(addok_url: str, tmp_path: Path, monkeypatch: Any) -> Iterator[Any]:
    """A service that geocodes with the tests' addok server, its client signed in as a planner."""
    monkeypatch.setenv("FOODROUTE_GEOCODE_CACHE", str(tmp_path / "cache.sqlite"))
    with local(sqlite_settings(tmp_path, geocoder=addok_url)) as service:
        add_planner(service)
        client = service.client
        token = csrf_of(client.get("/connexion").text)
        signed_in = client.post(
            "/connexion",
            data={"email": EMAIL, "password": PASSWORD, "csrf_token": token},
            follow_redirects=False,
        )
        assert signed_in.status_code == 303
        yield service


def _upload(client: Any, document: dict[str, Any]) -> Any:
    return client.post(
        "/console/import",
        files={"file": ("jour.json", json.dumps(document).encode(), "application/json")},
        data={"csrf_token": csrf_of(client.get("/").text)},
        follow_redirects=False,
    )


def test_a_day_given_by_address_is_placed_and_stored(console: Any) -> None:
    from api.models import StoredProblem

    response = _upload(console.client, day([site("ardennes", "partner", "12 rue des Ardennes")]))
    assert response.status_code == 303, response.text
    problem_id = response.headers["location"].rsplit("/", 1)[-1]
    with console.sessions() as session:
        stored = session.get(StoredProblem, problem_id)
        document = json.loads(stored.document)
    [ardennes] = [s for s in document["sites"] if s["id"] == "ardennes"]
    assert (ardennes["lat"], ardennes["lon"]) == ARDENNES_12
    assert ardennes["geocode"]["label"] == "12 Rue des Ardennes 21000 Dijon"


def test_sites_that_cannot_be_placed_are_a_422_naming_each(console: Any) -> None:
    document = day(
        [
            site("gibberish", "partner", "qzxw vbnk", "", ""),
            {"id": "nothing", "kind": "partner"},
            site("ardennes", "partner", "12 rue des Ardennes"),
        ]
    )
    response = _upload(console.client, document)
    assert response.status_code == 422
    text = html.unescape(response.text)
    assert "Le site « gibberish » n'a pas pu être placé" in text
    assert "Le site « nothing » n'a ni coordonnées" in text
    assert "sites[1]" in text and "sites[2]" in text
