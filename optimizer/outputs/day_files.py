"""Files of a planned day: the plan, and with stock, the allocation and the problem routed.

``write_day_files(day, out_dir)`` writes ``plan.json``; when the day had stock to share out it
also writes the allocation files (:mod:`optimizer.outputs.allocation_files`) and
``problem_routed.json``: the input plus the deliveries made from the allocation. The plan's jobs
``alloc-<partner>`` exist only in that file, so it is the one to check the plan against
(``foodroute check out/problem_routed.json out/plan.json``).
"""

from __future__ import annotations

from pathlib import Path

from optimizer.outputs.allocation_files import write_allocation_files
from optimizer.solving.plan_day import DayPlan

PLAN_FILE = "plan.json"
ROUTED_PROBLEM_FILE = "problem_routed.json"


def write_day_files(day: DayPlan, out_dir: Path) -> list[Path]:
    """Write the day's files into ``out_dir`` (created if needed); return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    plan_path = out_dir / PLAN_FILE
    plan_path.write_text(day.plan.model_dump_json(indent=2), encoding="utf-8")
    written = [plan_path]
    if day.allocation is not None:
        routed_path = out_dir / ROUTED_PROBLEM_FILE
        routed_path.write_text(day.routed.model_dump_json(indent=2), encoding="utf-8")
        written.append(routed_path)
        written += write_allocation_files(day.allocation, out_dir)
    return written
