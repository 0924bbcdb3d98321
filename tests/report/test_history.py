"""Histories round-trip through JSON Lines; a bad line is named."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from optimizer.errors import ProblemError
from optimizer.report.history import DayRecord, StopReport, StopStatus, read_history, write_history


def test_round_trip(make_record: Callable[..., DayRecord], tmp_path: Path) -> None:
    reports = [StopReport(job="D2", status=StopStatus.SKIPPED, reason="fermé")]
    records = [make_record(dt.date(2025, 3, 10)), make_record(dt.date(2025, 3, 11), reports)]
    path = tmp_path / "history.jsonl"
    assert write_history(records, path) == 2
    back = list(read_history(path))
    assert [r.date for r in back] == [dt.date(2025, 3, 10), dt.date(2025, 3, 11)]
    assert back[0].reports is None
    assert back[1].reports == reports
    assert back[1].plan == records[1].plan


def test_bad_line_is_named(make_record: Callable[..., DayRecord], tmp_path: Path) -> None:
    path = tmp_path / "history.jsonl"
    write_history([make_record(dt.date(2025, 3, 10))], path)
    with path.open("a") as out:
        out.write('{"problem": {}, "plan": {}}\n')
    with pytest.raises(ProblemError) as caught:
        list(read_history(path))
    assert caught.value.issues[0].path == "line 2"
    with pytest.raises(ProblemError, match="does not exist"):
        list(read_history(tmp_path / "missing.jsonl"))


def test_a_report_as_the_drivers_page_posts_it() -> None:
    posted = {
        "job": "P1",
        "status": "done",
        "reason": "",
        "actual_kg": {"ambient": 35, "chilled": 22, "frozen": 0},
        "reported_at": "2025-03-10T08:12:00.000Z",
    }
    report = StopReport.model_validate(posted)
    assert report.actual_kg is not None and report.actual_kg.total == 57.0
    assert report.reported_at is not None and report.reported_at.hour == 8


def test_a_planned_week_is_read_as_its_days(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from optimizer.check import check_plan
    from optimizer.cli import app
    from optimizer.report.history import read_week_folder
    from optimizer.week import WeekOptions, parse_week, plan_week
    from optimizer.week.files import write_week_files
    from tests.week.weeks import tiny_week

    options = WeekOptions(time_limit_per_day_s=60.0, improving_moves=0, max_iterations_per_day=150)
    planned = plan_week(parse_week(tiny_week()), options)
    write_week_files(planned, tmp_path / "week")
    records = list(read_week_folder(tmp_path / "week"))
    assert [r.date for r in records] == sorted(planned.days)
    for record in records:
        assert record.plan == planned.days[record.date].plan
        assert check_plan(record.problem, record.plan).violations == []
    out = tmp_path / "report.json"
    result = CliRunner().invoke(
        app,
        ["report", "--week", str(tmp_path / "week"), "--from", "2025-06-02", "--to",
         "2025-06-08", "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    totals = json.loads(out.read_text(encoding="utf-8"))["totals"]
    assert totals["days"] == 5
    assert totals["distance_km"] == pytest.approx(planned.summary.distance_km, abs=0.1)
    missing = CliRunner().invoke(
        app, ["report", "--week", str(tmp_path), "--from", "2025-06-02", "--to", "2025-06-08"]
    )
    assert missing.exit_code == 2
    assert "week.json" in missing.output
