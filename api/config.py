"""Every setting of the service, read once from ``FOODROUTE_*`` environment variables."""

from __future__ import annotations

import logging
import os
from functools import lru_cache
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

#: Signs links in development and tests only; production refuses it.
DEVELOPMENT_SECRET = "development-only-secret-change-me"
#: The longest a driver's link may stay valid; a link signed for longer is refused.
MAX_LINK_HOURS = 24 * 31


def _cores() -> int:
    return os.cpu_count() or 1


class Settings(BaseSettings):
    """The service's configuration. Defaults give the embedded mode: SQLite and local workers.

    ``broker_url`` switches execution to Celery workers (``foodroute worker``); then ``workers``
    local executors are not started.
    """

    model_config = SettingsConfigDict(env_prefix="FOODROUTE_", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = "sqlite:///./foodroute.db"
    broker_url: str | None = None
    workers: int = Field(
        default_factory=_cores, ge=0, description="Local solver processes; 0 = API only."
    )
    max_body_bytes: int = Field(default=5_000_000, gt=0, description="Request body limit (413).")
    max_points: int = Field(default=1_000, gt=0, description="Sites per problem (422 above).")
    geocoder: str | None = Field(
        default=None,
        description="Where uploads given by address are geocoded: 'embedded' (addok on the "
        "Redis of FOODROUTE_ADDOK_REDIS_URL, the default) or the URL of a BAN/addok server.",
    )
    max_time_limit_s: float = Field(default=900.0, gt=0, description="Longest search allowed.")
    lease_s: float = Field(
        default=30.0, gt=0, description="A running job whose heartbeat is older is re-queued."
    )
    heartbeat_s: float = Field(default=1.0, gt=0, description="Heartbeat and cancel-check period.")
    max_attempts: int = Field(default=3, ge=1, description="Runs of one job before it fails.")
    time_limit_grace_s: float = Field(
        default=60.0, ge=0, description="Past time limit + grace, a solve is killed and fails."
    )
    cancel_wait_s: float = Field(
        default=30.0, ge=0, description="After a cancel, how long to wait for the best plan."
    )
    poll_s: float = Field(default=0.5, gt=0, description="How often idle executors look for jobs.")
    secret_key: str = Field(
        default=DEVELOPMENT_SECRET,
        min_length=16,
        description="Signs the drivers' route links (HMAC-SHA256); set it in production.",
    )
    metrics_token: str | None = Field(
        default=None,
        min_length=16,
        description="Bearer token the Prometheus scraper sends to /metrics; unset = no /metrics.",
    )
    road_tiles: str | None = Field(
        default=None,
        description="Tiles folder (foodroute roads build) that problems with travel kind 'road' "
        "are planned on; unset = road travel refused. Never taken from a request.",
    )
    road_url: str | None = Field(
        default=None,
        pattern=r"^https?://[^\s/?#]+(/[^\s?#]*)?$",
        description="A Valhalla service (http://host:8002) to plan road travel on, when "
        "road_tiles is unset. Never taken from a request.",
    )
    solve_max_iterations: int | None = Field(
        default=None,
        ge=1,
        description="Also stop every solve after this many search iterations: the same plan on "
        "any machine, within the job's time limit (tests, reproducible runs); unset = no cap.",
    )
    driver_link_hours: float = Field(
        default=36.0,
        gt=0,
        le=MAX_LINK_HOURS,
        description="How long a driver's route link stays valid.",
    )

    @model_validator(mode="after")
    def _lease_outlives_heartbeat(self) -> Settings:
        if self.lease_s <= 2 * self.heartbeat_s:
            raise ValueError("lease_s must exceed twice heartbeat_s, or live jobs get re-queued.")
        if self.environment == "production" and self.database_url.startswith("sqlite:///./"):
            raise ValueError("production needs an explicit FOODROUTE_DATABASE_URL.")
        if self.environment == "production" and self.secret_key == DEVELOPMENT_SECRET:
            raise ValueError("production needs its own FOODROUTE_SECRET_KEY.")
        return self

    @property
    def mode(self) -> Literal["embedded", "celery"]:
        return "celery" if self.broker_url else "embedded"


def warn_about_defaults(settings: Settings) -> None:
    """Say loudly, at start-up, when the public development secret signs links and sessions."""
    if settings.environment == "development" and settings.secret_key == DEVELOPMENT_SECRET:
        logging.getLogger("foodroute.security").warning(
            "FOODROUTE_SECRET_KEY is not set: links and sessions are signed with the public "
            "development secret, so anyone can forge a driver's link or a planner's session. "
            "Set FOODROUTE_SECRET_KEY (32 random bytes) before this service leaves your machine."
        )


@lru_cache
def get_settings() -> Settings:
    return Settings()
