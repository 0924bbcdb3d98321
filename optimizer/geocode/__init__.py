"""Placing sites from their addresses with the Base Adresse Nationale (BAN) through addok.

``base`` the interface and its answer, ``http`` a BAN/addok server, ``embedded`` addok in
process, ``load`` the import of a BAN file, ``cache`` answers kept on disk, ``quality`` which
matches to doubt, ``sites`` the step that fills a problem's missing coordinates.
"""

from optimizer.geocode.base import AddressQuery, Geocoder, Match, MatchType
from optimizer.geocode.choose import open_geocoder
from optimizer.geocode.quality import Doubt
from optimizer.geocode.sites import Placement, SitePlacement, place_sites

__all__ = [
    "AddressQuery",
    "Doubt",
    "Geocoder",
    "Match",
    "MatchType",
    "Placement",
    "SitePlacement",
    "open_geocoder",
    "place_sites",
]
