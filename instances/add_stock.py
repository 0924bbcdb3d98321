"""Give the Dijon day a warehouse stock and partner data, for the allocation demo.

    python instances/add_stock.py [SOURCE] [TARGET]

reads ``instances/dijon-200.json`` (the day made by ``generate_dijon.py``) and writes
``instances/dijon-200-stock.json``: the same day, with

- ``stock``: about 90 warehouse lots in realistic proportions by weight (ambient ≈ 70 %: dry
  groceries, UHT milk, fruit and vegetables, bread; chilled ≈ 20 %: yoghurts and cheese with a
  DLC 2 to 10 days ahead, meat and ready meals; frozen ≈ 10 %), plus one chilled lot whose DLC
  is today (it must come out as "expires before any delivery");
- for every partner: ``storage_kg`` per class (a quarter have no fridge, two fifths no freezer,
  one in ten declares none = unlimited), ``receiving`` (≈ 60 % delivered, the rest collect at
  the warehouse), ``next_supply_date`` (half today, the rest 1 to 3 days ahead) and
  ``beneficiaries`` when the source lacks them;
- no ``deliveries``: the allocation creates them;
- ``settings.min_line_kg`` = 2 kg, so that nobody gets a few hundred grams of something.

Quantities follow the food bank's order of magnitude (≈ 40 kg a person a year, a partner
supplied about weekly: ≈ 0.6 kg per beneficiary for one share-out) and are scaled down if the
partners delivered today would need more than half of the fleet's capacity in any class, so that
the routing of the demo stays feasible.

Deterministic: one ``random.Random(SEED)``, partners and lots visited in file order; the same
source gives a byte-identical target.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

SEED = 20250310
HERE = Path(__file__).resolve().parent
SOURCE = HERE / "dijon-200.json"
TARGET = HERE / "dijon-200-stock.json"

KG_PER_BENEFICIARY = 0.6
FLEET_SHARE = 0.5  # at most this share of the fleet's capacity per class for today's deliveries
MIN_LINE_KG = 2.0

# (category, temperature, share of the stock's kg, lots, date kind, first day, last day, names)
# Days are counted from the plan date; None = no date on the lot.
LOT_KINDS: list[tuple[str, str, float, int, str, int | None, int | None, tuple[str, ...]]] = [
    (
        "dry_groceries",
        "ambient",
        0.45,
        30,
        "DDM",
        30,
        360,
        (
            "Pâtes",
            "Riz",
            "Conserves de légumes",
            "Conserves de poisson",
            "Farine",
            "Huile de tournesol",
            "Céréales du petit-déjeuner",
            "Lentilles",
            "Sucre",
            "Café",
            "Compotes",
            "Biscuits",
        ),
    ),
    ("dairy", "ambient", 0.07, 5, "DDM", 20, 120, ("Lait UHT demi-écrémé", "Lait UHT entier")),
    (
        "fruits_vegetables",
        "ambient",
        0.15,
        14,
        "DDM",
        1,
        6,
        ("Pommes", "Carottes", "Pommes de terre", "Oranges", "Bananes", "Tomates", "Salades"),
    ),
    ("bakery", "ambient", 0.03, 6, "DDM", 1, 3, ("Pain de mie", "Viennoiseries", "Baguettes")),
    (
        "dairy",
        "chilled",
        0.13,
        16,
        "DLC",
        2,
        10,
        ("Yaourts nature", "Yaourts aux fruits", "Fromage blanc", "Emmental", "Crème fraîche"),
    ),
    (
        "meat_fish",
        "chilled",
        0.05,
        8,
        "DLC",
        2,
        6,
        ("Jambon", "Poulet", "Saumon fumé", "Steaks hachés"),
    ),
    ("other", "chilled", 0.02, 3, "DLC", 2, 8, ("Plats cuisinés", "Quiches")),
    (
        "frozen",
        "frozen",
        0.10,
        10,
        "DDM",
        60,
        300,
        ("Légumes surgelés", "Poisson pané", "Frites surgelées", "Pizzas surgelées"),
    ),
]
CLASSES = ("ambient", "chilled", "frozen")


def main(argv: Sequence[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else SOURCE
    target = Path(argv[2]) if len(argv) > 2 else TARGET
    document = json.loads(source.read_text(encoding="utf-8"))
    enriched = add_stock(document, random.Random(SEED))

    # Validate with the engine's own model before writing: a demo file must always load.
    sys.path.insert(0, str(HERE.parent))
    from optimizer.read.documents import parse_problem

    problem = parse_problem(enriched)
    target.write_text(json.dumps(enriched, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    partners = [s for s in problem.sites if s.kind.value == "partner"]
    print(
        f"Wrote {target.name}: {len(problem.stock)} lots, "
        f"{sum(lot.kg for lot in problem.stock):,.0f} kg, {len(partners)} partners, "
        f"{sum(s.beneficiaries or 0 for s in partners):,} beneficiaries"
    )
    return 0


def add_stock(
    document: dict[str, Any], rng: random.Random, lot_factor: float = 1.0
) -> dict[str, Any]:
    """The enriched copy of a problem document (the input is not modified).

    ``lot_factor`` multiplies the number of lots of each kind (same kilograms, smaller lots):
    the allocation benchmark uses it to reach 2,000 lots.
    """
    result = json.loads(json.dumps(document))
    plan_date = dt.date.fromisoformat(result["date"])
    partners = [site for site in result["sites"] if site["kind"] == "partner"]
    if not partners:
        raise SystemExit("the source has no partner site: nothing to allocate to")
    for site in partners:
        if not site.get("beneficiaries"):
            site["beneficiaries"] = rng.randint(30, 600)
    total_people = sum(site["beneficiaries"] for site in partners)

    for site in partners:
        site["receiving"] = "delivered" if rng.random() < 0.6 else "collects"
        offset = 0 if rng.random() < 0.5 else rng.randint(1, 3)
        site["next_supply_date"] = (plan_date + dt.timedelta(days=offset)).isoformat()

    total_kg = KG_PER_BENEFICIARY * total_people * _fleet_scale(result, partners, plan_date)
    class_share = {k: sum(kind[2] for kind in LOT_KINDS if kind[1] == k) for k in CLASSES}
    for site in partners:
        site["storage_kg"] = _storage(
            rng, site["beneficiaries"], total_kg, total_people, class_share
        )

    stock = []
    for category, temperature, share, count, kind, first, last, names in LOT_KINDS:
        lots = max(1, round(count * lot_factor))
        mean_kg = total_kg * share / lots
        for _ in range(lots):
            kg = max(1.0, round(mean_kg * rng.uniform(0.4, 1.6) * 2) / 2)
            lot: dict[str, Any] = {
                "id": f"stock-{len(stock) + 1:03d}",
                "category": category,
                "temperature": temperature,
                "kg": kg,
                "description": rng.choice(names),
            }
            if first is not None and last is not None:
                days = rng.randint(first, last)
                lot["date"] = (plan_date + dt.timedelta(days=days)).isoformat()
                lot["date_kind"] = kind
            stock.append(lot)
    # Cream brought back yesterday by the ramasse, DLC today: no partner can still receive it.
    stock.append(
        {
            "id": f"stock-{len(stock) + 1:03d}",
            "category": "dairy",
            "temperature": "chilled",
            "kg": 18.0,
            "date": plan_date.isoformat(),
            "date_kind": "DLC",
            "description": "Crème dessert",
        }
    )
    result["stock"] = stock
    result["deliveries"] = []
    result.setdefault("settings", {})["min_line_kg"] = MIN_LINE_KG
    if result.get("name"):
        result["name"] = f"{result['name']} + stock"
    return result


def _storage(
    rng: random.Random,
    people: int,
    total_kg: float,
    total_people: int,
    class_share: dict[str, float],
) -> dict[str, float] | None:
    """Storage per class around the partner's expected share: some tight, some generous."""
    if rng.random() < 0.1:
        return None
    storage = {}
    for klass in CLASSES:
        expected = total_kg * class_share[klass] * people / total_people
        missing = {"ambient": 0.0, "chilled": 0.25, "frozen": 0.4}[klass]
        if rng.random() < missing:
            storage[klass] = 0.0
        else:
            storage[klass] = float(max(5, round(expected * rng.uniform(0.6, 3.0) / 5) * 5))
    return storage


def _fleet_scale(
    document: dict[str, Any], partners: list[dict[str, Any]], plan_date: dt.date
) -> float:
    """≤ 1: shrink the stock so today's deliveries fit in half of the fleet, class by class."""
    today = [
        site
        for site in partners
        if site["receiving"] == "delivered" and site["next_supply_date"] == plan_date.isoformat()
    ]
    people_today = sum(site["beneficiaries"] for site in today)
    people = sum(site["beneficiaries"] for site in partners)
    scale = 1.0
    for klass in CLASSES:
        fleet = sum(v["capacity_kg"].get(klass, 0.0) for v in document["vehicles"])
        share = sum(kind[2] for kind in LOT_KINDS if kind[1] == klass)
        needed = KG_PER_BENEFICIARY * people * share * people_today / people
        if needed > 0:
            scale = min(scale, FLEET_SHARE * fleet / needed)
    return scale


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
