"""The monthly report for ProDij, in French, as an A4 PDF (ReportLab, pure Python).

ReportLab needs no browser and no system service; its standard Helvetica covers French
(accents, «», €), so the file renders the same everywhere. Numbers use a no-break space as the
thousands separator: the narrow one of the HTML page is not in the standard fonts.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from optimizer.messages import message
from optimizer.report.bundle import Bundle, key_label
from optimizer.report.indicators import PLANNED_ACTUAL, GroupBy, Indicators, Report

GREEN = colors.HexColor("#2e7d32")
BLUE = colors.HexColor("#1565c0")
LIGHT = colors.HexColor("#e8f5e9")
MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def _m(key: str, **values: object) -> str:
    return message(key, "fr", **values)


def _n(value: float | None, decimals: int = 0) -> str:
    """French number: no-break space for thousands, comma for decimals; — for none."""
    if value is None:
        return "—"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u00a0").replace(".", ",")


def _factor(value: float) -> str:
    """A factor as written in its source: 4,3 · 0,51 · 2 (no trailing zeros)."""
    return f"{value:g}".replace(".", ",")


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{_n(value * 100)}\u00a0%"


def _style_table(table: Table, header: bool = True) -> Table:
    commands = [
        ("FONT", (0, 0), (-1, -1), "Helvetica", 9),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#d1d5db")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if header:
        commands += [
            ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
            ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
        ]
    table.setStyle(TableStyle(commands))
    return table


def _key_figures(totals: Indicators) -> Table:
    left = [
        (_m("report.field.collected_kg"), _n(totals.collected_kg)),
        (_m("report.field.distributed_kg"), _n(totals.distributed_kg)),
        (_m("report.field.meals"), _n(totals.meals)),
        (_m("report.field.value_rescued_eur"), _n(totals.value_rescued_eur)),
        (_m("report.field.fresh_share_collected"), _pct(totals.fresh_share_collected)),
        (_m("report.field.fresh_share_distributed"), _pct(totals.fresh_share_distributed)),
        (_m("report.field.near_expiry_rescued_kg"), _n(totals.near_expiry_rescued_kg)),
    ]
    right = [
        (_m("report.field.co2e_avoided_kg"), _n(totals.co2e_avoided_kg)),
        (_m("report.field.transport_co2e_kg"), _n(totals.transport_co2e_kg)),
        (_m("report.field.net_co2e_avoided_kg"), _n(totals.net_co2e_avoided_kg)),
        (_m("report.field.distance_km"), _n(totals.distance_km)),
        (_m("report.field.vehicle_hours"), _n(totals.vehicle_hours)),
        (_m("report.field.cost_eur"), _n(totals.cost_eur)),
        (_m("report.field.days"), _n(totals.days)),
    ]
    data = [[*a, "", *b] for a, b in zip(left, right, strict=True)]
    table = Table(data, colWidths=[52 * mm, 25 * mm, 6 * mm, 52 * mm, 25 * mm])
    return _style_table(table, header=False)


def _period_chart(bundle: Bundle) -> Drawing:
    rows = bundle.by_period.rows
    period = bundle.period
    drawing = Drawing(170 * mm, 62 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y = 14 * mm, 12 * mm
    chart.width, chart.height = 150 * mm, 40 * mm
    chart.data = [
        [row.indicators.collected_kg for row in rows] or [0.0],
        [row.indicators.distributed_kg for row in rows] or [0.0],
    ]
    chart.categoryAxis.categoryNames = [key_label(period, row.key[period.value]) for row in rows]
    chart.categoryAxis.labels.fontName = "Helvetica"
    chart.categoryAxis.labels.fontSize = 6
    chart.categoryAxis.labels.angle = 45 if len(rows) > 12 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(rows) > 12 else "n"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labelTextFormat = _n
    chart.valueAxis.labels.fontName = "Helvetica"
    chart.valueAxis.labels.fontSize = 7
    chart.bars[0].fillColor = GREEN
    chart.bars[1].fillColor = BLUE
    chart.bars.strokeColor = None
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 120 * mm, 60 * mm
    legend.fontName, legend.fontSize = "Helvetica", 8
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.colorNamePairs = [
        (GREEN, _m("report.legend.collected")),
        (BLUE, _m("report.legend.distributed")),
    ]
    drawing.add(legend)
    period_name = _m(f"report.period.{period.value}")
    drawing.add(
        String(
            14 * mm,
            58 * mm,
            _m("report.chart.kg_by_period", period=period_name),
            fontName="Helvetica-Bold",
            fontSize=9,
        )
    )
    return drawing


def _breakdown(report: Report, key: GroupBy, limit: int | None = None) -> Table:
    header = [
        _m(f"report.key.{key.value}"),
        _m("report.field.collected_kg"),
        _m("report.field.distributed_kg"),
        _m("report.field.lost_kg"),
    ]
    rows = sorted(
        report.rows, key=lambda r: -(r.indicators.collected_kg + r.indicators.distributed_kg)
    )
    if limit is not None:
        rows = rows[:limit]
    data = [header] + [
        [
            key_label(key, row.key[key.value]),
            _n(row.indicators.collected_kg),
            _n(row.indicators.distributed_kg),
            _n(row.indicators.lost_kg),
        ]
        for row in rows
    ]
    return _style_table(Table(data, colWidths=[60 * mm, 35 * mm, 35 * mm, 35 * mm]))


def _pairs(rows: list[tuple[str, str]], widths: tuple[float, float] = (110, 55)) -> Table:
    table = Table(rows, colWidths=[widths[0] * mm, widths[1] * mm])
    return _style_table(table, header=False)


def _losses(totals: Indicators) -> Table:
    fields = (
        "lost_not_collected_kg",
        "lost_expired_kg",
        "lost_undelivered_kg",
        "lost_collected_not_delivered_kg",
        "lost_kg",
    )
    return _pairs(
        [(_m(f"report.field.{f}"), _n(getattr(totals, f)) + " kg") for f in fields], (52, 25)
    )


def _equity(totals: Indicators) -> Table:
    rows = [
        (_m("report.field.partners_due"), _n(totals.partners_due)),
        (
            _m("report.field.fair_share_deviation_sum_kg"),
            _n(totals.fair_share_deviation_sum_kg),
        ),
        (
            _m("report.field.fair_share_deviation_max_kg"),
            _n(totals.fair_share_deviation_max_kg),
        ),
        (_m("report.field.min_fill_rate"), _pct(totals.min_fill_rate)),
        (_m("report.field.gini_kg_per_beneficiary"), _n(totals.gini_kg_per_beneficiary, 3)),
    ]
    return _pairs(rows, (62, 20))


def _side_by_side(left: list[object], right: list[object]) -> Table:
    table = Table([[left, right]], colWidths=[84 * mm, 90 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _factors(report: Report, body: ParagraphStyle) -> Table:
    """The factors used; a source is a Paragraph (it wraps) read as markup, so it is escaped:
    a tenant's factors file may say ``<b>`` or ``&`` (or ``<img src=…>``, which ReportLab
    would try to load)."""
    small = ParagraphStyle("small", parent=body, fontSize=7, leading=8.5)
    header: list[object] = [_m(f"report.factor.{n}") for n in ("name", "value", "unit", "source")]
    data: list[list[object]] = [header]
    table = report.factors
    for name, factor in table.factors.items():
        data.append(
            [
                _m(f"report.factor.{name}"),
                _factor(factor.value),
                factor.unit,
                Paragraph(escape(factor.source), small),
            ]
        )
    for vehicle_type, factor in table.vehicle_co2e_kg_per_km.items():
        data.append(
            [
                _m("report.factor.vehicle", type=vehicle_type),
                _factor(factor.value),
                factor.unit,
                Paragraph(escape(factor.source), small),
            ]
        )
    widths = [48 * mm, 16 * mm, 22 * mm, 84 * mm]
    styled = _style_table(Table(data, colWidths=widths))
    styled.setStyle(
        TableStyle(
            [("FONT", (0, 1), (-1, -1), "Helvetica", 8), ("ALIGN", (2, 0), (-1, -1), "LEFT")]
        )
    )
    return styled


def month_title(report: Report) -> str:
    start, end = report.date_from, report.date_to
    if start.day == 1 and (start.year, start.month) == (end.year, end.month):
        return f"{MONTHS_FR[start.month - 1]} {start.year}"
    return f"{start.strftime('%d/%m/%Y')} – {end.strftime('%d/%m/%Y')}"


def render_pdf(bundle: Bundle) -> bytes:
    """The monthly report (any window works; a calendar month gets a month title)."""
    report = bundle.by_period
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=f"{_m('report.title')} — {month_title(report)}",
        author="Banque Alimentaire de Bourgogne",
    )
    document.build(_story(bundle))
    return out.getvalue()


def _story(bundle: Bundle) -> list[object]:
    """The report's pages from top to bottom: title, key figures, chart, then one section each."""
    report = bundle.by_period
    totals = report.totals
    styles = getSampleStyleSheet()
    title = ParagraphStyle("title", parent=styles["Title"], fontName="Helvetica-Bold")
    heading = ParagraphStyle(
        "heading", parent=styles["Heading2"], fontName="Helvetica-Bold", textColor=GREEN
    )
    body = ParagraphStyle("body", parent=styles["BodyText"], fontName="Helvetica", fontSize=9)

    def section(name: str, *flowables: object) -> KeepTogether:
        """A titled section kept on one page."""
        return KeepTogether([Paragraph(_m(f"report.section.{name}"), heading), *flowables])

    start = report.date_from.strftime("%d/%m/%Y")
    end = report.date_to.strftime("%d/%m/%Y")
    planned_actual = [(_m(f"report.field.{f}"), _n(getattr(totals, f))) for f in PLANNED_ACTUAL]
    return [
        Paragraph(f"{_m('report.title')} — {month_title(report)}", title),
        Paragraph(_m("report.subtitle", start=start, end=end), body),
        Spacer(1, 4 * mm),
        Paragraph(_m("report.section.key_figures"), heading),
        _key_figures(totals),
        Spacer(1, 3 * mm),
        _period_chart(bundle),
        section("by_category", _breakdown(bundle.by_category, GroupBy.CATEGORY)),
        section("by_source", _breakdown(bundle.by_source, GroupBy.SOURCE)),
        section("by_commune", _breakdown(bundle.by_commune, GroupBy.COMMUNE, limit=10)),
        _side_by_side(
            [Paragraph(_m("report.section.losses"), heading), _losses(totals)],
            [Paragraph(_m("report.section.equity"), heading), _equity(totals)],
        ),
        section("planned_actual", _pairs(planned_actual)),
        section(
            "factors",
            _factors(report, body),
            Spacer(1, 2 * mm),
            Paragraph(_m("report.generated", version=escape(report.factors.version)), body),
        ),
    ]
