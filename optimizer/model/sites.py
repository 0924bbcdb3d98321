"""Places: the warehouse (depot), donors, partner associations and a vehicle's position."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field, field_validator

from optimizer.model.common import (
    ClassKg,
    Identifier,
    NonNegative,
    Strict,
    TimeWindow,
    sorted_disjoint,
)


class SiteKind(StrEnum):
    DEPOT = "depot"
    DONOR = "donor"
    PARTNER = "partner"
    POSITION = "position"  # where a vehicle is on the road, for a re-plan during the day


class Receiving(StrEnum):
    """How a partner gets its allocation."""

    DELIVERED = "delivered"
    COLLECTS = "collects"


class Contact(Strict):
    name: str = ""
    phone: str = ""
    email: str = ""


class Site(Strict):
    """A place: the warehouse (depot), a donor (supermarket…) or a partner association."""

    id: Identifier
    kind: SiteKind
    name: str = ""
    lat: float = Field(ge=-90, le=90, description="Latitude, WGS84 degrees.")
    lon: float = Field(ge=-180, le=180, description="Longitude, WGS84 degrees.")
    address: str = ""
    commune: str = ""
    contact: Contact | None = None
    access_notes: str = ""
    time_windows: list[TimeWindow] = Field(
        default_factory=list,
        description="Opening windows; service starts inside one of them. Empty = always open.",
    )
    service_min: NonNegative = Field(5.0, description="Fixed time on site per visit, minutes.")
    service_s_per_kg: NonNegative = Field(
        0.0, description="Handling time per kg loaded or unloaded, seconds."
    )
    required_skills: list[str] = Field(
        default_factory=list, description="Vehicle skills needed here, e.g. 'tail_lift'."
    )
    source: str = Field("", description="Donor type for reporting: supermarket, producer…")
    beneficiaries: int | None = Field(None, ge=0, description="People served (partners).")
    storage_kg: ClassKg | None = Field(
        None, description="Partner's free storage per class for one allocation; none = unlimited."
    )
    receiving: Receiving = Field(
        Receiving.DELIVERED, description="Partners: delivered by the food bank or collect."
    )
    next_supply_date: dt.date | None = Field(
        None, description="Partners: when the next allocation reaches them; default plan date."
    )

    @field_validator("time_windows")
    @classmethod
    def _windows_disjoint(cls, windows: list[TimeWindow]) -> list[TimeWindow]:
        return sorted_disjoint(windows)
