"""The problem of one planning day: its sites, vehicles, jobs, stock, travel and settings.

Each part validates itself; the checks across parts (references, unique ids) are in
:mod:`optimizer.model.validation`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, PrivateAttr, model_validator

from optimizer.errors import ProblemError
from optimizer.model.common import PlausibleDate, Strict, TimeWindow
from optimizer.model.fleet import Vehicle
from optimizer.model.jobs import Delivery, Job, Pickup, Shipment
from optimizer.model.lots import Lot
from optimizer.model.settings import Settings
from optimizer.model.sites import Site
from optimizer.model.travel import HaversineTravel, Travel
from optimizer.model.validation import reference_issues

SCHEMA_VERSION: Literal["1.0"] = "1.0"


class Problem(Strict):
    """One planning day."""

    schema_version: Literal["1.0"] = SCHEMA_VERSION
    name: str = ""
    date: PlausibleDate
    timezone: str = "Europe/Paris"
    sites: list[Site] = Field(min_length=1)
    vehicles: list[Vehicle] = Field(min_length=1)
    pickups: list[Pickup] = Field(default_factory=list)
    deliveries: list[Delivery] = Field(default_factory=list)
    shipments: list[Shipment] = Field(
        default_factory=list, description="Paired pickup-and-delivery, same trip, no depot."
    )
    stock: list[Lot] = Field(
        default_factory=list,
        description="Warehouse stock to share out among partners (allocation).",
    )
    travel: Travel = Field(default_factory=HaversineTravel)
    settings: Settings = Field(default_factory=Settings)
    _site_cache: tuple[list[Site], dict[str, Site]] | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _references(self) -> Problem:
        issues = list(reference_issues(self))
        if issues:
            raise ProblemError(issues)
        return self

    def site(self, site_id: str) -> Site:
        return self._site_index()[site_id]

    def _site_index(self) -> dict[str, Site]:
        """Sites by id, built once per sites list (a copy with other sites gets its own index).

        Rebuilding it on each call made the post-search repairs quadratic in the day's size.
        """
        cached = self._site_cache
        if cached is not None and cached[0] is self.sites:
            return cached[1]
        index = {site.id: site for site in self.sites}
        self._site_cache = (self.sites, index)
        return index

    @property
    def jobs(self) -> list[Pickup | Delivery]:
        return [*self.pickups, *self.deliveries]

    def job(self, job_id: str) -> Pickup | Delivery:
        for job in self.jobs:
            if job.id == job_id:
                return job
        raise KeyError(job_id)

    def windows_of(self, job: Job) -> list[TimeWindow]:
        """The job's own windows if it has some, else its site's."""
        return (
            job.time_windows if job.time_windows is not None else self.site(job.site).time_windows
        )
