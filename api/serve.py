"""What ``foodroute serve`` and ``foodroute worker`` run."""

from __future__ import annotations

from api.config import get_settings
from api.logs import configure_logging


def run_server(*, host: str, port: int, workers: int | None) -> None:
    """The embedded service in one process: API, database migration, local solver processes."""
    import uvicorn

    from api.main import create_app

    configure_logging()
    settings = get_settings()
    if workers is not None:
        settings = settings.model_copy(update={"workers": workers})
    # One web process on purpose: it supervises the solver processes and owns the SQLite file.
    uvicorn.run(create_app(settings), host=host, port=port, log_config=None)


def run_worker(*, concurrency: int | None) -> None:
    from api.jobs.celery_app import run_worker as celery_worker

    settings = get_settings()
    if not settings.broker_url:
        raise SystemExit("FOODROUTE_BROKER_URL is not set: a worker needs a broker (redis://...).")
    configure_logging()
    celery_worker(concurrency if concurrency is not None else max(settings.workers, 1))
