"""Signed links that give a driver one route of one plan, without an account.

A link names the solve job and the vehicle in its path and carries an expiry (Unix seconds)
and an HMAC-SHA256 signature over (role, tenant, job, vehicle, expiry) with the service's
``secret_key``. Changing any part — another vehicle, a later expiry, a byte of the signature —
breaks the signature: the link is refused with a 403, never a 500.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass
from urllib.parse import quote

from api.config import MAX_LINK_HOURS
from api.errors import ApiError
from api.models import SolveJob
from optimizer.errors import ErrorCode
from optimizer.plan import Plan

#: The role a link grants; part of what is signed, so a link cannot be replayed as another role.
LINK_ROLE = "driver"


@dataclass(frozen=True)
class RouteLink:
    vehicle: str
    path: str
    expires_at: dt.datetime


def signature(secret: str, *, tenant_id: str, job_id: str, vehicle: str, expires: int) -> str:
    message = "\n".join((LINK_ROLE, tenant_id, job_id, vehicle, str(expires)))
    return hmac.new(secret.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).hexdigest()


def route_path(job_id: str, vehicle: str) -> str:
    """The page of one route; the signature goes in the query string."""
    return f"/v1/driver/jobs/{job_id}/routes/{quote(vehicle, safe='')}"


def make_link(
    secret: str, *, tenant_id: str, job_id: str, vehicle: str, expires_at: dt.datetime
) -> RouteLink:
    expires = int(expires_at.timestamp())
    sig = signature(secret, tenant_id=tenant_id, job_id=job_id, vehicle=vehicle, expires=expires)
    path = f"{route_path(job_id, vehicle)}?expires={expires}&sig={sig}"
    return RouteLink(vehicle, path, dt.datetime.fromtimestamp(expires, dt.UTC))


def plan_links(secret: str, job: SolveJob, plan: Plan, expires_at: dt.datetime) -> list[RouteLink]:
    """One signed link per route of the job's plan, all expiring together (the API and the
    console's publish action hand out the same links)."""
    return [
        make_link(
            secret,
            tenant_id=job.tenant_id,
            job_id=job.id,
            vehicle=route.vehicle,
            expires_at=expires_at,
        )
        for route in plan.routes
    ]


def verify(
    secret: str,
    *,
    tenant_id: str,
    job_id: str,
    vehicle: str,
    expires: int,
    sig: str,
    now: dt.datetime | None = None,
) -> None:
    """Raise a 403 unless ``sig`` signs exactly this route and ``expires`` is still ahead."""
    expected = signature(
        secret, tenant_id=tenant_id, job_id=job_id, vehicle=vehicle, expires=expires
    )
    if not hmac.compare_digest(expected, sig.lower()):
        raise ApiError(ErrorCode.BAD_LINK, "This link is not valid for this route.")
    moment = now or dt.datetime.now(dt.UTC)
    # Signed for longer than the service ever signs: not made by it, whatever the signature.
    if expires > moment.timestamp() + MAX_LINK_HOURS * 3600 + 60:
        raise ApiError(ErrorCode.BAD_LINK, "This link is not valid for this route.")
    if moment.timestamp() >= expires:
        raise ApiError(
            ErrorCode.LINK_EXPIRED, "This link has expired; ask the planner for a new one."
        )
