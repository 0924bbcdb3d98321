"""The entry points of the share-out: optimise it, or measure a given one the same way."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping

from optimizer.allocation.instance import (
    DECI,
    SOLVER_EPS,
    Instance,
    build_instance,
    entitled_partners,
    floor_dk,
)
from optimizer.allocation.lp import Solution, round_lines, solve_grouped, with_min_lines
from optimizer.allocation.report import allocation_report
from optimizer.allocation.result import (
    Allocation,
)
from optimizer.model import (
    Category,
    ClassKg,
    Problem,
    SiteKind,
    TemperatureClass,
)


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

    instance, statuses = build_instance(problem, frozenset(exclude_partners), caps)
    solution = solve_grouped(instance, time_limit_s=limit)
    if instance.min_line_dk > 0:
        solution = with_min_lines(instance, solution, limit)
    lines_dk = round_lines(instance, solution.x_kg)
    return allocation_report(instance, statuses, solution, lines_dk, sorted(exclude_partners))


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
    instance, statuses = build_instance(problem, frozenset(), {})
    lot_index = {lot.id: li for li, lot in enumerate(instance.lots)}
    partner_index = {p.site.id: pi for pi, p in enumerate(instance.partners)}
    lines_dk: dict[tuple[int, int], int] = defaultdict(int)
    for (lot_id, partner_id), kg in lines_kg.items():
        if lot_id not in lot_index or partner_id not in partner_index:
            raise ValueError(f"line {lot_id} → {partner_id}: unknown lot or eligible partner")
        key = lot_index[lot_id], partner_index[partner_id]
        dk = floor_dk(kg, SOLVER_EPS)
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
            raise ValueError(f"lot {instance.lots[li].id}: {dk / DECI} kg given, more than it has")
    for (pi, klass), dk in per_storage.items():
        if dk > instance.partners[pi].cap_dk[klass]:
            partner = instance.partners[pi].site.id
            raise ValueError(f"{partner}: {dk / DECI} kg {klass.value}, more than its storage")
    solution = Solution(
        x_kg={key: dk / DECI for key, dk in lines_dk.items()},
        solver=method,
        status="given",
        mip=False,
        runtime_s=runtime_s,
        time_limit_s=0.0,
        variables=0,
        constraints=0,
        objective_eur=objective_of_lines(instance, lines_dk),
    )
    return allocation_report(instance, statuses, solution, dict(lines_dk), [])


def objective_of_lines(instance: Instance, lines_dk: Mapping[tuple[int, int], int]) -> float:
    """The LP's objective for given lines: value − weight × (Σ deviations + scaled maximum)."""
    value = sum(instance.value[li] * dk / DECI for (li, _), dk in lines_dk.items())
    weight = instance.problem.settings.equity_weight
    entitled = entitled_partners(instance)
    if weight <= 0 or not entitled:
        return value
    partners = instance.partners
    mean_beneficiaries = sum(p.beneficiaries for p in partners) / len(partners)
    got: dict[tuple[int, Category], float] = defaultdict(float)
    for (li, pi), dk in lines_dk.items():
        got[pi, instance.lots[li].category] += dk / DECI
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
