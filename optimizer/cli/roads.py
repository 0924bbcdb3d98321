"""``foodroute roads``: build the routing tiles of a region once, and check where a day's sites
meet the road network before planning on it."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from optimizer.errors import ProblemError
from optimizer.read.documents import load_problem

EXIT_BAD_INPUT = 2

roads_app = typer.Typer(
    help="Road network: build the tiles of an OpenStreetMap extract, check a day's sites on it.",
    no_args_is_help=True,
)
console = Console()
errors = Console(stderr=True)

RoadsOption = Annotated[
    str | None,
    typer.Option(
        "--roads",
        help="Plan on this road network instead of the problem's own travel: a tiles folder "
        "(foodroute roads build) or a Valhalla service's URL (http://host:8002).",
    ),
]


@roads_app.command("build")
def build(
    extract: Annotated[Path, typer.Argument(help="OpenStreetMap extract, .osm.pbf.")],
    out: Annotated[Path, typer.Option(help="Folder for the routing tiles.")],
) -> None:
    """Build the routing tiles of EXTRACT into OUT (a regional extract takes minutes)."""
    from optimizer.roads import TilesError, build_tiles

    started = time.monotonic()

    def show(line: str) -> None:
        # Valhalla logs every stage; the stage lines are the progress worth showing.
        if "[INFO]" in line and ("Building" in line or "Finished" in line or "Parsing" in line):
            errors.print(f"[dim]{time.monotonic() - started:6.1f} s[/] {escape(line)}")

    try:
        report = build_tiles(extract, out, progress=show)
    except TilesError as error:
        errors.print(f"[bold red]{escape(str(error))}[/]")
        raise typer.Exit(EXIT_BAD_INPUT) from None
    console.print(
        f"Built {report.tiles} tiles ({report.size_bytes / 1e6:.1f} MB) in {report.seconds:.1f} s "
        f"into {out}"
    )


@roads_app.command("check")
def check(
    tiles: Annotated[
        str, typer.Argument(help="Tiles folder (foodroute roads build) or a Valhalla URL.")
    ],
    problem_file: Annotated[Path, typer.Argument(help="Problem JSON whose sites to check.")],
) -> None:
    """Per site: where it meets the roads and how far; names every unreachable site (exit 2)."""
    from optimizer.roads.check import check_sites

    try:
        problem = load_problem(problem_file)
        result = check_sites(problem, tiles)
    except ProblemError as error:
        for issue in error.issues:
            errors.print(f"  - {escape(str(issue))}", highlight=False)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    table = Table(box=box.SIMPLE, title=f"Sites on the roads ({result.profile.name})")
    for column in ("site", "lat, lon", "snapped to", "distance m", ""):
        table.add_column(column)
    for snap in result.snaps:
        snapped = (
            "—" if snap.snapped_lat is None else f"{snap.snapped_lat:.6f}, {snap.snapped_lon:.6f}"
        )
        distance = "—" if snap.distance_m is None else f"{snap.distance_m:.0f}"
        flag = "[bold red]far[/]" if snap.far else ""
        if snap.site_id in result.unreachable:
            flag = "[bold red]unreachable[/]"
        table.add_row(
            escape(snap.site_id), f"{snap.lat:.6f}, {snap.lon:.6f}", snapped, distance, flag
        )
    console.print(table)
    if result.issues:
        errors.print(f"[bold red]{len(result.issues)} site(s) cannot be planned on these roads:[/]")
        for issue in result.issues:
            errors.print(f"  - {escape(str(issue))}", highlight=False)
        raise typer.Exit(EXIT_BAD_INPUT)
    console.print(f"[green]All {len(result.snaps)} sites reach each other by road.[/]")


@roads_app.command("serve")
def serve(
    tiles: Annotated[Path, typer.Argument(help="Tiles folder (foodroute roads build).")],
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8002,
    threads: Annotated[int, typer.Option(help="Worker threads.")] = 2,
) -> None:
    """Serve TILES over HTTP (Valhalla's own service): plan on it with --roads http://HOST:PORT."""
    import os

    from optimizer.roads.server import service_command
    from optimizer.roads.tiles import tile_files

    if not tile_files(tiles.resolve()):
        errors.print(f"[bold red]No routing tiles in {escape(str(tiles))}[/]: run roads build.")
        raise typer.Exit(EXIT_BAD_INPUT)
    command = service_command(tiles.resolve(), host, port, threads)
    console.print(f"Serving {escape(str(tiles))} on http://{host}:{port} (Ctrl-C stops it)")
    os.execv(command[0], command)
