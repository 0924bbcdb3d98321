"""The BAN/addok HTTP protocol against a real ``addok serve``: one address, then a batch."""

from __future__ import annotations

import pytest

from optimizer.geocode.base import AddressQuery, GeocoderUnavailable, MatchType
from optimizer.geocode.http import AddokHttp
from tests.geocode.ban import ARDENNES_12, LIBERTE_CHENOVE_3, LIBERTE_DIJON_3


def test_search_matches_a_door_and_filters_by_postcode(addok_url: str) -> None:
    geocoder = AddokHttp(addok_url)
    door = geocoder.geocode(AddressQuery("12 rue des Ardennes", "21000", "Dijon"))
    assert door is not None
    assert (door.lat, door.lon) == ARDENNES_12
    assert door.type is MatchType.HOUSENUMBER
    assert door.label == "12 Rue des Ardennes 21000 Dijon"
    chenove = geocoder.geocode(AddressQuery("3 rue de la Liberté", "21300"))
    assert chenove is not None
    assert (chenove.lat, chenove.lon) == LIBERTE_CHENOVE_3
    assert chenove.citycode == "21166"
    assert geocoder.requests == 2


def test_many_sites_go_in_one_batch_request(addok_url: str) -> None:
    queries = [AddressQuery(f"{n} avenue du Drapeau", "21000", "Dijon") for n in range(1, 61)]
    queries += [
        AddressQuery("3 rue de la Liberté", "21300", "Chenôve"),
        AddressQuery("3 rue de la Liberté", "21000", "Dijon"),
        AddressQuery("qzxw vbnk"),
    ]
    geocoder = AddokHttp(addok_url)
    matches = geocoder.geocode_many(queries)
    assert geocoder.requests == 1
    assert len(matches) == len(queries)
    for n, match in enumerate(matches[:60], start=1):
        assert match is not None
        assert match.label == f"{n} Avenue du Drapeau 21000 Dijon"
        assert (match.lat, match.lon) == (
            pytest.approx(47.3380 + n * 1e-5),
            pytest.approx(5.0510 + n * 1e-5),
        )
    assert matches[60] is not None and (matches[60].lat, matches[60].lon) == LIBERTE_CHENOVE_3
    assert matches[61] is not None and (matches[61].lat, matches[61].lon) == LIBERTE_DIJON_3
    assert matches[62] is None


def test_a_batch_row_in_the_wrong_postcode_is_asked_again_with_the_filter(addok_url: str) -> None:
    # Without the commune in the text, the batch may pick either homonym; the postcode decides.
    geocoder = AddokHttp(addok_url)
    [match] = geocoder.geocode_many([AddressQuery("3 rue de la Liberté", "21300")])
    assert match is not None
    assert (match.lat, match.lon) == LIBERTE_CHENOVE_3
    assert match.postcode == "21300"


def test_a_server_that_does_not_answer_is_a_clear_error() -> None:
    geocoder = AddokHttp("http://127.0.0.1:9", timeout_s=2)
    with pytest.raises(GeocoderUnavailable, match="did not answer"):
        geocoder.geocode(AddressQuery("12 rue des Ardennes", "21000"))
