"""The breaks benchmark's table: each row's gap to the day without breaks, with the same seed."""

from __future__ import annotations

from benchmarks.breaks import Row, markdown


def row(day: str, solver: str, seed: int, objective: float, missed: int = 0) -> Row:
    return Row(
        day=day,
        solver=solver,
        seed=seed,
        feasible=missed == 0,
        violations=missed,
        required_missed=missed,
        breaks_taken=11 if "breaks" in day else 0,
        breaks_due=11 if "breaks" in day else 0,
        reload_routes=1,
        routes=12,
        unassigned=7 + missed,
        objective_eur=objective,
        km=1400.0,
        wall_s=30.0,
    )


def test_the_gap_is_to_the_plain_day_of_the_same_seed_and_solver() -> None:
    rows = [
        row("dijon-200.json", "auto", 1, -70000.0),
        row("dijon-200.json", "auto", 2, -80000.0),
        row("dijon-200.json", "pyvrp", 1, -69000.0),
        row("dijon-200-breaks.json", "pyvrp", 1, -68310.0),
        row("dijon-200-breaks.json", "auto", 1, -68600.0),
        row("dijon-200-breaks.json", "ortools", 2, -60000.0, missed=20),
    ]
    text = markdown(rows, "python benchmarks/breaks.py --budget 30", 30)
    # PyVRP against PyVRP, OR-Tools against auto (it has no row of its own on the plain day).
    assert (
        "| dijon-200-breaks.json | pyvrp | 1 | yes (0) | 0 | 11/11 | 1/12 | 7 | -68310.00 | 1.00 |"
        in text
    )
    assert text.splitlines()[2] == "Produced by: `python benchmarks/breaks.py --budget 30`"
    lines = [line for line in text.splitlines() if line.startswith("| dijon")]
    assert lines[-2] == (
        "| dijon-200-breaks.json | auto | 1 | yes (0) | 0 | 11/11 | 1/12 | 7 | -68600.00 | 2.00 "
        "| 1400.0 | 30.0 |"
    )
    assert lines[-1].startswith("| dijon-200-breaks.json | ortools | 2 | no (20) | 20 |")
    assert "| -60000.00 | 25.00 |" in lines[-1]


def test_the_summary_gives_the_worst_run_of_each_solver() -> None:
    rows = [
        row("dijon-200.json", "auto", 1, -70000.0),
        row("dijon-200.json", "auto", 2, -80000.0),
        row("dijon-200-breaks.json", "auto", 1, -68600.0),
        row("dijon-200-breaks.json", "auto", 2, -79200.0),
        row("dijon-200-breaks.json", "ortools", 1, -60000.0, missed=20),
        row("dijon-200-breaks.json", "ortools", 2, -70000.0, missed=11),
    ]
    text = markdown(rows, "python benchmarks/breaks.py", 30)
    assert "| dijon-200-breaks.json | auto | 2/2 | 0 | 1.50 | 2.00 |" in text
    assert "| dijon-200.json | auto | 2/2 | 0 | – | – |" in text
    assert "| dijon-200-breaks.json | ortools | 0/2 | 20 | 13.39 | 14.29 |" in text
