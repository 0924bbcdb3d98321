"""Sign-in that holds: sessions revoked at logout, failed sign-ins throttled per e-mail and per
client address in the database (surviving a restart), never refusing the right password from
another address."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from conftest import sqlite_settings, tenant_keys
from console_helpers import EMAIL, PASSWORD, csrf_of
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.console import cookies
from api.console.accounts import create_planner
from api.console.throttle import MAX_FAILURES_PER_PAIR
from api.main import create_app
from api.models import PlannerUser, Tenant

ATTACKER = ("203.0.113.5", 40000)
PLANNER = ("198.51.100.7", 40000)


@contextmanager
def console(tmp_path: Path, *, planner: bool = True) -> Iterator[Any]:
    """The service on the SQLite file of ``tmp_path`` (the same file across calls).

    Clients of other addresses are made on the yielded app without ``with``: the application
    starts once."""
    app = create_app(sqlite_settings(tmp_path, workers=0))
    with TestClient(app):  # runs the migrations
        if planner:
            keys = tenant_keys(app.state.sessions, "Banque Alimentaire de Bourgogne")
            with app.state.sessions.begin() as session:
                tenant = session.scalars(select(Tenant).where(Tenant.id == keys.tenant_id)).one()
                create_planner(session, tenant=tenant, email=EMAIL, name="C", password=PASSWORD)
        yield app


def sign_in(client: TestClient, password: str, email: str = EMAIL) -> int:
    token = csrf_of(client.get("/connexion").text)
    data = {"email": email, "password": password, "csrf_token": token}
    return client.post("/connexion", data=data, follow_redirects=False).status_code


def test_logout_revokes_the_session_cookie(tmp_path: Path) -> None:
    with console(tmp_path) as app:
        client = TestClient(app, client=PLANNER)
        assert sign_in(client, PASSWORD) == 303
        stolen = client.cookies[cookies.SESSION_COOKIE]
        home = client.get("/")
        assert home.status_code == 200
        client.post("/deconnexion", data={"csrf_token": csrf_of(home.text)})
        other = TestClient(app, client=ATTACKER)
        other.cookies.set(cookies.SESSION_COOKIE, stolen)
        replay = other.get("/", follow_redirects=False)
        assert replay.status_code == 303 and replay.headers["location"] == "/connexion"
        assert sign_in(client, PASSWORD) == 303  # a new sign-in works again
        assert client.get("/", follow_redirects=False).status_code == 200


def test_failures_from_one_address_never_lock_out_the_right_password_from_another(
    tmp_path: Path,
) -> None:
    with console(tmp_path) as app:
        attacker, planner = TestClient(app, client=ATTACKER), TestClient(app, client=PLANNER)
        for _ in range(MAX_FAILURES_PER_PAIR):
            assert sign_in(attacker, "guess-guess-guess") == 401
        assert sign_in(attacker, PASSWORD) == 429  # the attacker's address is refused, even right
        assert sign_in(planner, PASSWORD) == 303


def test_failures_are_kept_in_the_database_across_a_restart(tmp_path: Path) -> None:
    with console(tmp_path) as app:
        attacker = TestClient(app, client=ATTACKER)
        for _ in range(MAX_FAILURES_PER_PAIR):
            assert sign_in(attacker, "guess-guess-guess") == 401
    with console(tmp_path, planner=False) as app:
        attacker = TestClient(app, client=ATTACKER)
        assert sign_in(attacker, "guess-guess-guess") == 429
        with app.state.sessions() as session:
            assert session.scalars(select(PlannerUser)).first() is not None


def test_one_address_spraying_many_emails_is_throttled(tmp_path: Path) -> None:
    with console(tmp_path) as app:
        attacker = TestClient(app, client=ATTACKER)
        codes = [sign_in(attacker, "guess-guess", email=f"p{n}@ba21.example") for n in range(25)]
        assert codes[:20] == [401] * 20 and codes[20:] == [429] * 5
        assert sign_in(TestClient(app, client=PLANNER), PASSWORD) == 303
