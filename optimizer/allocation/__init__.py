"""Who gets which warehouse stock: a fair, expiry-aware share-out solved as a linear program.

The food bank shares its stock among partners in proportion to the people they serve. Done by
hand, short-dated chilled food waits in the cold room while a partner without a fridge receives
yoghurts, and partners far away get less than their share. This package decides, for every lot of
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
    solved by SCIP over the lines the linear program uses (see
    :func:`~optimizer.allocation.lp.with_min_lines` for why). Otherwise the model is a linear
    program (GLOP), solved in well under a second.

Scale
    The LP has one variable per group of interchangeable lots and partner, not per lot and partner
    (see :func:`~optimizer.allocation.lp.solve_grouped`): 200 partners × 2,000 lots solve in about
    half a second. Variables are kilograms (up to a few tonnes) and the objective is in euros, with
    coefficients of a few € per kg: well inside the solvers' tolerances, so nothing is rescaled.

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

Modules
    :mod:`~optimizer.allocation.result` (the output contract), :mod:`~optimizer.allocation.instance`
    (eligibility, what the solver sees), :mod:`~optimizer.allocation.lp` (the LP, the MIP, the
    rounding), :mod:`~optimizer.allocation.report` (shares, metrics, leftovers),
    :mod:`~optimizer.allocation.allocate` (the entry points), :mod:`~optimizer.allocation.routing`
    (from an allocation to deliveries) and :mod:`~optimizer.allocation.agreement` (do the routes
    deliver what the allocation gives? import it from there: it reads the checker).
"""

from optimizer.allocation.allocate import allocate, allocation_from_lines
from optimizer.allocation.instance import keeps_until, required_days, storage_cap_kg, supply_date
from optimizer.allocation.lp import LP_SOLVER, MIP_RELATIVE_GAP, MIP_SOLVER
from optimizer.allocation.report import gini
from optimizer.allocation.result import (
    ALLOCATION_SCHEMA_VERSION,
    Allocation,
    AllocationLine,
    AllocationOutput,
    CategoryShare,
    EquityMetrics,
    PartnerAllocation,
    PartnerStatus,
    PickList,
    SolverInfo,
    UndistributedLot,
    UndistributedReason,
    pick_lists,
)
from optimizer.allocation.routing import (
    DELIVERY_JOB_PREFIX,
    allocated_lot_id,
    allocation_job_id,
    delivered_today,
    deliveries_from_allocation,
    pick_lists_for_collecting,
    pick_lists_for_later_deliveries,
)
from optimizer.errors import AllocationError

__all__ = [
    "ALLOCATION_SCHEMA_VERSION",
    "DELIVERY_JOB_PREFIX",
    "LP_SOLVER",
    "MIP_RELATIVE_GAP",
    "MIP_SOLVER",
    "Allocation",
    "AllocationError",
    "AllocationLine",
    "AllocationOutput",
    "CategoryShare",
    "EquityMetrics",
    "PartnerAllocation",
    "PartnerStatus",
    "PickList",
    "SolverInfo",
    "UndistributedLot",
    "UndistributedReason",
    "allocate",
    "allocated_lot_id",
    "allocation_from_lines",
    "allocation_job_id",
    "delivered_today",
    "deliveries_from_allocation",
    "gini",
    "keeps_until",
    "pick_lists",
    "pick_lists_for_collecting",
    "pick_lists_for_later_deliveries",
    "required_days",
    "storage_cap_kg",
    "supply_date",
]
