"""Allocation benchmark: foodroute's share-out against two hand methods, same stock, one run.

Methods, all under the same hard rules (a partner only receives a class it stores, within its
storage, a lot that still has the required shelf life on its supply date, lines of at least
``settings.min_line_kg``) and all measured by :func:`optimizer.allocation.allocation_from_lines`,
the code that reports foodroute's own figures:

- ``foodroute``: :func:`optimizer.allocation.allocate` (LP, plus the minimum-line MIP);
- ``proportional rounding``: what a spreadsheet does. For each category, each partner storing its
  class is entitled to ``stock × beneficiaries ÷ beneficiaries of those partners``, rounded down
  to the kg; partners in file order take it from the lots they may receive, soonest date first;
- ``first come, first served``: partners arrive in a random order (seeded) and each takes, class
  by class, soonest date first, as much as it may up to twice its proportional share of the class
  (what a partner asks for when nobody rations it).

Columns: distributed and undistributed kg; *wasted* kg = undistributed kg that cannot wait for
the next weekly share-out (its last usable day is within ``WASTE_HORIZON_DAYS``); the equity
figures of :class:`optimizer.allocation.EquityMetrics` (deviation from fair share = from
beneficiaries × what each category distributed); the objective foodroute maximises (value of the
food distributed, weighted by urgency, minus equity penalties, €); runtime.

Instances: the Dijon stock day (``instances/dijon-200-stock.json``) and a synthetic day of
200 partners × 2,000 lots made by ``instances/add_stock.py`` with smaller, more numerous lots.

Usage::

    python benchmarks/allocation.py --out benchmarks/ALLOCATION.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import platform
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "instances"))

import add_stock  # type: ignore[import-not-found]  # noqa: E402

from optimizer.allocation import (  # noqa: E402
    Allocation,
    allocate,
    allocation_from_lines,
    keeps_until,
    storage_cap_kg,
    supply_date,
)
from optimizer.model import (  # noqa: E402
    TEMPERATURE_CLASSES,
    Category,
    Lot,
    Problem,
    Site,
    SiteKind,
    TemperatureClass,
)
from optimizer.model.food import days_left  # noqa: E402
from optimizer.read.documents import load_problem, parse_problem  # noqa: E402

DIJON_STOCK = ROOT / "instances" / "dijon-200-stock.json"
WASTE_HORIZON_DAYS = 7
FCFS_GREED = 2.0  # a partner nobody rations asks for twice its proportional share
SEED = 7
Lines = dict[tuple[str, str], float]


@dataclass(frozen=True)
class Row:
    instance: str
    method: str
    runtime_s: float
    stock_kg: float
    distributed_kg: float
    undistributed_kg: float
    wasted_kg: float
    sum_deviation_kg: float
    max_deviation_kg: float
    min_fill_rate: float | None
    gini: float
    partners_served: int
    partners: int
    objective_eur: float


# ---------------------------------------------------------------------------------------------
# Instances
# ---------------------------------------------------------------------------------------------


def synthetic_day(partners: int, lots: int, seed: int) -> Problem:
    """``partners`` partners around Dijon and about ``lots`` stock lots, via add_stock.py."""
    rng = random.Random(seed)
    sites: list[dict[str, Any]] = [
        {"id": "bab-dijon", "kind": "depot", "lat": 47.3516, "lon": 5.0407}
    ]
    for index in range(partners):
        sites.append(
            {
                "id": f"partner-{index + 1:03d}",
                "kind": "partner",
                "lat": round(47.32 + rng.uniform(-0.25, 0.25), 5),
                "lon": round(5.04 + rng.uniform(-0.35, 0.35), 5),
                "beneficiaries": rng.randint(30, 600),
            }
        )
    document = {
        "name": f"synthetic {partners} partners × {lots} lots",
        "date": "2025-03-10",
        "sites": sites,
        # Fleet big enough that add_stock.py does not scale the stock down for routing.
        "vehicles": [
            {
                "id": "truck",
                "depot": "bab-dijon",
                "shift_start": "06:30",
                "shift_end": "13:30",
                "capacity_kg": {"ambient": 1e5, "chilled": 1e5, "frozen": 1e5},
            }
        ],
    }
    base_lots = sum(kind[3] for kind in add_stock.LOT_KINDS)
    enriched = add_stock.add_stock(document, rng, lot_factor=(lots - 1) / base_lots)
    return parse_problem(enriched)


# ---------------------------------------------------------------------------------------------
# Baselines
# ---------------------------------------------------------------------------------------------


def _partners(problem: Problem) -> list[Site]:
    return [s for s in problem.sites if s.kind is SiteKind.PARTNER and s.beneficiaries]


def _fefo(lots: list[Lot]) -> list[Lot]:
    return sorted(lots, key=lambda lot: (lot.date or dt.date.max, lot.id))


class _Warehouse:
    """Stock left, storage left and the rules every method obeys."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.left = {lot.id: lot.kg for lot in problem.stock}
        self.room = {
            (site.id, klass): storage_cap_kg(site, klass)
            for site in _partners(problem)
            for klass in TEMPERATURE_CLASSES
        }
        self.lines: Lines = defaultdict(float)

    def give(self, lot: Lot, site: Site, wanted_kg: float) -> float:
        """Give up to ``wanted_kg`` of ``lot`` to ``site`` within the rules; return the kg given."""
        settings = self.problem.settings
        if not keeps_until(lot, supply_date(site, self.problem.date), settings):
            return 0.0
        room = self.room[site.id, lot.temperature]
        kg = math.floor(min(wanted_kg, self.left[lot.id], room) * 10 + 1e-9) / 10
        if kg <= 0 or kg < min(settings.min_line_kg, self.left[lot.id]):
            return 0.0
        self.lines[lot.id, site.id] += kg
        self.left[lot.id] -= kg
        self.room[site.id, lot.temperature] -= kg
        return kg


def proportional_rounding(problem: Problem) -> Lines:
    warehouse = _Warehouse(problem)
    partners = _partners(problem)
    for category in Category:
        lots = _fefo([lot for lot in problem.stock if lot.category is category])
        if not lots:
            continue
        classes = {lot.temperature for lot in lots}
        storing = [p for p in partners if any(storage_cap_kg(p, klass) > 0 for klass in classes)]
        people = sum(p.beneficiaries or 0 for p in storing)
        stock_kg = sum(lot.kg for lot in lots)
        for site in storing:
            wanted = float(math.floor(stock_kg * (site.beneficiaries or 0) / people))
            for lot in lots:
                if wanted <= 0:
                    break
                wanted -= warehouse.give(lot, site, wanted)
    return dict(warehouse.lines)


def first_come_first_served(problem: Problem, seed: int = SEED) -> Lines:
    warehouse = _Warehouse(problem)
    partners = _partners(problem)
    people = sum(p.beneficiaries or 0 for p in partners)
    arrivals = list(partners)
    random.Random(seed).shuffle(arrivals)
    by_class: dict[TemperatureClass, list[Lot]] = {
        klass: _fefo([lot for lot in problem.stock if lot.temperature is klass])
        for klass in TEMPERATURE_CLASSES
    }
    for site in arrivals:
        for lots in by_class.values():
            share = sum(lot.kg for lot in lots) * (site.beneficiaries or 0) / people
            wanted = FCFS_GREED * share
            for lot in lots:
                if wanted <= 0:
                    break
                wanted -= warehouse.give(lot, site, wanted)
    return dict(warehouse.lines)


# ---------------------------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------------------------


def wasted_kg(problem: Problem, allocation: Allocation) -> float:
    lots = {lot.id: lot for lot in problem.stock}
    wasted = 0.0
    for item in allocation.undistributed:
        left = days_left(lots[item.lot], problem.date, problem.settings)
        if left is not None and left < WASTE_HORIZON_DAYS:
            wasted += item.kg
    return round(wasted, 1)


def row(
    instance: str, method: str, problem: Problem, allocation: Allocation, runtime_s: float
) -> Row:
    m = allocation.metrics
    return Row(
        instance=instance,
        method=method,
        runtime_s=runtime_s,
        stock_kg=allocation.stock_kg,
        distributed_kg=allocation.allocated_kg,
        undistributed_kg=allocation.undistributed_kg,
        wasted_kg=wasted_kg(problem, allocation),
        sum_deviation_kg=m.sum_deviation_kg,
        max_deviation_kg=m.max_deviation_kg,
        min_fill_rate=m.min_fill_rate,
        gini=m.gini_kg_per_beneficiary,
        partners_served=m.partners_served,
        partners=len(allocation.partners),
        objective_eur=allocation.solver.objective_eur,
    )


def measure(instance: str, problem: Problem) -> list[Row]:
    rows = []
    started = time.perf_counter()
    optimised = allocate(problem)
    name = f"foodroute ({optimised.solver.solver})"
    rows.append(row(instance, name, problem, optimised, time.perf_counter() - started))
    baselines: list[tuple[str, Callable[[Problem], Lines]]] = [
        ("proportional rounding", proportional_rounding),
        ("first come, first served", first_come_first_served),
    ]
    for name, share_out in baselines:
        started = time.perf_counter()
        lines = share_out(problem)
        runtime = time.perf_counter() - started
        given = allocation_from_lines(problem, lines, method=name)
        rows.append(row(instance, name, problem, given, runtime))
    return rows


def verdict(group: list[Row]) -> str:
    """The issue's target: less waste than both baselines, max deviation no worse than
    proportional rounding's."""
    ours, proportional, fcfs = group
    less_waste = ours.wasted_kg < min(proportional.wasted_kg, fcfs.wasted_kg)
    fair_enough = ours.max_deviation_kg <= proportional.max_deviation_kg
    met = "met" if less_waste and fair_enough else "**not met**"
    return (
        f"Target {met}: foodroute wastes {ours.wasted_kg:,.1f} kg against "
        f"{proportional.wasted_kg:,.1f} (proportional rounding) and {fcfs.wasted_kg:,.1f} "
        f"(first come, first served), with a largest deviation from fair share of "
        f"{ours.max_deviation_kg:,.1f} kg against {proportional.max_deviation_kg:,.1f}; "
        f"solved in {ours.runtime_s:.2f} s."
    )


def markdown(rows: list[Row], command: str) -> str:
    header = (
        "| Method | Runtime s | Distributed kg | Undistributed kg | Wasted kg "
        "| Σ deviation kg | Max deviation kg | Min fill rate | Gini | Served | Objective € |"
    )
    lines = [
        "# Allocation benchmark",
        "",
        f"`{command}` — {dt.date.today().isoformat()}, Python {platform.python_version()}, "
        f"{platform.machine()}, one thread, shared 2-core machine.",
        "",
        "Every method obeys the same hard rules and is measured by the same code "
        "(`optimizer.allocation.allocation_from_lines`); see the module docstring of "
        "`benchmarks/allocation.py` for the baselines and the columns. *Wasted* = undistributed "
        f"kg whose last usable day is less than {WASTE_HORIZON_DAYS} days away (it cannot wait "
        "for the next weekly share-out). Deviations are from each partner's fair share of what "
        "each category distributed (beneficiaries pro rata).",
        "",
        "Reading: 18 kg are wasted by every method on both days: a chilled lot whose DLC is the "
        "plan date (put there on purpose by `instances/add_stock.py`), which no partner may "
        "receive. Proportional rounding rounds every entitlement down and never passes on what "
        "a partner cannot store, so food stays in the warehouse; its Gini and minimum fill rate "
        "are those of the food it does hand out. First come, first served hands out nearly "
        "everything but the last partners get little or nothing.",
    ]
    for instance in dict.fromkeys(r.instance for r in rows):
        group = [r for r in rows if r.instance == instance]
        lines += [
            "",
            f"## {instance} — stock {group[0].stock_kg:,.1f} kg, {group[0].partners} partners",
            "",
            header,
            "|---|" + "---:|" * 10,
        ]
        for r in group:
            fill = "–" if r.min_fill_rate is None else f"{r.min_fill_rate:.1%}"
            lines.append(
                f"| {r.method} | {r.runtime_s:.2f} | {r.distributed_kg:,.1f} "
                f"| {r.undistributed_kg:,.1f} | {r.wasted_kg:,.1f} | {r.sum_deviation_kg:,.1f} "
                f"| {r.max_deviation_kg:,.1f} | {fill} | {r.gini:.3f} "
                f"| {r.partners_served}/{r.partners} | {r.objective_eur:,.0f} |"
            )
        lines += ["", verdict(group)]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, help="Also write the Markdown table here.")
    parser.add_argument("--partners", type=int, default=200)
    parser.add_argument("--lots", type=int, default=2000)
    args = parser.parse_args(argv)

    rows: list[Row] = []
    if DIJON_STOCK.exists():
        rows += measure("Dijon stock day", load_problem(DIJON_STOCK))
    else:
        print(f"{DIJON_STOCK.name} not found: run instances/add_stock.py first", file=sys.stderr)
    synthetic = synthetic_day(args.partners, args.lots, SEED)
    rows += measure(f"Synthetic {args.partners} partners × {len(synthetic.stock)} lots", synthetic)
    arguments = list(argv if argv is not None else sys.argv[1:])
    if "--out" in arguments:  # where the table is written is not part of how it was measured
        at = arguments.index("--out")
        del arguments[at : at + 2]
    command = " ".join(["python benchmarks/allocation.py", *arguments])
    report = markdown(rows, command)
    print(report)
    if args.out:
        args.out.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
