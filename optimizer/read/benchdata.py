"""The public benchmark sets of ``../shared/benchdata``: instances, classes, best-known solutions.

Files are read in place, never copied into the repository. The folder is found next to the
repository (``<repo>/../shared/benchdata``) unless ``FOODROUTE_BENCHDATA`` names another one.

Families and their classes:

- ``solomon``: Solomon VRPTW, 100 customers (C1, C2, R1, R2, RC1, RC2); no solution files;
- ``homberger200``: Gehring-Homberger VRPTW, 200 customers (same classes);
- ``lilim200``: Li & Lim PDPTW, about 100 pairs (LC1, LC2, LR1, LR2, LRC1, LRC2);
- ``cvrp_x``: CVRPLIB X instances (one class, ``X``), integer (nint) distances.

Distances of the first three are in double precision, of ``cvrp_x`` rounded per arc; all are
scaled by :data:`~optimizer.read.literature.SCALE` (``Instance.scale``).
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from optimizer.model import Problem
from optimizer.plan import RouteSequence
from optimizer.read import vrplib
from optimizer.read.lilim import read_lilim
from optimizer.read.literature import SCALE
from optimizer.read.sintef import read_sintef
from optimizer.read.solomon import read_solomon

ENVIRONMENT_VARIABLE = "FOODROUTE_BENCHDATA"


def root() -> Path:
    """The benchmark folder: ``$FOODROUTE_BENCHDATA`` or ``<repo>/../shared/benchdata``."""
    configured = os.environ.get(ENVIRONMENT_VARIABLE)
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2].parent / "shared" / "benchdata"


def available() -> bool:
    """Whether the benchmark folder is there (tests skip cleanly when it is not)."""
    return root().is_dir()


@dataclass(frozen=True)
class Family:
    folder: str
    suffix: str
    read: Callable[[Path], Problem]
    classify: Callable[[str], tuple[str, int]]


def _gh_class(name: str) -> tuple[str, int]:
    """``c1_2_10`` → (``C1``, 10); ``lrc2_2_3`` → (``LRC2``, 3)."""
    prefix, _, number = name.partition("_2_")
    return prefix.upper(), int(number)


def _solomon_class(name: str) -> tuple[str, int]:
    """``RC105`` → (``RC1``, 5)."""
    match = re.fullmatch(r"([A-Z]+)(\d)(\d\d)", name.upper())
    if match is None:
        raise ValueError(f"not a Solomon instance name: {name}")
    return match.group(1) + match.group(2), int(match.group(3))


def _cvrp_class(name: str) -> tuple[str, int]:
    """``X-n101-k25`` → (``X``, 101)."""
    match = re.fullmatch(r"([A-Z]+)-n(\d+)-k\d+", name)
    if match is None:
        raise ValueError(f"not a CVRPLIB instance name: {name}")
    return match.group(1), int(match.group(2))


FAMILIES: dict[str, Family] = {
    "solomon": Family("solomon", ".txt", read_solomon, _solomon_class),
    "homberger200": Family("homberger200", ".txt", read_solomon, _gh_class),
    "lilim200": Family("lilim200", ".txt", read_lilim, _gh_class),
    "cvrp_x": Family("cvrp_x", ".vrp", vrplib.read_vrplib, _cvrp_class),
}


def _family(family: str) -> Family:
    if family not in FAMILIES:
        raise ValueError(f"unknown family {family!r}; choose among {', '.join(FAMILIES)}")
    return FAMILIES[family]


@dataclass(frozen=True)
class Bks:
    """A best-known solution's value as its table gives it."""

    vehicles: int
    distance: float
    convention: str


@dataclass
class Instance:
    """One benchmark instance; its problem is read on first use."""

    family: str
    name: str
    klass: str
    path: Path
    bks: Bks | None = None
    scale: float = float(SCALE)

    @property
    def bks_vehicles(self) -> int | None:
        return None if self.bks is None else self.bks.vehicles

    @property
    def bks_distance(self) -> float | None:
        return None if self.bks is None else self.bks.distance

    @cached_property
    def problem(self) -> Problem:
        return _family(self.family).read(self.path)

    def bks_routes(self) -> list[RouteSequence]:
        """The published best-known solution as routes of :attr:`problem`'s vehicles."""
        return bks_solution(self.family, self.name, self.problem)


def bks_table(family: str, table: str = "bks.csv") -> dict[str, Bks]:
    """A family's BKS table by instance name (``bks.csv``, or another ``bks_*.csv``)."""
    path = root() / _family(family).folder / table
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            row["instance"]: Bks(int(row["vehicles"]), float(row["distance"]), row["convention"])
            for row in csv.DictReader(handle)
        }


def instances(family: str) -> list[Instance]:
    """Every instance of a family, by class then number (``c1_2_2`` before ``c1_2_10``)."""
    spec = _family(family)
    folder = root() / spec.folder
    table = bks_table(family)
    found = []
    for path in folder.glob(f"*{spec.suffix}"):
        klass, _ = spec.classify(path.stem)
        found.append(Instance(family, path.stem, klass, path, table.get(path.stem)))
    return sorted(found, key=lambda i: spec.classify(i.name))


def instance(family: str, name: str) -> Instance:
    """One instance by name (the file stem, e.g. ``c1_2_1``, ``LC1`` names are lower case)."""
    for candidate in instances(family):
        if candidate.name == name:
            return candidate
    raise KeyError(f"no instance {name!r} in {family}")


def classes(family: str) -> list[str]:
    return sorted({i.klass for i in instances(family)})


def subset(family: str, n_per_class: int) -> list[Instance]:
    """``n_per_class`` instances of each class, spread evenly over the class's numbering.

    With 10 instances per class and ``n_per_class = 2`` it picks numbers 1 and 6; with
    ``n_per_class`` at or above the class size, all of them. Always the same for the same data.
    """
    if n_per_class < 1:
        raise ValueError(f"n_per_class = {n_per_class} not understood; give 1 or more")
    chosen = []
    every = instances(family)
    for klass in classes(family):
        members = [i for i in every if i.klass == klass]
        count = min(n_per_class, len(members))
        chosen += [members[position * len(members) // count] for position in range(count)]
    return chosen


def bks_solution(family: str, name: str, problem: Problem | None = None) -> list[RouteSequence]:
    """The published best-known solution of an instance as :class:`RouteSequence` s.

    SINTEF files (``bks_solutions/<name>.<vehicles>_<distance>.txt``) for ``homberger200``
    and ``lilim200``, ``<name>.sol`` for ``cvrp_x``; Solomon has none (``FileNotFoundError``).
    """
    spec = _family(family)
    if problem is None:
        problem = instance(family, name).problem
    folder = root() / spec.folder
    if family == "cvrp_x":
        routes, _ = vrplib.read_solution(folder / f"{name}.sol", problem)
        return routes
    matches = sorted((folder / "bks_solutions").glob(f"{name}.*.txt"))
    if not matches:
        raise FileNotFoundError(f"no best-known solution file for {family}/{name}")
    return read_sintef(matches[0], problem)
