"""Filling a problem document's coordinates: by hand wins, matches written back, doubts first."""

from __future__ import annotations

from optimizer.geocode.embedded import EmbeddedAddok
from optimizer.geocode.quality import Doubt
from optimizer.geocode.sites import Placement, place_sites, unplaced_error
from optimizer.read.documents import parse_problem
from tests.geocode.ban import ARDENNES_12, LIBERTE_CHENOVE_3
from tests.geocode.days import day, site


def test_sites_are_placed_and_the_match_is_written_back(embedded: EmbeddedAddok) -> None:
    by_hand = {**site("hand", "partner", "12 rue des Ardennes"), "lat": 47.3, "lon": 5.0}
    document = day(
        [
            site("ardennes", "partner", "12 rue des Ardennes"),
            site("chenove", "partner", "3 rue de la Liberté", "21300", "Chenôve"),
            site("nevers", "partner", "5 rue du Nivernais", "58000", "Nevers"),
            site("unknown", "partner", "8 rue Inconnue"),
            by_hand,
        ]
    )
    rows = place_sites(document, embedded)
    assert [(row.site_id, row.placement) for row in rows] == [
        ("nevers", Placement.DOUBTFUL),
        ("unknown", Placement.DOUBTFUL),
        ("ardennes", Placement.MATCHED),
        ("chenove", Placement.MATCHED),
        ("depot", Placement.MANUAL),
        ("hand", Placement.MANUAL),
    ]
    assert list(rows[0].doubts) == [Doubt.OUTSIDE_AREA]
    assert Doubt.LOW_SCORE in rows[1].doubts
    problem = parse_problem(document)
    ardennes, chenove, hand = (problem.site(i) for i in ("ardennes", "chenove", "hand"))
    assert (ardennes.lat, ardennes.lon) == ARDENNES_12
    assert (chenove.lat, chenove.lon) == LIBERTE_CHENOVE_3
    assert ardennes.geocode is not None
    assert ardennes.geocode.manual is False
    assert ardennes.geocode.label == "12 Rue des Ardennes 21000 Dijon"
    assert ardennes.geocode.match_type == "housenumber"
    assert ardennes.geocode.score is not None and ardennes.geocode.score > 0.9
    assert (hand.lat, hand.lon) == (47.3, 5.0), "coordinates given by hand always win"
    assert problem.site("nevers").geocode.doubts == ["outside_area"]  # type: ignore[union-attr]


def test_a_wider_area_trusts_the_far_match(embedded: EmbeddedAddok) -> None:
    document = day([site("nevers", "partner", "5 rue du Nivernais", "58000", "Nevers")])
    [nevers] = [r for r in place_sites(document, embedded, radius_km=250) if r.site_id == "nevers"]
    assert nevers.placement is Placement.MATCHED


def test_every_site_that_cannot_be_placed_is_named(embedded: EmbeddedAddok) -> None:
    nothing = {"id": "nothing", "kind": "partner", "name": "Sans adresse"}
    document = day([site("gibberish", "partner", "qzxw vbnk", "", ""), nothing])
    rows = place_sites(document, embedded)
    assert [(r.site_id, r.placement) for r in rows][:2] == [
        ("gibberish", Placement.UNPLACED),
        ("nothing", Placement.UNPLACED),
    ]
    error = unplaced_error(rows)
    assert error is not None
    assert [issue.path for issue in error.issues] == ["sites[1]", "sites[2]"]
    assert "« gibberish »" in error.issues[0].message
    assert "qzxw vbnk" in error.issues[0].message
    assert "« nothing »" in error.issues[1].message
    assert "ni coordonnées" in error.issues[1].message


def test_a_geocoded_document_is_not_asked_again(embedded: EmbeddedAddok) -> None:
    document = day([site("ardennes", "partner", "12 rue des Ardennes")])
    place_sites(document, embedded)

    class Refuses:
        def geocode(self, query: object) -> None:
            raise AssertionError("asked again")

        def geocode_many(self, queries: list[object]) -> list[None]:
            assert queries == [], "asked again"
            return []

    rows = place_sites(document, Refuses())
    [ardennes] = [r for r in rows if r.site_id == "ardennes"]
    assert ardennes.placement is Placement.MATCHED
    assert ardennes.match is not None and ardennes.match.label == "12 Rue des Ardennes 21000 Dijon"
