"""One solver run of the food-bank benchmark: a child process, measured, and its plan scored.

Every solver runs as a process of its own, launched the same way, so that wall clock and memory
compare: wall clock from the launch to the exit, peak memory as the largest resident set of the
whole process tree sampled every 0.2 s (psutil), or of its largest process (``VmHWM``) if more.
What comes out is turned into foodroute's route sequences (the decisions a plan is built from)
and scored by foodroute's checker, the single truth:

- ``auto`` and ``ortools``: ``foodroute plan FILE --time-limit T --backend B --out DIR``, exactly
  what a planner runs; its ``plan.json`` is checked as a plan (``check_plan``, which also catches a
  plan whose numbers disagree with the checker) and its sequences re-evaluated;
- ``pyvrp-direct``: :mod:`benchmarks.foodbank_pyvrp`, no foodroute code;
- ``vroom``: :class:`benchmarks.vroom_peer.VroomPeer` on two threads
  (``python -m benchmarks.foodbank_runs vroom …``).

Peers get the wall deadline launch + T; foodroute gets ``--time-limit T`` and is measured on
what it does with it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

from optimizer.check import Code, check_plan, evaluate
from optimizer.context import Context
from optimizer.model import TEMPERATURE_CLASSES
from optimizer.plan import Plan, RouteSequence

ROOT = Path(__file__).resolve().parents[1]
SOLVERS = ("auto", "pyvrp-direct", "vroom", "ortools")
SAMPLE_S = 0.2
KILL_FACTOR = 4.0
KILL_GRACE_S = 60.0
MISMATCH_CODES = frozenset({Code.UNASSIGNED_MISMATCH, Code.REPORTED_MISMATCH})
"""Violations only a written plan can have: its numbers disagree with the checker's."""


@dataclass
class Measured:
    """How a child process went: wall clock, memory, exit."""

    wall_s: float
    peak_mb: float
    largest_process_mb: float
    returncode: int
    killed: bool


@dataclass
class Row:
    """One day and one solver, as written to the JSON-lines file and the table."""

    day: str
    site: str
    points: int
    seed: int
    solver: str
    budget_s: float
    status: str
    feasible: bool = False
    violations: int = 0
    required_missed: int = 0
    objective_eur: float | None = None
    km: float = 0.0
    vehicles: int = 0
    pickups_served: int = 0
    kg_rescued: dict[str, float] = field(default_factory=dict)
    wall_s: float = 0.0
    time_to_best_s: float | None = None
    peak_mb: float = 0.0
    largest_process_mb: float = 0.0
    note: str = ""


def _high_water_kb(pid: int) -> int:
    """The process's own peak resident set since its ``exec`` (``VmHWM``), kB."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class _TreeMemory:
    """Samples a process tree: the largest total resident set, the largest single process.

    ``ru_maxrss`` from ``wait4`` is no use here: Linux carries the parent's resident set over a
    fork and exec into the child's, so every child would report at least this benchmark's size.
    """

    def __init__(self, pid: int) -> None:
        self.root = psutil.Process(pid)
        self.total_bytes = 0
        self.single_kb = 0

    def members(self) -> list[psutil.Process]:
        try:
            return [self.root, *self.root.children(recursive=True)]
        except psutil.Error:
            return []

    def sample(self) -> None:
        total = 0
        for member in self.members():
            try:
                total += member.memory_info().rss
            except psutil.Error:
                continue
            self.single_kb = max(self.single_kb, _high_water_kb(member.pid))
        self.total_bytes = max(self.total_bytes, total)

    def kill(self) -> None:
        for member in reversed(self.members()):
            try:
                member.kill()
            except psutil.Error:
                continue


def run_measured(command: list[str], log: Path, kill_after_s: float) -> Measured:
    """Run ``command`` to its end (killed after ``kill_after_s``), measuring it."""
    with log.open("wb") as output:
        started = time.monotonic()
        child = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, cwd=ROOT)
        memory = _TreeMemory(child.pid)
        killed = False
        while True:
            pid, status = os.waitpid(child.pid, os.WNOHANG)
            if pid:
                break
            memory.sample()
            if time.monotonic() - started > kill_after_s and not killed:
                memory.kill()
                killed = True
            time.sleep(SAMPLE_S)
        wall = time.monotonic() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    single_mb = memory.single_kb / 1024
    return Measured(
        round(wall, 2),
        round(max(memory.total_bytes / 2**20, single_mb), 1),
        round(single_mb, 1),
        child.returncode,
        killed,
    )


def _foodroute() -> str:
    script = Path(sys.executable).parent / "foodroute"
    return str(script) if script.exists() else "foodroute"


def command_for(solver: str, problem: Path, budget_s: float, out: Path) -> list[str]:
    """The command line of one run; peers get an absolute wall deadline."""
    if solver in ("auto", "ortools"):
        return [_foodroute(), "plan", str(problem), "--time-limit", f"{budget_s:g}",
                "--backend", solver, "--out", str(out)]  # fmt: skip
    now = time.time()
    module = "benchmarks.foodbank_pyvrp" if solver == "pyvrp-direct" else "benchmarks.foodbank_runs"
    head = [sys.executable, "-m", module] + ([] if solver == "pyvrp-direct" else ["vroom"])
    return [*head, str(problem), "--deadline", f"{now + budget_s:.3f}",
            "--launched", f"{now:.3f}", "--out", str(out / "solution.json")]  # fmt: skip


def _sequences(routes: list[dict[str, Any]]) -> list[RouteSequence]:
    return [RouteSequence(r["vehicle"], tuple(tuple(t) for t in r["trips"])) for r in routes]


def score(ctx: Context, sequences: list[RouteSequence], row: Row) -> None:
    """Fill ``row`` with the checker's verdict on these routes."""
    evaluation = evaluate(ctx, [s for s in sequences if s.jobs])
    routes = [e.route for e in evaluation.routes]
    row.feasible = row.feasible and evaluation.feasible
    row.violations += len(evaluation.violations)
    row.required_missed = sum(
        1
        for job in ctx.problem.jobs
        if job.required and ctx.food[job.id].lots and job.id not in evaluation.served
    )
    row.objective_eur = round(evaluation.objective.total_eur, 2)
    row.km = round(sum(r.distance_m for r in routes) / 1000, 1)
    row.vehicles = len(routes)
    row.pickups_served = sum(1 for p in ctx.problem.pickups if p.id in evaluation.served)
    row.kg_rescued = {
        k.value: round(sum(r.picked_up_kg.get(k) for r in routes), 1) for k in TEMPERATURE_CLASSES
    }


def plan_time_to_best(solver: dict[str, Any] | None) -> float | None:
    """The plan's own time to its best (``time_to_best_s``), else its last improvement's time."""
    if not solver:
        return None
    if solver.get("time_to_best_s") is not None:
        return float(solver["time_to_best_s"])
    improvements = solver.get("improvements") or []
    return float(improvements[-1][0]) if improvements else None


def _read_output(solver: str, out: Path, ctx: Context, row: Row) -> list[RouteSequence]:
    """The run's routes; a foodroute plan is also checked as a plan (its claims against ours)."""
    if solver in ("auto", "ortools"):
        document = json.loads((out / "plan.json").read_text(encoding="utf-8"))
        plan = Plan.model_validate(document)
        report = check_plan(ctx.problem, plan, ctx.matrix)
        row.violations = len([v for v in report.violations if v.code in MISMATCH_CODES])
        row.feasible = plan.feasible and row.violations == 0
        row.time_to_best_s = plan_time_to_best(document.get("solver"))
        return plan.sequences()
    solution = json.loads((out / "solution.json").read_text(encoding="utf-8"))
    row.feasible = True
    best = solution.get("time_to_best_s")
    row.time_to_best_s = None if best is None else round(best, 2)
    return _sequences(solution["routes"])


def run_solver(solver: str, problem_path: Path, ctx: Context, row: Row, workdir: Path) -> Row:
    """Run one solver on one day and score what it returns (``row.status`` says how it went)."""
    out = workdir / solver
    out.mkdir(parents=True, exist_ok=True)
    command = command_for(solver, problem_path, row.budget_s, out)
    measured = run_measured(command, out / "log.txt", row.budget_s * KILL_FACTOR + KILL_GRACE_S)
    row.wall_s, row.peak_mb = measured.wall_s, measured.peak_mb
    row.largest_process_mb = measured.largest_process_mb
    if measured.killed or measured.returncode != 0:
        row.status = "killed" if measured.killed else f"exit {measured.returncode}"
        row.note = (out / "log.txt").read_text(encoding="utf-8", errors="replace")[-300:]
        return row
    try:
        sequences = _read_output(solver, out, ctx, row)
    except (OSError, ValueError, KeyError) as error:
        row.status, row.note = "no plan", str(error)[:300]
        return row
    score(ctx, sequences, row)
    row.status = "ok"
    return row


def vroom_main(argv: list[str]) -> int:
    """``python -m benchmarks.foodbank_runs vroom DAY.json --deadline S --out FILE``."""
    parser = argparse.ArgumentParser(prog="foodbank_runs vroom")
    parser.add_argument("problem", type=Path)
    parser.add_argument("--deadline", type=float, required=True)
    parser.add_argument("--launched", type=float, default=None)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    from benchmarks.vroom_peer import VroomPeer
    from optimizer.backends.base import SolveOptions
    from optimizer.context import Context
    from optimizer.read.documents import load_problem

    ctx = Context(load_problem(args.problem))
    remaining = max(args.deadline - time.time() - 0.3, 0.1)
    result = VroomPeer(threads=2).solve(ctx, SolveOptions(time_limit_s=remaining))
    solution = {
        "solver": result.backend,
        "time_to_best_s": None,
        "routes": [
            {"vehicle": r.vehicle, "trips": [list(t) for t in r.trips]} for r in result.routes
        ],
    }
    args.out.write_text(json.dumps(solution), encoding="utf-8")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "vroom":
        sys.exit(vroom_main(sys.argv[2:]))
    sys.exit("usage: python -m benchmarks.foodbank_runs vroom DAY.json --deadline S --out FILE")
