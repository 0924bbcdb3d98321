"""The console's pages: sign-in, upload and validation, solve and progress, result, re-plan,
publish. French, server-rendered, usable with the keyboard; the little JavaScript there is
(progress, map) is served from this package, never from a CDN.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.orm import Session

from api import crud
from api.config import Settings
from api.console import cookies, service
from api.console import week as week_pages
from api.console.accounts import acting_key, authenticate
from api.console.error_pages import install_error_pages
from api.console.throttle import SignInThrottle
from api.deps import SessionDep, SettingsDep, send_to_workers
from api.errors import ApiError
from api.jobs.store import Sessions
from api.models import ApiKey, JobKind, JobStatus, PlannerUser
from api.schemas import SolveJobCreate, SolveOptionsIn
from optimizer.errors import ErrorCode, InputIssue, ProblemError, http_status
from optimizer.units import parse_clock

HERE = Path(__file__).parent
STATIC = StaticFiles(directory=HERE / "static")
_TEMPLATES = Environment(
    loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"])
)
_PRIVATE = {"Cache-Control": "private, no-store", "X-Frame-Options": "DENY"}

router = APIRouter(tags=["console"], include_in_schema=False)


class SignedOut(Exception):
    """No valid session: pages redirect to the sign-in page."""


class Planner:
    """The signed-in planner: the account, the key it acts with, and its CSRF token."""

    def __init__(self, user: PlannerUser, key: ApiKey, csrf: str) -> None:
        self.user = user
        self.key = key
        self.csrf = csrf


def current_planner(request: Request, session: SessionDep, settings: SettingsDep) -> Planner:
    value = request.cookies.get(cookies.SESSION_COOKIE)
    signed = cookies.session_user(settings.secret_key, value)
    user = session.get(PlannerUser, signed[0]) if signed else None
    if user is not None and signed is not None and user.session_generation != signed[1]:
        user = None  # signed out since: the cookie is revoked
    key = acting_key(session, user) if user else None
    if user is None or key is None or value is None:
        raise SignedOut()
    return Planner(user, key, cookies.csrf_token(settings.secret_key, value))


PlannerDep = Annotated[Planner, Depends(current_planner)]


def check_csrf(planner: Planner, token: str) -> None:
    if not token or token != planner.csrf:
        raise ApiError(ErrorCode.CSRF, "Jeton de formulaire invalide : rechargez la page.")


def render(name: str, status_code: int = 200, **values: Any) -> HTMLResponse:
    html = _TEMPLATES.get_template(name).render(**values)
    return HTMLResponse(html, status_code=status_code, headers=_PRIVATE)


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


# --- sign-in -----------------------------------------------------------------------------------


@router.get("/connexion")
def login_page(error: str = "") -> HTMLResponse:
    token = cookies.new_login_token()
    response = render("login.html", csrf=token, error=error)
    response.set_cookie(cookies.LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict")
    return response


@router.post("/connexion")
def login(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    email: Annotated[str, Form()],
    password: Annotated[str, Form()],
    csrf_token: Annotated[str, Form()],
) -> Response:
    expected = request.cookies.get(cookies.LOGIN_CSRF_COOKIE, "")
    if not expected or csrf_token != expected:
        return login_page("Formulaire expiré : veuillez réessayer.")
    throttle: SignInThrottle = request.app.state.sign_in_throttle
    address = request.client.host if request.client else "unknown"
    if throttle.blocked(email, address):
        response = login_page("Trop d'essais : réessayez dans quelques minutes.")
        response.status_code = http_status(ErrorCode.TOO_MANY_ATTEMPTS)
        return response
    user = authenticate(session, email=email, password=password)
    if user is None:
        throttle.failed(email, address)
        response = login_page("Adresse ou mot de passe incorrect.")
        response.status_code = 401
        return response
    throttle.succeeded(email, address)
    signed_in = redirect("/")
    signed_in.set_cookie(
        cookies.SESSION_COOKIE,
        cookies.session_value(settings.secret_key, user.id, user.session_generation),
        max_age=int(cookies.SESSION_HOURS * 3600),
        httponly=True,
        samesite="lax",
        secure=settings.environment == "production",
    )
    signed_in.delete_cookie(cookies.LOGIN_CSRF_COOKIE)
    return signed_in


@router.post("/deconnexion")
def logout(
    planner: PlannerDep, session: SessionDep, csrf_token: Annotated[str, Form()]
) -> Response:
    """Sign out everywhere: every cookie made for this account so far stops working."""
    check_csrf(planner, csrf_token)
    planner.user.session_generation += 1
    session.commit()
    response = redirect("/connexion")
    response.delete_cookie(cookies.SESSION_COOKIE)
    return response


# --- the day: upload, validation, solve --------------------------------------------------------


def _history(session: Session, key: ApiKey) -> list[Any]:
    jobs, _ = crud.list_jobs(session, key=key)
    return [crud.job_public(session, job) for job in jobs]


@router.get("/")
def home(planner: PlannerDep, session: SessionDep) -> HTMLResponse:
    return render("home.html", planner=planner, history=_history(session, planner.key))


@router.post("/console/import")
async def upload(
    planner: PlannerDep,
    session: SessionDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File()],
    csrf_token: Annotated[str, Form()],
) -> Response:
    check_csrf(planner, csrf_token)
    data = await file.read()
    filename = file.filename or "classeur.xlsx"
    result = await asyncio.to_thread(service.read_upload, data, filename, settings)
    if result.problem is None:
        return render(
            "home.html",
            status_code=http_status(result.code),
            planner=planner,
            history=_history(session, planner.key),
            issues=result.issues,
            filename=filename,
        )
    stored = service.store_problem(session, key=planner.key, upload=result)
    return redirect(f"/console/jours/{stored.id}")


@router.post("/console/semaines/import")
async def upload_week(
    request: Request,
    planner: PlannerDep,
    session: SessionDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File()],
    csrf_token: Annotated[str, Form()],
    time_limit_per_day_s: Annotated[float, Form(gt=0, le=900)] = 10.0,
    calendar: Annotated[str, Form()] = "optimised",
) -> Response:
    """A week (JSON or workbook) read, checked and queued; its calendar page follows it."""
    check_csrf(planner, csrf_token)
    data = await file.read()
    filename = file.filename or "semaine.json"
    upload = await asyncio.to_thread(week_pages.read_week_upload, data, filename, settings)
    submitted = week_pages.submit_uploaded_week(
        request, session, planner.key, settings, upload,
        calendar=calendar, time_limit_per_day_s=time_limit_per_day_s,
    )  # fmt: skip
    if isinstance(submitted, str):
        return redirect(f"/console/calculs/{submitted}")
    return render(
        "home.html",
        status_code=422,
        planner=planner,
        history=_history(session, planner.key),
        week_issues=submitted,
        week_filename=filename,
    )


@router.get("/console/jours/{problem_id}")
def day_page(problem_id: str, planner: PlannerDep, session: SessionDep) -> HTMLResponse:
    stored = service.get_problem(session, key=planner.key, problem_id=problem_id)
    problem = service.problem_of(stored)
    return render("day.html", planner=planner, stored=stored, problem=problem)


@router.post("/console/jours/{problem_id}/calcul")
def solve(
    problem_id: str,
    request: Request,
    planner: PlannerDep,
    session: SessionDep,
    settings: SettingsDep,
    csrf_token: Annotated[str, Form()],
    time_limit_s: Annotated[float, Form(gt=0)],
) -> Response:
    check_csrf(planner, csrf_token)
    stored = service.get_problem(session, key=planner.key, problem_id=problem_id)
    body = SolveJobCreate(
        problem=json.loads(stored.document), options=SolveOptionsIn(time_limit_s=time_limit_s)
    )
    return _submit(request, session, planner, settings, body)


def _submit(
    request: Request,
    session: Session,
    planner: Planner,
    settings: Settings,
    body: SolveJobCreate,
) -> Response:
    """Queue a solve as the API would, then show its page (progress, then the result)."""
    job, _ = crud.submit_job(
        session,
        key=planner.key,
        request=body,
        settings=settings,
        available_backends=request.app.state.backends,
        idempotency_key=None,
    )
    send_to_workers(request, job.id)
    return redirect(f"/console/calculs/{job.id}")


# --- a solve: progress, result, downloads ------------------------------------------------------


def _job_page(session: Session, planner: Planner, job_id: str, error: str = "") -> HTMLResponse:
    job = crud.get_job(session, key=planner.key, job_id=job_id)
    if job.kind == JobKind.WEEK:
        return render("week.html", planner=planner, **week_pages.week_view(session, job))
    public = crud.job_public(session, job)
    plan = service.plan_of(session, job)
    view = allocation = None
    if plan is not None and JobStatus(job.status).finished:
        view = service.plan_view(plan, crud.plan_problem(session, job))
        shared_out = service.allocation_of(session, job)
        allocation = service.allocation_view(shared_out) if shared_out is not None else None
    status_code = 422 if error else 200
    return render(
        "job.html",
        status_code=status_code,
        planner=planner,
        job=public,
        view=view,
        allocation=allocation,
        error=error,
    )


@router.get("/console/calculs/{job_id}")
def job_page(job_id: str, planner: PlannerDep, session: SessionDep) -> HTMLResponse:
    return _job_page(session, planner, job_id)


@router.post("/console/calculs/{job_id}/arreter")
def stop(
    job_id: str, planner: PlannerDep, session: SessionDep, csrf_token: Annotated[str, Form()]
) -> Response:
    """Stop the search early; its best plan so far is kept."""
    check_csrf(planner, csrf_token)
    try:
        crud.cancel_job(session, key=planner.key, job_id=job_id)
    except ApiError as error:
        if error.status != 409:  # already finished: the page shows the result
            raise
    return redirect(f"/console/calculs/{job_id}")


@router.get("/console/calculs/{job_id}/evenements")
def job_events(job_id: str, request: Request, planner: PlannerDep, session: SessionDep) -> Any:
    """The job's progress as server-sent events, like ``/v1/solve-jobs/{id}/events``."""
    crud.get_job(session, key=planner.key, job_id=job_id)
    sessions: Sessions = request.app.state.sessions
    key = planner.key

    def snapshot() -> dict[str, Any]:
        with sessions() as fresh:
            job = crud.get_job(fresh, key=key, job_id=job_id)
            data: dict[str, Any] = crud.job_public(fresh, job).model_dump(mode="json")
            return data

    async def stream() -> AsyncIterator[str]:
        while not await request.is_disconnected():
            data = await asyncio.to_thread(snapshot)
            text = json.dumps(data)
            yield f"event: progress\ndata: {text}\n\n"
            if JobStatus(data["status"]).finished:
                yield f"event: end\ndata: {text}\n\n"
                return
            await asyncio.sleep(0.5)

    return StreamingResponse(stream(), media_type="text/event-stream", headers=_PRIVATE)


@router.get("/console/calculs/{job_id}/plan.json")
def plan_json(job_id: str, planner: PlannerDep, session: SessionDep) -> Response:
    stored = crud.get_plan(session, key=planner.key, job_id=job_id)
    return Response(
        stored.document,
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="plan-{job_id}.json"', **_PRIVATE},
    )


@router.get("/console/calculs/{job_id}/plan.xlsx")
def plan_excel(job_id: str, planner: PlannerDep, session: SessionDep) -> Response:
    job = crud.get_job(session, key=planner.key, job_id=job_id)
    plan = service.plan_of(session, job)
    if plan is None:
        raise ApiError(ErrorCode.NO_PLAN_YET, "Ce calcul n'a pas encore de plan.")
    problem = crud.plan_problem(session, job)
    return Response(
        service.plan_xlsx(plan, problem),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="plan-{job_id}.xlsx"', **_PRIVATE},
    )


@router.get("/console/calculs/{job_id}/allocation.json")
def allocation_json(job_id: str, planner: PlannerDep, session: SessionDep) -> Response:
    """How the warehouse stock was shared out, as ``GET /v1/solve-jobs/{id}/allocation``."""
    document = crud.get_allocation(session, key=planner.key, job_id=job_id)
    return Response(
        document,
        media_type="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="allocation-{job_id}.json"',
            **_PRIVATE,
        },
    )


# --- lock and re-plan, publish -----------------------------------------------------------------


@router.post("/console/calculs/{job_id}/replanifier")
def replan(
    job_id: str,
    request: Request,
    planner: PlannerDep,
    session: SessionDep,
    settings: SettingsDep,
    csrf_token: Annotated[str, Form()],
    time_limit_s: Annotated[float, Form(gt=0)],
    locked: Annotated[list[str] | None, Form()] = None,
    removed: Annotated[list[str] | None, Form()] = None,
    forced_job: Annotated[str, Form()] = "",
    forced_vehicle: Annotated[str, Form()] = "",
    from_time: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(planner, csrf_token)
    job = crud.get_job(session, key=planner.key, job_id=job_id)
    try:
        body = service.replan_request(
            session,
            job=job,
            locked=locked or [],
            removed=removed or [],
            time_limit_s=time_limit_s,
            forced=_forced(forced_job, forced_vehicle),
            from_time=_clock(from_time),
        )
        return _submit(request, session, planner, settings, body)
    except ProblemError as error:
        return _job_page(session, planner, job_id, _refusal(error.issues))
    except ApiError as error:
        if error.status != 422:
            raise
        return _job_page(session, planner, job_id, _refusal(error.issues, error.message))


def _refusal(issues: Sequence[InputIssue], fallback: str = "") -> str:
    sentences = "; ".join(f"{issue.path} : {issue.message}" for issue in issues) or fallback
    return f"Recalcul impossible : {sentences}"


def _forced(job: str, vehicle: str) -> dict[str, str]:
    """The stop the planner imposes on a vehicle, if both halves of the choice are given."""
    if bool(job) != bool(vehicle):
        raise ProblemError.single(
            "arrêt imposé", "choisissez à la fois l'arrêt et le véhicule qui doit le faire"
        )
    return {job: vehicle} if job else {}


def _clock(value: str) -> int | None:
    """The form's HH:MM, or None when the field is left empty."""
    if not value.strip():
        return None
    try:
        return parse_clock(value)
    except ValueError:
        raise ProblemError.single(
            "heure", f"« {value} » n'est pas une heure de la forme HH:MM (par exemple 10:30)"
        ) from None


@router.post("/console/calculs/{job_id}/publier")
def publish(
    job_id: str,
    request: Request,
    planner: PlannerDep,
    session: SessionDep,
    settings: SettingsDep,
    csrf_token: Annotated[str, Form()],
) -> HTMLResponse:
    check_csrf(planner, csrf_token)
    published = service.publish(
        session,
        key=planner.key,
        job_id=job_id,
        settings=settings,
        base_url=str(request.base_url),
    )
    job = crud.job_public(session, crud.get_job(session, key=planner.key, job_id=job_id))
    return render("publish.html", planner=planner, job=job, published=published)


def install(app: FastAPI) -> None:
    """Mount the console on ``app``: pages, static files, and sign-in redirects."""

    async def signed_out(_request: Request, _error: Exception) -> Response:
        return redirect("/connexion")

    app.add_exception_handler(SignedOut, signed_out)
    app.state.sign_in_throttle = SignInThrottle(app.state.sessions)
    install_error_pages(app, _TEMPLATES)
    app.mount("/console/static", STATIC, name="console-static")
    app.include_router(router)
