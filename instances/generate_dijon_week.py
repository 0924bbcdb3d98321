"""Write ``instances/dijon-week.json``: a week of the Banque Alimentaire de Bourgogne in Dijon.

    python instances/generate_dijon_week.py [TARGET]

The week of Monday 26 May 2025, Monday to Saturday, with Ascension Thursday (29 May) a public
holiday: five days are planned. Everything is derived from ``instances/dijon-200.json`` (its
201 sites, its 12 vehicles) with one ``random.Random(SEED)`` drawn in file order, so the same
code and the same day file give a byte-identical week.

Assumptions (invented, plausible, in ``instances/README.md`` too)
- Partners (160): their weekly need is the day file's delivery to them (≈ 0.8 kg a beneficiary
  a week), by class. 55 % are delivered once a week, 25 % twice (at least 3 days apart),
  10 % three times (at least 2 days apart), 10 % once a fortnight (half of them this week).
  Each has 2 to 5 allowed weekdays (Saturday for one in ten: the social groceries open then),
  enough for its frequency without the holiday; its usual days (today's calendar) are drawn
  among them.
- Donors (40): each day's food is the day file's pickup scaled by the weekday (more on Friday
  and Saturday, nothing on Sunday); its shelf life is the day file's days to the lot's date
  (bread: a DDM of the day). The two contract hypermarkets are collected 5 times a week, the
  other stores 2 or 3 times, on 3 to 6 allowed days.
- Fleet: the 12 vehicles of the day file. The salaried drivers of the trucks work Monday to
  Friday; two trucks and one van also work on Saturday; the four volunteer vans drive 2 to 4
  days a week, one of them only mornings on Wednesday (08:00-12:00).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "dijon-200.json"
TARGET = HERE / "dijon-week.json"

SEED = 20250526
WEEK_START = dt.date(2025, 5, 26)
HOLIDAYS = [dt.date(2025, 5, 29)]  # Ascension
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat"]
WEEKDAY_FACTOR = {"mon": 0.8, "tue": 0.9, "wed": 1.0, "thu": 1.0, "fri": 1.2, "sat": 1.4}
SOURCE_DATE = dt.date(2025, 3, 10)
NAME = "Banque Alimentaire de Bourgogne – semaine de l'Ascension à Dijon"
FIRST_NAMES = ("Marie", "Jean", "Monique", "Bernard", "Françoise", "Michel", "Nathalie",
               "Philippe", "Catherine", "Alain", "Sylvie", "Gérard")  # fmt: skip

# (visits, per, min days between, share of partners)
FREQUENCIES = [(1, "week", 1, 0.55), (2, "week", 3, 0.25), (3, "week", 2, 0.10),
               (1, "fortnight", 7, 0.10)]  # fmt: skip


def _frequency(rng: random.Random) -> tuple[int, str, int]:
    draw = rng.random()
    for visits, per, gap, share in FREQUENCIES:
        if draw < share:
            return visits, per, gap
        draw -= share
    return FREQUENCIES[0][:3]


def _fits(days: list[str], visits: int, gap: int) -> bool:
    """Whether ``visits`` of ``days`` (the holiday left out) can be chosen ``gap`` days apart."""
    index = {d: DAYS.index(d) for d in days if d != "thu"}
    chosen, last = 0, None
    for position in sorted(index.values()):
        if last is None or position - last >= gap:
            chosen, last = chosen + 1, position
    return chosen >= visits


def _usual(rng: random.Random, days: list[str], visits: int, gap: int) -> list[str]:
    """Today's calendar: ``visits`` of the allowed days, ``gap`` apart (the holiday may be one:
    the hand calendar was made for an ordinary week)."""
    for _ in range(200):
        picked = sorted(rng.sample(days, visits), key=DAYS.index)
        positions = [DAYS.index(d) for d in picked]
        if all(b - a >= gap for a, b in itertools.pairwise(positions)):
            return picked
    return sorted(days, key=DAYS.index)[:visits]


def partners(rng: random.Random, day: dict[str, Any]) -> list[dict[str, Any]]:
    need_by_site: dict[str, dict[str, float]] = {}
    for delivery in day["deliveries"]:
        need = need_by_site.setdefault(delivery["site"], {})
        for lot in delivery["lots"]:
            need[lot["temperature"]] = round(need.get(lot["temperature"], 0.0) + lot["kg"], 1)
    found = []
    fortnightly = 0
    for site in (s for s in day["sites"] if s["kind"] == "partner"):
        visits, per, gap = _frequency(rng)
        weekdays = DAYS[:5] + (["sat"] if rng.random() < 0.1 else [])
        count = rng.randint(2, 5)
        allowed = sorted(rng.sample(weekdays, min(count, len(weekdays))), key=DAYS.index)
        while not _fits(allowed, visits if per == "week" else 1, gap):
            allowed = sorted({*allowed, rng.choice(weekdays)}, key=DAYS.index)
        entry: dict[str, Any] = {
            "site": site["id"],
            "allowed_days": allowed,
            "visits": visits,
            "per": per,
            "min_days_between": gap,
            "weekly_need_kg": need_by_site[site["id"]],
        }
        this_week = visits
        if per == "fortnight":
            fortnightly += 1
            entry["fortnight_week"] = 1 + fortnightly % 2
            this_week = 1 if entry["fortnight_week"] == 1 else 0
        if this_week:
            entry["usual_days"] = _usual(rng, allowed, this_week, gap)
        found.append(entry)
    return found


def donors(rng: random.Random, day: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for pickup in day["pickups"]:
        supply = []
        for lot in pickup["lots"]:
            left = (dt.date.fromisoformat(lot["date"]) - SOURCE_DATE).days
            shelf = max(left, 0 if lot["date_kind"] == "DDM" else 2)
            supply.append(
                {
                    "category": lot["category"],
                    "temperature": lot["temperature"],
                    "kg_by_day": {d: round(lot["kg"] * f, 1) for d, f in WEEKDAY_FACTOR.items()},
                    "shelf_life_days": min(shelf, 120),
                    "date_kind": lot["date_kind"],
                    "description": lot.get("description", ""),
                }
            )
        contract = bool(pickup.get("required"))
        allowed = DAYS if contract else sorted(rng.sample(DAYS, rng.randint(3, 6)), key=DAYS.index)
        worked = [d for d in allowed if d != "thu"]
        collections = 5 if contract else min(rng.choice((2, 3)), len(worked))
        found.append(
            {
                "site": pickup["site"],
                "allowed_days": allowed,
                "collections": collections,
                "supply": supply,
                "required": contract,
                "usual_days": _usual(rng, allowed, collections, 1),
            }
        )
    return found


def vehicles(rng: random.Random, day: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    saturday = {"pl19-1", "pl12-1", "vl-1"}
    for index, vehicle in enumerate(day["vehicles"]):
        entry = dict(vehicle)
        volunteer = vehicle["id"].startswith("vl")
        entry["driver"] = f"{FIRST_NAMES[index % len(FIRST_NAMES)]} ({vehicle['id']})"
        if volunteer:
            days = sorted(rng.sample(DAYS[:5], rng.randint(2, 4)), key=DAYS.index)
        else:
            days = list(DAYS[:5])
        if vehicle["id"] in saturday:
            days.append("sat")
        if days == ["thu"]:
            days = ["wed", "thu"]
        entry["days"] = days
        if volunteer and "wed" in days and index % 2 == 0:
            entry["hours"] = {"wed": {"start": "08:00", "end": "12:00"}}
        found.append(entry)
    return found


def generate(day: dict[str, Any]) -> dict[str, Any]:
    rng = random.Random(SEED)
    return {
        "schema_version": "1.0",
        "name": NAME,
        "week_start": WEEK_START.isoformat(),
        "days": DAYS,
        "holidays": [d.isoformat() for d in HOLIDAYS],
        "sites": day["sites"],
        "vehicles": vehicles(rng, day),
        "partners": partners(rng, day),
        "donors": donors(rng, day),
        "travel": day["travel"],
        "settings": {"seed": 1},
        "week": {"time_limit_per_day_s": 10, "improving_moves": 4},
    }


def main(argv: list[str]) -> None:
    target = Path(argv[1]) if len(argv) > 1 else TARGET
    day = json.loads(SOURCE.read_text(encoding="utf-8"))
    week = generate(day)
    target.write_text(json.dumps(week, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"Wrote {target}: {len(week['partners'])} partners, {len(week['donors'])} donors")


if __name__ == "__main__":
    main(sys.argv)
