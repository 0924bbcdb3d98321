"""The paper sheet: A4, one route per file, the same content as the phone page.

fpdf2 writes the PDF in pure Python (no browser, no system service); French text needs a
Unicode TrueType font, DejaVu Sans from Debian's ``fonts-dejavu-core`` (``scripts/chromium.sh``
installs it), or any folder named by ``FOODROUTE_FONT_DIR``.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from optimizer.messages import message
from optimizer.outputs.sheets.sheet import Loading, RouteSheet, SheetStop, format_kg
from optimizer.outputs.sheets.svg import route_svg

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
)
_FAMILY = "DejaVu"
_LINE_MM = 5.5


def font_dir() -> Path:
    """The folder holding DejaVuSans.ttf and DejaVuSans-Bold.ttf; an error says how to get it."""
    candidates = (
        [Path(os.environ["FOODROUTE_FONT_DIR"])] if "FOODROUTE_FONT_DIR" in os.environ else []
    )
    for folder in [*candidates, *FONT_DIRS]:
        if (folder / "DejaVuSans.ttf").is_file() and (folder / "DejaVuSans-Bold.ttf").is_file():
            return folder
    raise FileNotFoundError(
        "DejaVu Sans not found: install Debian's fonts-dejavu-core (scripts/chromium.sh) "
        "or set FOODROUTE_FONT_DIR to a folder with DejaVuSans.ttf and DejaVuSans-Bold.ttf"
    )


class _SheetPdf(FPDF):
    def __init__(self, sheet: RouteSheet) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.sheet = sheet
        folder = font_dir()
        self.add_font(_FAMILY, "", str(folder / "DejaVuSans.ttf"))
        self.add_font(_FAMILY, "B", str(folder / "DejaVuSans-Bold.ttf"))
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(auto=True, margin=15)
        self.alias_nb_pages("{nb}")
        self.set_title(f"{sheet.t('sheet.title')} {sheet.vehicle_name} {sheet.date.isoformat()}")
        self.set_creator("foodroute")

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font(_FAMILY, "", 8)
        sheet = self.sheet
        text = f"{sheet.vehicle_name} · {sheet.date_label} · " + sheet.t(
            "sheet.page", page=self.page_no(), pages="{nb}"
        )
        self.cell(0, 5, text, align="C")

    def line_text(self, text: str, size: float = 10, bold: bool = False, height: float = 0) -> None:
        self.set_font(_FAMILY, "B" if bold else "", size)
        self.multi_cell(
            0,
            height or _LINE_MM * size / 10,
            text,
            align="L",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )

    def rule(self) -> None:
        self.set_draw_color(160, 160, 160)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(1.5)


def route_pdf(sheet: RouteSheet) -> bytes:
    """The PDF document of ``sheet``."""
    pdf = _SheetPdf(sheet)
    pdf.add_page()
    _header(pdf, sheet)
    for loading in sheet.loadings:
        _loading(pdf, sheet, loading)
    pdf.ln(2)
    pdf.line_text(sheet.t("sheet.stops.heading"), 14, bold=True)
    for stop in sheet.stops:
        _stop(pdf, sheet, stop)
    return bytes(pdf.output())


def _kg(sheet: RouteSheet, amount: float) -> str:
    return sheet.t("sheet.kg", kg=format_kg(amount, sheet.language))


def _header(pdf: _SheetPdf, sheet: RouteSheet) -> None:
    pdf.line_text(f"{sheet.t('sheet.title')} · {sheet.vehicle_name}", 18, bold=True)
    pdf.line_text(f"{sheet.date_label} · {sheet.problem_name}", 10)
    pdf.ln(1)
    pdf.line_text(
        f"{sheet.t('sheet.departure')} {sheet.start} · {sheet.t('sheet.return')} {sheet.end} · "
        f"{sheet.t('sheet.stops_count', count=len(sheet.job_stops))} · "
        f"{sheet.t('sheet.distance', km=format_kg(sheet.distance_km, sheet.language))}",
        12,
        bold=True,
    )
    for pause in sheet.breaks:
        pdf.line_text(pause, 10)
    # The map: 120 mm wide, the SVG is drawn as vectors.
    top = pdf.get_y() + 2
    pdf.image(
        io.BytesIO(route_svg(sheet, titled=False).encode("utf-8")), x=pdf.l_margin, y=top, w=120
    )
    pdf.set_y(top + 120 * 260 / 340 + 2)


def _loading(pdf: _SheetPdf, sheet: RouteSheet, loading: Loading) -> None:
    pdf.line_text(f"{loading.title} · {loading.time}", 14, bold=True)
    pdf.line_text(sheet.t("sheet.loading.help"), 9)
    if not loading.compartments:
        pdf.line_text(sheet.t("sheet.loading.nothing"), 10)
    for compartment in loading.compartments:
        pdf.ln(1)
        pdf.line_text(f"{compartment.label} — {_kg(sheet, compartment.kg)}", 11, bold=True)
        for order, line in enumerate(compartment.lines, start=1):
            lots = " ; ".join(
                f"{lot.description} {_kg(sheet, lot.kg)}"
                + (f" ({lot.expiry})" if lot.expiry else "")
                for lot in line.lots
            )
            pdf.line_text(
                f"☐ {order}. {sheet.t('sheet.for_stop', number=line.stop_number)} · "
                f"{line.site_name} — {_kg(sheet, line.kg)} : {lots}",
                9.5,
            )


def _stop(pdf: _SheetPdf, sheet: RouteSheet, stop: SheetStop) -> None:
    # Keep a stop's heading with its first lines: start a page when less than 35 mm remain.
    if pdf.get_y() > pdf.h - pdf.b_margin - 35:
        pdf.add_page()
    pdf.rule()
    if stop.number is not None:
        heading = (
            f"{sheet.t('sheet.for_stop', number=stop.number)} · {stop.eta} · {stop.kind_label}"
        )
    else:
        heading = f"{stop.eta} · {stop.kind_label}"
    pdf.line_text(heading, 12, bold=True)
    pdf.line_text(stop.name, 11, bold=True)
    details = [stop.address]
    if stop.windows:
        wait = f" · {sheet.t('sheet.wait', minutes=stop.wait_min)}" if stop.wait_min else ""
        details.append(f"{sheet.t('sheet.window')} : {stop.windows}{wait}")
    if stop.contact_name or stop.phone:
        details.append(f"{sheet.t('sheet.contact')} : {stop.contact_name} {stop.phone}".strip())
    if stop.access_notes:
        details.append(f"{sheet.t('sheet.access')} : {stop.access_notes}")
    if stop.note:
        details.append(f"{sheet.t('sheet.note')} : {stop.note}")
    for detail in filter(None, details):
        pdf.line_text(detail, 10)
    if stop.lots:
        verb = (
            sheet.t("sheet.take") if stop.kind.value.endswith("pickup") else sheet.t("sheet.leave")
        )
        per_class = ", ".join(
            f"{message(f'class.{klass.value}', sheet.language)} {_kg(sheet, kg)}"
            for klass, kg in stop.planned_kg.items()
        )
        pdf.line_text(f"{verb} : {per_class}", 10, bold=True)
        for lot in stop.lots:
            expiry = f" · {lot.expiry}" if lot.expiry else ""
            pdf.line_text(
                f"   {lot.description} · {lot.temperature_label}{expiry} — {_kg(sheet, lot.kg)}",
                9.5,
            )
    if stop.is_job:
        pdf.line_text(
            f"{sheet.t('sheet.report.done')} ☐   {sheet.t('sheet.report.skipped')} ☐   "
            f"{sheet.t('sheet.report.actual')} : ________   "
            f"{sheet.t('sheet.report.reason')} : ________________",
            9,
        )
    pdf.ln(1)
