"""The week's input: bad weeks are refused with a French sentence naming the partner or driver."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from optimizer.cli import EXIT_BAD_INPUT, app
from optimizer.errors import ProblemError
from optimizer.week import WeekProblem, parse_week

ENV = {"COLUMNS": "250", "NO_COLOR": "1"}


def _issues(data: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(ProblemError) as caught:
        parse_week(data)
    return {issue.path: issue.message for issue in caught.value.issues}


def test_the_tiny_week_is_valid_and_plans_five_days(week_data: dict[str, Any]) -> None:
    week = parse_week(week_data)
    assert [d.isoformat() for d in week.working_dates()] == [
        "2025-06-02", "2025-06-03", "2025-06-04", "2025-06-05", "2025-06-06",
    ]  # fmt: skip


def test_a_frequency_the_allowed_days_cannot_meet_names_the_partner(
    week_data: dict[str, Any],
) -> None:
    week_data["partners"][5].update(visits=2, min_days_between=2)  # wed, thu only
    issues = _issues(week_data)
    assert "partners[5].visits" in issues
    assert "« west-1 »" in issues["partners[5].visits"]
    assert "mercredi, jeudi" in issues["partners[5].visits"]
    assert "que 1" in issues["partners[5].visits"]


def test_a_holiday_takes_a_day_from_the_frequency(week_data: dict[str, Any]) -> None:
    week_data["partners"][5].update(visits=2, min_days_between=1, usual_days=["wed", "thu"])
    assert parse_week(week_data)  # wed and thu: two visits fit
    week_data["holidays"] = ["2025-06-05"]
    issues = _issues(week_data)
    assert "« west-1 »" in issues["partners[5].visits"]


def test_a_driver_with_no_day_is_named(week_data: dict[str, Any]) -> None:
    week_data["vehicles"][1]["days"] = ["sat"]
    issues = _issues(week_data)
    assert "« Jean »" in issues["vehicles[1].days"]
    assert "« van-2 »" in issues["vehicles[1].days"]


def test_a_donor_asking_more_collections_than_days_is_named(week_data: dict[str, Any]) -> None:
    week_data["donors"][1]["collections"] = 4
    issues = _issues(week_data)
    assert "« shop-b »" in issues["donors[1].collections"]


def test_unknown_day_names_are_said_in_french_with_their_owner(
    week_data: dict[str, Any],
) -> None:
    week_data["partners"][0]["allowed_days"] = ["mardi", "fri"]
    week_data["vehicles"][1]["days"] = ["lundi"]
    week_data["vehicles"][0]["hours"] = {"monday": {"start": "07:00", "end": "12:00"}}
    week_data["donors"][0]["supply"][0]["kg_by_day"]["Mon"] = 3
    week_data["days"] = ["mon", "xx"]
    issues = _issues(week_data)
    assert issues["partners[0].allowed_days[0]"] == (
        "Jour « mardi » inconnu pour le partenaire « north-1 » : écrire mon, tue, wed, thu, "
        "fri, sat ou sun (lundi à dimanche)."
    )
    jean = issues["vehicles[1].days[0]"]
    assert "« lundi » inconnu pour le chauffeur « Jean » (véhicule « van-2 »)" in jean
    assert "« monday » inconnu pour le chauffeur « Marie »" in issues["vehicles[0].hours.monday"]
    shop = issues["donors[0].supply[0].kg_by_day.Mon"]
    assert "« Mon » inconnu pour le donateur « shop-a »" in shop
    assert "« xx » inconnu pour la semaine" in issues["days[1]"]
    assert len(issues) == 5


def test_a_partner_whose_days_the_fleet_never_works_is_named(week_data: dict[str, Any]) -> None:
    # Marie drives every day but Friday and Jean only on Friday: nobody drives on Wednesday.
    week_data["vehicles"][0]["days"] = ["mon", "tue", "thu", "fri"]
    week_data["vehicles"][1]["days"] = ["fri"]
    week_data["partners"][5].update(allowed_days=["wed"], usual_days=["wed"])
    issues = _issues(week_data)
    assert list(issues) == ["partners[5].visits"]
    assert "« west-1 »" in issues["partners[5].visits"]
    assert "n'en permettent que 0" in issues["partners[5].visits"]


def test_references_and_start_day_are_checked(week_data: dict[str, Any]) -> None:
    week_data["week_start"] = "2025-06-03"
    week_data["partners"][0]["site"] = "shop-a"
    week_data["partners"][1]["usual_days"] = ["tue"]
    issues = _issues(week_data)
    assert "lundi" in issues["week_start"]
    assert "partenaire" in issues["partners[0].site"]
    assert "partners[1].usual_days" in issues


def test_fortnightly_partners_get_their_half_and_twice_the_weekly_need(
    week_data: dict[str, Any],
) -> None:
    week = parse_week(week_data)
    south = week.partners[4]
    assert week.visits_this_week(south) == 1
    assert week.need_per_visit_kg(south).ambient == 120
    other_week = WeekProblem.model_validate({**week_data, "week_of_fortnight": 2})
    assert other_week.visits_this_week(other_week.partners[4]) == 0
    assert week.need_per_visit_kg(week.partners[0]).ambient == 30  # 60 kg over 2 visits


def test_the_command_line_exits_2_on_a_bad_week(tmp_path: Path, week_data: dict[str, Any]) -> None:
    week_data["vehicles"][0]["days"] = []
    file = tmp_path / "week.json"
    file.write_text(json.dumps(week_data), encoding="utf-8")
    result = CliRunner().invoke(app, ["plan-week", str(file), "--out", str(tmp_path)], env=ENV)
    assert result.exit_code == EXIT_BAD_INPUT
    assert "vehicles[0].days" in result.output
    assert "Marie" in result.output


def test_the_week_schema_is_printed() -> None:
    result = CliRunner().invoke(app, ["schema", "week"], env=ENV)
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert {"partners", "donors", "vehicles", "holidays"} <= set(schema["properties"])


def test_the_command_line_exits_2_naming_a_partner_and_an_unknown_day(
    tmp_path: Path, week_data: dict[str, Any]
) -> None:
    week_data["donors"][1]["allowed_days"] = ["mardi", "thu", "fri"]
    file = tmp_path / "week.json"
    file.write_text(json.dumps(week_data), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["plan-week", str(file), "--out", str(out)], env=ENV)
    assert result.exit_code == EXIT_BAD_INPUT
    assert "donors[1].allowed_days[0]" in result.output
    assert "Jour « mardi » inconnu pour le donateur « shop-b »" in result.output
    assert not out.exists()
