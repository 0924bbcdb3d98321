"""A benchmark instance file of any family we read, recognised by its suffix and first lines.

``foodroute plan`` and ``foodroute check`` take the literature's files as they are published:
CVRPLIB ``.vrp`` (CVRP, :mod:`.vrplib`), Solomon and Gehring-Homberger ``.txt`` (VRPTW,
:mod:`.solomon`: a ``VEHICLE`` section then a ``CUSTOMER`` table) and Li & Lim ``.txt`` (PDPTW,
:mod:`.lilim`: a first line ``K Q speed``, then one row per node). Each is read with its reader's
defaults: the fleet of the file (one vehicle per customer for CVRP), no cost per vehicle, so the
objective is the total distance, the convention of CVRPLIB and of PyVRP.

How a solution numbers the customers depends on the family: :func:`solution_node_offset`.
"""

from __future__ import annotations

from pathlib import Path

from optimizer.model import Problem
from optimizer.read.lilim import parse_lilim
from optimizer.read.literature import read_text
from optimizer.read.solomon import parse_solomon
from optimizer.read.vrplib import parse_vrplib

SUFFIXES = (".vrp", ".txt")
"""Problem files with one of these suffixes are benchmark instances, not problem JSON."""


def solution_node_offset(path: Path) -> int:
    """Site number − customer number in a ``.sol`` of this instance: CVRPLIB's depot is node 1,
    so its customer ``c`` is node ``c + 1``; Solomon's and Li & Lim's depot is node 0."""
    return 1 if path.suffix.lower() == ".vrp" else 0


def is_instance_file(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES


def read_instance_file(path: Path) -> Problem:
    """Read ``path`` with the reader of its family; its errors name the file and the line."""
    text, source = read_text(path)
    if path.suffix.lower() == ".vrp":
        return parse_vrplib(text, source)
    if _is_solomon(text):
        return parse_solomon(text, source)
    return parse_lilim(text, source, path.stem)


def _is_solomon(text: str) -> bool:
    """Solomon's files name their sections; Li & Lim's hold only numbers."""
    words = {line.strip().upper() for line in text.splitlines()}
    return "VEHICLE" in words or "CUSTOMER" in words
