"""From rounded lines to the allocation report: fair shares, partner entries, metrics, leftovers.

Every figure is computed on the rounded lines, so it can be recomputed from the lines alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from optimizer.allocation.instance import (
    DECI,
    Instance,
    entitled_partners,
    keeps_until,
    supply_date,
)
from optimizer.allocation.lp import Solution
from optimizer.allocation.result import (
    Allocation,
    AllocationLine,
    CategoryShare,
    EquityMetrics,
    PartnerAllocation,
    PartnerStatus,
    SolverInfo,
    UndistributedLot,
    UndistributedReason,
)
from optimizer.model import (
    TEMPERATURE_CLASSES,
    Category,
    ClassKg,
    Settings,
    SiteKind,
    TemperatureClass,
)


def _kg(dk: float) -> float:
    return round(dk / DECI, 1)


def allocation_report(
    instance: Instance,
    statuses: Mapping[str, PartnerStatus],
    solution: Solution,
    lines_dk: Mapping[tuple[int, int], int],
    excluded: list[str],
) -> Allocation:
    problem = instance.problem
    lots, partners = instance.lots, instance.partners
    entitled = entitled_partners(instance)

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
                distributed_dk[category] / DECI * partners[pi].beneficiaries / total
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

    categories = _category_shares(instance, entitled, distributed_dk)

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
        undistributed_kg=round(stock_kg - allocated_dk / DECI, 1),
        metrics=metrics,
        solver=_solver_info(instance, solution, lines_dk),
    )


def _category_shares(
    instance: Instance,
    entitled: Mapping[Category, list[int]],
    distributed_dk: Mapping[Category, int],
) -> list[CategoryShare]:
    """Per category in stock: what there was, what could go, what went and to how many."""
    lots, partners = instance.lots, instance.partners
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
    return categories


def _solver_info(
    instance: Instance, solution: Solution, lines_dk: Mapping[tuple[int, int], int]
) -> SolverInfo:
    return SolverInfo(
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
            sum(instance.value[li] * dk / DECI for (li, _), dk in lines_dk.items()), 2
        ),
    )


def _partner_entries(
    instance: Instance,
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
                    round(received_dk / DECI / fair_total, 4) if fair_total > 1e-9 else None
                ),
                kg_per_beneficiary=(
                    round(received_dk / DECI / beneficiaries, 3) if beneficiaries else None
                ),
            )
        )
    return entries


def _metrics(
    instance: Instance,
    entitled: Mapping[Category, list[int]],
    got: Mapping[tuple[int, Category], int],
    shares: Mapping[tuple[int, Category], float],
    entries: Sequence[PartnerAllocation],
) -> EquityMetrics:
    partners = instance.partners
    total_deviation = 0.0
    worst_deviation, worst_partner = 0.0, None
    for (pi, category), share in shares.items():
        deviation = abs(got.get((pi, category), 0) / DECI - share)
        total_deviation += deviation
        if deviation > worst_deviation + 1e-9:
            worst_deviation, worst_partner = deviation, partners[pi].site.id
    rated = [e for e in entries if e.fill_rate is not None]
    lowest = min(rated, key=lambda e: e.fill_rate or 0.0, default=None)
    members = sorted({pi for group in entitled.values() for pi in group})
    per_person = [
        sum(got.get((pi, c), 0) for c in Category) / DECI / partners[pi].beneficiaries
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
    instance: Instance,
    solution: Solution,
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
        left = round(lot.kg - given.get(li, 0) / DECI, 1)
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
            elif instance.min_line_dk > 0 and chosen * DECI < instance.min_line_dk:
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


def _why_nobody(instance: Instance, li: int, settings: Settings) -> UndistributedReason:
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
