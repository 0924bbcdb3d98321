"""Drivers' stop reports: stored per plan and stop, compared with what the plan said.

A report is keyed by (solve job, stop job, end): a shipment's pickup end (at the donor) and
delivery end (at the partner) are reported apart, so "collected, not delivered" is told from
"not collected". Sending a report again — a phone retrying after a lost answer — stores nothing
new, and a later report for the same stop replaces the earlier one. A retry of an *older* report
(the phone's clock says so) never overwrites a newer one.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, Field, field_validator, model_validator
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.db import utcnow
from api.models import StopReportRow
from optimizer.model import ClassKg
from optimizer.plan import Plan, StopEnd, StopKind, end_of
from optimizer.report.history import StopReport as HistoryReport
from optimizer.report.history import StopStatus

_TAKE_KINDS = {StopKind.PICKUP, StopKind.SHIPMENT_PICKUP}


class ReportStatus(StrEnum):
    DONE = "done"
    SKIPPED = "skipped"


class Kg(BaseModel):
    ambient: float = Field(0.0, ge=0, le=100_000)
    chilled: float = Field(0.0, ge=0, le=100_000)
    frozen: float = Field(0.0, ge=0, le=100_000)

    @property
    def total(self) -> float:
        return self.ambient + self.chilled + self.frozen


#: When a driver may have pressed the button: anything else is a broken phone clock or a probe.
REPORTED_AT_WINDOW = (
    dt.datetime(2000, 1, 1, tzinfo=dt.UTC),
    dt.datetime(2100, 1, 1, tzinfo=dt.UTC),
)


class StopReportIn(BaseModel):
    """What the driver's page sends for one stop."""

    job: str = Field(min_length=1, max_length=120, description="The stop's job id.")
    end: StopEnd | None = Field(
        None,
        description="Which end of the job: pickup or delivery. Required for a shipment, which "
        "has both; a pickup or delivery job has one, the default.",
    )
    status: ReportStatus
    reason: str = Field("", max_length=200, description="Why the stop was not done.")
    actual_kg: Kg | None = Field(None, description="Kg actually moved; none = as planned.")
    reported_at: dt.datetime | None = Field(None, description="When the driver pressed the button.")

    @field_validator("reported_at")
    @classmethod
    def _plausible_moment(cls, moment: dt.datetime | None) -> dt.datetime | None:
        """In UTC, between 2000 and 2100: a far offset on year 1 or 9999 cannot be stored."""
        if moment is None:
            return None
        try:
            utc = moment.astimezone(dt.UTC) if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
        except OverflowError:
            utc = None
        if utc is None or not REPORTED_AT_WINDOW[0] <= utc < REPORTED_AT_WINDOW[1]:
            first, last = (bound.year for bound in REPORTED_AT_WINDOW)
            raise ValueError(f"must be a moment between the years {first} and {last - 1}")
        return utc

    @model_validator(mode="after")
    def _skipped_has_reason(self) -> StopReportIn:
        if self.status is ReportStatus.SKIPPED and not self.reason.strip():
            raise ValueError("a skipped stop needs a reason")
        return self


class StopReportPublic(StopReportIn):
    end: StopEnd
    vehicle: str
    received_at: dt.datetime


class StopPlannedVsActual(BaseModel):
    """One job stop of the plan and what its driver reported (``status`` 'planned' = nothing)."""

    vehicle: str
    number: int = Field(description="Position among the route's job stops, from 1.")
    job: str
    end: StopEnd
    site: str
    kind: StopKind
    planned_kg: Kg
    status: str = Field(description="planned, done or skipped.")
    actual_kg: Kg | None = None
    reason: str = ""
    reported_at: dt.datetime | None = None
    received_at: dt.datetime | None = None


class PlanStopReports(BaseModel):
    job_id: str
    data: list[StopPlannedVsActual]
    count: int
    done: int
    skipped: int
    planned_kg: float
    actual_kg: float = Field(description="Done stops: reported kg (planned kg when none given).")
    not_collected: int = Field(description="Pickup ends (pickups and shipments) skipped.")
    not_collected_kg: float = Field(description="Their planned kg.")
    collected_not_delivered: int = Field(
        description="Shipments whose delivery end was skipped and pickup end was not."
    )
    collected_not_delivered_kg: float = Field(
        description="What they had on board: the pickup end's reported kg, else planned kg."
    )


def _public(row: StopReportRow) -> StopReportPublic:
    actual = None
    if row.actual_ambient_kg is not None:
        actual = Kg(
            ambient=row.actual_ambient_kg,
            chilled=row.actual_chilled_kg or 0.0,
            frozen=row.actual_frozen_kg or 0.0,
        )
    return StopReportPublic(
        job=row.stop_job,
        end=StopEnd(row.stop_end),
        status=ReportStatus(row.status),
        reason=row.reason,
        actual_kg=actual,
        reported_at=row.reported_at,
        vehicle=row.vehicle,
        received_at=row.received_at,
    )


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=dt.UTC)


def _apply(row: StopReportRow, report: StopReportIn) -> None:
    row.status = report.status.value
    row.reason = report.reason.strip() if report.status is ReportStatus.SKIPPED else ""
    actual = report.actual_kg
    row.actual_ambient_kg = actual.ambient if actual else None
    row.actual_chilled_kg = actual.chilled if actual else None
    row.actual_frozen_kg = actual.frozen if actual else None
    row.reported_at = _aware(report.reported_at)
    row.received_at = utcnow()


def save_report(
    session: Session,
    *,
    tenant_id: str,
    job_id: str,
    vehicle: str,
    end: StopEnd,
    report: StopReportIn,
) -> StopReportPublic:
    """Store ``report`` on ``end`` (the caller checked that this end is on ``vehicle``'s route)."""
    for _ in range(2):  # a concurrent first report of the same stop: the second one updates
        row = session.scalars(
            select(StopReportRow).where(
                StopReportRow.job_id == job_id,
                StopReportRow.stop_job == report.job,
                StopReportRow.stop_end == end.value,
            )
        ).first()
        incoming = _aware(report.reported_at)
        if row is not None:
            stored = row.reported_at
            if stored is not None and incoming is not None and incoming < stored:
                return _public(row)  # an older retry: the newer report stands
            _apply(row, report)
            session.commit()
            return _public(row)
        row = StopReportRow(
            tenant_id=tenant_id,
            job_id=job_id,
            vehicle=vehicle,
            stop_job=report.job,
            stop_end=end.value,
        )
        _apply(row, report)
        session.add(row)
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            continue
        return _public(row)
    raise RuntimeError("stop report could not be stored")  # pragma: no cover


def reports_of(session: Session, job_id: str) -> dict[tuple[str, StopEnd], StopReportRow]:
    """The job's reports by (stop job, end)."""
    rows = session.scalars(select(StopReportRow).where(StopReportRow.job_id == job_id))
    return {(row.stop_job, StopEnd(row.stop_end)): row for row in rows}


def route_ends(plan: Plan, vehicle: str) -> dict[str, list[StopEnd]]:
    """The ends of each job on ``vehicle``'s route, in driving order (empty if no route)."""
    ends: dict[str, list[StopEnd]] = {}
    for route in plan.routes:
        if route.vehicle != vehicle:
            continue
        for stop in route.stops:
            end = end_of(stop.kind)
            if end is not None and stop.job is not None and end not in ends.get(stop.job, []):
                ends.setdefault(stop.job, []).append(end)
    return ends


def _stops(plan: Plan) -> list[StopPlannedVsActual]:
    """Every job stop of the plan, numbered per route, with its planned kg."""
    data: list[StopPlannedVsActual] = []
    for route in plan.routes:
        number = 0
        for stop in route.stops:
            end = end_of(stop.kind)
            if end is None or stop.job is None:
                continue
            number += 1
            amounts = stop.picked_up_kg if stop.kind in _TAKE_KINDS else stop.delivered_kg
            data.append(
                StopPlannedVsActual(
                    vehicle=route.vehicle,
                    number=number,
                    job=stop.job,
                    end=end,
                    site=stop.site,
                    kind=stop.kind,
                    planned_kg=Kg(
                        ambient=amounts.ambient, chilled=amounts.chilled, frozen=amounts.frozen
                    ),
                    status="planned",
                )
            )
    return data


def _collected_not_delivered(data: list[StopPlannedVsActual]) -> list[float]:
    """Kg on board of each shipment skipped at its partner but not at its donor."""
    pickups = {d.job: d for d in data if d.kind is StopKind.SHIPMENT_PICKUP}
    found = []
    for item in data:
        pickup = pickups.get(item.job)
        if item.kind is not StopKind.SHIPMENT_DELIVERY or item.status != ReportStatus.SKIPPED:
            continue
        if pickup is not None and pickup.status != ReportStatus.SKIPPED:
            found.append((pickup.actual_kg or pickup.planned_kg).total)
    return found


def planned_vs_actual(session: Session, *, job_id: str, plan: Plan) -> PlanStopReports:
    """Each job stop of the plan beside its driver's report, and the day's counts."""
    reports = reports_of(session, job_id)
    data = _stops(plan)
    for item in data:
        row = reports.get((item.job, item.end))
        if row is not None:
            public = _public(row)
            item.status = public.status.value
            item.actual_kg = public.actual_kg
            item.reason = public.reason
            item.reported_at = public.reported_at
            item.received_at = public.received_at
    done = [d for d in data if d.status == ReportStatus.DONE]
    skipped = [d for d in data if d.status == ReportStatus.SKIPPED]
    not_collected = [d for d in skipped if d.end is StopEnd.PICKUP]
    on_board = _collected_not_delivered(data)
    return PlanStopReports(
        job_id=job_id,
        data=data,
        count=len(data),
        done=len(done),
        skipped=len(skipped),
        planned_kg=round(sum(d.planned_kg.total for d in data), 3),
        actual_kg=round(sum((d.actual_kg or d.planned_kg).total for d in done), 3),
        not_collected=len(not_collected),
        not_collected_kg=round(sum(d.planned_kg.total for d in not_collected), 3),
        collected_not_delivered=len(on_board),
        collected_not_delivered_kg=round(sum(on_board), 3),
    )


def history_reports(session: Session, job_id: str) -> list[HistoryReport] | None:
    """The job's reports as the reporting history reads them; ``None`` when nobody reported
    (the day then counts as planned)."""
    rows = reports_of(session, job_id)
    if not rows:
        return None
    found = []
    for row in rows.values():
        public = _public(row)
        actual = None
        if public.actual_kg is not None:
            kg = public.actual_kg
            actual = ClassKg(ambient=kg.ambient, chilled=kg.chilled, frozen=kg.frozen)
        found.append(
            HistoryReport(
                job=row.stop_job,
                end=public.end,
                status=StopStatus(row.status),
                actual_kg=actual,
                reason=row.reason,
            )
        )
    return sorted(found, key=lambda report: (report.job, report.end or ""))
