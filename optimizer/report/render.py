"""One call from records to a report file in any format, shared by the CLI and the service."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import StrEnum

from optimizer.report.bundle import build_bundle
from optimizer.report.dashboard import render_dashboard
from optimizer.report.exports import to_csv, to_json, xlsx_bytes
from optimizer.report.factors import FactorsTable
from optimizer.report.history import DayRecord
from optimizer.report.indicators import GroupBy, build_report


class ReportFormat(StrEnum):
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"
    PDF = "pdf"
    HTML = "html"

    @property
    def media_type(self) -> str:
        return {
            ReportFormat.JSON: "application/json",
            ReportFormat.CSV: "text/csv; charset=utf-8",
            ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ReportFormat.PDF: "application/pdf",
            ReportFormat.HTML: "text/html; charset=utf-8",
        }[self]


def render_report(
    records: Sequence[DayRecord],
    date_from: dt.date,
    date_to: dt.date,
    form: ReportFormat,
    group_by: Sequence[GroupBy] = (),
    factors: FactorsTable | None = None,
) -> bytes:
    """The report file. JSON, CSV and XLSX follow ``group_by``; the dashboard (HTML) and the
    monthly report (PDF) always show their own set: periods, categories, sources, communes."""
    if form in (ReportFormat.HTML, ReportFormat.PDF):
        bundle = build_bundle(records, date_from, date_to, factors)
        if form is ReportFormat.HTML:
            return render_dashboard(bundle).encode("utf-8")
        from optimizer.report.pdf import render_pdf  # ReportLab loads only when a PDF is asked

        return render_pdf(bundle)
    report = build_report(records, date_from, date_to, group_by, factors)
    if form is ReportFormat.JSON:
        return to_json(report).encode("utf-8")
    if form is ReportFormat.CSV:
        return to_csv(report).encode("utf-8")
    return xlsx_bytes(report)
