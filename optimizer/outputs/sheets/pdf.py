"""The paper sheet: A4, one route per file, the same content as the phone page.

ReportLab writes it in pure Python, as it does the monthly report, and needs no font file: the
standard Helvetica covers French (accents, « », œ, €) and ReportLab takes the few signs it
lacks (−, ❑) from the standard Symbol and ZapfDingbats fonts. The map is drawn as vectors from
the same projection as the phone page's SVG.
"""

from __future__ import annotations

import io
from functools import cache, partial
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Circle, Drawing, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    HRFlowable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
)

from optimizer.messages import message
from optimizer.outputs.sheets.sheet import Loading, RouteSheet, SheetStop, format_kg
from optimizer.outputs.sheets.svg import HEIGHT, WIDTH, marker_positions, project_with_line

MARGIN = 15 * mm
MAP_WIDTH = 120 * mm
# A check box the driver ticks with a pen (ZapfDingbats; Helvetica has no ballot box).
BOX = "\u2751"
# Line height as a multiple of the font size: a little airier than print, for reading in a cab.
_LEADING = 1.56
_ROUTE = colors.HexColor("#1f5fa8")
_PICKUP = colors.HexColor("#2e7d32")
_DELIVERY = colors.HexColor("#c62828")


def route_pdf(sheet: RouteSheet) -> bytes:
    """The PDF document of ``sheet``."""
    story: list[Flowable] = _header(sheet)
    for loading in sheet.loadings:
        story += _loading(sheet, loading)
    story += [Spacer(1, 2 * mm), _text(sheet.t("sheet.stops.heading"), 14, bold=True)]
    for index, stop in enumerate(sheet.stops):
        story += _stop(sheet, stop)
        story += [_text(pause, 11, bold=True) for pause in sheet.breaks_after.get(index, [])]
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"{sheet.t('sheet.title')} {sheet.vehicle_name} {sheet.date.isoformat()}",
        creator="foodroute",
    )
    footer = f"{sheet.vehicle_name} · {sheet.date_label} · "
    document.build(story, canvasmaker=partial(_NumberedCanvas, footer=footer, sheet=sheet))
    return out.getvalue()


class _NumberedCanvas(Canvas):  # type: ignore[misc]
    """Holds the pages back until the end, so that each footer can say "Page 2 / 3"."""

    def __init__(self, *args: Any, footer: str, sheet: RouteSheet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._sheet = sheet
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        for number, page in enumerate(self._pages, start=1):
            self.__dict__.update(page)
            self.setFont("Helvetica", 8)
            self.setFillColor(colors.black)
            pages = self._sheet.t("sheet.page", page=number, pages=len(self._pages))
            self.drawCentredString(A4[0] / 2, 8 * mm, _printable(self._footer + pages))
            super().showPage()
        super().save()


def _printable(text: str) -> str:
    """``text`` in the standard fonts: the narrow no-break space of French numbers is not."""
    return text.replace("\u202f", "\u00a0")


@cache
def _style(size: float, bold: bool, indent: float) -> ParagraphStyle:
    return ParagraphStyle(
        f"sheet-{size}-{bold}-{indent}",
        fontName="Helvetica-Bold" if bold else "Helvetica",
        fontSize=size,
        leading=size * _LEADING,
        leftIndent=indent,
    )


def _text(text: str, size: float = 10, *, bold: bool = False, indent: float = 0) -> Paragraph:
    """One paragraph of plain text (escaped: a site named "A & B" is not markup)."""
    return Paragraph(escape(_printable(text)), _style(size, bold, indent))


def _kg(sheet: RouteSheet, amount: float) -> str:
    return sheet.t("sheet.kg", kg=format_kg(amount, sheet.language))


def route_map(sheet: RouteSheet, width: float = MAP_WIDTH) -> Drawing:
    """The route as on the phone page: path in driving order, numbered stops, depot a square.

    ``width`` in points; the height keeps the SVG's proportions. Green stops are pickups,
    red ones deliveries.
    """
    scale = width / WIDTH
    drawing = Drawing(width, HEIGHT * scale)
    drawing.hAlign = "LEFT"

    def at(x: float, y: float) -> tuple[float, float]:
        # SVG units, y down → points, y up.
        return x * scale, (HEIGHT - y) * scale

    drawing.add(
        Rect(0, 0, width, HEIGHT * scale, fillColor=colors.HexColor("#f4f6f8"), strokeColor=None)
    )
    xy, line = project_with_line(sheet)
    if len(line) > 1:
        points = [coordinate for x, y in line for coordinate in at(x, y)]
        drawing.add(
            PolyLine(
                points,
                strokeColor=_ROUTE,
                strokeWidth=2.5 * scale,
                strokeLineJoin=1,
                strokeLineCap=1,
            )
        )
    for stop, (x, y) in zip(sheet.stops, marker_positions(sheet, xy), strict=True):
        cx, cy = at(x, y)
        if stop.number is None:
            side = 14 * scale
            drawing.add(
                Rect(
                    cx - side / 2,
                    cy - side / 2,
                    side,
                    side,
                    fillColor=colors.HexColor("#222222"),
                    strokeColor=None,
                )
            )
            continue
        fill = _PICKUP if stop.kind.value.endswith("pickup") else _DELIVERY
        drawing.add(
            Circle(
                cx, cy, 9 * scale, fillColor=fill, strokeColor=colors.white, strokeWidth=1.5 * scale
            )
        )
        drawing.add(
            String(
                cx,
                cy - 3.5 * scale,
                str(stop.number),
                fontName="Helvetica-Bold",
                fontSize=10 * scale,
                fillColor=colors.white,
                textAnchor="middle",
            )
        )
    return drawing


def _header(sheet: RouteSheet) -> list[Flowable]:
    story: list[Flowable] = [
        _text(f"{sheet.t('sheet.title')} · {sheet.vehicle_name}", 18, bold=True),
        _text(f"{sheet.date_label} · {sheet.problem_name}", 10),
        Spacer(1, 1 * mm),
        _text(
            f"{sheet.t('sheet.departure')} {sheet.start} · {sheet.t('sheet.return')} {sheet.end}"
            f" · {sheet.t('sheet.stops_count', count=len(sheet.job_stops))} · "
            f"{sheet.t('sheet.distance', km=format_kg(sheet.distance_km, sheet.language))}",
            12,
            bold=True,
        ),
    ]
    story += [_text(pause, 10) for pause in sheet.breaks]
    return [*story, Spacer(1, 2 * mm), route_map(sheet), Spacer(1, 2 * mm)]


def _loading(sheet: RouteSheet, loading: Loading) -> list[Flowable]:
    story: list[Flowable] = [
        _text(f"{loading.title} · {loading.time}", 14, bold=True),
        _text(sheet.t("sheet.loading.help"), 9),
    ]
    if not loading.compartments:
        story.append(_text(sheet.t("sheet.loading.nothing"), 10))
    for compartment in loading.compartments:
        story += [
            Spacer(1, 1 * mm),
            _text(f"{compartment.label} — {_kg(sheet, compartment.kg)}", 11, bold=True),
        ]
        for order, line in enumerate(compartment.lines, start=1):
            lots = " ; ".join(
                f"{lot.description} {_kg(sheet, lot.kg)}"
                + (f" ({lot.expiry})" if lot.expiry else "")
                for lot in line.lots
            )
            story.append(
                _text(
                    f"{BOX} {order}. {sheet.t('sheet.for_stop', number=line.stop_number)} · "
                    f"{line.site_name} — {_kg(sheet, line.kg)} : {lots}",
                    9.5,
                )
            )
    return story


def _stop(sheet: RouteSheet, stop: SheetStop) -> list[Flowable]:
    if stop.number is not None:
        heading = (
            f"{sheet.t('sheet.for_stop', number=stop.number)} · {stop.eta} · {stop.kind_label}"
        )
    else:
        heading = f"{stop.eta} · {stop.kind_label}"
    story: list[Flowable] = [
        # A stop's heading stays with its first lines: a new page when less than 35 mm remain.
        CondPageBreak(35 * mm),
        HRFlowable(width="100%", thickness=0.5, color=colors.Color(0.63, 0.63, 0.63)),
        Spacer(1, 1.5 * mm),
        _text(heading, 12, bold=True),
        _text(stop.name, 11, bold=True),
    ]
    details = [stop.address]
    if stop.windows:
        wait = f" · {sheet.t('sheet.wait', minutes=stop.wait_min)}" if stop.wait_min else ""
        details.append(f"{sheet.t('sheet.window')} : {stop.windows}{wait}")
    if stop.unload_before:
        details.append(stop.unload_before)
    if stop.contact_name or stop.phone:
        details.append(f"{sheet.t('sheet.contact')} : {stop.contact_name} {stop.phone}".strip())
    if stop.access_notes:
        details.append(f"{sheet.t('sheet.access')} : {stop.access_notes}")
    if stop.note:
        details.append(f"{sheet.t('sheet.note')} : {stop.note}")
    story += [_text(detail, 10) for detail in details if detail]
    if stop.lots:
        verb = (
            sheet.t("sheet.take") if stop.kind.value.endswith("pickup") else sheet.t("sheet.leave")
        )
        per_class = ", ".join(
            f"{message(f'class.{klass.value}', sheet.language)} {_kg(sheet, kg)}"
            for klass, kg in stop.planned_kg.items()
        )
        story.append(_text(f"{verb} : {per_class}", 10, bold=True))
        for lot in stop.lots:
            expiry = f" · {lot.expiry}" if lot.expiry else ""
            story.append(
                _text(
                    f"{lot.description} · {lot.temperature_label}{expiry} — {_kg(sheet, lot.kg)}",
                    9.5,
                    indent=4 * mm,
                )
            )
    if stop.is_job:
        gap = "\u00a0" * 4
        story.append(
            _text(
                f"{sheet.t('sheet.report.done')} {BOX}{gap}{sheet.t('sheet.report.skipped')} "
                f"{BOX}{gap}{sheet.t('sheet.report.actual')} : ________{gap}"
                f"{sheet.t('sheet.report.reason')} : ________________",
                9,
            )
        )
    return [*story, Spacer(1, 1 * mm)]
