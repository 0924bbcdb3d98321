"""Checks across the parts of one day: unique ids, references to the right kind of site.

Each object validates itself; what needs the whole problem (a vehicle's depot must be a depot
site, a job id is used once over pickups, deliveries and shipments) is here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from optimizer.errors import InputIssue
from optimizer.model.common import duplicate_positions
from optimizer.model.sites import SiteKind
from optimizer.model.travel import ExplicitTravel

if TYPE_CHECKING:
    from optimizer.model.jobs import Job
    from optimizer.model.problem import Problem
    from optimizer.model.sites import Site


def reference_issues(problem: Problem) -> list[InputIssue]:
    """Every cross-part defect of ``problem``, each with the path of the field at fault."""
    sites = {site.id: site for site in problem.sites}
    jobs: list[tuple[str, int, Job]] = [("pickups", i, p) for i, p in enumerate(problem.pickups)]
    jobs += [("deliveries", i, d) for i, d in enumerate(problem.deliveries)]
    return [
        *_id_issues(problem, jobs),
        *_shipment_site_issues(problem, sites),
        *_lot_id_issues(problem, jobs),
        *_depot_issues(problem, sites),
        *in_day_issues(problem, sites),
        *_job_site_issues(jobs, sites),
        *_travel_issues(problem),
    ]


def _id_issues(problem: Problem, jobs: list[tuple[str, int, Job]]) -> list[InputIssue]:
    """Site ids and vehicle ids are unique; a job id is used once over all kinds of job."""
    issues: list[InputIssue] = []
    for index in duplicate_positions([s.id for s in problem.sites]):
        issues.append(
            InputIssue.said(f"sites[{index}].id", "input.id_used_twice", id=problem.sites[index].id)
        )
    for index in duplicate_positions([v.id for v in problem.vehicles]):
        issues.append(
            InputIssue.said(
                f"vehicles[{index}].id", "input.id_used_twice", id=problem.vehicles[index].id
            )
        )
    named: list[tuple[str, str]] = [(f"{field}[{i}].id", job.id) for field, i, job in jobs]
    named += [(f"shipments[{i}].id", s.id) for i, s in enumerate(problem.shipments)]
    for index in duplicate_positions([identifier for _, identifier in named]):
        path, identifier = named[index]
        issues.append(InputIssue.said(path, "input.job_id_used_twice", id=identifier))
    return issues


def _shipment_site_issues(problem: Problem, sites: dict[str, Site]) -> list[InputIssue]:
    """Both ends of a shipment are known sites, neither of them a depot."""
    issues: list[InputIssue] = []
    for index, shipment in enumerate(problem.shipments):
        for end in ("pickup", "delivery"):
            site_id = getattr(shipment, end).site
            site = sites.get(site_id)
            if site is None:
                issues.append(
                    InputIssue.said(f"shipments[{index}].{end}.site", "input.no_site", site=site_id)
                )
            elif site.kind is SiteKind.DEPOT:
                issues.append(
                    InputIssue.said(
                        f"shipments[{index}].{end}.site", "input.shipment_at_depot", site=site_id
                    )
                )
    return issues


def _lot_id_issues(problem: Problem, jobs: list[tuple[str, int, Job]]) -> list[InputIssue]:
    """A lot id is used once over jobs, shipments and the warehouse stock."""
    lot_paths = [
        (f"{field}[{i}].lots[{j}].id", lot)
        for field, i, job in jobs
        for j, lot in enumerate(job.lots)
    ]
    lot_paths += [
        (f"shipments[{i}].lots[{j}].id", lot)
        for i, shipment in enumerate(problem.shipments)
        for j, lot in enumerate(shipment.lots)
    ]
    lot_paths += [(f"stock[{i}].id", lot) for i, lot in enumerate(problem.stock)]
    return [
        InputIssue.said(lot_paths[index][0], "input.lot_id_used_twice", id=lot_paths[index][1].id)
        for index in duplicate_positions([lot.id for _, lot in lot_paths])
    ]


def _depot_issues(problem: Problem, sites: dict[str, Site]) -> list[InputIssue]:
    """A vehicle's depot and end depot, when given, are depot sites."""
    issues: list[InputIssue] = []
    for index, vehicle in enumerate(problem.vehicles):
        for key in ("depot", "end_depot"):
            site_id = getattr(vehicle, key)
            if site_id is None:
                continue
            site = sites.get(site_id)
            if site is None:
                issues.append(
                    InputIssue.said(f"vehicles[{index}].{key}", "input.no_site", site=site_id)
                )
            elif site.kind is not SiteKind.DEPOT:
                issues.append(
                    InputIssue.said(
                        f"vehicles[{index}].{key}",
                        "input.not_a_depot",
                        site=site_id,
                        kind=site.kind.value,
                    )
                )
    return issues


def _job_site_issues(jobs: list[tuple[str, int, Job]], sites: dict[str, Site]) -> list[InputIssue]:
    """Pickups are at donors, deliveries at partners."""
    issues: list[InputIssue] = []
    expected = {"pickups": SiteKind.DONOR, "deliveries": SiteKind.PARTNER}
    for field, position, job in jobs:
        site = sites.get(job.site)
        if site is None:
            issues.append(
                InputIssue.said(f"{field}[{position}].site", "input.no_site", site=job.site)
            )
        elif site.kind is not expected[field]:
            issues.append(
                InputIssue.said(
                    f"{field}[{position}].site",
                    f"input.{field}_wrong_site",
                    site=job.site,
                    kind=site.kind.value,
                )
            )
    return issues


def _travel_issues(problem: Problem) -> list[InputIssue]:
    """Explicit travel matrices have a row for every site."""
    if not isinstance(problem.travel, ExplicitTravel):
        return []
    listed = set(problem.travel.site_ids)
    return [
        InputIssue.said("travel.site_ids", "input.no_matrix_row", site=site.id, index=index)
        for index, site in enumerate(problem.sites)
        if site.id not in listed
    ]


def in_day_issues(problem: Problem, sites: dict[str, Site]) -> list[InputIssue]:
    """A vehicle's start site must exist; goods on board belong to one vehicle's deliveries."""
    issues: list[InputIssue] = []
    deliveries = {delivery.id for delivery in problem.deliveries}
    carried_by: dict[str, str] = {}
    for index, vehicle in enumerate(problem.vehicles):
        if vehicle.start_site is not None and vehicle.start_site not in sites:
            issues.append(
                InputIssue.said(
                    f"vehicles[{index}].start_site", "input.no_site", site=vehicle.start_site
                )
            )
        for position, job_id in enumerate(vehicle.on_board):
            path = f"vehicles[{index}].on_board[{position}]"
            if job_id not in deliveries:
                issues.append(InputIssue.said(path, "input.no_delivery", job=job_id))
            elif job_id in carried_by:
                issues.append(
                    InputIssue.said(
                        path, "input.on_board_twice", job=job_id, vehicle=carried_by[job_id]
                    )
                )
            else:
                carried_by[job_id] = vehicle.id
    return issues
