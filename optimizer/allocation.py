"""Who gets which warehouse stock: a fair, expiry-aware share-out solved as a linear program.

The food bank shares its stock among partners in proportion to the people they serve. Done by
hand, short-dated chilled food waits in the cold room while a partner without a fridge receives
yoghurts, and partners far away get less than their share. This module decides, for every lot of
``Problem.stock`` and every partner, how many kilograms go there.

Eligibility (hard)
    A lot may go to a partner only if the partner stores its temperature class (``storage_kg``
    of that class > 0, or no ``storage_kg`` at all = unlimited) and the lot still has
    ``settings.min_days_left_at_partner[class]`` days left on the partner's supply date
    (``next_supply_date``, default the plan date), counted by
    :func:`optimizer.model.food.days_left`: a DLC is the last day, a DDM gets its category's
    grace period. Partners without beneficiaries (``None`` or 0) have no share and receive
    nothing; partners in ``exclude_partners`` neither.

Fair share (the definition every number here uses)
    For a category *c*, the partners *entitled* to it, E_c, are the eligible partners that can
    receive at least one lot of *c*; B_c is the sum of their beneficiaries and D_c the kilograms of
    *c* actually distributed. Partner *p* in E_c has the fair share::

        share[p, c] = D_c × beneficiaries[p] / B_c

    and its deviation is ``|allocated[p, c] − share[p, c]|`` (both sides). The share is taken of
    what is *distributed*, not of what is in stock, as in Sengul Orgut et al. (2016): then
    "perfectly fair" is always reachable (distribute nothing, or everything in proportion), and a
    deviation measures only how unevenly the food that does leave is spread. A partner that cannot
    take a category at all (no freezer, or every lot of it expires before it is supplied) is not
    entitled to it and its share goes to the others; a partner whose storage is too small for its
    share *is* entitled, and the shortfall counts.

Objective (maximised, in euros)
    value of the food distributed, each kg worth ``value_eur_per_kg[category]`` × the urgency
    factor of its days left on the plan date (first expired, first out), minus
    ``equity_weight`` € per kg of deviation summed over partners and categories, minus
    ``equity_weight`` × the largest deviation per beneficiary, expressed in kg for a partner of
    average size (so that a 20-person association missing 10 kg weighs more than a 500-person
    one missing 10 kg). With the default weight (1 €/kg) against ~4.3 €/kg of food, nearly all
    usable food leaves; a larger weight keeps food back rather than drift from fair shares, which
    is the "3E" trade-off (equity against effectiveness) of Hasnain et al. (2021).

Minimum line
    With ``settings.min_line_kg`` > 0 each (lot, partner) line is either 0 or at least
    ``min_line_kg`` (or the whole lot when the lot itself is smaller): a mixed-integer program,
    solved by SCIP over the lines the linear program uses (see :func:`_with_min_lines` for why).
    Otherwise the model is a linear program (GLOP), solved in well under a second.

Scale
    The LP has one variable per group of interchangeable lots and partner, not per lot and
    partner (see :func:`_solve_grouped`): 200 partners × 2,000 lots solve in about half a second.
    Variables are kilograms (up to a few tonnes) and the objective is in euros, with coefficients
    of a few € per kg: well inside the solvers' tolerances, so nothing is rescaled.

Rounding
    Kilograms are continuous in the solver and rounded to 0.1 kg in the result: floored, then the
    tenths lost go back to the lines with the largest remainders where the lot and the storage
    have room, so no lot and no partner storage is ever exceeded, even by floating-point noise.
    Fair shares, deviations and metrics are computed on the rounded lines, so every figure in the
    result can be recomputed from its lines.

Second pass after routing
    ``exclude_partners`` takes out partners the routes could not serve (their share is spread
    over the others) and ``caps_kg`` limits what a partner may receive per class on top of its
    storage, e.g. the room left in the vehicle that already visits it. Calling :func:`allocate`
    again with both re-shares what could not be delivered without touching the problem.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from ortools.linear_solver import pywraplp
from pydantic import BaseModel, ConfigDict, Field

from optimizer.model import (
    TEMPERATURE_CLASSES,
    Category,
    ClassKg,
    DateKind,
    Lot,
    Problem,
    Receiving,
    Settings,
    Site,
    SiteKind,
    TemperatureClass,
)
from optimizer.model.food import days_left, urgency_factor

ALLOCATION_SCHEMA_VERSION: Literal["1.0"] = "1.0"

LP_SOLVER = "GLOP"
# The minimum-line MIP runs on the LP's lines only (see _with_min_lines); CBC was slower on the
# same models. On the Dijon stock day SCIP finds its final solution in a second, 0.44 % under
# the LP bound, then spends its whole budget (45 s) closing a 0.1 % gap without improving it:
# 0.5 % stops it at that solution.
MIP_SOLVER = "SCIP"
MIP_RELATIVE_GAP = 5e-3

_DECI = 10  # results are in tenths of a kilogram
# Input kilograms within float error of a tenth count as that tenth (3 × 0.1 is 0.30000000000000004)
_INPUT_EPS = 1e-9
# Solver values within this of a tenth count as that tenth, in tenths: GLOP and SCIP meet bounds
# to ~1e-7 kg, and a line of exactly the minimum must not floor to one tenth below it.
_SOLVER_EPS = 1e-4


class AllocationError(RuntimeError):
    """The solver returned no usable solution (should not happen: giving nothing is feasible)."""


# ---------------------------------------------------------------------------------------------
# Output contract
# ---------------------------------------------------------------------------------------------


class AllocationOutput(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PartnerStatus(StrEnum):
    """Whether a partner takes part in the share-out."""

    ELIGIBLE = "eligible"
    NO_BENEFICIARIES = "no_beneficiaries"
    EXCLUDED = "excluded"


class UndistributedReason(StrEnum):
    """Why stock stays in the warehouse (machine-readable; the writers add a French sentence)."""

    EXPIRES_BEFORE_ANY_DELIVERY = "expires_before_any_delivery"
    """Some partner stores the class, but none is supplied while the lot keeps enough days."""
    NO_PARTNER_ACCEPTS_CLASS = "no_partner_accepts_class"
    """No partner taking part has any storage for the lot's temperature class."""
    NO_STORAGE_LEFT = "no_storage_left"
    """The partners that could take it have filled their storage for the class."""
    BELOW_MIN_LINE = "below_min_line"
    """What is left is smaller than the minimum line."""
    KEPT_FOR_EQUITY = "kept_for_equity"
    """Room remains, but giving it would drift from fair shares by more than the food is worth."""
    ROUNDING = "rounding"
    """Below 0.1 kg per line: lost when kilograms are floored to tenths."""


class AllocationLine(AllocationOutput):
    """Kilograms of one stock lot for one partner, with what a picker needs to find it."""

    partner: str
    lot: str
    kg: float = Field(gt=0, description="Kilograms, a multiple of 0.1.")
    category: Category
    temperature: TemperatureClass
    date: dt.date | None = None
    date_kind: DateKind = DateKind.DLC
    description: str = ""


class PartnerAllocation(AllocationOutput):
    """What one partner receives, against its fair share."""

    partner: str
    name: str = ""
    commune: str = ""
    status: PartnerStatus
    beneficiaries: int
    receiving: Receiving
    supply_date: dt.date = Field(description="When the allocation reaches the partner.")
    storage_kg: ClassKg | None = Field(description="Storage per class; none = unlimited.")
    kg_by_class: ClassKg
    kg_by_category: dict[Category, float]
    fair_share_kg: dict[Category, float] = Field(
        description="Fair share of each category the partner is entitled to, kg."
    )
    total_kg: float
    fair_share_total_kg: float
    fill_rate: float | None = Field(
        description="Received ÷ fair share over its categories; none if it has no share."
    )
    kg_per_beneficiary: float | None


class CategoryShare(AllocationOutput):
    """How one category was shared out."""

    category: Category
    stock_kg: float
    distributable_kg: float = Field(description="Stock of lots at least one partner may take.")
    distributed_kg: float
    entitled_partners: int
    entitled_beneficiaries: int


class UndistributedLot(AllocationOutput):
    """Kilograms of one lot that stay in the warehouse, with the reason."""

    lot: str
    category: Category
    temperature: TemperatureClass
    date: dt.date | None = None
    date_kind: DateKind = DateKind.DLC
    kg: float
    reason: UndistributedReason


class EquityMetrics(AllocationOutput):
    """The "3E" equity figures, computed on the rounded lines (definitions in the module doc)."""

    sum_deviation_kg: float = Field(
        description="Σ |allocated − fair share| over partners × categories."
    )
    max_deviation_kg: float
    max_deviation_partner: str | None = None
    min_fill_rate: float | None = Field(description="Smallest received ÷ fair share.")
    min_fill_rate_partner: str | None = None
    gini_kg_per_beneficiary: float = Field(
        description="Gini of kg per beneficiary across people (partners weighted by beneficiaries)."
    )
    partners_entitled: int
    partners_served: int


class SolverInfo(AllocationOutput):
    solver: str
    status: str = Field(
        description="optimal (for the MIP: within 0.5 % of its bound) or feasible (time limit)."
    )
    mip: bool
    runtime_s: float
    time_limit_s: float
    variables: int
    constraints: int
    objective_eur: float = Field(description="Value distributed − equity penalties, € (solver).")
    bound_eur: float | None = Field(
        None, description="Upper bound on the objective (LP without minimum lines), €; MIP only."
    )
    value_distributed_eur: float = Field(description="Value of the rounded lines, €.")


class Allocation(AllocationOutput):
    """The share-out of the warehouse stock (public output, ``schema_version`` 1.0)."""

    schema_version: Literal["1.0"] = ALLOCATION_SCHEMA_VERSION
    problem_name: str
    date: dt.date
    equity_weight: float
    min_line_kg: float
    excluded_partners: list[str] = Field(default_factory=list)
    lines: list[AllocationLine]
    partners: list[PartnerAllocation]
    categories: list[CategoryShare]
    undistributed: list[UndistributedLot]
    undistributed_kg_by_reason: dict[UndistributedReason, float]
    stock_kg: float
    allocated_kg: float
    undistributed_kg: float
    metrics: EquityMetrics
    solver: SolverInfo

    def lines_of(self, partner: str) -> list[AllocationLine]:
        return [line for line in self.lines if line.partner == partner]

    def partner(self, partner: str) -> PartnerAllocation:
        for entry in self.partners:
            if entry.partner == partner:
                return entry
        raise KeyError(partner)

    def table(self) -> dict[str, dict[str, float]]:
        """The allocation table: partner → lot → kg (absent = 0)."""
        table: dict[str, dict[str, float]] = defaultdict(dict)
        for line in self.lines:
            table[line.partner][line.lot] = line.kg
        return dict(table)


class PickList(AllocationOutput):
    """What to prepare at the warehouse for one partner."""

    partner: str
    name: str = ""
    receiving: Receiving
    supply_date: dt.date
    lines: list[AllocationLine]

    @property
    def total_kg(self) -> float:
        return round(sum(line.kg for line in self.lines), 1)


def pick_lists(allocation: Allocation, receiving: Receiving | None = None) -> list[PickList]:
    """One pick list per partner that receives something (optionally of one receiving mode),
    lines in warehouse order: class, category, then the soonest date first."""
    lists = []
    for entry in allocation.partners:
        if receiving is not None and entry.receiving is not receiving:
            continue
        lines = sorted(allocation.lines_of(entry.partner), key=_pick_order)
        if lines:
            lists.append(
                PickList(
                    partner=entry.partner,
                    name=entry.name,
                    receiving=entry.receiving,
                    supply_date=entry.supply_date,
                    lines=lines,
                )
            )
    return lists


def _pick_order(line: AllocationLine) -> tuple[int, str, dt.date, str]:
    return (
        TEMPERATURE_CLASSES.index(line.temperature),
        line.category.value,
        line.date or dt.date.max,
        line.lot,
    )


# ---------------------------------------------------------------------------------------------
# Eligibility
# ---------------------------------------------------------------------------------------------


def supply_date(site: Site, plan_date: dt.date) -> dt.date:
    """When the allocation reaches the partner: its ``next_supply_date``, never before the plan."""
    if site.next_supply_date is None:
        return plan_date
    return max(site.next_supply_date, plan_date)


def required_days(lot: Lot, settings: Settings) -> int:
    return settings.min_days_left_at_partner.get(lot.temperature, 0)


def keeps_until(lot: Lot, on: dt.date, settings: Settings) -> bool:
    """True if the lot still has the required shelf life for its class on date ``on``."""
    left = days_left(lot, on, settings)
    return left is None or left >= required_days(lot, settings)


def storage_cap_kg(site: Site, klass: TemperatureClass) -> float:
    """The partner's storage for one class, kg; ``math.inf`` when it declares none (unlimited)."""
    return math.inf if site.storage_kg is None else site.storage_kg.get(klass)


# ---------------------------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------------------------


@dataclass
class _Partner:
    site: Site
    beneficiaries: int
    supply: dt.date
    cap_dk: dict[TemperatureClass, float]  # tenths of kg; math.inf = unlimited


@dataclass
class _Instance:
    """The problem reduced to what the solver sees, in tenths of a kilogram."""

    problem: Problem
    partners: list[_Partner]
    lots: list[Lot]
    lot_dk: list[int]
    value: list[float]  # € per kg
    pairs: dict[tuple[int, int], int] = field(default_factory=dict)  # (lot, partner) → ub dk
    min_line_dk: int = 0

    def line_floor_dk(self, lot: int) -> int:
        """Smallest non-zero line for this lot: the minimum line, or the whole (small) lot."""
        return min(self.min_line_dk, self.lot_dk[lot])


def _floor_dk(kg: float, tolerance: float = _INPUT_EPS) -> int:
    return math.floor(kg * _DECI + tolerance)


def _build_instance(
    problem: Problem,
    exclude: Collection[str],
    caps_kg: Mapping[str, ClassKg],
) -> tuple[_Instance, dict[str, PartnerStatus]]:
    settings = problem.settings
    statuses: dict[str, PartnerStatus] = {}
    partners: list[_Partner] = []
    for site in problem.sites:
        if site.kind is not SiteKind.PARTNER:
            continue
        if site.id in exclude:
            statuses[site.id] = PartnerStatus.EXCLUDED
            continue
        if not site.beneficiaries:
            statuses[site.id] = PartnerStatus.NO_BENEFICIARIES
            continue
        statuses[site.id] = PartnerStatus.ELIGIBLE
        cap_dk: dict[TemperatureClass, float] = {}
        for klass in TEMPERATURE_CLASSES:
            cap = storage_cap_kg(site, klass)
            if site.id in caps_kg:
                cap = min(cap, caps_kg[site.id].get(klass))
            cap_dk[klass] = cap if math.isinf(cap) else _floor_dk(cap)
        partners.append(_Partner(site, site.beneficiaries, supply_date(site, problem.date), cap_dk))
    lots = list(problem.stock)
    instance = _Instance(
        problem=problem,
        partners=partners,
        lots=lots,
        lot_dk=[_floor_dk(lot.kg) for lot in lots],
        value=[
            settings.value_eur_per_kg.get(lot.category, 0.0)
            * urgency_factor(days_left(lot, problem.date, settings), settings)
            for lot in lots
        ],
        min_line_dk=math.ceil(settings.min_line_kg * _DECI - _INPUT_EPS),
    )
    supplies = sorted({partner.supply for partner in partners})
    for li, lot in enumerate(lots):
        # Partners are supplied on a handful of dates: test the shelf life once per date.
        keeps = {on: keeps_until(lot, on, settings) for on in supplies}
        for pi, partner in enumerate(partners):
            ub = min(instance.lot_dk[li], partner.cap_dk[lot.temperature])
            if ub <= 0 or ub < instance.line_floor_dk(li):
                continue
            if keeps[partner.supply]:
                instance.pairs[li, pi] = int(ub)
    return instance, statuses


@dataclass
class _Solution:
    x_kg: dict[tuple[int, int], float]
    solver: str
    status: str
    mip: bool
    runtime_s: float
    time_limit_s: float
    variables: int
    constraints: int
    objective_eur: float
    bound_eur: float | None = None


_STATUS = {
    pywraplp.Solver.OPTIMAL: "optimal",
    pywraplp.Solver.FEASIBLE: "feasible",
}


def _solve(
    instance: _Instance, pairs: Mapping[tuple[int, int], int], mip: bool, time_limit_s: float
) -> _Solution:
    """One solve over the given (lot, partner) pairs, with or without the minimum-line rule."""
    settings = instance.problem.settings
    name = MIP_SOLVER if mip else LP_SOLVER
    solver = pywraplp.Solver.CreateSolver(name)
    if solver is None:  # pragma: no cover - both ship with OR-Tools wheels
        raise AllocationError(f"OR-Tools solver {name} is not available")
    solver.SetTimeLimit(max(1, round(time_limit_s * 1000)))
    solver.SetNumThreads(1)
    objective = solver.Objective()
    objective.SetMaximization()

    x: dict[tuple[int, int], pywraplp.Variable] = {}
    for (li, pi), ub_dk in pairs.items():
        var = solver.NumVar(0.0, ub_dk / _DECI, f"x_{li}_{pi}")
        x[li, pi] = var
        objective.SetCoefficient(var, instance.value[li])
        if mip:
            use = solver.BoolVar(f"y_{li}_{pi}")
            # Either nothing or a line of at least the minimum (the whole lot if smaller).
            lower = solver.Constraint(0.0, solver.infinity())
            lower.SetCoefficient(var, 1.0)
            lower.SetCoefficient(use, -instance.line_floor_dk(li) / _DECI)
            upper = solver.Constraint(-solver.infinity(), 0.0)
            upper.SetCoefficient(var, 1.0)
            upper.SetCoefficient(use, -ub_dk / _DECI)

    by_lot: dict[int, list[int]] = defaultdict(list)
    by_partner_class: dict[tuple[int, TemperatureClass], list[int]] = defaultdict(list)
    by_partner_category: dict[tuple[int, Category], list[int]] = defaultdict(list)
    for li, pi in x:
        lot = instance.lots[li]
        by_lot[li].append(pi)
        by_partner_class[pi, lot.temperature].append(li)
        by_partner_category[pi, lot.category].append(li)

    for li, partners in by_lot.items():
        stock = solver.Constraint(0.0, instance.lot_dk[li] / _DECI)
        for pi in partners:
            stock.SetCoefficient(x[li, pi], 1.0)
    for (pi, klass), lots in by_partner_class.items():
        cap = instance.partners[pi].cap_dk[klass]
        if math.isinf(cap) or cap >= sum(pairs[li, pi] for li in lots):
            continue
        storage = solver.Constraint(0.0, cap / _DECI)
        for li in lots:
            storage.SetCoefficient(x[li, pi], 1.0)

    weight = settings.equity_weight
    entitled = _entitled(instance)
    if weight > 0 and entitled:
        mean_beneficiaries = sum(p.beneficiaries for p in instance.partners) / len(
            instance.partners
        )
        worst = solver.NumVar(0.0, solver.infinity(), "max_dev")
        objective.SetCoefficient(worst, -weight)
        for category, members in entitled.items():
            total_beneficiaries = sum(instance.partners[pi].beneficiaries for pi in members)
            # The category's distributed kg as one variable keeps each deviation row short.
            distributed = solver.NumVar(0.0, solver.infinity(), f"t_{category.value}")
            definition = solver.Constraint(0.0, 0.0)
            definition.SetCoefficient(distributed, -1.0)
            for li, pi in x:
                if instance.lots[li].category is category:
                    definition.SetCoefficient(x[li, pi], 1.0)
            for pi in members:
                beneficiaries = instance.partners[pi].beneficiaries
                share = beneficiaries / total_beneficiaries
                deviation = solver.NumVar(0.0, solver.infinity(), f"d_{pi}_{category.value}")
                objective.SetCoefficient(deviation, -weight)
                over = solver.Constraint(-solver.infinity(), 0.0)  # got − share ≤ dev
                under = solver.Constraint(-solver.infinity(), 0.0)  # share − got ≤ dev
                for li in by_partner_category[pi, category]:
                    over.SetCoefficient(x[li, pi], 1.0)
                    under.SetCoefficient(x[li, pi], -1.0)
                over.SetCoefficient(distributed, -share)
                under.SetCoefficient(distributed, share)
                over.SetCoefficient(deviation, -1.0)
                under.SetCoefficient(deviation, -1.0)
                # worst ≥ deviation per beneficiary × beneficiaries of an average partner
                scaled = solver.Constraint(-solver.infinity(), 0.0)
                scaled.SetCoefficient(deviation, mean_beneficiaries / beneficiaries)
                scaled.SetCoefficient(worst, -1.0)

    parameters = pywraplp.MPSolverParameters()
    if mip:
        parameters.SetDoubleParam(parameters.RELATIVE_MIP_GAP, MIP_RELATIVE_GAP)
    started = time.perf_counter()
    status = solver.Solve(parameters)
    runtime = time.perf_counter() - started
    if status not in _STATUS:
        raise AllocationError(f"the {name} solver ended with status {status} and no solution")
    return _Solution(
        x_kg={key: var.solution_value() for key, var in x.items()},
        solver=name,
        status=_STATUS[status],
        mip=mip,
        runtime_s=runtime,
        time_limit_s=time_limit_s,
        variables=solver.NumVariables(),
        constraints=solver.NumConstraints(),
        objective_eur=objective.Value(),
    )


def _solve_grouped(instance: _Instance, time_limit_s: float) -> _Solution:
    """The linear program over groups of interchangeable lots, split back into lots.

    Lots of the same category and class, worth the same per kg (same urgency step) and open to
    the same partners are interchangeable for the model: every constraint and every term of the
    objective sees only their sum per partner. So the LP is solved over one variable per (group,
    partner) and has the same optimum as the LP over lots. Measured on 200 partners × 2,000 lots:
    ≈ 300,000 lot variables, 3.7 s in GLOP plus as long again to build; grouped, a few thousand
    variables and well under a second.

    Each group's kilograms are then handed out lot by lot, soonest date first, partner after
    partner (the north-west corner rule of transportation problems): at most one line per lot
    and partner more than the lots, so pick lists stay short.
    """
    grouped, members = _group_lots(instance)
    solution = _solve(grouped, grouped.pairs, mip=False, time_limit_s=time_limit_s)
    given: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for (gi, pi), kg in sorted(solution.x_kg.items()):
        given[gi].append((pi, kg))
    x_kg: dict[tuple[int, int], float] = {}
    for gi, lots in enumerate(members):
        left = [instance.lot_dk[li] / _DECI for li in lots]
        at = 0
        for pi, kg in given[gi]:
            while kg > 1e-9 and at < len(lots):
                take = min(kg, left[at])
                if take > 0:
                    x_kg[lots[at], pi] = x_kg.get((lots[at], pi), 0.0) + take
                kg -= take
                left[at] -= take
                if left[at] <= 1e-9:
                    at += 1
    solution.x_kg = x_kg
    return solution


def _group_lots(instance: _Instance) -> tuple[_Instance, list[list[int]]]:
    """The instance whose "lots" are groups of interchangeable lots, and each group's lots."""
    eligible: dict[int, list[int]] = defaultdict(list)
    for li, pi in instance.pairs:
        eligible[li].append(pi)
    groups: dict[tuple[Category, TemperatureClass, float, tuple[int, ...]], list[int]] = {}
    for li, partners in eligible.items():
        lot = instance.lots[li]
        key = (lot.category, lot.temperature, instance.value[li], tuple(sorted(partners)))
        groups.setdefault(key, []).append(li)
    members = [
        sorted(lots, key=lambda li: (instance.lots[li].date or dt.date.max, li))
        for lots in groups.values()
    ]
    keys = list(groups)
    lot_dk = [sum(instance.lot_dk[li] for li in lots) for lots in members]
    grouped = _Instance(
        problem=instance.problem,
        partners=instance.partners,
        lots=[
            Lot(id=f"group-{gi}", category=key[0], temperature=key[1], kg=lot_dk[gi] / _DECI)
            for gi, key in enumerate(keys)
        ],
        lot_dk=lot_dk,
        value=[key[2] for key in keys],
    )
    for gi, key in enumerate(keys):
        for pi in key[3]:
            cap = instance.partners[pi].cap_dk[key[1]]
            grouped.pairs[gi, pi] = int(min(lot_dk[gi], cap))
    return grouped, members


def _with_min_lines(instance: _Instance, relaxed: _Solution, time_limit_s: float) -> _Solution:
    """The minimum-line MIP, restricted to the lines the LP uses (its support).

    Why restricted: on the Dijon day (≈90 lots × 150 partners, ≈12,000 pairs) SCIP, CBC and
    CP-SAT given all pairs as binaries end their 30 s with solutions 8 to 25 % below the LP
    bound, SCIP with 7,600 lines where the LP has 1,000. Within the LP's lines (≈1,600 on the
    Dijon stock day, ≈3,700 on 200 partners × 2,000 lots) SCIP reaches 0.5 % of its bound in 1
    to 3 s and lands within 0.5 % of the LP, which stays an upper bound for the full MIP (it
    only drops the minimum), reported as ``bound_eur``. Lines may shrink to zero or grow to the
    minimum; no new pair appears.
    """
    support = {key: instance.pairs[key] for key, kg in relaxed.x_kg.items() if kg > 1e-6}
    remaining = max(1.0, time_limit_s - relaxed.runtime_s)
    solution = _solve(instance, support, mip=True, time_limit_s=remaining)
    solution.solver = f"{relaxed.solver}+{solution.solver}"
    solution.runtime_s += relaxed.runtime_s
    solution.time_limit_s = time_limit_s
    solution.bound_eur = relaxed.objective_eur
    return solution


def _entitled(instance: _Instance) -> dict[Category, list[int]]:
    """E_c: for each category, the partners that can receive at least one of its lots."""
    members: dict[Category, set[int]] = defaultdict(set)
    for li, pi in instance.pairs:
        members[instance.lots[li].category].add(pi)
    return {category: sorted(members[category]) for category in Category if members[category]}


def _round_lines(
    instance: _Instance, x_kg: Mapping[tuple[int, int], float]
) -> dict[tuple[int, int], int]:
    """Round the solver's kilograms to tenths without exceeding any lot or storage.

    Every line is floored, and trimmed wherever solver noise still breaks a limit; then, lot by
    lot, the tenths lost to flooring go back one each to the lines with the largest fractional
    parts (largest remainder) while the partner's storage for the class has room. Only existing
    lines grow, so rounding never creates a 0.1 kg crumb.
    """
    lines = {key: _floor_dk(kg, _SOLVER_EPS) for key, kg in x_kg.items()}
    lines = {key: dk for key, dk in lines.items() if dk > 0}

    def trim(keys: list[tuple[int, int]], limit: float) -> None:
        while sum(lines[k] for k in keys) > limit:
            largest = max(keys, key=lambda k: lines[k])
            lines[largest] -= 1

    by_lot: dict[int, list[tuple[int, int]]] = defaultdict(list)
    by_storage: dict[tuple[int, TemperatureClass], list[tuple[int, int]]] = defaultdict(list)
    for li, pi in lines:
        by_lot[li].append((li, pi))
        by_storage[pi, instance.lots[li].temperature].append((li, pi))
    for li, keys in by_lot.items():
        trim(keys, instance.lot_dk[li])
    for (pi, klass), keys in by_storage.items():
        trim(keys, instance.partners[pi].cap_dk[klass])

    used = {key: float(sum(lines[k] for k in keys)) for key, keys in by_storage.items()}
    solver_kg: dict[int, float] = defaultdict(float)
    for (li, _), kg in x_kg.items():
        solver_kg[li] += kg
    for li, keys in by_lot.items():
        solver_dk = _floor_dk(solver_kg[li], _SOLVER_EPS)
        missing = min(solver_dk, instance.lot_dk[li]) - sum(lines[k] for k in keys)
        by_fraction = sorted(keys, key=lambda k: (-(x_kg[k] * _DECI - lines[k]), k))
        for key in by_fraction:
            if missing <= 0:
                break
            storage = key[1], instance.lots[li].temperature
            if used[storage] + 1 <= instance.partners[key[1]].cap_dk[storage[1]]:
                lines[key] += 1
                used[storage] += 1
                missing -= 1
    if instance.min_line_dk > 0:
        # A line trimmed below the minimum by the repair above is dropped, not kept short.
        lines = {key: dk for key, dk in lines.items() if dk >= instance.line_floor_dk(key[0])}
    return {key: dk for key, dk in lines.items() if dk > 0}


# ---------------------------------------------------------------------------------------------
# Public entry point
# ---------------------------------------------------------------------------------------------


def allocate(
    problem: Problem,
    *,
    exclude_partners: Collection[str] = frozenset(),
    caps_kg: Mapping[str, ClassKg] | None = None,
    time_limit_s: float | None = None,
) -> Allocation:
    """Share ``problem.stock`` among the partners, fairly and before it expires.

    ``exclude_partners``: partner ids that receive nothing this time (e.g. the routes could not
    reach them); their share is spread over the others. ``caps_kg``: per partner id, a ceiling
    per temperature class on top of its storage (kg). ``time_limit_s``: solver budget, default
    ``problem.settings.time_limit_s``; a MIP stopped by it returns its best solution
    (``solver.status == "feasible"``).

    Raises ``ValueError`` naming an unknown or non-partner id in either argument.
    """
    caps = dict(caps_kg or {})
    partner_ids = {s.id for s in problem.sites if s.kind is SiteKind.PARTNER}
    for argument, ids in (("exclude_partners", exclude_partners), ("caps_kg", caps)):
        unknown = sorted(set(ids) - partner_ids)
        if unknown:
            raise ValueError(f"{argument}: {', '.join(unknown)} is not a partner site id")
    limit = problem.settings.time_limit_s if time_limit_s is None else time_limit_s
    if limit <= 0:
        raise ValueError(f"time_limit_s={limit} not understood; it must be > 0")

    instance, statuses = _build_instance(problem, frozenset(exclude_partners), caps)
    solution = _solve_grouped(instance, time_limit_s=limit)
    if instance.min_line_dk > 0:
        solution = _with_min_lines(instance, solution, limit)
    lines_dk = _round_lines(instance, solution.x_kg)
    return _report(instance, statuses, solution, lines_dk, sorted(exclude_partners))


def allocation_from_lines(
    problem: Problem,
    lines_kg: Mapping[tuple[str, str], float],
    *,
    method: str,
    runtime_s: float = 0.0,
) -> Allocation:
    """Measure any share-out — a baseline, a planner's spreadsheet — as :func:`allocate` does.

    ``lines_kg``: (stock lot id, partner id) → kilograms, floored to 0.1 kg. The result has the
    same fair shares, metrics and undistributed reasons as an optimised allocation, and
    ``solver.objective_eur`` is the objective the optimiser maximises, so the two compare
    like for like. ``method`` names the share-out in ``solver.solver``.

    Raises ``ValueError`` for a line that breaks a hard rule: unknown lot or partner, a partner
    that may not receive the lot (no storage for its class, too short-dated on its supply date,
    no beneficiaries), more than the lot or more than the partner's storage for the class.
    """
    instance, statuses = _build_instance(problem, frozenset(), {})
    lot_index = {lot.id: li for li, lot in enumerate(instance.lots)}
    partner_index = {p.site.id: pi for pi, p in enumerate(instance.partners)}
    lines_dk: dict[tuple[int, int], int] = defaultdict(int)
    for (lot_id, partner_id), kg in lines_kg.items():
        if lot_id not in lot_index or partner_id not in partner_index:
            raise ValueError(f"line {lot_id} → {partner_id}: unknown lot or eligible partner")
        key = lot_index[lot_id], partner_index[partner_id]
        dk = _floor_dk(kg, _SOLVER_EPS)
        if dk <= 0:
            continue
        if key not in instance.pairs:
            raise ValueError(f"line {lot_id} → {partner_id}: the partner may not receive it")
        lines_dk[key] += dk
    per_lot: dict[int, int] = defaultdict(int)
    per_storage: dict[tuple[int, TemperatureClass], int] = defaultdict(int)
    for (li, pi), dk in lines_dk.items():
        per_lot[li] += dk
        per_storage[pi, instance.lots[li].temperature] += dk
    for li, dk in per_lot.items():
        if dk > instance.lot_dk[li]:
            raise ValueError(f"lot {instance.lots[li].id}: {dk / _DECI} kg given, more than it has")
    for (pi, klass), dk in per_storage.items():
        if dk > instance.partners[pi].cap_dk[klass]:
            partner = instance.partners[pi].site.id
            raise ValueError(f"{partner}: {dk / _DECI} kg {klass.value}, more than its storage")
    solution = _Solution(
        x_kg={key: dk / _DECI for key, dk in lines_dk.items()},
        solver=method,
        status="given",
        mip=False,
        runtime_s=runtime_s,
        time_limit_s=0.0,
        variables=0,
        constraints=0,
        objective_eur=_objective_eur(instance, lines_dk),
    )
    return _report(instance, statuses, solution, dict(lines_dk), [])


def _objective_eur(instance: _Instance, lines_dk: Mapping[tuple[int, int], int]) -> float:
    """The LP's objective for given lines: value − weight × (Σ deviations + scaled maximum)."""
    value = sum(instance.value[li] * dk / _DECI for (li, _), dk in lines_dk.items())
    weight = instance.problem.settings.equity_weight
    entitled = _entitled(instance)
    if weight <= 0 or not entitled:
        return value
    partners = instance.partners
    mean_beneficiaries = sum(p.beneficiaries for p in partners) / len(partners)
    got: dict[tuple[int, Category], float] = defaultdict(float)
    for (li, pi), dk in lines_dk.items():
        got[pi, instance.lots[li].category] += dk / _DECI
    total, worst = 0.0, 0.0
    for category, members in entitled.items():
        distributed = sum(got[pi, category] for pi in range(len(partners)))
        people = sum(partners[pi].beneficiaries for pi in members)
        for pi in members:
            share = distributed * partners[pi].beneficiaries / people
            deviation = abs(got[pi, category] - share)
            total += deviation
            worst = max(worst, deviation * mean_beneficiaries / partners[pi].beneficiaries)
    return value - weight * (total + worst)


# ---------------------------------------------------------------------------------------------
# Turning the rounded lines into the report
# ---------------------------------------------------------------------------------------------


def _kg(dk: float) -> float:
    return round(dk / _DECI, 1)


def _report(
    instance: _Instance,
    statuses: Mapping[str, PartnerStatus],
    solution: _Solution,
    lines_dk: Mapping[tuple[int, int], int],
    excluded: list[str],
) -> Allocation:
    problem = instance.problem
    lots, partners = instance.lots, instance.partners
    entitled = _entitled(instance)

    got: dict[tuple[int, Category], int] = defaultdict(int)
    got_class: dict[tuple[int, TemperatureClass], int] = defaultdict(int)
    given: dict[int, int] = defaultdict(int)
    for (li, pi), dk in lines_dk.items():
        got[pi, lots[li].category] += dk
        got_class[pi, lots[li].temperature] += dk
        given[li] += dk
    distributed_dk = {c: sum(got[pi, c] for pi in range(len(partners))) for c in Category}

    shares: dict[tuple[int, Category], float] = {}  # kg
    for category, members in entitled.items():
        total = sum(partners[pi].beneficiaries for pi in members)
        for pi in members:
            shares[pi, category] = (
                distributed_dk[category] / _DECI * partners[pi].beneficiaries / total
            )

    lines = [
        AllocationLine(
            partner=partners[pi].site.id,
            lot=lots[li].id,
            kg=_kg(dk),
            category=lots[li].category,
            temperature=lots[li].temperature,
            date=lots[li].date,
            date_kind=lots[li].date_kind,
            description=lots[li].description,
        )
        for (li, pi), dk in sorted(lines_dk.items(), key=lambda item: (item[0][1], item[0][0]))
    ]

    entries = _partner_entries(instance, statuses, got, got_class, shares)
    metrics = _metrics(instance, entitled, got, shares, entries)
    undistributed = _undistributed(instance, solution, lines_dk, given, got_class)
    by_reason: dict[UndistributedReason, float] = {}
    for item in undistributed:
        by_reason[item.reason] = round(by_reason.get(item.reason, 0.0) + item.kg, 1)

    categories = []
    reachable = {li for li, _ in instance.pairs}
    for category in Category:
        in_stock = [li for li, lot in enumerate(lots) if lot.category is category]
        if not in_stock:
            continue
        members = entitled.get(category, [])
        categories.append(
            CategoryShare(
                category=category,
                stock_kg=round(sum(lots[li].kg for li in in_stock), 1),
                distributable_kg=round(sum(lots[li].kg for li in in_stock if li in reachable), 1),
                distributed_kg=_kg(distributed_dk[category]),
                entitled_partners=len(members),
                entitled_beneficiaries=sum(partners[pi].beneficiaries for pi in members),
            )
        )

    allocated_dk = sum(lines_dk.values())
    stock_kg = round(sum(lot.kg for lot in lots), 1)
    return Allocation(
        problem_name=problem.name,
        date=problem.date,
        equity_weight=problem.settings.equity_weight,
        min_line_kg=problem.settings.min_line_kg,
        excluded_partners=excluded,
        lines=lines,
        partners=entries,
        categories=categories,
        undistributed=undistributed,
        undistributed_kg_by_reason=by_reason,
        stock_kg=stock_kg,
        allocated_kg=_kg(allocated_dk),
        undistributed_kg=round(stock_kg - allocated_dk / _DECI, 1),
        metrics=metrics,
        solver=SolverInfo(
            solver=solution.solver,
            status=solution.status,
            mip=solution.mip,
            runtime_s=round(solution.runtime_s, 3),
            time_limit_s=solution.time_limit_s,
            variables=solution.variables,
            constraints=solution.constraints,
            objective_eur=round(solution.objective_eur, 2),
            bound_eur=None if solution.bound_eur is None else round(solution.bound_eur, 2),
            value_distributed_eur=round(
                sum(instance.value[li] * dk / _DECI for (li, _), dk in lines_dk.items()), 2
            ),
        ),
    )


def _partner_entries(
    instance: _Instance,
    statuses: Mapping[str, PartnerStatus],
    got: Mapping[tuple[int, Category], int],
    got_class: Mapping[tuple[int, TemperatureClass], int],
    shares: Mapping[tuple[int, Category], float],
) -> list[PartnerAllocation]:
    problem = instance.problem
    index = {p.site.id: pi for pi, p in enumerate(instance.partners)}
    entries = []
    for site in problem.sites:
        if site.kind is not SiteKind.PARTNER:
            continue
        pi = index.get(site.id, -1)  # -1: takes no part, matches no key below
        by_class = ClassKg(**{k.value: _kg(got_class.get((pi, k), 0)) for k in TEMPERATURE_CLASSES})
        by_category = {c: _kg(got[pi, c]) for c in Category if got.get((pi, c), 0) > 0}
        fair = {c: shares[pi, c] for c in Category if (pi, c) in shares}
        fair_total = sum(fair.values())
        received_dk = sum(got.get((pi, c), 0) for c in Category)
        beneficiaries = site.beneficiaries or 0
        entries.append(
            PartnerAllocation(
                partner=site.id,
                name=site.name,
                commune=site.commune,
                status=statuses[site.id],
                beneficiaries=beneficiaries,
                receiving=site.receiving,
                supply_date=supply_date(site, problem.date),
                storage_kg=site.storage_kg,
                kg_by_class=by_class,
                kg_by_category=by_category,
                fair_share_kg={c: round(kg, 1) for c, kg in fair.items()},
                total_kg=_kg(received_dk),
                fair_share_total_kg=round(fair_total, 1),
                fill_rate=(
                    round(received_dk / _DECI / fair_total, 4) if fair_total > 1e-9 else None
                ),
                kg_per_beneficiary=(
                    round(received_dk / _DECI / beneficiaries, 3) if beneficiaries else None
                ),
            )
        )
    return entries


def _metrics(
    instance: _Instance,
    entitled: Mapping[Category, list[int]],
    got: Mapping[tuple[int, Category], int],
    shares: Mapping[tuple[int, Category], float],
    entries: Sequence[PartnerAllocation],
) -> EquityMetrics:
    partners = instance.partners
    total_deviation = 0.0
    worst_deviation, worst_partner = 0.0, None
    for (pi, category), share in shares.items():
        deviation = abs(got.get((pi, category), 0) / _DECI - share)
        total_deviation += deviation
        if deviation > worst_deviation + 1e-9:
            worst_deviation, worst_partner = deviation, partners[pi].site.id
    rated = [e for e in entries if e.fill_rate is not None]
    lowest = min(rated, key=lambda e: e.fill_rate or 0.0, default=None)
    members = sorted({pi for group in entitled.values() for pi in group})
    per_person = [
        sum(got.get((pi, c), 0) for c in Category) / _DECI / partners[pi].beneficiaries
        for pi in members
    ]
    return EquityMetrics(
        sum_deviation_kg=round(total_deviation, 1),
        max_deviation_kg=round(worst_deviation, 1),
        max_deviation_partner=worst_partner,
        min_fill_rate=None if lowest is None else lowest.fill_rate,
        min_fill_rate_partner=None if lowest is None else lowest.partner,
        gini_kg_per_beneficiary=round(
            gini(per_person, [partners[pi].beneficiaries for pi in members]), 4
        ),
        partners_entitled=len(members),
        partners_served=sum(1 for e in entries if e.total_kg > 0),
    )


def gini(values: Sequence[float], weights: Sequence[float] | None = None) -> float:
    """Weighted Gini coefficient: 0 when everyone has the same, towards 1 when one has it all.

    ``Σ_i Σ_j w_i w_j |x_i − x_j| / (2 W² x̄)`` with ``x̄`` the weighted mean; with partners
    weighted by beneficiaries it is the Gini across people. 0 for an empty or all-zero input.
    """
    w = [1.0] * len(values) if weights is None else [float(v) for v in weights]
    total_weight = sum(w)
    if total_weight <= 0:
        return 0.0
    mean = sum(wi * xi for wi, xi in zip(w, values, strict=True)) / total_weight
    if mean <= 0:
        return 0.0
    spread = sum(
        wi * wj * abs(xi - xj)
        for wi, xi in zip(w, values, strict=True)
        for wj, xj in zip(w, values, strict=True)
    )
    return spread / (2 * total_weight**2 * mean)


def _undistributed(
    instance: _Instance,
    solution: _Solution,
    lines_dk: Mapping[tuple[int, int], int],
    given: Mapping[int, int],
    got_class: Mapping[tuple[int, TemperatureClass], int],
) -> list[UndistributedLot]:
    """Split what stays of each lot into a reason for the solver's choice and rounding."""
    settings = instance.problem.settings
    candidates: dict[int, list[int]] = defaultdict(list)
    for li, pi in instance.pairs:
        candidates[li].append(pi)
    solver_given: dict[int, float] = defaultdict(float)
    for (li, _), kg in solution.x_kg.items():
        solver_given[li] += kg

    result: list[UndistributedLot] = []
    for li, lot in enumerate(instance.lots):
        left = round(lot.kg - given.get(li, 0) / _DECI, 1)
        if left <= 0:
            continue
        if not candidates[li]:
            reason = _why_nobody(instance, li, settings)
            parts = [(reason, left)]
        else:
            chosen = min(left, max(0.0, round(lot.kg - solver_given[li], 1)))
            rooms = [
                instance.partners[pi].cap_dk[lot.temperature] - got_class[pi, lot.temperature]
                for pi in candidates[li]
            ]
            if all(room < max(1, instance.min_line_dk) for room in rooms):
                reason = UndistributedReason.NO_STORAGE_LEFT
            elif instance.min_line_dk > 0 and chosen * _DECI < instance.min_line_dk:
                reason = UndistributedReason.BELOW_MIN_LINE
            else:
                reason = UndistributedReason.KEPT_FOR_EQUITY
            parts = [(reason, chosen), (UndistributedReason.ROUNDING, round(left - chosen, 1))]
        for reason, kg in parts:
            if kg > 0:
                result.append(
                    UndistributedLot(
                        lot=lot.id,
                        category=lot.category,
                        temperature=lot.temperature,
                        date=lot.date,
                        date_kind=lot.date_kind,
                        kg=kg,
                        reason=reason,
                    )
                )
    return result


def _why_nobody(instance: _Instance, li: int, settings: Settings) -> UndistributedReason:
    lot = instance.lots[li]
    storing = [p for p in instance.partners if p.cap_dk[lot.temperature] > 0]
    if not storing:
        return UndistributedReason.NO_PARTNER_ACCEPTS_CLASS
    if not any(keeps_until(lot, p.supply, settings) for p in storing):
        return UndistributedReason.EXPIRES_BEFORE_ANY_DELIVERY
    if instance.lot_dk[li] == 0:
        return UndistributedReason.ROUNDING
    # Stores the class and in time, yet no pair: the storage is smaller than one line.
    return UndistributedReason.BELOW_MIN_LINE
