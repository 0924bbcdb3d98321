"""What every geocoder answers: one interface, so the embedded addok and a BAN/addok server are
interchangeable (the way the travel providers are in :mod:`optimizer.matrix`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, runtime_checkable

from optimizer.errors import ErrorCode, FoodrouteError


class MatchType(StrEnum):
    """How precise a BAN match is, from the door to the whole commune."""

    HOUSENUMBER = "housenumber"
    STREET = "street"
    LOCALITY = "locality"
    MUNICIPALITY = "municipality"


PRECISION: dict[MatchType, int] = {
    MatchType.HOUSENUMBER: 3,
    MatchType.STREET: 2,
    MatchType.LOCALITY: 2,
    MatchType.MUNICIPALITY: 1,
}
"""A lieu-dit (locality) is as precise as a street: BAN has no house numbers there."""


@dataclass(frozen=True, slots=True)
class AddressQuery:
    """One address to place: the street part, and the postcode and commune that filter homonyms."""

    address: str
    postcode: str = ""
    commune: str = ""

    @property
    def text(self) -> str:
        """The free text sent to addok: the address, then the postcode and the commune."""
        return " ".join(part for part in (self.address, self.postcode, self.commune) if part)


@dataclass(frozen=True, slots=True)
class Match:
    """The best candidate addok gave for a query (score in [0, 1], WGS84 degrees)."""

    label: str
    lat: float
    lon: float
    score: float
    type: MatchType
    postcode: str = ""
    citycode: str = ""
    city: str = ""


class GeocoderUnavailable(FoodrouteError):
    """The geocoder cannot answer: server unreachable, or an embedded index never loaded."""

    code = ErrorCode.GEOCODER_UNAVAILABLE


@runtime_checkable
class Geocoder(Protocol):
    """Places addresses. ``None`` means addok had no candidate at all."""

    source: str
    """Which index answers (a server's URL, or the embedded index's Redis database): cached
    answers of one source are never served for another."""

    def geocode(self, query: AddressQuery) -> Match | None:
        """The best match of one address."""
        ...

    def geocode_many(self, queries: Sequence[AddressQuery]) -> list[Match | None]:
        """The best match of each address, in order (a server may answer them in one request)."""
        ...


def match_type(value: str) -> MatchType:
    """addok's ``type`` field; anything unexpected counts as the least precise."""
    try:
        return MatchType(value)
    except ValueError:
        return MatchType.MUNICIPALITY
