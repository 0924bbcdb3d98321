"""addok in process on the tests' BAN file: doors, homonyms, typos, unknown streets."""

from __future__ import annotations

import pytest

from optimizer.geocode.base import AddressQuery, Geocoder, MatchType
from optimizer.geocode.embedded import EmbeddedAddok
from optimizer.geocode.quality import Doubt, doubts
from tests.geocode.ban import ARDENNES_12, LIBERTE_CHENOVE_3, LIBERTE_DIJON_3, MARCS_D_OR


def _point(geocoder: Geocoder, query: AddressQuery) -> tuple[float, float]:
    match = geocoder.geocode(query)
    assert match is not None
    return match.lat, match.lon


def test_a_house_number_is_matched_at_its_door(embedded: EmbeddedAddok) -> None:
    query = AddressQuery("12 rue des Ardennes", "21000", "Dijon")
    match = embedded.geocode(query)
    assert match is not None
    assert (match.lat, match.lon) == ARDENNES_12
    assert match.type is MatchType.HOUSENUMBER
    assert match.label == "12 Rue des Ardennes 21000 Dijon"
    assert match.score > 0.9
    assert doubts(query, match) == []


@pytest.mark.parametrize(
    ("postcode", "commune", "expected"),
    [
        ("21000", "", LIBERTE_DIJON_3),
        ("21300", "", LIBERTE_CHENOVE_3),
        ("", "Chenôve", LIBERTE_CHENOVE_3),
        ("", "Dijon", LIBERTE_DIJON_3),
    ],
)
def test_the_postcode_or_the_commune_tells_homonym_streets_apart(
    embedded: EmbeddedAddok, postcode: str, commune: str, expected: tuple[float, float]
) -> None:
    assert _point(embedded, AddressQuery("3 rue de la Liberté", postcode, commune)) == expected


def test_a_typo_and_an_abbreviation_still_match(embedded: EmbeddedAddok) -> None:
    for address in ("12 rue des Ardenes", "12 r des ardennes"):
        query = AddressQuery(address, "21000", "Dijon")
        match = embedded.geocode(query)
        assert match is not None
        assert (match.lat, match.lon) == ARDENNES_12
        assert doubts(query, match) == []


def test_a_lieu_dit_is_matched_as_a_locality(embedded: EmbeddedAddok) -> None:
    query = AddressQuery("Les Marcs d'Or", "21000", "Dijon")
    match = embedded.geocode(query)
    assert match is not None
    assert match.type is MatchType.LOCALITY
    assert (match.lat, match.lon) == MARCS_D_OR
    assert doubts(query, match) == []


def test_an_unknown_street_gets_a_weak_candidate_that_is_flagged(embedded: EmbeddedAddok) -> None:
    query = AddressQuery("8 avenue Inconnue", "21000", "Dijon")
    match = embedded.geocode(query)
    assert match is not None, "addok answers something even for an address it does not know"
    assert match.score < 0.6
    assert "Inconnue" not in match.label
    assert Doubt.LOW_SCORE in doubts(query, match)


def test_a_house_number_missing_from_the_ban_is_placed_on_the_street_and_flagged(
    embedded: EmbeddedAddok,
) -> None:
    query = AddressQuery("99 rue des Ardennes", "21000", "Dijon")
    match = embedded.geocode(query)
    assert match is not None
    assert match.type is MatchType.STREET
    assert doubts(query, match) == [Doubt.LESS_PRECISE]


def test_gibberish_gets_no_candidate(embedded: EmbeddedAddok) -> None:
    assert embedded.geocode(AddressQuery("qzxw vbnk", "", "")) is None
