"""JSON refused when nested too deep or too big, before Python's parser recurses into it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from optimizer.errors import ErrorCode, exit_code, http_status
from optimizer.read import bounded_json
from optimizer.read.bounded_json import MAX_DEPTH, JsonTooDeep, JsonTooLarge, exceeds_depth
from optimizer.read.documents import read_json

OPEN_BRACKETS = "[" * 100_000  # RecursionError in json.loads


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_depth_is_counted_outside_strings_only() -> None:
    assert not exceeds_depth(nested(MAX_DEPTH))
    assert exceeds_depth(nested(MAX_DEPTH + 1))
    assert exceeds_depth(nested(MAX_DEPTH + 1).encode())
    in_a_name = json.dumps({"name": OPEN_BRACKETS, "note": 'a "quoted" [ and \\ ['})
    assert not exceeds_depth(in_a_name)
    assert not exceeds_depth('{"a": [1, {"b": [2]}]}', max_depth=4)
    assert exceeds_depth('{"a": [1, {"b": [2]}]}', max_depth=3)


def test_an_unterminated_string_ends_the_scan() -> None:
    # The parser stops at the string, so the brackets after it are never reached.
    assert not exceeds_depth('["' + OPEN_BRACKETS)
    assert exceeds_depth(OPEN_BRACKETS + '"')


def test_escaped_quotes_are_scanned_in_linear_time() -> None:
    # Quadratic in the number of quotes if a failed string restarted at each of them:
    # 10^12 steps here, a few milliseconds when linear.
    assert not exceeds_depth('"' + '\\"' * 1_000_000)
    assert not exceeds_depth('["' + '\\"' * 1_000_000)


def test_loads_refuses_the_bracket_bomb_in_french() -> None:
    with pytest.raises(JsonTooDeep) as refused:
        bounded_json.loads(OPEN_BRACKETS)
    assert refused.value.code is ErrorCode.JSON_TOO_DEEP
    assert refused.value.issues[0].message == (
        "le document JSON est imbriqué trop profondément "
        "(plus de 64 niveaux de crochets ou d'accolades)"
    )
    assert bounded_json.loads(nested(MAX_DEPTH)) == json.loads(nested(MAX_DEPTH))


def test_loads_refuses_a_document_over_the_size() -> None:
    with pytest.raises(JsonTooLarge) as refused:
        bounded_json.loads("[" + "0," * 1_000_000 + "0]", max_bytes=1_000_000)
    assert "plus de 1 Mo" in str(refused.value)


def test_a_file_too_deep_or_too_big_is_bad_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text(OPEN_BRACKETS, encoding="utf-8")
    with pytest.raises(JsonTooDeep):
        read_json(deep)
    big = tmp_path / "big.json"
    big.write_text(json.dumps({"name": "x" * 2_000}), encoding="utf-8")
    monkeypatch.setattr(bounded_json, "MAX_FILE_BYTES", 1_000)
    with pytest.raises(JsonTooLarge) as refused:
        read_json(big)
    assert "trop gros" in str(refused.value)


def test_the_codes_are_in_the_table() -> None:
    assert (exit_code(ErrorCode.JSON_TOO_DEEP), http_status(ErrorCode.JSON_TOO_DEEP)) == (2, 422)
    assert (exit_code(ErrorCode.JSON_TOO_LARGE), http_status(ErrorCode.JSON_TOO_LARGE)) == (2, 413)
