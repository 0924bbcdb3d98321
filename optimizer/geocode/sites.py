"""Place the sites of a problem document that have an address and no coordinates.

This runs on the document (the parsed JSON or what the workbook reader built), before the
domain model validates it: the model needs coordinates, this step is what provides them.
Coordinates given by hand always win: such a site is never sent to the geocoder.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from optimizer.errors import InputIssue, ProblemError
from optimizer.geocode.base import AddressQuery, Geocoder, Match, match_type
from optimizer.geocode.quality import MIN_SCORE, RADIUS_KM, Area, Doubt, doubts
from optimizer.messages import message


class Placement(StrEnum):
    """How a site got (or did not get) its point; the report lists them in this order."""

    UNPLACED = "unplaced"
    DOUBTFUL = "doubtful"
    MATCHED = "matched"
    MANUAL = "manual"


@dataclass(frozen=True, slots=True)
class SitePlacement:
    """One row of the geocoding report."""

    index: int
    site_id: str
    name: str
    asked: str
    placement: Placement
    match: Match | None = None
    doubts: Sequence[Doubt] = field(default_factory=tuple)


def _has_point(site: dict[str, Any]) -> bool:
    return site.get("lat") is not None and site.get("lon") is not None


def _text(site: dict[str, Any], key: str) -> str:
    value = site.get(key)
    return "" if value is None else str(value).strip()


def site_query(site: dict[str, Any]) -> AddressQuery | None:
    """The address of a site document, or None when it gives neither street nor commune."""
    query = AddressQuery(_text(site, "address"), _text(site, "postcode"), _text(site, "commune"))
    return query if query.address or query.commune else None


def _area(sites: list[dict[str, Any]], radius_km: float) -> Area:
    depots = [
        (float(site["lat"]), float(site["lon"]))
        for site in sites
        if site.get("kind") == "depot" and _has_point(site)
    ]
    return Area(depots, radius_km)


def _write_back(site: dict[str, Any], match: Match, found: Sequence[Doubt]) -> None:
    site["lat"], site["lon"] = match.lat, match.lon
    if not site.get("postcode") and match.postcode:
        site["postcode"] = match.postcode
    site["geocode"] = {
        "manual": False,
        "label": match.label,
        "score": match.score,
        "match_type": match.type.value,
        "doubts": [doubt.value for doubt in found],
    }


def _stored(index: int, site: dict[str, Any], asked: str) -> SitePlacement:
    """A site that already has a point: by hand, or geocoded by an earlier run."""
    block = site.get("geocode")
    site_id, name = _text(site, "id"), _text(site, "name")
    if not isinstance(block, dict) or block.get("manual", True):
        return SitePlacement(index, site_id, name, asked, Placement.MANUAL)
    kept = Match(
        label=str(block.get("label", "")),
        lat=float(site["lat"]),
        lon=float(site["lon"]),
        score=float(block.get("score") or 0.0),
        type=match_type(str(block.get("match_type", ""))),
    )
    found = tuple(Doubt(value) for value in block.get("doubts", []))
    placement = Placement.DOUBTFUL if found else Placement.MATCHED
    return SitePlacement(index, site_id, name, asked, placement, kept, found)


def place_sites(
    document: dict[str, Any],
    geocoder: Geocoder,
    *,
    min_score: float = MIN_SCORE,
    radius_km: float = RADIUS_KM,
) -> list[SitePlacement]:
    """Geocode, in place, every site of ``document`` that has an address and no point.

    All addresses go to the geocoder in one call (one batch request for a server). The area
    check is measured from the depots, given by hand or just geocoded.
    Returns one row per site, unplaced first, then doubtful, matched and set by hand.
    """
    sites = [site for site in document.get("sites", []) if isinstance(site, dict)]
    asked: dict[int, AddressQuery] = {}
    for index, site in enumerate(sites):
        query = site_query(site)
        if query is not None and not _has_point(site):
            asked[index] = query
    matches = dict(zip(asked, geocoder.geocode_many(list(asked.values())), strict=True))
    for index, match in matches.items():
        if match is not None and sites[index].get("kind") == "depot":
            sites[index]["lat"], sites[index]["lon"] = match.lat, match.lon
    area = _area(sites, radius_km)
    rows = [
        _placement(index, site, asked.get(index), matches.get(index), area, min_score)
        for index, site in enumerate(sites)
    ]
    order = list(Placement)
    return sorted(rows, key=lambda row: (order.index(row.placement), row.index))


def _placement(
    index: int,
    site: dict[str, Any],
    query: AddressQuery | None,
    match: Match | None,
    area: Area,
    min_score: float,
) -> SitePlacement:
    site_id, name = _text(site, "id"), _text(site, "name")
    if query is None:
        if _has_point(site):
            own = site_query(site)
            return _stored(index, site, own.text if own else "")
        return SitePlacement(index, site_id, name, "", Placement.UNPLACED)
    if match is None:
        site.pop("lat", None)
        site.pop("lon", None)
        return SitePlacement(index, site_id, name, query.text, Placement.UNPLACED)
    found = doubts(query, match, area, min_score)
    _write_back(site, match, found)
    placement = Placement.DOUBTFUL if found else Placement.MATCHED
    return SitePlacement(index, site_id, name, query.text, placement, match, tuple(found))


def unplaced(rows: Sequence[SitePlacement]) -> list[SitePlacement]:
    return [row for row in rows if row.placement is Placement.UNPLACED]


class UnplacedSites(ProblemError):
    """Sites that could not be placed at all, one issue each; ``placements`` is the whole report,
    so that a door can still show what was found for the others."""

    def __init__(self, issues: Sequence[InputIssue], placements: Sequence[SitePlacement]) -> None:
        super().__init__(issues)
        self.placements = list(placements)


def unplaced_error(rows: Sequence[SitePlacement], language: str = "fr") -> UnplacedSites | None:
    """One issue per site that has no point at all, naming it; None when every site is placed."""
    issues = [
        InputIssue(
            f"sites[{row.index}]",
            message("geocode.error.not_found", language, site=row.site_id, address=row.asked)
            if row.asked
            else message("geocode.error.no_address", language, site=row.site_id),
        )
        for row in unplaced(rows)
    ]
    return UnplacedSites(issues, rows) if issues else None
