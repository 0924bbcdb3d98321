"""From a problem to a checked plan: one pipeline for a fresh day, a re-plan and the rest of a day.

:mod:`~optimizer.solving.solve` runs a backend, repairs and assembles the plan (with
:mod:`~optimizer.solving.insertion`, :mod:`~optimizer.solving.repair` and
:mod:`~optimizer.solving.assemble`); :mod:`~optimizer.solving.plan_day` allocates stock first;
:mod:`~optimizer.solving.replan` keeps locked routes and forced stops;
:mod:`~optimizer.solving.in_day` re-plans the rest of a day under way from its
:mod:`~optimizer.solving.progress`; :mod:`~optimizer.solving.process_clock` dates a command's
launch, from which its time limit counts. Import from the modules: this package imports nothing
at import time, so that reading a document does not load the solvers.
"""
