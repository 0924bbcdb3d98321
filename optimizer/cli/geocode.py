"""``foodroute geocode``: place a workbook's or a problem's sites from their addresses, print a
French table with the doubtful matches first, and load the BAN file of a département."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from optimizer.geocode.base import GeocoderUnavailable
from optimizer.geocode.quality import MIN_SCORE, RADIUS_KM
from optimizer.geocode.sites import Placement, SitePlacement, UnplacedSites
from optimizer.messages import message

LANGUAGE = "fr"
_STYLE = {
    Placement.UNPLACED: "bold red",
    Placement.DOUBTFUL: "yellow",
    Placement.MATCHED: "green",
    Placement.MANUAL: "dim",
}

GeocoderOption = Annotated[
    str | None,
    typer.Option(
        "--geocoder",
        help="'embedded' (addok in process, on Redis $FOODROUTE_ADDOK_REDIS_URL) or the URL of "
        "a BAN/addok server; default $FOODROUTE_GEOCODER or embedded.",
    ),
]
RadiusOption = Annotated[
    float, typer.Option(help="Matches farther than this from every depot are to check, km.")
]
MinScoreOption = Annotated[float, typer.Option(help="Matches under this score are to check.")]


def _text(key: str, **values: object) -> str:
    return message(key, LANGUAGE, **values)


def print_placements(rows: Sequence[SitePlacement], console: Console) -> None:
    """The table of every site, in the order of ``rows`` (unplaced and doubtful first)."""
    table = Table(box=box.SIMPLE_HEAD)
    for column in ("site", "asked", "match", "score", "type", "status"):
        table.add_column(
            _text(f"geocode.col.{column}"), justify="right" if column == "score" else "left"
        )
    for row in rows:
        match = row.match
        status = _text(f"geocode.status.{row.placement.value}")
        if row.doubts:
            reasons = ", ".join(_text(f"geocode.doubt.{doubt.value}") for doubt in row.doubts)
            status = f"« {status} » : {reasons}"
        table.add_row(
            escape(row.site_id),
            escape(row.asked),
            escape(match.label) if match else "",
            f"{match.score:.2f}" if match else "",
            _text(f"geocode.type.{match.type.value}") if match else "",
            f"[{_STYLE[row.placement]}]{escape(status)}[/]",
        )
    console.print(table)
    counts = {placement: 0 for placement in Placement}
    for row in rows:
        counts[row.placement] += 1
    console.print(
        _text(
            "geocode.summary",
            total=len(rows),
            matched=counts[Placement.MATCHED],
            doubtful=counts[Placement.DOUBTFUL],
            unplaced=counts[Placement.UNPLACED],
            manual=counts[Placement.MANUAL],
        )
    )


def fail_geocoder(error: GeocoderUnavailable) -> NoReturn:
    """The geocoder could not answer at all: say which and how to fix it (exit code 1)."""
    from optimizer.cli.app import errors

    errors.print(f"[bold red]Geocoding impossible[/]: {escape(str(error))}", highlight=False)
    raise typer.Exit(error.exit_code)


def geocoding_step(
    console: Console,
    geocoder: str | None = None,
    *,
    min_score: float = MIN_SCORE,
    radius_km: float = RADIUS_KM,
    always: bool = False,
) -> Callable[[dict[str, Any]], None]:
    """The step ``import`` and ``geocode`` run on a document before validation.

    It asks the geocoder only when a site lacks coordinates (unless ``always``), prints the
    table, and raises a :class:`ProblemError` naming every site that could not be placed.
    """

    def step(document: dict[str, Any]) -> None:
        from optimizer.geocode.step import place_missing

        try:
            rows = place_missing(
                document, geocoder, min_score=min_score, radius_km=radius_km, always=always
            )
        except UnplacedSites as error:
            print_placements(error.placements, console)
            raise
        if rows:
            print_placements(rows, console)

    return step


def geocode(
    target: Annotated[
        str,
        typer.Argument(
            help="A workbook (.xlsx, CSV folder or .zip) or a problem JSON to geocode; "
            "or 'load' followed by a BAN file (adresses-addok-21.ndjson.gz) to index."
        ),
    ],
    file: Annotated[Path | None, typer.Argument(help="With 'load': the BAN file.")] = None,
    out: Annotated[Path | None, typer.Option(help="Problem JSON to write, sites placed.")] = None,
    geocoder: GeocoderOption = None,
    radius_km: RadiusOption = RADIUS_KM,
    min_score: MinScoreOption = MIN_SCORE,
) -> None:
    """Place the sites given by address with the Base Adresse Nationale; doubtful ones first.

    Exit code 2 names every site that could not be placed at all.
    """
    from optimizer.cli.app import console, fail_input
    from optimizer.errors import ProblemError

    if target == "load":
        _load_ban(file, console)
        return
    path = Path(target)
    step = geocoding_step(console, geocoder, min_score=min_score, radius_km=radius_km, always=True)
    try:
        problem = _geocoded_problem(path, step)
    except ProblemError as error:
        fail_input(error)
    except GeocoderUnavailable as error:
        fail_geocoder(error)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(problem.model_dump_json(indent=2, exclude_none=True), encoding="utf-8")
        console.print(f"Wrote {out}: {len(problem.sites)} sites.")


def _geocoded_problem(path: Path, step: Callable[[dict[str, Any]], None]) -> Any:
    from optimizer.read.documents import parse_problem, read_json

    if path.suffix.lower() == ".json":
        document = read_json(path)
        if isinstance(document, dict):
            step(document)
        return parse_problem(document)
    from optimizer.workbook.read import read_workbook

    return read_workbook(path, prepare=step)


def _load_ban(file: Path | None, console: Console) -> None:
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeElapsedColumn

    from optimizer.cli.app import EXIT_BAD_INPUT
    from optimizer.geocode.addok_config import AddokRedis
    from optimizer.geocode.cache import GeocodeCache
    from optimizer.geocode.choose import default_cache_path
    from optimizer.geocode.embedded import embedded_source
    from optimizer.geocode.load import load_ban

    if file is None or not file.is_file():
        console.print(f"[bold red]BAN file '{file}' does not exist[/]")
        raise typer.Exit(EXIT_BAD_INPUT)
    redis = AddokRedis.from_environment()
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        DownloadColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as bar:
        task = bar.add_task(f"{file.name} → Redis {redis.host}:{redis.port}/{redis.db}", total=None)

        def progress(done: int, size: int) -> None:
            bar.update(task, completed=done, total=size)

        report = load_ban(file, redis, progress)
    # Answers of the previous index may be wrong for this one (a street added, a number moved).
    forgotten = GeocodeCache(default_cache_path(), embedded_source(redis)).forget()
    console.print(
        json.dumps(
            {
                "file": str(file),
                "file_mb": round(report.file_bytes / 1e6, 2),
                "documents": report.documents,
                "seconds": round(report.seconds, 2),
                "redis_keys": report.redis_keys,
                "redis_db": redis.db,
                "cached_answers_dropped": forgotten,
            }
        )
    )
