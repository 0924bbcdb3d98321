"""API keys are stored as digests only, and a revoked key opens nothing."""

from __future__ import annotations

from conftest import Service
from sqlalchemy import select

from api.db import utcnow
from api.models import ApiKey, Role
from api.security import KEY_PREFIX, find_api_key, hash_key


def test_only_the_digest_of_a_key_is_stored(local_service: Service) -> None:
    key = local_service.a.keys[Role.PLANNER]
    assert key.startswith(KEY_PREFIX)
    assert len(key) > 40
    with local_service.sessions() as session:
        stored = session.scalars(select(ApiKey.key_hash)).all()
    assert hash_key(key) in stored
    assert key not in stored
    assert all(len(digest) == 64 for digest in stored)


def test_a_revoked_key_is_refused(local_service: Service) -> None:
    key = local_service.a.keys[Role.PLANNER]
    headers = local_service.a.headers()
    assert local_service.client.get("/v1/solve-jobs", headers=headers).status_code == 200
    with local_service.sessions.begin() as session:
        found = find_api_key(session, key=key)
        assert found is not None
        found.revoked_at = utcnow()
    assert local_service.client.get("/v1/solve-jobs", headers=headers).status_code == 401
