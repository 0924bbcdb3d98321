"""The ``foodroute`` application: its consoles, exit codes and the helpers every command shares.

Exit codes come from the one code table (:data:`optimizer.errors.ERROR_TABLE`): 0 ok, 1 internal
error, 2 bad input (the message names the field), 3 the checked plan violates a constraint.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from optimizer.errors import ErrorCode, FoodrouteError, ProblemError, exit_code
from optimizer.messages import LANGUAGES, message
from optimizer.model import Problem
from optimizer.plan import Plan
from optimizer.read.documents import load_problem
from optimizer.solving.process_clock import command_invoked, the_command_is_the_process

EXIT_OK = 0
EXIT_INTERNAL = exit_code(ErrorCode.INTERNAL)
EXIT_BAD_INPUT = exit_code(ErrorCode.INVALID_PROBLEM)
EXIT_INFEASIBLE = exit_code(ErrorCode.INFEASIBLE_PLAN)
EXIT_REQUIRED_LEFT_OUT = exit_code(ErrorCode.REQUIRED_LEFT_OUT)

app = typer.Typer(
    help="foodroute: plan the pickups of donated food and the deliveries to partner associations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
errors = Console(stderr=True)


class _Language:
    """The language of what the commands print: French unless ``--language en`` is given."""

    code = "fr"


def language() -> str:
    return _Language.code


def say(key: str, **values: object) -> str:
    """Sentence ``key`` of the message catalogue in the command line's language."""
    return message(key, _Language.code, **values)


@app.callback()
def choose_language(
    language: Annotated[
        str,
        typer.Option(
            "--language",
            envvar="FOODROUTE_LANGUAGE",
            help="Language of the summaries and messages: fr (default) or en.",
        ),
    ] = "fr",
) -> None:
    """foodroute: plan the pickups of donated food and the deliveries to partner associations."""
    command_invoked()
    if language not in LANGUAGES:
        raise typer.BadParameter(f"choose one of {', '.join(LANGUAGES)}", param_hint="--language")
    _Language.code = language


def fail_input(error: ProblemError) -> NoReturn:
    """Print every issue with the path of its field and exit with the code of bad input."""
    errors.print(f"[bold red]{escape(say('cli.invalid_input', count=len(error.issues)))}[/]")
    for issue in error.issues:
        where = f"[bold]{escape(issue.path)}[/]: " if issue.path else ""
        errors.print(f"  - {where}{escape(issue.text(_Language.code))}", highlight=False)
    raise typer.Exit(error.exit_code)


def load_problem_file(path: Path, roads: str | None = None) -> Problem:
    """The problem JSON (or benchmark instance, :mod:`optimizer.read.instance_file`) at ``path``,
    or exit 2 with its issues; with ``roads`` (a tiles folder or a Valhalla service's URL),
    planned on that road network instead of the file's travel."""
    from optimizer.model import RoadTravel
    from optimizer.read.instance_file import is_instance_file, read_instance_file

    try:
        problem = read_instance_file(path) if is_instance_file(path) else load_problem(path)
    except ProblemError as error:
        fail_input(error)
    if roads is None:
        return problem
    try:
        travel = RoadTravel.of(roads)
    except ProblemError as error:
        fail_input(error)
    return problem.model_copy(update={"travel": travel})


def load_plan_file(path: Path) -> Plan:
    """The plan JSON at ``path``, or exit 2 with its issues."""
    from pydantic import ValidationError

    from optimizer.errors import from_validation_error

    try:
        return Plan.model_validate_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        fail_input(ProblemError.single("", f"file '{path}' does not exist"))
    except ValidationError as error:
        fail_input(from_validation_error(error))


def main() -> None:
    """Entry point that turns unexpected exceptions into exit code 1 with a short message.

    The command is the process here, so its time limit counts from the process's launch.
    """
    the_command_is_the_process()
    try:
        app()
    except SystemExit:
        raise
    except FoodrouteError as error:
        errors.print(f"[bold red]Error {error.code.value}:[/] {escape(str(error))}")
        sys.exit(error.exit_code)
    except Exception as error:  # the last line of defence: never a bare traceback to a planner
        errors.print(f"[bold red]Internal error:[/] {type(error).__name__}: {escape(str(error))}")
        sys.exit(EXIT_INTERNAL)
