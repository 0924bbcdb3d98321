"""The linear program (GLOP) and the minimum-line MIP (SCIP) of the share-out, and the rounding."""

from __future__ import annotations

import datetime as dt
import math
import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from ortools.linear_solver import pywraplp

from optimizer.allocation.instance import (
    DECI,
    SOLVER_EPS,
    Instance,
    entitled_partners,
    floor_dk,
)
from optimizer.errors import AllocationError
from optimizer.model import (
    Category,
    Lot,
    TemperatureClass,
)

LP_SOLVER = "GLOP"
# The minimum-line MIP runs on the LP's lines only (see with_min_lines); CBC was slower on the
# same models. On the Dijon stock day SCIP finds its final solution in a second, 0.44 % under
# the LP bound, then spends its whole budget (45 s) closing a 0.1 % gap without improving it:
# 0.5 % stops it at that solution.
MIP_SOLVER = "SCIP"
MIP_RELATIVE_GAP = 5e-3


@dataclass
class Solution:
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


def solve_model(
    instance: Instance, pairs: Mapping[tuple[int, int], int], mip: bool, time_limit_s: float
) -> Solution:
    """One solve over the given (lot, partner) pairs, with or without the minimum-line rule."""
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
        var = solver.NumVar(0.0, ub_dk / DECI, f"x_{li}_{pi}")
        x[li, pi] = var
        objective.SetCoefficient(var, instance.value[li])
        if mip:
            use = solver.BoolVar(f"y_{li}_{pi}")
            # Either nothing or a line of at least the minimum (the whole lot if smaller).
            lower = solver.Constraint(0.0, solver.infinity())
            lower.SetCoefficient(var, 1.0)
            lower.SetCoefficient(use, -instance.line_floor_dk(li) / DECI)
            upper = solver.Constraint(-solver.infinity(), 0.0)
            upper.SetCoefficient(var, 1.0)
            upper.SetCoefficient(use, -ub_dk / DECI)

    by_lot: dict[int, list[int]] = defaultdict(list)
    by_partner_class: dict[tuple[int, TemperatureClass], list[int]] = defaultdict(list)
    by_partner_category: dict[tuple[int, Category], list[int]] = defaultdict(list)
    for li, pi in x:
        lot = instance.lots[li]
        by_lot[li].append(pi)
        by_partner_class[pi, lot.temperature].append(li)
        by_partner_category[pi, lot.category].append(li)

    for li, partners in by_lot.items():
        stock = solver.Constraint(0.0, instance.lot_dk[li] / DECI)
        for pi in partners:
            stock.SetCoefficient(x[li, pi], 1.0)
    for (pi, klass), lots in by_partner_class.items():
        cap = instance.partners[pi].cap_dk[klass]
        if math.isinf(cap) or cap >= sum(pairs[li, pi] for li in lots):
            continue
        storage = solver.Constraint(0.0, cap / DECI)
        for li in lots:
            storage.SetCoefficient(x[li, pi], 1.0)

    _add_equity_terms(solver, objective, instance, x, by_partner_category)

    parameters = pywraplp.MPSolverParameters()
    if mip:
        parameters.SetDoubleParam(parameters.RELATIVE_MIP_GAP, MIP_RELATIVE_GAP)
    started = time.perf_counter()
    status = solver.Solve(parameters)
    runtime = time.perf_counter() - started
    if status not in _STATUS:
        raise AllocationError(f"the {name} solver ended with status {status} and no solution")
    return Solution(
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


def _add_equity_terms(
    solver: pywraplp.Solver,
    objective: pywraplp.Objective,
    instance: Instance,
    x: Mapping[tuple[int, int], pywraplp.Variable],
    by_partner_category: Mapping[tuple[int, Category], list[int]],
) -> None:
    """Charge ``equity_weight`` € per kg of deviation from each fair share, and as much per kg of
    the largest deviation per beneficiary (in kg for a partner of average size)."""
    weight = instance.problem.settings.equity_weight
    entitled = entitled_partners(instance)
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


def solve_grouped(instance: Instance, time_limit_s: float) -> Solution:
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
    solution = solve_model(grouped, grouped.pairs, mip=False, time_limit_s=time_limit_s)
    given: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for (gi, pi), kg in sorted(solution.x_kg.items()):
        given[gi].append((pi, kg))
    x_kg: dict[tuple[int, int], float] = {}
    for gi, lots in enumerate(members):
        left = [instance.lot_dk[li] / DECI for li in lots]
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


def _group_lots(instance: Instance) -> tuple[Instance, list[list[int]]]:
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
    grouped = Instance(
        problem=instance.problem,
        partners=instance.partners,
        lots=[
            Lot(id=f"group-{gi}", category=key[0], temperature=key[1], kg=lot_dk[gi] / DECI)
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


def with_min_lines(instance: Instance, relaxed: Solution, time_limit_s: float) -> Solution:
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
    solution = solve_model(instance, support, mip=True, time_limit_s=remaining)
    solution.solver = f"{relaxed.solver}+{solution.solver}"
    solution.runtime_s += relaxed.runtime_s
    solution.time_limit_s = time_limit_s
    solution.bound_eur = relaxed.objective_eur
    return solution


def round_lines(
    instance: Instance, x_kg: Mapping[tuple[int, int], float]
) -> dict[tuple[int, int], int]:
    """Round the solver's kilograms to tenths without exceeding any lot or storage.

    Every line is floored, and trimmed wherever solver noise still breaks a limit; then, lot by
    lot, the tenths lost to flooring go back one each to the lines with the largest fractional
    parts (largest remainder) while the partner's storage for the class has room. Only existing
    lines grow, so rounding never creates a 0.1 kg crumb.
    """
    lines = {key: floor_dk(kg, SOLVER_EPS) for key, kg in x_kg.items()}
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
        solver_dk = floor_dk(solver_kg[li], SOLVER_EPS)
        missing = min(solver_dk, instance.lot_dk[li]) - sum(lines[k] for k in keys)
        by_fraction = sorted(keys, key=lambda k: (-(x_kg[k] * DECI - lines[k]), k))
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
