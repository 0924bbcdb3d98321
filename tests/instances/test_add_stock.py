"""The Dijon stock day: rebuilt byte for byte from the Dijon day, shaped as its docstring says."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import random
from collections import Counter
from pathlib import Path
from types import ModuleType

from optimizer.allocation import allocate
from optimizer.model import Receiving, SiteKind, TemperatureClass
from optimizer.read.documents import load_problem

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "instances" / "dijon-200.json"
COMMITTED = ROOT / "instances" / "dijon-200-stock.json"


def _script() -> ModuleType:
    """The script is not part of the package: load it from its file."""
    spec = importlib.util.spec_from_file_location("add_stock", ROOT / "instances" / "add_stock.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_file_is_what_the_script_makes_of_the_dijon_day() -> None:
    # If this fails after dijon-200.json changed, run `python instances/add_stock.py`.
    script = _script()
    source = json.loads(SOURCE.read_text(encoding="utf-8"))
    enriched = script.add_stock(source, random.Random(script.SEED))
    text = json.dumps(enriched, indent=2, ensure_ascii=False) + "\n"
    assert text == COMMITTED.read_text(encoding="utf-8")


def test_the_stock_day_has_partners_data_and_a_lot_nobody_can_receive() -> None:
    problem = load_problem(COMMITTED)
    partners = [s for s in problem.sites if s.kind is SiteKind.PARTNER]
    assert len(partners) == 160
    assert len(problem.stock) == 93
    assert problem.deliveries == []
    assert problem.settings.min_line_kg == 2
    assert all(p.beneficiaries and p.next_supply_date for p in partners)
    receiving = Counter(p.receiving for p in partners)
    assert 0.45 < receiving[Receiving.DELIVERED] / len(partners) < 0.75
    no_fridge = sum(1 for p in partners if p.storage_kg is not None and p.storage_kg.chilled == 0)
    assert no_fridge > 0
    kg = Counter[TemperatureClass]()
    for lot in problem.stock:
        kg[lot.temperature] += lot.kg
    # Ambient ≈ 70 %, chilled ≈ 20 %, frozen ≈ 10 % of the kilograms.
    assert 0.6 < kg[TemperatureClass.AMBIENT] / kg.total() < 0.8
    assert 0.1 < kg[TemperatureClass.CHILLED] / kg.total() < 0.3
    cream = [lot for lot in problem.stock if lot.date == problem.date]
    assert [lot.kg for lot in cream] == [18.0]

    allocation = allocate(problem)
    assert [(u.lot, u.kg, u.reason.value) for u in allocation.undistributed] == [
        (cream[0].id, 18.0, "expires_before_any_delivery")
    ]


def test_todays_deliveries_fit_in_half_the_fleet() -> None:
    problem = load_problem(COMMITTED)
    allocation = allocate(problem)
    today = {
        e.partner
        for e in allocation.partners
        if e.receiving is Receiving.DELIVERED and e.supply_date == problem.date
    }
    for klass in TemperatureClass:
        fleet = sum(v.capacity_kg.get(klass) for v in problem.vehicles)
        loaded = sum(allocation.partner(p).kg_by_class.get(klass) for p in today)
        assert loaded <= 0.5 * fleet + 1e-6, klass
    assert problem.date == dt.date(2025, 3, 10)
