"""Week scale-out benchmark: the same week job on a service with one worker, then with several.

The service runs embedded (SQLite, local pool) in this process, as ``make serve`` does; a week
is submitted to ``POST /v1/week-jobs`` and followed to its end. Its days are solve jobs of their
own, claimed by whichever worker is free, so with as many workers as days the week should take
about one day's budget plus the calendar and the last step. Each run reports the calendar, the
days' window (first day started to last day finished), the last step, the whole week, and the
week's km and checked days read from its result (each day re-checked by the service).

Usage::

    nice -n 10 python benchmarks/week_workers.py --workers 1,5 --out benchmarks/WEEK.md

The section it writes replaces the one between its markers in ``--out`` (the rest is kept).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import select  # noqa: E402

from api.config import Settings  # noqa: E402
from api.main import create_app  # noqa: E402
from api.models import Role, SolveJob, StoredProblem  # noqa: E402
from api.security import create_api_key, create_tenant  # noqa: E402
from benchmarks.week import WORKERS_BEGIN, WORKERS_END  # noqa: E402

BEGIN, END = WORKERS_BEGIN, WORKERS_END


def _key(app: Any) -> str:
    with app.state.sessions.begin() as session:
        tenant = create_tenant(session, name="Banque Alimentaire de Bourgogne")
        return str(create_api_key(session, tenant=tenant, role=Role.PLANNER))


def _times(app: Any, week_id: str) -> dict[str, float]:
    """Seconds of each step, from the jobs' own timestamps."""
    with app.state.sessions() as session:
        week = session.get_one(SolveJob, week_id)
        days = list(
            session.scalars(
                select(SolveJob).join(StoredProblem).where(SolveJob.parent_id == week_id)
            )
        )
        assert week.started_at and week.finished_at
        created = min(d.created_at for d in days)
        first = min(d.started_at for d in days if d.started_at)
        last = max(d.finished_at for d in days if d.finished_at)

        def seconds(a: dt.datetime, b: dt.datetime) -> float:
            return (b - a).total_seconds()

        return {
            "calendar": seconds(week.started_at, created),
            "window": seconds(first, last),
            "finish": seconds(last, week.finished_at),
            "week": seconds(week.created_at, week.finished_at),
        }


def run(week: dict[str, Any], workers: int, per_day_s: float, moves: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            database_url=f"sqlite:///{Path(folder) / 'foodroute.db'}",
            workers=workers,
            environment="test",
        )
        app = create_app(settings)
        with TestClient(app) as client:
            headers = {"Authorization": f"Bearer {_key(app)}"}
            options = {"time_limit_per_day_s": per_day_s, "improving_moves": moves}
            started = time.monotonic()
            response = client.post(
                "/v1/week-jobs", json={"week": week, "options": options}, headers=headers
            )
            assert response.status_code == 202, response.text
            week_id = response.json()["id"]
            while True:
                job = client.get(f"/v1/week-jobs/{week_id}", headers=headers).json()
                if job["status"] in ("succeeded", "failed", "cancelled"):
                    break
                time.sleep(1.0)
            wall = time.monotonic() - started
            assert job["status"] == "succeeded", job
            result = client.get(f"/v1/week-jobs/{week_id}/result", headers=headers).json()
            times = _times(app, week_id)
    checked = sum(1 for day in result["days"] if day["check"]["feasible"])
    return {
        "workers": workers,
        "days": len(result["days"]),
        "checked": checked,
        "km": result["summary"]["distance_km"],
        "met": f"{result['summary']['partners_met']}/{result['summary']['partners']}",
        "wall": wall,
        **times,
    }


def section(
    rows: list[dict[str, Any]], command: str, per_day_s: float, moves: int, week_name: str
) -> str:
    lines = [
        BEGIN,
        "## One worker against several: the week's days on the service's workers",
        "",
        "```sh",
        command,
        "```",
        "",
        f"The week `{week_name}` submitted to `POST /v1/week-jobs` on the embedded service "
        f"(SQLite, local pool), {per_day_s:g} s a day, {moves} moves, every day re-checked by "
        f"the service. Machine: {platform.machine()}, Python {platform.python_version()}, "
        "2 shared cores (other work running), niced.",
        "",
        "| workers | days (checked) | calendar s | days' window s | last step s | whole week s "
        "| km | partners' frequency met |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['workers']} | {r['days']} ({r['checked']}) | {r['calendar']:.1f} | "
            f"{r['window']:.1f} | {r['finish']:.1f} | {r['week']:.1f} | {r['km']:,.1f} | "
            f"{r['met']} |"
        )
    one, most = rows[0], rows[-1]
    lines += [
        "",
        "Each day is a solve job of its own (decision record 025), claimed by whichever worker "
        f"is free. With {one['workers']} worker the days run one after the other: "
        f"{one['window']:.0f} s for {one['days']} days of {per_day_s:g} s; with "
        f"{most['workers']} they run together: {most['window']:.0f} s, one day's budget plus "
        "the solver processes' start-up (spawned, importing the engine and reading the day, "
        f"all at once on the shared cores); the whole week {one['week']:.0f} s → "
        f"{most['week']:.0f} s. The calendar (CP-SAT on a deterministic limit, then the day "
        "problems) is the same work in every run; its seconds move with the machine's load. "
        "Each search stops at its time limit, so when more searches than cores run together "
        "each gets less CPU in the same time; the km column shows what that cost here (the "
        "runs' differences are of the order of a time-limited search's run-to-run spread). "
        "Celery workers on machines of their own do not share cores.",
        END,
    ]
    return "\n".join(lines) + "\n"


def write(out: Path, text: str) -> None:
    old = out.read_text(encoding="utf-8") if out.exists() else ""
    if BEGIN in old and END in old:
        head, rest = old.split(BEGIN, 1)
        tail = rest.split(END, 1)[1].lstrip("\n")
        new = head + text + tail
    else:
        new = old.rstrip("\n") + "\n\n" + text
    out.write_text(new, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--week", type=Path, default=ROOT / "instances" / "dijon-week.json")
    parser.add_argument("--workers", default="1,5")
    parser.add_argument("--time-limit-per-day", type=float, default=20.0)
    parser.add_argument("--moves", type=int, default=0)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    week = json.loads(args.week.read_text(encoding="utf-8"))
    rows = []
    for workers in (int(n) for n in args.workers.split(",")):
        rows.append(run(week, workers, args.time_limit_per_day, args.moves))
        print(rows[-1], flush=True)
    command = "nice -n 10 python benchmarks/week_workers.py " + " ".join(sys.argv[1:])
    text = section(rows, command.strip(), args.time_limit_per_day, args.moves, week["name"])
    if args.out is not None:
        write(args.out, text)
    print(text)


if __name__ == "__main__":
    main()
