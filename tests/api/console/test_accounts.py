"""Planner accounts: argon2 hashes, sign-in, a revoked key closes the account."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from api.console.accounts import MIN_PASSWORD_LENGTH, acting_key, authenticate, create_planner
from api.db import make_engine, make_sessions, migrate
from api.models import ApiKey, Role
from api.security import create_tenant


def test_passwords_are_hashed_and_checked(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'accounts.db'}")
    migrate(engine)
    sessions = make_sessions(engine)
    with sessions.begin() as session:
        tenant = create_tenant(session, name="BA Bourgogne")
        user = create_planner(
            session,
            tenant=tenant,
            email=" Camille@BA21.example ",
            name="Camille",
            password="p" * 12,
        )
        assert user.email == "camille@ba21.example"
        assert user.password_hash.startswith("$argon2id$") and "p" * 12 not in user.password_hash
        with pytest.raises(ValueError):
            create_planner(
                session,
                tenant=tenant,
                email="short@ba21.example",
                name="x",
                password="p" * (MIN_PASSWORD_LENGTH - 1),
            )
    with sessions() as session:
        found = authenticate(session, email="CAMILLE@ba21.example", password="p" * 12)
        assert found is not None and found.id == user.id
        key = acting_key(session, found)
        assert key is not None and key.role == Role.PLANNER and key.tenant_id == tenant.id
        assert authenticate(session, email="camille@ba21.example", password="q" * 12) is None
        assert authenticate(session, email="nobody@ba21.example", password="p" * 12) is None
        session.get_one(ApiKey, user.api_key_id).revoked_at = dt.datetime.now(dt.UTC)
        session.commit()
        assert authenticate(session, email="camille@ba21.example", password="p" * 12) is None
