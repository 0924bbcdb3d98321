"""``POST /v1/problems/validate`` gives the CLI's verdict and issues, and never solves."""

from __future__ import annotations

import pytest
from conftest import Service
from factories import tiny_problem

from optimizer.errors import ProblemError
from optimizer.read.documents import parse_problem


def test_a_valid_problem(local_service: Service) -> None:
    response = local_service.client.post(
        "/v1/problems/validate", json=tiny_problem(), headers=local_service.a.headers()
    )
    assert response.status_code == 200
    assert response.json() == {"valid": True, "points": 4, "issues": []}


@pytest.mark.parametrize(
    "document",
    [
        {**tiny_problem(), "vehicles": []},
        {**tiny_problem(), "date": "10/03/2025", "surprise": 1},
        {key: value for key, value in tiny_problem().items() if key != "sites"},
        ["not", "an", "object"],
        "a string",
    ],
    ids=["no-vehicle", "bad-date-and-extra-field", "missing-sites", "a-list", "a-string"],
)
def test_issues_are_those_the_cli_prints(local_service: Service, document: object) -> None:
    response = local_service.client.post(
        "/v1/problems/validate", json=document, headers=local_service.a.headers()
    )
    assert response.status_code == 200
    with pytest.raises(ProblemError) as cli:
        parse_problem(document)
    assert response.json() == {"valid": False, "points": None, "issues": cli.value.as_dicts()}


def test_not_json_at_all_is_a_422(local_service: Service) -> None:
    response = local_service.client.post(
        "/v1/problems/validate",
        content=b"date: tomorrow",
        headers={**local_service.a.headers(), "Content-Type": "application/json"},
    )
    assert response.status_code == 422
    assert response.json()["error"]["issues"][0]["message"] == "the body is not valid JSON"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"[" * 100_000, "application/json"),  # RecursionError in the parser
        (b'{"problem": ' + b"[" * 65 + b"]" * 65 + b"}", "application/json"),
        (b"[" * 100_000, None),  # no content type: FastAPI still parses it as JSON
    ],
)
def test_a_body_nested_too_deep_is_a_422(
    local_service: Service, body: bytes, content_type: str | None
) -> None:
    headers = local_service.a.headers()
    if content_type:
        headers["Content-Type"] = content_type
    for path in ("/v1/problems/validate", "/v1/solve-jobs"):
        response = local_service.client.post(path, content=body, headers=headers)
        assert response.status_code == 422, response.text
        error = response.json()["error"]
        assert error["code"] == "json_too_deep"
        assert "deeper than 64 levels" in error["message"]
