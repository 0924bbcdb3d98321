"""Checking a day's sites on a road network before planning: ``foodroute roads check``.

Each site's snap (where and how far) with the profile the day is planned on, and the sites
that cannot be reached, from the same cached matrix the plan will use.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from optimizer.errors import InputIssue
from optimizer.model import Problem
from optimizer.model import RoadTravel as RoadTravelSpec
from optimizer.roads.problem import engine_for, planning_profile
from optimizer.roads.profiles import RoadProfile
from optimizer.roads.snapping import Snap, snap_sites
from optimizer.roads.travel import RoadTravel, far_issues, unreachable_issues, unreachable_sites


@dataclass(frozen=True)
class SitesCheck:
    profile: RoadProfile
    snaps: list[Snap]
    unreachable: list[str]  # site ids
    issues: list[InputIssue]


def check_sites(problem: Problem, roads: Path | str) -> SitesCheck:
    """``roads``: a tiles folder or a Valhalla service's URL."""
    network = engine_for(RoadTravelSpec.of(str(roads)))
    profile = planning_profile(problem)
    snaps = snap_sites(network, problem.sites, profile)
    found = RoadTravel(network, profile).road_matrices(problem.sites)
    issues = far_issues(problem.sites, found.snap_m)
    missing = found.distance_m < 0
    unreachable: list[str] = []
    if not issues:
        unreachable = [problem.sites[i].id for i in unreachable_sites(missing)]
        issues = unreachable_issues(problem.sites, missing, profile)
    return SitesCheck(profile, snaps, unreachable, issues)
