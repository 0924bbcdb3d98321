"""Places: the warehouse (depot), donors, partner associations and a vehicle's position."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field, field_validator, model_validator

from optimizer.model.common import (
    ClassKg,
    Identifier,
    NonNegative,
    PlausibleDate,
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


class SiteGeocode(Strict):
    """Where a site's point comes from, written by ``foodroute geocode`` (and ``import``)."""

    manual: bool = Field(
        False, description="The point was set by a person (given or moved on the map), not matched."
    )
    label: str = Field("", description="The address the Base Adresse Nationale matched.")
    score: float | None = Field(None, ge=0, le=1, description="addok's score of the match, 0-1.")
    match_type: Literal["housenumber", "street", "locality", "municipality"] | None = Field(
        None, description="How precise the match is: the door, the street, a lieu-dit, the commune."
    )
    doubts: list[Literal["low_score", "less_precise", "other_postcode", "outside_area"]] = Field(
        default_factory=list, description="Why a person should check the point; empty = trusted."
    )


class Site(Strict):
    """A place: the warehouse (depot), a donor (supermarket…) or a partner association.

    A site is placed by ``lat``/``lon``; a file may give ``address``, ``postcode`` and
    ``commune`` instead, which ``foodroute geocode`` or ``import`` turn into coordinates
    (:mod:`optimizer.geocode`) before the day is validated. Coordinates given always win.
    """

    id: Identifier
    kind: SiteKind
    name: str = ""
    lat: float = Field(
        ge=-90, le=90, description="Latitude, WGS84 degrees; filled by geocoding when omitted."
    )
    lon: float = Field(
        ge=-180, le=180, description="Longitude, WGS84 degrees; filled by geocoding when omitted."
    )
    address: str = Field("", description="Number and street (or lieu-dit), to geocode the site.")
    postcode: str = Field("", description="Postcode: tells homonym streets of two communes apart.")
    commune: str = ""
    geocode: SiteGeocode | None = Field(
        None, description="The geocoding match that placed the site, or that it was set by hand."
    )
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
    next_supply_date: PlausibleDate | None = Field(
        None, description="Partners: when the next allocation reaches them; default plan date."
    )

    @model_validator(mode="before")
    @classmethod
    def _placed(cls, data: object) -> object:
        """A site without a point is named, and told apart from one still to be geocoded."""
        if isinstance(data, dict) and (data.get("lat") is None or data.get("lon") is None):
            name = data.get("id", "?")
            if data.get("address") or data.get("commune"):
                raise ValueError(
                    f"site '{name}' has an address but no coordinates: geocode it first "
                    "(foodroute geocode, or import the workbook)"
                )
            raise ValueError(f"site '{name}' has neither coordinates (lat, lon) nor an address")
        return data

    @field_validator("time_windows")
    @classmethod
    def _windows_disjoint(cls, windows: list[TimeWindow]) -> list[TimeWindow]:
        return sorted_disjoint(windows)
