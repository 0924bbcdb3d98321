"""The message catalogue: both languages say the same things with the same placeholders."""

from __future__ import annotations

import string

import pytest

from optimizer.messages import LANGUAGES, catalogue, message
from optimizer.model import TemperatureClass
from optimizer.model.food import LotRejection
from optimizer.plan import UnassignedReason


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_languages_have_the_same_keys_and_placeholders() -> None:
    french, english = catalogue("fr"), catalogue("en")
    assert set(french) == set(english)
    for key in french:
        assert _placeholders(french[key]) == _placeholders(english[key]), key


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_reason_has_a_sentence(language: str) -> None:
    messages = catalogue(language)
    for reason in UnassignedReason:
        assert f"unassigned.{reason.value}" in messages
    for rejection in LotRejection:
        assert f"lot.{rejection.value}" in messages
    for klass in TemperatureClass:
        assert f"class.{klass.value}" in messages


def test_french_class_names() -> None:
    assert [message(f"class.{k.value}", "fr") for k in TemperatureClass] == [
        "sec",
        "frais",
        "surgelé",
    ]


def test_values_are_filled_in() -> None:
    assert message("unassigned.capacity", "en", job="P7", kg=120.5) == (
        "'P7' (120.5 kg) exceeds the capacity of every compatible vehicle."
    )
    assert message("lot.expired", "fr", lot="L1", job="P7", date="2025-03-09") == (
        "Le lot « L1 » de « P7 » a dépassé sa date (2025-03-09)."
    )


def test_missing_value_is_an_error() -> None:
    with pytest.raises(KeyError):
        message("unassigned.capacity", "en", job="P7")


def test_unknown_language_and_key() -> None:
    with pytest.raises(ValueError, match="language 'de' not understood"):
        message("class.frozen", "de")
    with pytest.raises(KeyError):
        message("no.such.key", "fr")
