"""The time-on-board limits at the door: compartments per class, minutes per kind and class.

Each defect is refused with the path of the field and a sentence in French as in English.
"""

from __future__ import annotations

from typing import Any

import pytest

from optimizer.errors import ProblemError
from optimizer.model import CompartmentKind, Settings, TemperatureClass
from optimizer.read.documents import parse_problem

Document = dict[str, Any]


def test_limits_are_read_and_default_to_none(tiny_doc: Document) -> None:
    tiny_doc["vehicles"][0]["compartments"] = {"chilled": "insulated"}
    tiny_doc["settings"] = {"max_on_board_min": {"insulated": {"chilled": 90.5}}}
    problem = parse_problem(tiny_doc)
    vehicle, settings = problem.vehicles[0], problem.settings
    assert vehicle.compartment_kind(TemperatureClass.CHILLED) is CompartmentKind.INSULATED
    assert vehicle.compartment_kind(TemperatureClass.FROZEN) is CompartmentKind.REFRIGERATED
    insulated = CompartmentKind.INSULATED
    assert settings.on_board_limit_s(insulated, TemperatureClass.CHILLED) == 5430
    assert settings.on_board_limit_s(insulated, TemperatureClass.FROZEN) is None
    assert Settings().max_on_board_min == {}  # no limit unless the food bank sets one


@pytest.mark.parametrize(
    ("limits", "path", "french"),
    [
        (
            {"insulated": {"chilled": 0}},
            "settings.max_on_board_min.insulated.chilled",
            "la valeur doit être supérieure à 0",
        ),
        (
            {"insulated": {"chilled": 2000}},
            "settings.max_on_board_min.insulated.chilled",
            "la valeur doit être inférieure ou égale à 1440",
        ),
        (
            {"isotherm": {"chilled": 90}},
            "settings.max_on_board_min.isotherm",
            "la valeur doit être l'une de : 'refrigerated', 'insulated'",
        ),
        (
            {"insulated": {"fresh": 90}},
            "settings.max_on_board_min.insulated.fresh",
            "la valeur doit être l'une de : 'ambient', 'chilled', 'frozen'",
        ),
    ],
)
def test_bad_limits_name_the_field_in_french(
    tiny_doc: Document, limits: dict[str, Any], path: str, french: str
) -> None:
    tiny_doc["settings"] = {"max_on_board_min": limits}
    with pytest.raises(ProblemError) as caught:
        parse_problem(tiny_doc)
    (issue,) = caught.value.issues
    assert (issue.path, issue.text("fr")) == (path, french)


def test_a_compartment_kind_must_be_known(tiny_doc: Document) -> None:
    tiny_doc["vehicles"][0]["compartments"] = {"chilled": "icebox"}
    with pytest.raises(ProblemError) as caught:
        parse_problem(tiny_doc)
    (issue,) = caught.value.issues
    assert issue.path == "vehicles[0].compartments.chilled"
    assert issue.text("fr") == "la valeur doit être l'une de : 'refrigerated', 'insulated'"


def test_a_compartment_the_vehicle_lacks_is_refused(tiny_doc: Document) -> None:
    """V1 carries no frozen food: describing its frozen compartment is a mistake."""
    tiny_doc["vehicles"][0]["compartments"] = {"chilled": "insulated", "frozen": "insulated"}
    with pytest.raises(ProblemError) as caught:
        parse_problem(tiny_doc)
    (issue,) = caught.value.issues
    assert issue.path == "vehicles[0].compartments.frozen"
    assert issue.text("fr") == (
        "capacity_kg.frozen vaut 0 : le véhicule n'a pas de compartiment de cette classe "
        "dont donner le type"
    )
    assert issue.message.startswith("capacity_kg.frozen is 0")
