"""API keys: generated once, stored as a SHA-256 digest, looked up by that digest.

A key carries 256 random bits, so a plain SHA-256 (no salt, no slow hash) cannot be reversed
by guessing; a slow hash would only slow down every request.
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models import ApiKey, Role, Tenant

KEY_PREFIX = "fr_"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def generate_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def create_tenant(session: Session, *, name: str) -> Tenant:
    tenant = Tenant(name=name)
    session.add(tenant)
    session.flush()
    return tenant


def create_api_key(session: Session, *, tenant: Tenant, role: Role, name: str = "") -> str:
    """Store a new key for ``tenant`` and return it in clear: the only time it is readable."""
    key = generate_key()
    session.add(
        ApiKey(tenant_id=tenant.id, name=name or role.value, role=role, key_hash=hash_key(key))
    )
    session.flush()
    return key


def find_api_key(session: Session, *, key: str) -> ApiKey | None:
    """The live key matching ``key``, or None (unknown or revoked)."""
    found = session.scalars(select(ApiKey).where(ApiKey.key_hash == hash_key(key))).first()
    if found is None or found.revoked_at is not None:
        return None
    return found
