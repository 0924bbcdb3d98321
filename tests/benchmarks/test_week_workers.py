"""The week scale-out benchmark's section: written between its markers, the rest of WEEK.md
kept, and kept again when ``benchmarks/week.py`` rewrites the file."""

from __future__ import annotations

from pathlib import Path

from benchmarks.week import _kept_sections
from benchmarks.week_workers import BEGIN, END, section, write

ROW = {
    "workers": 5, "days": 5, "checked": 5, "km": 3065.04, "met": "160/160", "wall": 84.7,
    "calendar": 31.9, "window": 46.4, "finish": 5.0, "week": 83.4,
}  # fmt: skip


def test_the_section_replaces_its_earlier_self_and_keeps_the_rest(tmp_path: Path) -> None:
    out = tmp_path / "WEEK.md"
    out.write_text("# Week benchmark\n\nthe calendars' table\n", encoding="utf-8")
    first = section([ROW], "python benchmarks/week_workers.py", 20, 0, "Dijon")
    write(out, first)
    assert out.read_text(encoding="utf-8").startswith("# Week benchmark\n\nthe calendars' table")
    assert "| 5 | 5 (5) | 31.9 | 46.4 | 5.0 | 83.4 | 3,065.0 | 160/160 |" in first
    second = section([{**ROW, "workers": 1}], "python benchmarks/week_workers.py", 20, 0, "D")
    write(out, second)
    text = out.read_text(encoding="utf-8")
    assert text.count(BEGIN) == text.count(END) == 1
    assert "| 1 | 5 (5)" in text and "| 5 | 5 (5)" not in text
    assert "python benchmarks/week_workers.py" in _kept_sections(out)
