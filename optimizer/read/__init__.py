"""Readers of input documents into the domain model (:class:`~optimizer.model.Problem`).

The day's problem and its progress as JSON (:mod:`.documents`). Public benchmark files:
Solomon and Gehring-Homberger VRPTW (:mod:`.solomon`), Li & Lim PDPTW (:mod:`.lilim`) and
CVRPLIB CVRP (:mod:`.vrplib`), all scaled alike by :mod:`.literature`; :mod:`.benchdata` lists
the instances of ``../shared/benchdata`` with their best-known solutions, :mod:`.sintef` reads
their solutions. The planners' workbook is read by :mod:`optimizer.workbook.read`.
"""
