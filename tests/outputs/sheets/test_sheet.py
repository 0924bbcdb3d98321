"""The sheet's facts: stop order and ETAs worked out by hand, loading lists in reverse order."""

from __future__ import annotations

from optimizer.model import Problem, TemperatureClass
from optimizer.outputs.sheets.html import route_html
from optimizer.outputs.sheets.sheet import (
    clock,
    format_date,
    format_kg,
    geo_uri,
    osm_directions,
    route_sheet,
)
from optimizer.plan import Plan, StopKind
from tests.outputs.sheets.conftest import morning_document, morning_plan

FROZEN, CHILLED, AMBIENT = (
    TemperatureClass.FROZEN,
    TemperatureClass.CHILLED,
    TemperatureClass.AMBIENT,
)


def test_clock_rounds_to_the_minute() -> None:
    assert clock(7 * 3600 + 44 * 60 + 29) == "07:44"
    assert clock(7 * 3600 + 44 * 60 + 31) == "07:45"


def test_french_numbers_and_dates() -> None:
    assert format_kg(12.5) == "12,5"
    assert format_kg(1234.0) == "1\u202f234"
    assert format_kg(12.5, "en") == "12.5"
    import datetime as dt

    assert format_date(dt.date(2025, 3, 10)) == "lundi 10 mars 2025"
    assert format_date(dt.date(2025, 8, 15), "en") == "Friday 15 August 2025"


def test_navigation_links() -> None:
    assert geo_uri(47.289, 5.062) == "geo:47.289000,5.062000"
    assert osm_directions((47.352, 5.046), (47.289, 5.062)) == (
        "https://www.openstreetmap.org/directions?engine=fossgis_osrm_car"
        "&route=47.352000%2C5.046000%3B47.289000%2C5.062000"
    )


def test_stops_in_driving_order_with_hand_worked_etas(morning: tuple[Problem, Plan]) -> None:
    problem, plan = morning
    sheet = route_sheet(problem, plan, plan.routes[0])
    # Leave 07:05 (15 min loading, 10 min drive → Restos opens at 07:30), 10 min service and
    # 10 min drive per stop, 15 min reload at the depot.
    assert [(s.number, s.kind, s.site_id, s.eta) for s in sheet.stops] == [
        (None, StopKind.START, "bab", "07:05"),
        (1, StopKind.DELIVERY, "restos", "07:30"),
        (2, StopKind.PICKUP, "carrefour", "07:50"),
        (3, StopKind.DELIVERY, "secours", "08:10"),
        (None, StopKind.RELOAD, "bab", "08:30"),
        (4, StopKind.DELIVERY, "epicerie", "08:55"),
        (None, StopKind.END, "bab", "09:15"),
    ]
    assert (sheet.start, sheet.end, sheet.distance_km) == ("07:05", "09:15", 30.0)
    restos = sheet.stops[1]
    assert restos.windows == "07:30–09:00"
    assert restos.tel_uri == "tel:0380000001"
    assert restos.address == "3 rue de l'Église, Longvic"
    assert restos.planned_kg == {AMBIENT: 100, CHILLED: 30, FROZEN: 20}
    carrefour = sheet.stops[2]
    assert carrefour.tel_uri == "tel:+33612345678"
    assert carrefour.planned_kg == {AMBIENT: 12.5, CHILLED: 40}
    assert [(lot.id, lot.expiry) for lot in carrefour.lots] == [
        ("yaourts", "DLC 12/03/2025"),
        ("pain", "DDM 11/03/2025"),
    ]
    assert carrefour.lots[1].description == "Boulangerie"  # no description: the category
    assert sheet.picked_up_kg == 52.5
    assert sheet.delivered_kg == 305


def test_loading_last_delivered_goes_in_first(morning: tuple[Problem, Plan]) -> None:
    problem, plan = morning
    sheet = route_sheet(problem, plan, plan.routes[0])
    first, second = sheet.loadings
    assert (first.time, second.time) == ("07:05", "08:30")
    by_class = {
        c.temperature: [(line.stop_number, line.kg) for line in c.lines] for c in first.compartments
    }
    # Coldest compartment first; in each, stop 3 (Secours) before stop 1 (Restos).
    assert list(by_class) == [FROZEN, CHILLED, AMBIENT]
    assert by_class[FROZEN] == [(3, 15), (1, 20)]
    assert by_class[CHILLED] == [(1, 30)]
    assert by_class[AMBIENT] == [(3, 80), (1, 100)]
    assert first.kg == 245
    assert [(c.temperature, c.kg) for c in second.compartments] == [(AMBIENT, 60)]


def test_a_break_is_a_line_of_the_day_after_the_stop_it_follows() -> None:
    # Back from Secours populaire (stop 3) at 08:30, the driver must start a 20 min break by
    # 08:35: it is taken at the depot, before the reload, and shown there in the day.
    document = morning_document()
    document["vehicles"][0]["breaks"] = [
        {"window": {"start": "08:30", "end": "08:35"}, "duration_min": 20}
    ]
    problem = Problem.model_validate(document)
    plan = morning_plan(problem)
    sheet = route_sheet(problem, plan, plan.routes[0])
    assert sheet.breaks == ["Pause de 08:30 à 08:50"]
    assert sheet.breaks_after == {3: ["Pause de 08:30 à 08:50"]}
    assert sheet.stops[3].name == "Secours populaire" and sheet.stops[4].kind is StopKind.RELOAD
    page = route_html(sheet)
    line = '<div class="pause">Pause de 08:30 à 08:50</div>'
    assert page.index('id="stop-3"') < page.index(line) < page.index('id="stop-4"')
