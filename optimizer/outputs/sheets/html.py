"""The driver's page: one column, large type, readable on a 360 px phone, works offline.

Everything is in one file (styles, map, script), so that a page opened once at the depot stays
usable where there is no signal. The service passes ``script_url`` instead: its pages allow no
inline script (Content-Security-Policy), and the script, loaded once, stays in the open page.
The stop reports are kept on the phone and sent to
``report_url`` when there is one (the service's signed link); a page written by the CLI keeps
them on the phone only.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from optimizer.messages import catalogue, message
from optimizer.model import TEMPERATURE_CLASSES, TemperatureClass
from optimizer.outputs.sheets.sheet import RouteSheet, format_kg
from optimizer.outputs.sheets.svg import route_svg

#: Reasons offered when a stop is not done (labels from the catalogue).
SKIP_REASONS = ("closed", "nothing", "no_room", "late", "other")
#: Catalogue keys the page's script shows, without their ``sheet.report.`` prefix.
_SCRIPT_TEXT = (
    "saved",
    "sent",
    "local_only",
    "need_reason",
    "pending",
    "all_sent",
    "status.done",
    "status.skipped",
)


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("optimizer.outputs.sheets", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def report_script() -> str:
    """The page's script: keeps the stop reports on the phone and sends them."""
    return (
        resources.files("optimizer.outputs.sheets")
        .joinpath("templates/reports.js")
        .read_text("utf-8")
    )


def route_html(
    sheet: RouteSheet,
    *,
    report_url: str | None = None,
    route_key: str = "",
    pdf_url: str | None = None,
    script_url: str | None = None,
) -> str:
    """The page for ``sheet``. ``route_key`` names the phone's local store of reports
    (default: date and vehicle), ``report_url`` is where reports are POSTed as JSON, ``pdf_url``
    the printable sheet, linked at the top when given; ``script_url`` serves the script from there
    instead of inline."""
    language = sheet.language

    def kg(amount: float) -> str:
        return format_kg(amount, language)

    def class_label(klass: TemperatureClass) -> str:
        return message(f"class.{klass.value}", language)

    config = {
        "routeKey": route_key or f"{sheet.date.isoformat()}:{sheet.vehicle_id}",
        "reportUrl": report_url,
        "classes": [klass.value for klass in TEMPERATURE_CLASSES],
        "text": {key: catalogue(language)[f"sheet.report.{key}"] for key in _SCRIPT_TEXT},
    }
    return (
        _environment()
        .get_template("route.html.j2")
        .render(
            sheet=sheet,
            t=sheet.t,
            kg=kg,
            class_label=class_label,
            classes=TEMPERATURE_CLASSES,
            reasons=[message(f"sheet.report.reason.{r}", language) for r in SKIP_REASONS],
            svg=route_svg(sheet),
            config=config,
            pdf_url=pdf_url,
            script=report_script(),
            script_url=script_url,
        )
    )
