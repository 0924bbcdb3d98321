"""Which geocoder to use, from one setting: ``embedded`` (addok in this process, on the
project's Redis) or the URL of a BAN/addok server; answers cached on disk unless told not to."""

from __future__ import annotations

import os
from pathlib import Path

from optimizer.geocode.base import Geocoder
from optimizer.geocode.cache import CachedGeocoder

GEOCODER_VARIABLE = "FOODROUTE_GEOCODER"
CACHE_VARIABLE = "FOODROUTE_GEOCODE_CACHE"
EMBEDDED = "embedded"


def default_cache_path() -> Path:
    default = Path.home() / ".cache" / "foodroute" / "geocode.sqlite"
    return Path(os.environ.get(CACHE_VARIABLE, str(default)))


def open_geocoder(
    spec: str | None = None, cache: Path | None = None, *, cached: bool = True
) -> Geocoder:
    """``spec``: ``embedded`` or ``http(s)://host:port`` (default: ``$FOODROUTE_GEOCODER`` or
    embedded). ``cache``: the SQLite file of answers (default: ``$FOODROUTE_GEOCODE_CACHE`` or
    ``~/.cache/foodroute/geocode.sqlite``)."""
    chosen = spec or os.environ.get(GEOCODER_VARIABLE) or EMBEDDED
    geocoder: Geocoder
    if chosen == EMBEDDED:
        from optimizer.geocode.embedded import EmbeddedAddok

        geocoder = EmbeddedAddok()
    elif chosen.startswith(("http://", "https://")):
        from optimizer.geocode.http import AddokHttp

        geocoder = AddokHttp(chosen)
    else:
        raise ValueError(f"geocoder {chosen!r} not understood: give 'embedded' or an http(s) URL")
    if not cached:
        return geocoder
    return CachedGeocoder(geocoder, cache or default_cache_path())
