"""Readers of public benchmark files into the domain model (:class:`~optimizer.model.Problem`).

Solomon and Gehring-Homberger VRPTW (:mod:`.solomon`), Li & Lim PDPTW (:mod:`.lilim`) and
CVRPLIB CVRP (:mod:`.vrplib`), all scaled alike by :mod:`.literature`; :mod:`.benchdata` lists
the instances of ``../shared/benchdata`` with their best-known solutions.
"""
