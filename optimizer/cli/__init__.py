"""The ``foodroute`` command line: a thin door into the library, no optimisation logic here.

:mod:`~optimizer.cli.app` holds the application, its exit codes and shared helpers;
:mod:`~optimizer.cli.summaries` what a planner reads in the terminal; the commands are in
:mod:`~optimizer.cli.planning`, :mod:`~optimizer.cli.week` (``plan-week``),
:mod:`~optimizer.cli.files`, :mod:`~optimizer.cli.reporting`, :mod:`~optimizer.cli.geocode`,
:mod:`~optimizer.cli.roads` (``roads build`` and ``roads check``), :mod:`~optimizer.cli.vroom`
(VROOM's format in and out) and
:mod:`~optimizer.cli.service` (``serve`` and ``worker``, the one place that imports :mod:`api`).
The commands are registered here, in the order ``foodroute --help`` lists them.
"""

from optimizer.cli.app import (
    EXIT_BAD_INPUT,
    EXIT_INFEASIBLE,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_REQUIRED_LEFT_OUT,
    app,
    main,
)
from optimizer.cli.files import check, export_plan, import_workbook, schema, sheets, template
from optimizer.cli.geocode import geocode
from optimizer.cli.planning import allocate, plan, replan
from optimizer.cli.reporting import report
from optimizer.cli.roads import roads_app
from optimizer.cli.service import serve, worker
from optimizer.cli.summaries import print_allocation_summary, print_summary
from optimizer.cli.vroom import vroom
from optimizer.cli.week import plan_week, week_workbook

app.command()(plan)
app.command()(allocate)
app.command()(check)
app.command()(report)
app.command()(sheets)
app.command()(schema)
app.command(name="geocode")(geocode)
app.command(name="import")(import_workbook)
app.command()(template)
app.command(name="export-plan")(export_plan)
app.command()(replan)
app.command(name="plan-week")(plan_week)
app.command()(vroom)
app.command(name="week-workbook")(week_workbook)
app.add_typer(roads_app, name="roads")
app.command()(serve)
app.command()(worker)

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_INFEASIBLE",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_REQUIRED_LEFT_OUT",
    "app",
    "main",
    "print_allocation_summary",
    "print_summary",
]
