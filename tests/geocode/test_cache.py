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
    first = CachedGeocoder(server, path).geocode_many(QUERIES)
    assert server.requests >= 1
    assert first[0] is not None and first[2] is None
    # The same server, stopped: any request would raise GeocoderUnavailable.
    nobody = AddokHttp("http://127.0.0.1:9", timeout_s=2)
    nobody.source = server.source
    cached = CachedGeocoder(nobody, path)
    second = cached.geocode_many(
        [AddressQuery("12, Rue des ARDENNES", "21000", "Dijon"), *QUERIES[1:]]
    )
    assert nobody.requests == 0
    assert (cached.hits, cached.misses) == (3, 0)
    assert second == first


def test_answers_of_one_geocoder_are_not_served_for_another(addok_url: str, tmp_path: Path) -> None:
    path = tmp_path / "geocode.sqlite"
    CachedGeocoder(AddokHttp(addok_url), path).geocode_many(QUERIES)
    other = GeocodeCache(path, "http://another-addok:7878")
    assert other.get(QUERIES[0]) == (False, None)
    same = GeocodeCache(path, AddokHttp(addok_url).source)
    assert same.get(QUERIES[0])[0] is True
    assert same.forget() == len(QUERIES)
    assert same.get(QUERIES[0]) == (False, None)
