"""Bounded reading of workbooks and zips of CSV: what the declared sizes, the number of members,
sheets and rows allow, checked before and while unpacking; memory stays small under a bomb."""

from __future__ import annotations

import io
import tracemalloc
import zipfile

import pytest
from bombs import MB, csv_zip_bomb, lying_zip, xlsx_bomb

from optimizer.errors import ErrorCode
from optimizer.workbook.limits import LIMITS
from optimizer.workbook.read import WorkbookError, sheets_from_bytes


def refusal(data: bytes, name: str, code: ErrorCode = ErrorCode.FILE_TOO_LARGE) -> tuple[str, int]:
    """The refusal's sentence and the peak of memory allocated while reading, in bytes."""
    tracemalloc.start()
    try:
        with pytest.raises(WorkbookError) as refused:
            sheets_from_bytes(data, name)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert refused.value.code is code  # file_too_large: a 413 in the console
    return str(refused.value), peak


def test_a_zip_bomb_of_csv_is_refused_unpacked_no_further_than_its_header() -> None:
    sentence, peak = refusal(csv_zip_bomb(150 * MB), "journée.zip")
    assert "journée.zip" in sentence and "Mo" in sentence
    assert peak < 20 * MB


def test_a_zip_whose_header_lies_about_its_size_is_refused_while_streaming() -> None:
    # zipfile stops at the declared size, then finds the CRC wrong: a damaged file.
    lying = lying_zip(50 * MB, declared_bytes=1_000)
    sentence, peak = refusal(lying, "ment.zip", ErrorCode.INVALID_PROBLEM)
    assert "ment.zip" in sentence
    assert peak < 20 * MB


def test_an_xlsx_bomb_is_refused_before_openpyxl_reads_it() -> None:
    sentence, peak = refusal(xlsx_bomb(150 * MB), "bombe.xlsx")
    assert "bombe.xlsx" in sentence and "Mo" in sentence
    assert peak < 20 * MB


def test_a_workbook_with_too_many_rows_is_refused_at_the_limit() -> None:
    sentence, peak = refusal(xlsx_bomb(rows=300_000), "lignes.xlsx")
    assert "Sites" in sentence and "lignes" in sentence
    assert peak < 60 * MB


def test_a_zip_of_too_many_members_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for n in range(1_000):
            archive.writestr(f"f{n}.csv", "id\n1\n")
    sentence, _ = refusal(buffer.getvalue(), "fichiers.zip")
    assert "fichiers.zip" in sentence and f"plus de {LIMITS.members}" in sentence
