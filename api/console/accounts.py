"""Planner accounts: argon2 password hashes, and the planner key each account acts with.

``python -m api.console.accounts create-planner TENANT EMAIL NAME`` reads the password from the
``FOODROUTE_PLANNER_PASSWORD`` environment variable or asks for it.
"""

from __future__ import annotations

import getpass
import os
import sys

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models import ApiKey, PlannerUser, Role, Tenant
from api.security import create_api_key, find_api_key

_HASHER = PasswordHasher()
MIN_PASSWORD_LENGTH = 10
# Compared against when the e-mail is unknown, so that a wrong e-mail costs the same time as a
# wrong password and does not reveal which accounts exist.
_DUMMY_HASH = _HASHER.hash("not-a-password-of-anyone")


def create_planner(
    session: Session, *, tenant: Tenant, email: str, name: str, password: str
) -> PlannerUser:
    """Store a planner with a fresh planner-role key of the tenant; the password is hashed."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"password shorter than {MIN_PASSWORD_LENGTH} characters")
    key = create_api_key(session, tenant=tenant, role=Role.PLANNER, name=f"console {email}")
    key_row = find_api_key(session, key=key)
    assert key_row is not None
    user = PlannerUser(
        tenant_id=tenant.id,
        api_key_id=key_row.id,
        email=email.strip().casefold(),
        name=name,
        password_hash=_HASHER.hash(password),
    )
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, *, email: str, password: str) -> PlannerUser | None:
    """The planner with this e-mail and password, or None; a stale hash is upgraded."""
    user = session.scalars(
        select(PlannerUser).where(PlannerUser.email == email.strip().casefold())
    ).first()
    try:
        _HASHER.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or acting_key(session, user) is None:
        return None
    if _HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = _HASHER.hash(password)
        session.commit()
    return user


def acting_key(session: Session, user: PlannerUser) -> ApiKey | None:
    """The planner's key, None once revoked (revoking it closes the account)."""
    key = session.get(ApiKey, user.api_key_id)
    return key if key is not None and key.revoked_at is None else None


def main(argv: list[str]) -> int:
    if len(argv) != 4 or argv[0] != "create-planner":
        print("usage: python -m api.console.accounts create-planner TENANT EMAIL NAME")
        return 2
    from api.config import get_settings
    from api.db import make_engine, make_sessions, migrate

    _, tenant_name, email, name = argv
    password = os.environ.get("FOODROUTE_PLANNER_PASSWORD") or getpass.getpass("Mot de passe : ")
    engine = make_engine(get_settings().database_url)
    migrate(engine)
    with make_sessions(engine).begin() as session:
        tenant = session.scalars(select(Tenant).where(Tenant.name == tenant_name)).first()
        if tenant is None:
            print(f"no tenant named {tenant_name!r}")
            return 2
        create_planner(session, tenant=tenant, email=email, name=name, password=password)
    print(f"planner {email} created")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
