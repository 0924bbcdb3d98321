"""A second import asks nothing: the answers come from the cache file."""

from __future__ import annotations

from pathlib import Path

from optimizer.geocode.base import AddressQuery
from optimizer.geocode.cache import CachedGeocoder, GeocodeCache, cache_key
from optimizer.geocode.http import AddokHttp

QUERIES = [
    AddressQuery("12 rue des Ardennes", "21000", "Dijon"),
    AddressQuery("3 rue de la Liberté", "21300", "Chenôve"),
    AddressQuery("qzxw vbnk"),
]


def test_the_key_ignores_case_accents_punctuation_and_spacing() -> None:
    assert cache_key(AddressQuery("12, Rue de la  Liberté", "21000", "DIJON")) == cache_key(
        AddressQuery("12 rue de la liberte", " 21000", "Dijon")
    )
    assert cache_key(AddressQuery("3 rue de la Liberté", "21300")) != cache_key(
        AddressQuery("3 rue de la Liberté", "21000")
    )


def test_the_second_run_sends_no_request(addok_url: str, tmp_path: Path) -> None:
    path = tmp_path / "geocode.sqlite"
    server = AddokHttp(addok_url)
    first = CachedGeocoder(server, GeocodeCache(path)).geocode_many(QUERIES)
    assert server.requests >= 1
    assert first[0] is not None and first[2] is None
    # Nothing listens on port 9: any request would raise GeocoderUnavailable.
    nobody = AddokHttp("http://127.0.0.1:9", timeout_s=2)
    cached = CachedGeocoder(nobody, GeocodeCache(path))
    second = cached.geocode_many(
        [AddressQuery("12, Rue des ARDENNES", "21000", "Dijon"), *QUERIES[1:]]
    )
    assert nobody.requests == 0
    assert (cached.hits, cached.misses) == (3, 0)
    assert second == first
