"""What routes declare in their signatures: a database session and the calling API key."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Header, Request
from sqlalchemy.orm import Session

from api.config import Settings
from api.errors import ApiError
from api.jobs.runner import Runner
from api.models import ApiKey, Role
from api.security import find_api_key
from optimizer.errors import ErrorCode


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_runner(request: Request) -> Runner:
    runner: Runner = request.app.state.runner
    return runner


def send_to_workers(request: Request, job_id: str) -> None:
    """A newly created job: counted as submitted and handed to the runner (API and console)."""
    request.app.state.metrics.submitted.inc()
    get_runner(request).submit(job_id)


def get_session(request: Request) -> Iterator[Session]:
    with request.app.state.sessions() as session:
        yield session


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[Session, Depends(get_session)]
RunnerDep = Annotated[Runner, Depends(get_runner)]


def get_api_key(
    session: SessionDep,
    authorization: Annotated[str | None, Header()] = None,
    x_api_key: Annotated[str | None, Header()] = None,
) -> ApiKey:
    """The key from ``Authorization: Bearer <key>`` or ``X-API-Key: <key>``; 401 otherwise."""
    key = x_api_key
    if authorization and authorization.lower().startswith("bearer "):
        key = authorization[7:].strip()
    found = find_api_key(session, key=key) if key else None
    if found is None:
        raise ApiError(ErrorCode.UNAUTHORIZED, "A valid API key is required.")
    return found


def require(*roles: Role) -> Callable[[ApiKey], ApiKey]:
    """A dependency that lets through only keys with one of ``roles`` (admin always passes)."""
    allowed = {*roles, Role.ADMIN}

    def check(key: Annotated[ApiKey, Depends(get_api_key)]) -> ApiKey:
        if key.role not in allowed:
            raise ApiError(ErrorCode.FORBIDDEN, f"The role '{key.role}' may not do this.")
        return key

    return check


Planner = Annotated[ApiKey, Depends(require(Role.PLANNER))]
Reader = Annotated[ApiKey, Depends(require(Role.PLANNER, Role.REPORTER))]
