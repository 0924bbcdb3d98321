"""``serve`` and ``worker``: the only place the engine's command line reaches the service.

The library never imports :mod:`api`; these commands import it when they run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    pass


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    workers: Annotated[
        int | None, typer.Option(help="Local solver processes (default: one per core).")
    ] = None,
) -> None:
    """Start the solve-job service (FastAPI); settings come from FOODROUTE_* variables."""
    from api.serve import run_server  # the library never imports the service at import time

    run_server(host=host, port=port, workers=workers)


def worker(
    concurrency: Annotated[
        int | None, typer.Option(help="Jobs at once (default: one per core).")
    ] = None,
) -> None:
    """Run solve jobs from the Celery broker named by FOODROUTE_BROKER_URL."""
    from api.serve import run_worker

    run_worker(concurrency=concurrency)
