"""Which matches a person should look at: addok always answers something, even for an address
it does not know (scores of 0.2-0.4 for a street that is not in the BAN), so the score alone
is not a verdict. A match is "à vérifier" when any of these holds:

* its score is under :data:`MIN_SCORE`;
* it is less precise than what was asked (the street where a house number was given);
* it lies in another postcode than the one given;
* it is farther than the food bank's radius from every depot.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from optimizer.geocode.base import PRECISION, AddressQuery, Match, MatchType

MIN_SCORE = 0.6
"""Measured on BAN-format data here: exact and typo'd addresses score 0.8-0.97, abbreviations
("r des ardennes") 0.82, an address missing from the BAN 0.4-0.45 (at the street or commune)."""

RADIUS_KM = 80.0
"""Default reach of the food bank around its depots: the Dijon warehouse serves Côte-d'Or, whose
farthest communes are 70-80 km away (the Dijon day reaches Liernais, 63 km); a homonym street
matched in another département is usually hundreds of km away."""

_HOUSENUMBER = re.compile(r"^\s*\d+\s*(bis|ter|quater|[a-z])?\b", re.IGNORECASE)


class Doubt(StrEnum):
    """Why a match needs a person's look (message keys ``geocode.doubt.*``)."""

    LOW_SCORE = "low_score"
    LESS_PRECISE = "less_precise"
    OTHER_POSTCODE = "other_postcode"
    OUTSIDE_AREA = "outside_area"


def asked_type(query: AddressQuery) -> MatchType:
    """What precision the planner asked for: a number first means a door."""
    if _HOUSENUMBER.match(query.address):
        return MatchType.HOUSENUMBER
    if query.address.strip():
        return MatchType.STREET
    return MatchType.MUNICIPALITY


@dataclass(frozen=True, slots=True)
class Area:
    """The food bank's area: within ``radius_km`` of one of ``centres`` (lat, lon)."""

    centres: Sequence[tuple[float, float]]
    radius_km: float = RADIUS_KM

    def contains(self, lat: float, lon: float) -> bool:
        if not self.centres:
            return True
        return any(distance_km(lat, lon, *centre) <= self.radius_km for centre in self.centres)


def distance_km(lat_a: float, lon_a: float, lat_b: float, lon_b: float) -> float:
    """Great-circle distance (haversine, Earth radius 6,371 km)."""
    phi_a, phi_b = math.radians(lat_a), math.radians(lat_b)
    dphi, dlambda = phi_b - phi_a, math.radians(lon_b - lon_a)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi_a) * math.cos(phi_b) * math.sin(dlambda / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def doubts(
    query: AddressQuery, match: Match, area: Area | None = None, min_score: float = MIN_SCORE
) -> list[Doubt]:
    """Every reason to check ``match`` by hand; empty when it can be trusted."""
    found: list[Doubt] = []
    if match.score < min_score:
        found.append(Doubt.LOW_SCORE)
    if PRECISION[match.type] < PRECISION[asked_type(query)]:
        found.append(Doubt.LESS_PRECISE)
    if query.postcode and match.postcode and match.postcode != query.postcode.strip():
        found.append(Doubt.OTHER_POSTCODE)
    if area is not None and not area.contains(match.lat, match.lon):
        found.append(Doubt.OUTSIDE_AREA)
    return found
