"""The allocation files read back with the allocation's own numbers (JSON, CSV and Excel)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from optimizer.allocation import Allocation, allocate
from optimizer.model import Problem
from optimizer.outputs.allocation_files import (
    CATEGORY_FR,
    CLASS_FR,
    PICK_HEADER,
    REASON_FR,
    SUMMARY_SHEET,
    UNDISTRIBUTED_SHEET,
    pick_sheet_titles,
    write_allocation_files,
)

PLAN_DATE = dt.date(2025, 3, 10)


def day(offset: int) -> str:
    return (PLAN_DATE + dt.timedelta(days=offset)).isoformat()


def lot(lot_id: str, category: str, kg: float, temperature: str = "ambient", **extra: Any) -> Any:
    return {"id": lot_id, "category": category, "temperature": temperature, "kg": kg, **extra}


@pytest.fixture(scope="module")
def allocation() -> Allocation:
    problem = Problem.model_validate(
        {
            "name": "files",
            "date": PLAN_DATE.isoformat(),
            "sites": [
                {"id": "depot", "kind": "depot", "lat": 47.35, "lon": 5.04},
                {
                    "id": "resto-coeur/quetigny",
                    "kind": "partner",
                    "name": "Restos du Cœur — Quetigny",
                    "commune": "Quetigny",
                    "lat": 47.31,
                    "lon": 5.1,
                    "beneficiaries": 240,
                },
                {
                    "id": "ccas-chenove",
                    "kind": "partner",
                    "name": "CCAS de Chenôve",
                    "lat": 47.29,
                    "lon": 5.0,
                    "beneficiaries": 90,
                    "storage_kg": {"ambient": 200, "chilled": 15},
                    "receiving": "collects",
                    "next_supply_date": day(1),
                },
                {
                    "id": "epicerie-solidaire-talant-et-environs-tres-long-nom",
                    "kind": "partner",
                    "lat": 47.33,
                    "lon": 5.0,
                    "beneficiaries": 60,
                },
            ],
            "vehicles": [
                {
                    "id": "van",
                    "depot": "depot",
                    "shift_start": "07:00",
                    "shift_end": "15:00",
                    "capacity_kg": {"ambient": 1000},
                }
            ],
            "stock": [
                lot("pâtes-2025", "dry_groceries", 333.3, date=day(180), date_kind="DDM"),
                lot("yaourts", "dairy", 85.7, "chilled", date=day(3), description="Yaourts"),
                lot("carottes", "fruits_vegetables", 47.9, date=day(2), date_kind="DDM"),
                lot("crème", "dairy", 12, "chilled", date=day(0)),
                lot("poisson", "frozen", 30, "frozen"),
            ],
        }
    )
    return allocate(problem)


@pytest.fixture(scope="module")
def out_dir(allocation: Allocation, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("allocation")
    write_allocation_files(allocation, folder)
    return folder


def test_all_files_are_written(out_dir: Path, allocation: Allocation) -> None:
    names = {p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*") if p.is_file()}
    assert {"allocation.json", "allocation.csv", "pick_lists.xlsx"} <= names
    partners = {line.partner for line in allocation.lines}
    assert len([n for n in names if n.startswith("pick_lists/")]) == len(partners)


def test_json_reads_back_equal(out_dir: Path, allocation: Allocation) -> None:
    text = (out_dir / "allocation.json").read_text(encoding="utf-8")
    assert Allocation.model_validate_json(text) == allocation


def test_csv_has_one_row_per_line_with_the_same_numbers(
    out_dir: Path, allocation: Allocation
) -> None:
    with (out_dir / "allocation.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["partner"], r["lot"], float(r["kg"])) for r in rows] == [
        (line.partner, line.lot, line.kg) for line in allocation.lines
    ]
    first = allocation.lines[0]
    assert rows[0]["category"] == first.category.value
    assert rows[0]["date"] == (first.date.isoformat() if first.date else "")


def test_partner_csv_pick_lists_match(out_dir: Path, allocation: Allocation) -> None:
    path = out_dir / "pick_lists" / "resto-coeur_quetigny.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == PICK_HEADER
    got = {(r[0], float(r[3])) for r in rows[1:]}
    assert got == {(line.lot, line.kg) for line in allocation.lines_of("resto-coeur/quetigny")}


def read_pick_sheet(sheet: Any) -> list[tuple[Any, ...]]:
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[: len(PICK_HEADER)] == PICK_HEADER)
    table = []
    for row in rows[start + 1 :]:
        if row[0] == "Total":
            break
        table.append(row)
    return table


def test_xlsx_pick_sheets_read_back_with_the_same_numbers(
    out_dir: Path, allocation: Allocation
) -> None:
    book = openpyxl.load_workbook(out_dir / "pick_lists.xlsx")
    titles = pick_sheet_titles(allocation)
    assert book.sheetnames == [SUMMARY_SHEET, UNDISTRIBUTED_SHEET, *titles.values()]
    assert all(len(title) <= 31 and "/" not in title for title in titles.values())
    for partner, title in titles.items():
        rows = read_pick_sheet(book[title])
        lines = {line.lot: line for line in allocation.lines_of(partner)}
        assert len(rows) == len(lines)
        for lot_id, category, klass, kg, date, kind, _ in rows:
            line = lines[lot_id]
            assert kg == line.kg
            assert category == CATEGORY_FR[line.category]
            assert klass == CLASS_FR[line.temperature]
            assert (date.date() if date else None) == line.date
            assert kind == (line.date_kind.value if line.date else None)
        total = next(r for r in book[title].iter_rows(values_only=True) if r[0] == "Total")
        assert total[3] == pytest.approx(sum(line.kg for line in lines.values()))


def test_xlsx_summary_has_partner_totals_and_undistributed(
    out_dir: Path, allocation: Allocation
) -> None:
    book = openpyxl.load_workbook(out_dir / "pick_lists.xlsx")
    rows = list(book[SUMMARY_SHEET].iter_rows(values_only=True))
    by_label = {row[0]: row[1] for row in rows if row and row[0]}
    assert by_label["Réparti (kg)"] == allocation.allocated_kg
    assert by_label["Non distribué (kg)"] == allocation.undistributed_kg
    assert by_label["Indice de Gini (kg par bénéficiaire)"] == (
        allocation.metrics.gini_kg_per_beneficiary
    )
    header = next(i for i, row in enumerate(rows) if row[0] == "Partenaire")
    totals = {row[0]: row[9] for row in rows[header + 1 :] if row[0]}
    assert totals == {entry.partner: entry.total_kg for entry in allocation.partners}

    left = list(book[UNDISTRIBUTED_SHEET].iter_rows(values_only=True))
    reasons = {row[0]: row[1] for row in left[1 : 1 + len(allocation.undistributed_kg_by_reason)]}
    assert reasons == {
        REASON_FR[reason]: kg for reason, kg in allocation.undistributed_kg_by_reason.items()
    }
    # The 12 kg of cream expire today: never allocated, reported in French.
    assert REASON_FR[allocation.undistributed[0].reason] in reasons


def test_csv_cells_that_look_like_formulas_are_neutralised(
    allocation: Allocation, tmp_path: Path
) -> None:
    hostile = '=HYPERLINK("http://example.org","clic")'
    lines = [line.model_copy(update={"description": hostile}) for line in allocation.lines]
    write_allocation_files(allocation.model_copy(update={"lines": lines}), tmp_path)
    for path in [tmp_path / "allocation.csv", *sorted((tmp_path / "pick_lists").glob("*.csv"))]:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))[1:]
        assert rows and all(row[-1] == "'" + hostile for row in rows), path.name
