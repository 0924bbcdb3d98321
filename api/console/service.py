"""What the console does, one function per action, over the same tables and checks as the API.

Pages (:mod:`api.console.routes`) only parse forms and render; everything here is testable
without a browser.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass, field
from typing import Any

import segno
from sqlalchemy import select
from sqlalchemy.orm import Session

from api import links
from api.config import Settings
from api.crud import get_job, plan_problem, validate_problem
from api.decisions import Decisions, RouteIn
from api.errors import ApiError
from api.models import ApiKey, SolveJob, StoredPlan, StoredProblem
from api.schemas import SolveJobCreate, SolveOptionsIn
from api.stop_reports import ReportStatus, reports_of
from optimizer.allocation import Allocation
from optimizer.check import evaluate
from optimizer.context import Context
from optimizer.errors import ErrorCode, ProblemError
from optimizer.geocode.base import GeocoderUnavailable
from optimizer.geocode.step import place_missing
from optimizer.messages import message
from optimizer.model import Problem, Site
from optimizer.plan import Plan, Route, RouteSequence, Stop, StopEnd, StopKind
from optimizer.read import bounded_json
from optimizer.solving.progress import DayProgress, in_day_problem, progress_at, remaining_sequences
from optimizer.solving.replan import without_vehicles
from optimizer.units import format_clock
from optimizer.workbook.plan import plan_workbook
from optimizer.workbook.read import WorkbookError, read_workbook_bytes

LANGUAGE = "fr"
CLASSES = ("ambient", "chilled", "frozen")
# Route colours on the map and in the tables, distinguishable by most colour-blind readers.
COLOURS = (
    "#1b6ca8", "#d1495b", "#2a9d8f", "#e9a03b", "#6a4c93", "#3d405b", "#8a5a44", "#118ab2",
    "#c0392b", "#5c8001",
)  # fmt: skip


# What a planner reads for each of the checker's violation codes.
CONSTRAINTS_FR = {
    "unknown_vehicle": "véhicule inconnu",
    "vehicle_used_twice": "véhicule utilisé deux fois",
    "unknown_job": "arrêt inconnu",
    "job_served_twice": "arrêt servi deux fois",
    "required_job_unserved": "arrêt obligatoire non servi",
    "nothing_to_move": "rien à transporter",
    "time_window": "horaire d'ouverture manqué",
    "shift": "fin de service dépassée",
    "max_duration": "durée maximale dépassée",
    "max_distance": "distance maximale dépassée",
    "capacity": "compartiment trop plein ou absent",
    "payload": "charge utile dépassée",
    "skill": "véhicule non équipé",
    "reloads": "trop de rechargements",
    "expired_lot": "lot livré après sa DLC",
    "shipment_incomplete": "transfert incomplet",
    "shipment_split": "transfert sur deux véhicules",
    "shipment_order": "livraison avant l'enlèvement",
    "break": "pause non placée",
    "not_on_board": "livraison sans passer charger au dépôt",
    "on_board": "marchandise à bord d'un autre véhicule",
    "time_on_board": "temps à bord dépassé",
    "unassigned_mismatch": "arrêt non planifié mal déclaré",
    "reported_mismatch": "chiffre du plan différent du contrôle",
}


def broken_constraints(plan: Plan, problem: Problem) -> list[dict[str, Any]]:
    """Why the checker finds the plan infeasible: per vehicle and constraint, how many times
    and the first occurrence (the checker's own sentence)."""
    if plan.feasible:
        return []
    evaluation = evaluate(Context(problem), plan.sequences())
    grouped: dict[tuple[str, str], dict[str, Any]] = {}
    for violation in evaluation.violations:
        key = (violation.vehicle or "", violation.code.value)
        if key not in grouped:
            grouped[key] = {
                "vehicle": key[0],
                "constraint": CONSTRAINTS_FR.get(key[1], key[1]),
                "count": 0,
                "first": str(violation),
            }
        grouped[key]["count"] += 1
    return list(grouped.values())


@dataclass
class UploadIssue:
    """One error of an upload: where (sheet, row, column, or a JSON path) and a French sentence."""

    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    header: str = ""
    path: str = ""


@dataclass
class Upload:
    problem: Problem | None
    document: dict[str, Any] | None
    issues: list[UploadIssue] = field(default_factory=list)
    #: Why it was refused (its HTTP status comes from the code table): a bomb is a 413.
    code: ErrorCode = ErrorCode.INVALID_PROBLEM


def read_upload(data: bytes, filename: str, settings: Settings) -> Upload:
    """Read a workbook (.xlsx, .zip of CSV) or a JSON problem; every error located."""
    name = filename.lower()
    if name.endswith(".json"):
        try:
            document = bounded_json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            return Upload(None, None, [UploadIssue(f"Fichier JSON illisible : {error}")])
        except ProblemError as error:  # nested too deep
            return Upload(None, None, [UploadIssue(i.message) for i in error.issues], error.code)
        try:
            if isinstance(document, dict):
                place_missing(document, settings.geocoder)
            problem = validate_problem(document, settings)
        except ProblemError as error:
            return Upload(None, None, [UploadIssue(i.message, path=i.path) for i in error.issues])
        except GeocoderUnavailable as error:
            return Upload(None, None, [UploadIssue(_geocoder_down(error))])
        except ApiError as error:
            issues = [UploadIssue(i.message, path=i.path) for i in error.issues] or [
                UploadIssue(error.message)
            ]
            return Upload(None, None, issues)
        return Upload(problem, document)
    if not name.endswith((".xlsx", ".zip")):
        sentence = "Déposez un classeur .xlsx, un .zip de CSV ou un .json."
        return Upload(None, None, [UploadIssue(sentence)])
    try:
        problem = read_workbook_bytes(
            data, filename, prepare=lambda document: _place(document, settings)
        )
    except GeocoderUnavailable as error:
        return Upload(None, None, [UploadIssue(_geocoder_down(error))])
    except WorkbookError as error:
        issues = [
            UploadIssue(
                issue.message,
                sheet=issue.location.sheet,
                row=issue.location.row,
                column=issue.location.column or "",
                header=issue.location.header or "",
            )
            for issue in error.cell_issues
        ]
        return Upload(None, None, issues, error.code)
    except ProblemError as error:
        return Upload(None, None, [UploadIssue(i.message, path=i.path) for i in error.issues])
    document = json.loads(problem.model_dump_json(exclude_none=True))
    validate_problem(document, settings)
    return Upload(problem, document)


def _place(document: dict[str, Any], settings: Settings) -> None:
    place_missing(document, settings.geocoder)


def _geocoder_down(error: GeocoderUnavailable) -> str:
    return f"Les adresses n'ont pas pu être géocodées : {error}"


def store_problem(session: Session, *, key: ApiKey, upload: Upload) -> StoredProblem:
    """Keep a validated day until the planner launches its solve."""
    assert upload.problem is not None and upload.document is not None
    stored = StoredProblem(
        tenant_id=key.tenant_id,
        created_by=key.id,
        name=upload.problem.name.replace("\x00", "")[:200],
        date=upload.problem.date,
        points=len(upload.problem.sites),
        document=json.dumps(upload.document, separators=(",", ":")),
    )
    session.add(stored)
    session.commit()
    return stored


def get_problem(session: Session, *, key: ApiKey, problem_id: str) -> StoredProblem:
    stored = session.get(StoredProblem, problem_id)
    if stored is None or stored.tenant_id != key.tenant_id:
        raise ApiError(ErrorCode.NOT_FOUND, f"No problem '{problem_id}'.")
    return stored


def problem_of(stored: StoredProblem) -> Problem:
    return Problem.model_validate_json(stored.document)


def plan_of(session: Session, job: SolveJob) -> Plan | None:
    stored = session.scalars(select(StoredPlan).where(StoredPlan.job_id == job.id)).first()
    return Plan.model_validate_json(stored.document) if stored else None


def allocation_of(session: Session, job: SolveJob) -> Allocation | None:
    """The allocation the job's plan delivers; None without a plan or without stock."""
    stored = session.scalars(select(StoredPlan).where(StoredPlan.job_id == job.id)).first()
    if stored is None or stored.allocation is None:
        return None
    return Allocation.model_validate_json(stored.allocation)


def allocation_view(allocation: Allocation) -> dict[str, Any]:
    """The allocation in short, as the result page shows it: kg per class, partners, leftover."""
    by_class = dict.fromkeys(CLASSES, 0.0)
    for line in allocation.lines:
        by_class[line.temperature.value] += line.kg
    return {
        "classes": {k: message(f"class.{k}", LANGUAGE) for k in CLASSES},
        "kg_by_class": {k: round(kg, 1) for k, kg in by_class.items()},
        "allocated_kg": round(allocation.allocated_kg, 1),
        "stock_kg": round(allocation.stock_kg, 1),
        "partners_served": allocation.metrics.partners_served,
        "partners_entitled": allocation.metrics.partners_entitled,
        "left_kg": round(allocation.undistributed_kg, 1),
    }


def plan_xlsx(plan: Plan, problem: Problem) -> bytes:
    buffer = io.BytesIO()
    plan_workbook(plan, problem)[0].save(buffer)
    return buffer.getvalue()


def _kg(amounts: Any) -> dict[str, float]:
    return {klass: round(float(getattr(amounts, klass)), 1) for klass in CLASSES}


def plan_view(plan: Plan, problem: Problem) -> dict[str, Any]:
    """Everything the result page shows: route tables, map lines, KPIs, unassigned items."""
    sites = {site.id: site for site in problem.sites}
    routes = [_route_view(index, route, sites) for index, route in enumerate(plan.routes)]
    unassigned = [
        {
            "job": item.job,
            "site": sites[item.site].name if item.site in sites else item.site,
            "kind": message(f"stop_kind.{item.kind.value}", LANGUAGE),
            "required": item.required,
            "reason": item.message_fr,
            "kg": round(item.kg.ambient + item.kg.chilled + item.kg.frozen, 1),
        }
        for item in plan.unassigned
    ]
    return {
        "routes": routes,
        "unassigned": unassigned,
        "kpis": plan.kpis,
        "objective": plan.objective,
        "feasible": plan.feasible,
        "broken": broken_constraints(plan, problem),
        "classes": {k: message(f"class.{k}", LANGUAGE) for k in CLASSES},
        "used_vehicles": [route.vehicle for route in plan.routes],
        "all_vehicles": [vehicle.id for vehicle in problem.vehicles],
        "all_jobs": [
            {"id": job.id, "name": sites[job.site].name or job.site}
            for job in [*problem.pickups, *problem.deliveries]
        ],
        "map": {
            "routes": [
                {
                    "vehicle": r["vehicle"],
                    "colour": r["colour"],
                    "line": route.road_line(),
                    "points": [
                        [s["lat"], s["lon"], s["name"], s["arrival"], s["number"]]
                        for s in r["stops"]
                        if s["lat"] is not None
                    ],
                }
                for route, r in zip(plan.routes, routes, strict=True)
            ],
        },
    }


def _route_view(index: int, route: Route, sites: dict[str, Site]) -> dict[str, Any]:
    """One route's table: its times, distance, loads and cost, then a row per stop."""
    return {
        "vehicle": route.vehicle,
        "colour": COLOURS[index % len(COLOURS)],
        "start": format_clock(route.start),
        "end": format_clock(route.end),
        "km": round(route.distance_m / 1000, 1),
        "duration": f"{route.duration_s // 3600} h {route.duration_s % 3600 // 60:02d}",
        "picked": _kg(route.picked_up_kg),
        "delivered": _kg(route.delivered_kg),
        "cost_eur": round(route.cost_eur, 2),
        "stops": [
            _stop_view(number, stop, sites.get(stop.site))
            for number, stop in enumerate(route.stops)
        ],
        "breaks": [
            {
                "id": pause.id,
                "start": format_clock(pause.start),
                "end": format_clock(pause.end),
                "after_stop": pause.after_stop,
            }
            for pause in route.breaks
        ],
    }


def _stop_view(number: int, stop: Stop, site: Site | None) -> dict[str, Any]:
    return {
        "number": number,
        "kind": message(f"stop_kind.{stop.kind.value}", LANGUAGE),
        "job": stop.job or "",
        "site": stop.site,
        "name": site.name if site and site.name else stop.site,
        "commune": site.commune if site else "",
        "lat": site.lat if site else None,
        "lon": site.lon if site else None,
        "arrival": format_clock(stop.arrival),
        "departure": format_clock(stop.departure),
        "picked": _kg(stop.picked_up_kg),
        "delivered": _kg(stop.delivered_kg),
        "km": round(stop.distance_from_previous_m / 1000, 1),
        "is_job": stop.kind not in (StopKind.START, StopKind.END, StopKind.RELOAD),
    }


def replan_request(
    session: Session,
    *,
    job: SolveJob,
    locked: list[str],
    removed: list[str],
    time_limit_s: float,
    forced: dict[str, str] | None = None,
    from_time: int | None = None,
) -> SolveJobCreate:
    """The solve job that re-plans ``job``'s day: the planner's decisions, warm-started from
    its plan, so the re-plan runs like any solve (queued, with progress, cancellable).

    The day is the one the new plan is checked against: without the ``removed`` vehicles, and
    with ``from_time`` the rest of the day under way (:func:`in_day_progress`). ``locked``
    routes come back unchanged and each ``forced`` stop goes on its vehicle; an in-day re-plan
    keeps neither (it starts from where the vehicles are) and is never worse than carrying on.
    """
    plan = plan_of(session, job)
    if plan is None:
        raise ApiError(ErrorCode.NO_PLAN_YET, "Ce calcul n'a pas encore de plan.")
    both = sorted(set(locked) & set(removed))
    if both:
        raise ProblemError.single("locked", f"vehicle '{both[0]}' is locked and removed")
    problem = without_vehicles(_day_to_replan(session, job), removed)
    options = SolveOptionsIn(time_limit_s=time_limit_s, backend=job.backend, seed=job.seed)
    if from_time is not None:
        if locked or forced:
            raise ProblemError.single(
                "heure",
                "un recalcul en cours de journée part de la position des véhicules : "
                "il ne garde pas de tournée verrouillée ni d'arrêt imposé",
            )
        day = in_day_problem(problem, in_day_progress(session, job, plan, from_time, removed))
        decisions = Decisions(initial_plan=[_route_in(s) for s in remaining_sequences(plan, day)])
    else:
        day = problem
        sequences = [s for s in plan.sequences() if s.vehicle not in removed]
        decisions = Decisions(
            locked=[_route_in(s) for s in sequences if s.vehicle in locked],
            forced=forced or {},
            initial_plan=[_route_in(s) for s in sequences if s.vehicle not in locked],
        )
    return SolveJobCreate(
        problem=json.loads(day.model_dump_json(exclude_none=True)),
        options=options,
        decisions=decisions,
    )


def _day_to_replan(session: Session, job: SolveJob) -> Problem:
    """The problem ``job``'s plan routes, without warehouse stock.

    A day with stock was allocated and routed: its plan delivers the allocation's deliveries,
    which only the routed problem has. Re-planning that problem keeps the allocation as it is;
    with its stock still there, the stock would be shared out a second time.
    """
    problem = plan_problem(session, job)
    return problem.model_copy(update={"stock": []}) if problem.stock else problem


def _route_in(sequence: RouteSequence) -> RouteIn:
    return RouteIn(vehicle=sequence.vehicle, trips=[list(trip) for trip in sequence.trips])


def in_day_progress(
    session: Session, job: SolveJob, plan: Plan, now: int, removed: list[str]
) -> DayProgress:
    """Where the day stands at ``now``: the plan followed until then, corrected by the drivers.

    A stop a driver reported done is done, whatever the clock says; a stop reported skipped is
    to be planned again (its goods are taken as back at the depot). Removed vehicles are not on
    the road any more.
    """
    progress = progress_at(plan, now)
    reports = reports_of(session, job.id)
    # A job is done once its last end is (a shipment once delivered), skipped if any end was.
    shipments = {s.job for r in plan.routes for s in r.stops if s.kind is StopKind.SHIPMENT_PICKUP}
    done = {
        job_id
        for (job_id, end), row in reports.items()
        if row.status == ReportStatus.DONE and (end is StopEnd.DELIVERY or job_id not in shipments)
    }
    skipped = {job_id for (job_id, _), row in reports.items() if row.status == ReportStatus.SKIPPED}
    vehicles = [
        state.model_copy(
            update={"on_board": [j for j in state.on_board if j not in done | skipped]}
        )
        for state in progress.vehicles
        if state.vehicle not in removed
    ]
    return progress.model_copy(
        update={
            "done": sorted((set(progress.done) | done) - skipped),
            "vehicles": vehicles,
        }
    )


@dataclass
class PublishedRoute:
    vehicle: str
    url: str
    expires_at: dt.datetime
    qr_svg: str

    @property
    def pdf_url(self) -> str:
        """The same route's printable A4 sheet, behind the same signature."""
        page, query = self.url.split("?", 1)
        return f"{page}/pdf?{query}"


def publish(
    session: Session, *, key: ApiKey, job_id: str, settings: Settings, base_url: str
) -> list[PublishedRoute]:
    """A signed driver's link per route of the plan, each with its QR code (inline SVG)."""
    job = get_job(session, key=key, job_id=job_id)
    plan = plan_of(session, job)
    if plan is None:
        raise ApiError(ErrorCode.NO_PLAN_YET, "Ce calcul n'a pas encore de plan.")
    expires_at = dt.datetime.now(dt.UTC) + dt.timedelta(hours=settings.driver_link_hours)
    published = []
    signed = links.plan_links(settings.secret_key, job, plan, expires_at)
    for link in signed:
        url = base_url.rstrip("/") + link.path
        qr = segno.make(url, error="m")
        svg = qr.svg_inline(scale=3, title=f"QR code, tournée {link.vehicle}")
        published.append(PublishedRoute(link.vehicle, url, link.expires_at, svg))
    return published
