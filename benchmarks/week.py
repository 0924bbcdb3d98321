"""Week benchmark: today's fixed calendar against the optimised week, same data, one command.

Three plans of the same week file, each day planned by the same engine (PyVRP, the same budget
and seed), every day plan checked:

- ``fixed calendar``: the partners' and donors' usual days (a day nobody works moved to the
  next free allowed day), what planners do by hand today;
- ``optimised``: the CP-SAT day assignment, then moves of deliveries between days judged by
  the daily solves;
- ``optimised + balance``: the same with the workload balance on (``--balance`` € per hour of
  spread between a day's routes and between drivers' weekly hours).

Every figure is read from the checked plans (:mod:`optimizer.week.summary`).

Usage::

    nice -n 10 python benchmarks/week.py --out benchmarks/WEEK.md
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from optimizer.week import (  # noqa: E402
    CalendarKind,
    WeekOptions,
    WeekPlan,
    load_week,
    plan_week,
)

COLUMNS = (
    "calendar",
    "km",
    "hours",
    "travel cost €",
    "kg rescued (amb/chi/fro)",
    "kg expired before collection",
    "kg left at donors by the routes",
    "partners' frequency met",
    "days checked ok",
    "largest route spread in a day (h)",
    "drivers' weekly hours spread (h)",
    "runtime s",
)


def _row(label: str, result: WeekPlan) -> list[str]:
    s = result.summary
    kg = s.picked_up_kg
    ok = sum(1 for day in result.days.values() if day.ok)
    return [
        label,
        f"{s.distance_km:,.1f}",
        f"{s.duration_h:,.1f}",
        f"{s.cost_eur:,.0f}",
        f"{kg.total:,.0f} ({kg.ambient:,.0f}/{kg.chilled:,.0f}/{kg.frozen:,.0f})",
        f"{s.expired_before_collection_kg:,.0f}",
        f"{s.left_at_donors_kg:,.0f}",
        f"{s.partners_met}/{s.partners}",
        f"{ok}/{len(result.days)}",
        f"{s.max_route_spread_h:.2f}",
        f"{s.driver_spread_h:.1f}",
        f"{result.runtime_s:.0f}",
    ]


WORKERS_BEGIN = "<!-- week-workers: begin -->"
WORKERS_END = "<!-- week-workers: end -->"
"""The section ``benchmarks/week_workers.py`` keeps in the same file, left as it is here."""


def _kept_sections(out: Path) -> str:
    old = out.read_text(encoding="utf-8") if out.exists() else ""
    if WORKERS_BEGIN not in old or WORKERS_END not in old:
        return ""
    kept = old.split(WORKERS_BEGIN, 1)[1].split(WORKERS_END, 1)[0]
    return "\n" + WORKERS_BEGIN + kept + WORKERS_END + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--week", type=Path, default=ROOT / "instances" / "dijon-week.json")
    parser.add_argument("--time-limit-per-day", type=float, default=10.0)
    parser.add_argument("--moves", type=int, default=3)
    parser.add_argument("--balance", type=float, default=20.0)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "WEEK.md")
    args = parser.parse_args(argv)
    args.week, args.out = args.week.resolve(), args.out.resolve()
    week = load_week(args.week)
    base = WeekOptions(
        time_limit_per_day_s=args.time_limit_per_day,
        improving_moves=args.moves,
        balance_eur_per_hour=0.0,
    )
    runs = {
        "fixed calendar": WeekOptions(**{**base.__dict__, "calendar": CalendarKind.FIXED}),
        "optimised": base,
        f"optimised + balance {args.balance:g} €/h": WeekOptions(
            **{**base.__dict__, "balance_eur_per_hour": args.balance}
        ),
    }
    results: dict[str, WeekPlan] = {}
    started = time.monotonic()
    for label, options in runs.items():
        print(f"{label}…", file=sys.stderr)
        results[label] = plan_week(week, options)
    total = time.monotonic() - started
    report = _report(args, week.name, results, total)
    args.out.write_text(report.rstrip("\n") + "\n" + _kept_sections(args.out), encoding="utf-8")
    print(f"Wrote {args.out} in {total:.0f} s", file=sys.stderr)


def _report(args: argparse.Namespace, name: str, results: dict[str, WeekPlan], total: float) -> str:
    command = (
        f"nice -n 10 python benchmarks/week.py --week {args.week.relative_to(ROOT)} "
        f"--time-limit-per-day {args.time_limit_per_day:g} --moves {args.moves} "
        f"--balance {args.balance:g} --out {args.out.relative_to(ROOT)}"
    )
    lines = [
        "# Week benchmark: the fixed calendar against the optimised week",
        "",
        "```sh",
        command,
        "```",
        "",
        f"{name}. Same data, same engine (PyVRP, {args.time_limit_per_day:g} s a day, seed 1), "
        f"every day plan checked; {args.moves} moves of deliveries between days tried for the "
        f"optimised weeks. Machine: {platform.machine()}, Python {platform.python_version()}, "
        f"2 shared cores, run niced; whole command {total:.0f} s.",
        "",
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
    ]
    for label, result in results.items():
        lines.append("| " + " | ".join(_row(label, result)) + " |")
    labels = list(results)
    plain, balanced = results[labels[1]].summary, results[labels[2]].summary
    lines += [
        "",
        f"Price of the balance setting ({args.balance:g} €/h): "
        f"{balanced.distance_km - plain.distance_km:+,.1f} km over the week; the largest route "
        f"spread in a day {plain.max_route_spread_h:.2f} h → {balanced.max_route_spread_h:.2f} h, "
        f"drivers' weekly hours spread {plain.driver_spread_h:.1f} h → "
        f"{balanced.driver_spread_h:.1f} h.",
        "",
        "Route spread per day (longest minus shortest route driven, hours):",
        "",
        "| day | " + " | ".join(labels) + " |",
        "|---|" + "---|" * len(labels),
    ]
    for index, day in enumerate(results[labels[0]].summary.days):
        spreads = [f"{r.summary.days[index].route_spread_h:.2f}" for r in results.values()]
        lines.append(
            f"| {day.weekday.value} {day.date.isoformat()} | " + " | ".join(spreads) + " |"
        )
    lines += [
        "",
        "Reading: *kg expired before collection* is donor food no collection of the week could "
        "take while it could still be handed on (a two-day DLC collected on a Friday of a week "
        "whose next working day is Monday is lost); *kg left at donors by the routes* are "
        "collections planned for a day that its routes did not make. A partner's frequency is "
        "met when the plans deliver it as often as it asks this week, only on allowed days.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
