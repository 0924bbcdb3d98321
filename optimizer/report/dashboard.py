"""The one-page HTML dashboard: key figures, six inline SVG charts, the factors used.

Self-contained (no script, no font or library from the network): one file that opens anywhere,
prints on A4 landscape, and that the service serves as is.
"""

from __future__ import annotations

from html import escape

from optimizer.messages import message
from optimizer.report.bundle import Bundle, key_label
from optimizer.report.indicators import PLANNED_ACTUAL, GroupBy, Indicators, Report
from optimizer.report.svg import Series, bar_chart, hbar_chart, line_chart, number

GREEN = "#2e7d32"
ORANGE = "#ef6c00"
BLUE = "#1565c0"
GREY = "#6d4c41"
RED = "#c62828"
PURPLE = "#6a1b9a"

_CSS = """
body { font-family: 'DejaVu Sans', Arial, sans-serif; margin: 0; background: #f3f4f6;
       color: #111827; }
header { background: #1b5e20; color: white; padding: 14px 24px; }
header h1 { margin: 0; font-size: 22px; }
header p { margin: 4px 0 0; font-size: 13px; opacity: 0.9; }
main { padding: 16px 24px; }
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr));
         gap: 10px; margin-bottom: 16px; }
.tile { background: white; border-radius: 6px; padding: 10px 12px;
        box-shadow: 0 1px 2px rgba(0,0,0,.08); }
.tile .value { font-size: 22px; font-weight: bold; color: #1b5e20; }
.tile .label { font-size: 12px; color: #4b5563; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(580px, 1fr));
          gap: 12px; }
.panel { background: white; border-radius: 6px; padding: 8px;
         box-shadow: 0 1px 2px rgba(0,0,0,.08); }
table { border-collapse: collapse; font-size: 12px; width: 100%; }
th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid #e5e7eb; }
td.num { text-align: right; }
h2 { font-size: 16px; margin: 18px 0 8px; }
footer { font-size: 11px; color: #6b7280; padding: 0 24px 16px; }
@media print { body { background: white; } .panel, .tile { box-shadow: none; } }
"""


def _m(key: str, **values: object) -> str:
    return message(key, "fr", **values)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}\u202f%".replace(".", ",")


def _tiles(totals: Indicators) -> str:
    tiles = [
        (number(totals.collected_kg) + " kg", _m("report.field.collected_kg")),
        (number(totals.distributed_kg) + " kg", _m("report.field.distributed_kg")),
        (number(totals.meals), _m("report.field.meals")),
        (number(totals.value_rescued_eur) + " €", _m("report.field.value_rescued_eur")),
        (_percent(totals.fresh_share_collected), _m("report.field.fresh_share_collected")),
        (number(totals.near_expiry_rescued_kg) + " kg", _m("report.field.near_expiry_rescued_kg")),
        (number(totals.lost_kg) + " kg", _m("report.field.lost_kg")),
        (number(totals.co2e_avoided_kg) + " kg", _m("report.field.co2e_avoided_kg")),
        (number(totals.transport_co2e_kg or 0) + " kg", _m("report.field.transport_co2e_kg")),
        (number(totals.distance_km or 0) + " km", _m("report.field.distance_km")),
        (number(totals.cost_eur or 0) + " €", _m("report.field.cost_eur")),
        (_percent(totals.min_fill_rate), _m("report.field.min_fill_rate")),
    ]
    return "".join(
        f"<div class='tile'><div class='value'>{escape(value)}</div>"
        f"<div class='label'>{escape(name)}</div></div>"
        for value, name in tiles
    )


def _ranked(report: Report, key: GroupBy, field: str, limit: int = 10) -> list[tuple[str, float]]:
    items = [
        (key_label(key, row.key[key.value]), float(getattr(row.indicators, field) or 0.0))
        for row in report.rows
    ]
    items = [item for item in items if item[1] > 0]
    return sorted(items, key=lambda item: -item[1])[:limit]


def charts(bundle: Bundle) -> list[str]:
    """The six charts of the dashboard, as SVG strings."""
    period = bundle.period
    rows = bundle.by_period.rows
    labels = [key_label(period, row.key[period.value]) for row in rows]
    figures = [row.indicators for row in rows]
    period_name = _m(f"report.period.{period.value}")
    totals = bundle.by_period.totals
    losses = [
        (_m("report.field.lost_not_collected_kg"), totals.lost_not_collected_kg),
        (_m("report.field.lost_expired_kg"), totals.lost_expired_kg),
        (_m("report.field.lost_undelivered_kg"), totals.lost_undelivered_kg),
        (
            _m("report.field.lost_collected_not_delivered_kg"),
            totals.lost_collected_not_delivered_kg,
        ),
    ]
    return [
        bar_chart(
            "kg_by_period",
            _m("report.chart.kg_by_period", period=period_name),
            labels,
            [
                Series(_m("report.legend.collected"), [f.collected_kg for f in figures], GREEN),
                Series(_m("report.legend.distributed"), [f.distributed_kg for f in figures], BLUE),
            ],
            "kg",
        ),
        bar_chart(
            "co2e_by_period",
            _m("report.chart.co2e_by_period", period=period_name),
            labels,
            [
                Series(_m("report.legend.avoided"), [f.co2e_avoided_kg for f in figures], GREEN),
                Series(_m("report.legend.transport"), [f.transport_co2e_kg for f in figures], GREY),
            ],
            "kgCO2e",
        ),
        hbar_chart(
            "by_category",
            _m("report.chart.by_category"),
            _ranked(bundle.by_category, GroupBy.CATEGORY, "collected_kg"),
            GREEN,
            "kg",
        ),
        hbar_chart(
            "by_source",
            _m("report.chart.by_source"),
            _ranked(bundle.by_source, GroupBy.SOURCE, "collected_kg"),
            ORANGE,
            "kg",
        ),
        hbar_chart("losses", _m("report.chart.losses"), losses, RED, "kg"),
        line_chart(
            "equity",
            _m("report.chart.fill_rate", period=period_name),
            labels,
            [
                Series(_m("report.legend.min_fill_rate"), [f.min_fill_rate for f in figures], BLUE),
                Series(
                    _m("report.legend.gini"),
                    [f.gini_kg_per_beneficiary for f in figures],
                    PURPLE,
                ),
            ],
            "",
            top=max([1.0, *(f.min_fill_rate or 0.0 for f in figures)]),
        ),
    ]


def _table(rows: list[tuple[str, str]]) -> str:
    body = "".join(
        f"<tr><td>{escape(name)}</td><td class='num'>{escape(value)}</td></tr>"
        for name, value in rows
    )
    return f"<table>{body}</table>"


def _planned_actual(totals: Indicators) -> str:
    return _table([(_m(f"report.field.{f}"), number(getattr(totals, f))) for f in PLANNED_ACTUAL])


def _equity(totals: Indicators) -> str:
    rows = [
        (_m("report.field.partners_due"), number(totals.partners_due)),
        (
            _m("report.field.fair_share_deviation_sum_kg"),
            number(totals.fair_share_deviation_sum_kg or 0),
        ),
        (
            _m("report.field.fair_share_deviation_max_kg"),
            number(totals.fair_share_deviation_max_kg or 0),
        ),
        (_m("report.field.min_fill_rate"), _percent(totals.min_fill_rate)),
        (
            _m("report.field.gini_kg_per_beneficiary"),
            "—"
            if totals.gini_kg_per_beneficiary is None
            else f"{totals.gini_kg_per_beneficiary:.3f}".replace(".", ","),
        ),
        (_m("report.field.vehicle_hours"), number(totals.vehicle_hours or 0)),
        (_m("report.field.net_co2e_avoided_kg"), number(totals.net_co2e_avoided_kg or 0)),
    ]
    return _table(rows)


def factors_table(report: Report) -> str:
    table = report.factors
    head = "".join(
        f"<th>{escape(_m(f'report.factor.{name}'))}</th>"
        for name in ("name", "value", "unit", "source")
    )
    rows = []
    for name, factor in table.factors.items():
        rows.append((_m(f"report.factor.{name}"), factor.value, factor.unit, factor.source))
    for vehicle_type, factor in table.vehicle_co2e_kg_per_km.items():
        rows.append(
            (
                _m("report.factor.vehicle", type=vehicle_type),
                factor.value,
                factor.unit,
                factor.source,
            )
        )
    body = "".join(
        f"<tr><td>{escape(name)}</td><td class='num'>{number(value)}</td>"
        f"<td>{escape(unit)}</td><td>{escape(source)}</td></tr>"
        for name, value, unit, source in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def render_dashboard(bundle: Bundle) -> str:
    """The dashboard page for the bundle's window."""
    report = bundle.by_period
    totals = report.totals
    start = report.date_from.strftime("%d/%m/%Y")
    end = report.date_to.strftime("%d/%m/%Y")
    panels = "".join(f"<div class='panel'>{svg}</div>" for svg in charts(bundle))
    return (
        "<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{escape(_m('report.title'))}</title><style>{_CSS}</style></head><body>"
        f"<header><h1>{escape(_m('report.title'))}</h1>"
        f"<p>{escape(_m('report.subtitle', start=start, end=end))} — "
        f"{number(totals.days)} {escape(_m('report.field.days').lower())}</p></header>"
        f"<main><section class='tiles'>{_tiles(totals)}</section>"
        f"<section class='charts'>{panels}</section>"
        "<section class='charts'>"
        f"<div class='panel'><h2>{escape(_m('report.section.planned_actual'))}</h2>"
        f"{_planned_actual(totals)}</div>"
        f"<div class='panel'><h2>{escape(_m('report.section.equity'))}</h2>"
        f"{_equity(totals)}</div></section>"
        f"<h2>{escape(_m('report.section.factors'))}</h2>"
        f"<div class='panel'>{factors_table(report)}</div></main>"
        f"<footer>{escape(_m('report.generated', version=report.factors.version))}</footer>"
        "</body></html>"
    )
