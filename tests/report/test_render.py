"""Every format from the same records: the dashboard's charts, the French monthly PDF, the CLI."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from optimizer.cli import EXIT_BAD_INPUT, app
from optimizer.report.exports import read_xlsx
from optimizer.report.factors import default_factors
from optimizer.report.history import DayRecord, StopReport, StopStatus, write_history
from optimizer.report.render import ReportFormat, render_report

MARCH = (dt.date(2025, 3, 1), dt.date(2025, 3, 31))
ENV = {"COLUMNS": "250", "NO_COLOR": "1"}


@pytest.fixture
def records(make_record: Callable[..., DayRecord]) -> list[DayRecord]:
    skipped = [StopReport(job="D2", status=StopStatus.SKIPPED, reason="fermé")]
    return [make_record(dt.date(2025, 3, 10)), make_record(dt.date(2025, 3, 17), skipped)]


def test_dashboard_has_its_charts_and_figures(records: list[DayRecord]) -> None:
    html = render_report(records, *MARCH, ReportFormat.HTML).decode("utf-8")
    charts = re.findall(r"data-chart='([a-z0-9_]+)'", html)
    assert charts == [
        "kg_by_period",
        "co2e_by_period",
        "by_category",
        "by_source",
        "losses",
        "equity",
    ]
    # A month is shown by day: two days, two pairs of bars in the first chart.
    first = html.split("data-chart='kg_by_period'")[1].split("</svg>")[0]
    assert first.count("class='bar'") == 4
    assert "10/03 — collectés : 60</title>" in first
    assert "17/03 — distribués : 100</title>" in first
    assert "120 kg" in html  # collected, 60 + 60
    assert "Rapport d&#x27;impact ProDij" in html
    assert "http" not in html.replace("http://www.w3.org/2000/svg", "")  # nothing from a network
    assert "ADEME" in html and "2025.1" in html  # the factors it used


def test_monthly_pdf_in_french(records: list[DayRecord], tmp_path: Path) -> None:
    pdf = render_report(records, *MARCH, ReportFormat.PDF)
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Rapport d'impact ProDij — mars 2025" in text
    assert re.search(r"Collecté \(kg\)\s+120", text)
    assert re.search(r"Non livré \(kg\)\s+100 kg", text)
    assert "Fruits et légumes" in text and "Grandes surfaces" in text
    assert "Facteurs utilisés" in text and "ADEME" in text


def _run(*args: str | Path) -> Any:
    return CliRunner().invoke(app, [str(a) for a in args], env=ENV)


def test_cli_formats(records: list[DayRecord], tmp_path: Path) -> None:
    history = tmp_path / "history.jsonl"
    write_history(records, history)
    window = ["--from", "2025-03-01", "--to", "2025-03-31", "--history", history]
    out = tmp_path / "r.json"
    result = _run("report", *window, "--format", "json", "--group-by", "week", "--out", out)
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text())
    assert document["totals"]["distributed_kg"] == 300.0
    assert [row["key"]["week"] for row in document["rows"]] == ["2025-W11", "2025-W12"]
    out = tmp_path / "r.csv"
    assert _run("report", *window, "--format", "csv", "--out", out).exit_code == 0
    (row,) = csv.DictReader(io.StringIO(out.read_text()))
    assert float(row["lost_undelivered_kg"]) == 100.0
    out = tmp_path / "r.xlsx"
    assert (
        _run("report", *window, "--format", "xlsx", "--group-by", "partner", "--out", out).exit_code
        == 0
    )
    rows = {row["partner"]: row for row in read_xlsx(out)}
    assert (rows["pa"]["distributed_kg"], rows["pb"]["distributed_kg"]) == (200.0, 100.0)
    for form in ("pdf", "html"):
        out = tmp_path / f"r.{form}"
        assert _run("report", *window, "--format", form, "--out", out).exit_code == 0
        assert out.stat().st_size > 1000


def test_cli_factors_file(records: list[DayRecord], tmp_path: Path) -> None:
    history = tmp_path / "history.jsonl"
    write_history(records, history)
    factors = tmp_path / "factors.json"
    factors.write_text('{"meal_kg": 0.4}')
    out = tmp_path / "r.json"
    result = _run(
        "report",
        "--from",
        "2025-03-10",
        "--to",
        "2025-03-10",
        "--history",
        history,
        "--factors",
        factors,
        "--out",
        out,
    )
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["totals"]["meals"] == 500.0  # 200 kg / 0.4


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--from", "2025-03-31", "--to", "2025-03-01"], "before"),
        (["--from", "March", "--to", "2025-03-01"], "YYYY-MM-DD"),
        (["--from", "2025-03-01", "--to", "2025-03-31", "--format", "docx"], "docx"),
        (["--from", "2025-03-01", "--to", "2025-03-31", "--group-by", "day,month"], "one period"),
    ],
)
def test_cli_bad_arguments(args: list[str], says: str, tmp_path: Path) -> None:
    history = tmp_path / "history.jsonl"
    history.write_text("")
    result = _run("report", *args, "--history", history, "--out", tmp_path / "r")
    assert result.exit_code == EXIT_BAD_INPUT
    assert says in result.output


@pytest.mark.parametrize("form", list(ReportFormat))
def test_a_window_without_days_still_renders(form: ReportFormat) -> None:
    content = render_report([], dt.date(2000, 1, 1), dt.date(2000, 1, 1), form)
    assert len(content) > 100


def test_a_hostile_factor_source_is_printed_as_written(
    records: list[DayRecord], tmp_path: Path
) -> None:
    hostile = "ADEME <b>gras</b> & <img src='/etc/passwd'/> <font size=80>x"
    base = default_factors()
    factors = base.model_copy(
        update={
            "version": "<i>v9</i>",
            "factors": {
                name: factor.model_copy(update={"source": hostile})
                for name, factor in base.factors.items()
            },
        }
    )
    pdf = render_report(records, *MARCH, ReportFormat.PDF, factors=factors)
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "<b>gras</b> &" in text and "<img src='/etc/passwd'/>" in text
    assert "<i>v9</i>" in text
