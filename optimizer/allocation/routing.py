"""From an allocation to the day's routing problem: one required delivery per delivered partner.

The allocation decides kilograms; routing needs jobs. Each partner that is delivered
(``receiving == delivered``) and supplied on the plan date gets one required
:class:`~optimizer.model.Delivery` carrying exactly its allocated lines. Partners that come to
the warehouse (``collects``) get a pick list instead, and so do delivered partners supplied on a
later day: a route plans one day, and their food is prepared now and loaded on that day.

Second pass (reallocating what the routes could not deliver): take the partners of the required
deliveries the plan left out, call :func:`optimizer.allocation.allocate` again on the *original*
problem with ``exclude_partners`` (and ``caps_kg`` for the room left in the vehicles if the routes
are kept), then :func:`deliveries_from_allocation` on the original problem again. The problem
returned here keeps ``stock`` untouched so that it stays the single description of the warehouse;
allocating on it a second time would count its stock twice with the deliveries it now carries.
"""

from __future__ import annotations

from optimizer.allocation.result import Allocation, AllocationLine, PickList, pick_lists
from optimizer.messages import message
from optimizer.model import Delivery, Lot, Problem, Receiving, SiteKind

DELIVERY_JOB_PREFIX = "alloc-"


def allocation_job_id(partner: str) -> str:
    """Id of the delivery job that carries ``partner``'s allocation."""
    return f"{DELIVERY_JOB_PREFIX}{partner}"


def allocated_lot_id(lot: str, partner: str) -> str:
    """Id of the part of stock lot ``lot`` that goes to ``partner``: unique across partners."""
    return f"{lot}@{partner}"


def delivered_today(problem: Problem, allocation: Allocation) -> list[str]:
    """Partner ids that are delivered on the plan date and receive something, in site order."""
    _check_same_day(problem, allocation)
    served = {line.partner for line in allocation.lines}
    return [
        entry.partner
        for entry in allocation.partners
        if entry.partner in served
        and entry.receiving is Receiving.DELIVERED
        and entry.supply_date == problem.date
    ]


def deliveries_from_allocation(problem: Problem, allocation: Allocation) -> Problem:
    """A copy of ``problem`` whose deliveries also carry the allocation to delivered partners.

    One required delivery ``alloc-<partner>`` per partner of :func:`delivered_today`, with one lot
    ``<lot>@<partner>`` per allocation line: same category, temperature class, date, date kind
    and description, ``kg`` = the allocated kilograms. Existing deliveries are kept. The copy is
    validated again, so a clash of ids is reported as a :class:`~optimizer.errors.ProblemError`.

    Raises ``ValueError`` if the allocation is for another date or names a lot or partner the
    problem does not have.
    """
    partners = delivered_today(problem, allocation)
    stock = {lot.id: lot for lot in problem.stock}
    known_partners = {s.id for s in problem.sites if s.kind is SiteKind.PARTNER}
    for line in allocation.lines:
        if line.lot not in stock:
            raise ValueError(f"allocation line for lot '{line.lot}': no such lot in the stock")
        if line.partner not in known_partners:
            raise ValueError(f"allocation line for '{line.partner}': no such partner site")
    new = [
        Delivery(
            id=allocation_job_id(partner),
            site=partner,
            lots=[_lot(stock[line.lot], line) for line in allocation.lines_of(partner)],
            note=message("allocation.delivery_note", "fr"),
        )
        for partner in partners
    ]
    document = problem.model_dump()
    document["deliveries"] = [*document["deliveries"], *(d.model_dump() for d in new)]
    return Problem.model_validate(document)


def _lot(stock_lot: Lot, line: AllocationLine) -> Lot:
    return stock_lot.model_copy(
        update={"id": allocated_lot_id(stock_lot.id, line.partner), "kg": line.kg}
    )


def pick_lists_for_collecting(allocation: Allocation) -> list[PickList]:
    """Pick lists of the partners that come to the warehouse for their allocation."""
    return pick_lists(allocation, Receiving.COLLECTS)


def pick_lists_for_later_deliveries(problem: Problem, allocation: Allocation) -> list[PickList]:
    """Pick lists of delivered partners supplied after the plan date (prepared now, routed then)."""
    _check_same_day(problem, allocation)
    return [
        pick
        for pick in pick_lists(allocation, Receiving.DELIVERED)
        if pick.supply_date > problem.date
    ]


def _check_same_day(problem: Problem, allocation: Allocation) -> None:
    if allocation.date != problem.date:
        raise ValueError(
            f"the allocation is for {allocation.date.isoformat()}, "
            f"the problem for {problem.date.isoformat()}"
        )
