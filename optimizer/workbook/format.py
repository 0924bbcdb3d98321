"""The planners' workbook format: its sheets and their columns.

One place describes the format, so that the importer (:mod:`optimizer.workbook.read`), the template
(:mod:`optimizer.workbook.template`) and the ``Notes`` sheet cannot drift apart. Sheet names,
headers, drop-down labels and explanations come from the message catalogue: the template is
written in French, and the importer also accepts the English headers and labels. How one cell
reads and writes is in :mod:`optimizer.workbook.kinds`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from optimizer.model import (
    Category,
    CompartmentKind,
    DateKind,
    Receiving,
    SiteKind,
    TemperatureClass,
)
from optimizer.model.fleet import MAX_DISTANCE_KM, MAX_DURATION_MIN
from optimizer.model.settings import MAX_ON_BOARD_MIN
from optimizer.workbook.kinds import (
    LANGUAGE,
    Breaks,
    Choice,
    Clock,
    Date,
    Flag,
    Kind,
    Names,
    Number,
    Text,
    Urgency,
    Windows,
    text,
)

# --- sheets and columns -----------------------------------------------------------------------


def _enum_label(prefix: str, capitalise: bool = False) -> Callable[[str, str], str]:
    def label(code: str, language: str) -> str:
        shown = text(f"{prefix}.{code}", language)
        return shown[:1].upper() + shown[1:] if capitalise else shown

    return label


# A vehicle's position is written by the in-day re-plan, never typed in the planners' workbook.
SITE_KIND = Choice(
    tuple(k.value for k in SiteKind if k is not SiteKind.POSITION), _enum_label("site_kind")
)
RECEIVING = Choice(tuple(r.value for r in Receiving), _enum_label("receiving"))
CATEGORY = Choice(tuple(c.value for c in Category), _enum_label("category"))
TEMPERATURE = Choice(tuple(k.value for k in TemperatureClass), _enum_label("class", True))
COMPARTMENT_KIND = Choice(
    tuple(k.value for k in CompartmentKind), _enum_label("compartment_kind", True)
)
DATE_KIND = Choice(tuple(d.value for d in DateKind), lambda code, _language: code)


@dataclass(frozen=True)
class Column:
    """One column: its catalogue name, the model field it fills (dotted), its kind."""

    name: str
    group: str
    target: str
    kind: Kind
    required: bool = False
    part: str = "row"
    """For pickups and deliveries: ``job`` columns describe the job, ``lot`` columns its lot."""

    def header(self, language: str = LANGUAGE) -> str:
        return text(f"xlsx.col.{self.group}.{self.name}", language)

    def help(self, language: str = LANGUAGE) -> str:
        return text(f"xlsx.help.{self.group}.{self.name}", language)


def _col(group: str, name: str, kind: Kind, target: str | None = None, **extra: Any) -> Column:
    return Column(name, group, target or name, kind, **extra)


SITE_COLUMNS = (
    _col("site", "id", Text(), required=True),
    _col("site", "kind", SITE_KIND, required=True),
    _col("site", "name", Text()),
    # Either coordinates or an address: import geocodes the sites given by address.
    _col("site", "lat", Number(minimum=-90, maximum=90)),
    _col("site", "lon", Number(minimum=-180, maximum=180)),
    _col("site", "address", Text()),
    _col("site", "postcode", Text()),
    _col("site", "commune", Text()),
    _col("site", "contact_name", Text(), "contact.name"),
    _col("site", "contact_phone", Text(), "contact.phone"),
    _col("site", "contact_email", Text(), "contact.email"),
    _col("site", "access_notes", Text()),
    _col("site", "time_windows", Windows()),
    _col("site", "service_min", Number(minimum=0)),
    _col("site", "service_s_per_kg", Number(minimum=0)),
    _col("site", "required_skills", Names()),
    _col("site", "source", Text()),
    _col("site", "beneficiaries", Number(minimum=0, whole=True)),
    _col("site", "storage_ambient", Number(minimum=0), "storage_kg.ambient"),
    _col("site", "storage_chilled", Number(minimum=0), "storage_kg.chilled"),
    _col("site", "storage_frozen", Number(minimum=0), "storage_kg.frozen"),
    _col("site", "receiving", RECEIVING),
    _col("site", "next_supply_date", Date()),
)

VEHICLE_COLUMNS = (
    _col("vehicle", "id", Text(), required=True),
    _col("vehicle", "name", Text()),
    _col("vehicle", "type", Text()),
    _col("vehicle", "depot", Text(), required=True),
    _col("vehicle", "end_depot", Text()),
    _col("vehicle", "shift_start", Clock(), required=True),
    _col("vehicle", "shift_end", Clock(), required=True),
    _col("vehicle", "max_duration_min", Number(above=0, maximum=MAX_DURATION_MIN)),
    _col("vehicle", "max_distance_km", Number(above=0, maximum=MAX_DISTANCE_KM)),
    _col("vehicle", "capacity_ambient", Number(minimum=0), "capacity_kg.ambient"),
    _col("vehicle", "capacity_chilled", Number(minimum=0), "capacity_kg.chilled"),
    _col("vehicle", "capacity_frozen", Number(minimum=0), "capacity_kg.frozen"),
    _col("vehicle", "payload_kg", Number(above=0)),
    _col("vehicle", "cost_per_km", Number(minimum=0)),
    _col("vehicle", "cost_per_hour", Number(minimum=0)),
    _col("vehicle", "fixed_cost", Number(minimum=0)),
    _col("vehicle", "co2e_kg_per_km", Number(minimum=0)),
    _col("vehicle", "skills", Names()),
    _col("vehicle", "max_reloads", Number(minimum=0, whole=True)),
    _col("vehicle", "breaks", Breaks()),
    _col("vehicle", "compartment_chilled", COMPARTMENT_KIND, "compartments.chilled"),
    _col("vehicle", "compartment_frozen", COMPARTMENT_KIND, "compartments.frozen"),
)

LOT_COLUMNS = (
    _col("lot", "id", Text(), required=True, part="lot"),
    _col("lot", "category", CATEGORY, required=True, part="lot"),
    _col("lot", "temperature", TEMPERATURE, required=True, part="lot"),
    _col("lot", "kg", Number(above=0), required=True, part="lot"),
    _col("lot", "date", Date(), part="lot"),
    _col("lot", "date_kind", DATE_KIND, part="lot"),
    _col("lot", "description", Text(), part="lot"),
)

JOB_COLUMNS = (
    _col("job", "id", Text(), required=True, part="job"),
    _col("job", "site", Text(), required=True, part="job"),
    _col("job", "required", Flag(), part="job"),
    _col("job", "time_windows", Windows(), part="job"),
    _col("job", "note", Text(), part="job"),
    *LOT_COLUMNS,
)


@dataclass(frozen=True)
class SheetSpec:
    """A table sheet: a header row, then one object (or one lot of a job) per row."""

    name: str
    """Catalogue suffix (``xlsx.sheet.<name>``) and the problem's list it fills."""
    columns: tuple[Column, ...]
    required: bool = False

    def title(self, language: str = LANGUAGE) -> str:
        return text(f"xlsx.sheet.{self.name}", language)

    @property
    def grouped(self) -> bool:
        """Pickups and deliveries: rows with the same job id are the lots of one job."""
        return any(column.part == "job" for column in self.columns)


SITES = SheetSpec("sites", SITE_COLUMNS, required=True)
VEHICLES = SheetSpec("vehicles", VEHICLE_COLUMNS, required=True)
PICKUPS = SheetSpec("pickups", JOB_COLUMNS)
DELIVERIES = SheetSpec("deliveries", JOB_COLUMNS)
STOCK = SheetSpec("stock", LOT_COLUMNS)
TABLES = (SITES, VEHICLES, PICKUPS, DELIVERIES, STOCK)

SETTINGS_SHEET = "settings"
NOTES_SHEET = "notes"


@dataclass(frozen=True)
class Parameter:
    """One row of the ``Paramètres`` sheet: a label, the dotted path it fills, its kind."""

    key: str
    target: str
    kind: Kind
    values: Mapping[str, str] = field(default_factory=dict)
    required: bool = False

    def label(self, language: str = LANGUAGE) -> str:
        return text(f"xlsx.param.{self.key}", language, **self.values)

    def help(self, language: str = LANGUAGE) -> str:
        return text(f"xlsx.help.param.{self.key}", language)


def _parameters() -> tuple[Parameter, ...]:
    items = [
        Parameter("name", "name", Text()),
        Parameter("date", "date", Date(), required=True),
        Parameter("timezone", "timezone", Text()),
        Parameter("speed_kmh", "travel.speed_kmh", Number(above=0, maximum=130)),
        Parameter("detour_factor", "travel.detour_factor", Number(minimum=1, maximum=3)),
        Parameter("time_limit_s", "settings.time_limit_s", Number(above=0, maximum=3600)),
        Parameter("seed", "settings.seed", Number(minimum=0, whole=True)),
        Parameter(
            "min_days_left_at_pickup",
            "settings.min_days_left_at_pickup",
            Number(minimum=0, whole=True),
        ),
        Parameter("equity_weight", "settings.equity_weight", Number(minimum=0)),
        Parameter("min_line_kg", "settings.min_line_kg", Number(minimum=0)),
        Parameter("urgency", "settings.urgency", Urgency()),
    ]
    for category in Category:
        label = {"category": text(f"category.{category.value}")}
        items.append(
            Parameter(
                "value_eur_per_kg",
                f"settings.value_eur_per_kg.{category.value}",
                Number(minimum=0),
                label,
            )
        )
    for category in Category:
        label = {"category": text(f"category.{category.value}")}
        items.append(
            Parameter(
                "ddm_grace_days",
                f"settings.ddm_grace_days.{category.value}",
                Number(whole=True),
                label,
            )
        )
    for klass in TemperatureClass:
        items.append(
            Parameter(
                "min_days_left_at_partner",
                f"settings.min_days_left_at_partner.{klass.value}",
                Number(minimum=0, whole=True),
                {"klass": text(f"class.{klass.value}")},
            )
        )
    for kind in CompartmentKind:
        for klass in (TemperatureClass.CHILLED, TemperatureClass.FROZEN):
            items.append(
                Parameter(
                    "max_on_board_min",
                    f"settings.max_on_board_min.{kind.value}.{klass.value}",
                    Number(above=0, maximum=MAX_ON_BOARD_MIN),
                    {"klass": text(f"class.{klass.value}"), "kind": _kind_name(kind.value)},
                )
            )
    return tuple(items)


def _kind_name(code: str, language: str = LANGUAGE) -> str:
    return text(f"compartment_kind.{code}", language)


PARAMETERS = _parameters()


def parameter_label(parameter: Parameter, language: str) -> str:
    """The label in ``language``; category and class names follow the language too."""
    values = dict(parameter.values)
    leaf = parameter.target.rsplit(".", 1)[-1]
    if "category" in values:
        values["category"] = text(f"category.{leaf}", language)
    if "klass" in values:
        values["klass"] = text(f"class.{leaf}", language)
    if "kind" in values:
        values["kind"] = _kind_name(parameter.target.rsplit(".", 2)[-2], language)
    return text(f"xlsx.param.{parameter.key}", language, **values)
