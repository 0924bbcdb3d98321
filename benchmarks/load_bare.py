"""A bare FastAPI endpoint, served as ``foodroute serve`` serves the service, for the load baseline.

Same server program and settings as :func:`api.serve.run_server` (``uvicorn.run`` of the app
object, one process, ``log_config=None``) and, like foodroute's routes, a plain ``def`` run in
the thread pool, so that what the ratio measures is foodroute's own work per request: the API
key check, the database and the serialisation of a job.

    python -m benchmarks.load_bare --port 8310
"""

from __future__ import annotations

import argparse
from typing import Any

from fastapi import FastAPI

app = FastAPI(title="bare")

_JOB = {
    "id": "00000000-0000-0000-0000-000000000000",
    "status": "succeeded",
    "created_at": "2025-03-10T06:00:00Z",
    "progress": {"elapsed_s": 1.0, "best_cost": 40.0, "has_plan": True},
}


@app.get("/bare")
def bare() -> dict[str, Any]:
    """A constant job-sized answer: no authentication, no database."""
    return _JOB


def main() -> None:
    import uvicorn

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8310)
    args = parser.parse_args()
    uvicorn.run(app, host=args.host, port=args.port, log_config=None)


if __name__ == "__main__":
    main()
