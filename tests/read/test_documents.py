"""Reading a problem file: what can go wrong before validation even starts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from optimizer.errors import ProblemError
from optimizer.read.documents import load_problem, parse_problem


def test_good_file(tmp_path: Path, tiny_doc: dict[str, Any]) -> None:
    file = tmp_path / "tiny.json"
    file.write_text(json.dumps(tiny_doc), encoding="utf-8")
    problem = load_problem(file)
    assert problem.name == "tiny"
    assert problem.vehicles[0].capacity_kg.total == 700  # 500 + 200 + 0
    assert load_problem(str(file)) == problem  # a str path works too


def test_utf8_names_survive(tmp_path: Path, tiny_doc: dict[str, Any]) -> None:
    document = tiny_doc
    document["sites"][2]["name"] = "Épicerie solidaire de Chenôve"
    file = tmp_path / "accents.json"
    file.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert load_problem(file).site("A").name == "Épicerie solidaire de Chenôve"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ProblemError) as caught:
        load_problem(tmp_path / "absent.json")
    (issue,) = caught.value.issues
    assert issue.path == ""
    assert "absent.json' does not exist" in issue.message


def test_directory_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(ProblemError, match="cannot read"):
        load_problem(tmp_path)


def test_not_utf8(tmp_path: Path) -> None:
    file = tmp_path / "latin1.json"
    file.write_bytes('{"name": "Chenôve"}'.encode("latin-1"))
    with pytest.raises(ProblemError, match="cannot read"):
        load_problem(file)


def test_not_json_points_at_the_line(data_dir: Path) -> None:
    with pytest.raises(ProblemError) as caught:
        load_problem(data_dir / "NotJson.json")
    message = caught.value.issues[0].message
    assert "is not valid JSON" in message
    assert "line 3, column 1" in message  # the stray '}' after "sites": [


def test_not_an_object(data_dir: Path) -> None:
    with pytest.raises(ProblemError) as caught:
        load_problem(data_dir / "NotAnObject.json")
    assert caught.value.as_dicts() == [
        {"path": "", "message": "the problem must be a JSON object ({...})"}
    ]


@pytest.mark.parametrize("data", [[], "tiny", 3, None])
def test_parse_refuses_non_objects(data: object) -> None:
    with pytest.raises(ProblemError, match="JSON object"):
        parse_problem(data)


def test_empty_object_lists_every_required_field() -> None:
    with pytest.raises(ProblemError) as caught:
        parse_problem({})
    assert sorted(issue.path for issue in caught.value.issues) == ["date", "sites", "vehicles"]
