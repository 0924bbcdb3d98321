"""The geocoding step every door runs before validation: the CLI's ``import`` and ``geocode``,
and the console's upload. It asks a geocoder only when a site lacks coordinates."""

from __future__ import annotations

from typing import Any

from optimizer.geocode.choose import open_geocoder
from optimizer.geocode.quality import MIN_SCORE, RADIUS_KM
from optimizer.geocode.sites import SitePlacement, place_sites, unplaced_error


def lacks_point(document: dict[str, Any]) -> bool:
    """Whether some site of ``document`` has no ``lat`` or no ``lon``."""
    return any(
        isinstance(site, dict) and (site.get("lat") is None or site.get("lon") is None)
        for site in document.get("sites", [])
    )


def place_missing(
    document: dict[str, Any],
    geocoder: str | None = None,
    *,
    min_score: float = MIN_SCORE,
    radius_km: float = RADIUS_KM,
    always: bool = False,
    language: str = "fr",
) -> list[SitePlacement]:
    """Place the sites of ``document`` given by address (see :func:`place_sites`).

    Returns the report rows (empty when every site had coordinates and ``always`` is False).
    Raises :class:`~optimizer.geocode.sites.UnplacedSites` naming every site that cannot be
    placed (a :class:`~optimizer.errors.ProblemError`, with the report rows), and
    :class:`~optimizer.geocode.base.GeocoderUnavailable` when the geocoder cannot answer.
    """
    if not always and not lacks_point(document):
        return []
    rows = place_sites(document, open_geocoder(geocoder), min_score=min_score, radius_km=radius_km)
    error = unplaced_error(rows, language)
    if error is not None:
        raise error
    return rows
