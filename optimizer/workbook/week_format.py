"""The week's sheets of the planners' workbook: *Semaine*, *Dons de la semaine* and
*Réglages de la semaine*, beside the day's *Sites*, *Véhicules* and *Paramètres*.

A week workbook is a day workbook whose *Paramètres* ``Date`` is the Monday of the week, plus:

- *Semaine*: one row per partner (allowed days, visits per week or fortnight, minimum gap,
  weekly need per class), per donor (allowed days, collections per week, required) and per
  driver (the vehicle, who drives it, the days worked, the most hours in the week);
- *Dons de la semaine*: one row per kind of food a donor sets aside, kg per weekday;
- *Réglages de la semaine*: one row, the days the food bank works, the public holidays, the
  week of the fortnight and the week's search settings.

Days are written in French (``lundi, jeudi``) and read in French or English, full or short
(``lun``, ``mon``), case and accents ignored.
"""

from __future__ import annotations

import re
from typing import Any

from optimizer.week.model import Weekday, sorted_days
from optimizer.workbook.format import (
    CATEGORY,
    DATE_KIND,
    TEMPERATURE,
    Column,
    SheetSpec,
    _enum_label,
)
from optimizer.workbook.kinds import (
    READ_LANGUAGES,
    CellError,
    Choice,
    Date,
    Flag,
    Kind,
    Number,
    Text,
    normalise,
    text,
)

_SPLIT = re.compile(r"[,;/\s]+")


def _day_names() -> dict[str, Weekday]:
    names: dict[str, Weekday] = {}
    for day in Weekday:
        names[day.value] = day
        for language in READ_LANGUAGES:
            full = normalise(text(f"weekday.{day.position}", language))
            names[full] = day
            names[full[:3]] = day
    return names


class Days(Kind):
    """Weekdays, ``lundi, jeudi`` → ``["mon", "thu"]`` (in the order of the week)."""

    number_format = "@"

    def parse(self, value: Any) -> list[str]:
        names = _day_names()
        days = []
        for part in _SPLIT.split(str(value).strip()):
            if not part:
                continue
            day = names.get(normalise(part).rstrip("."))
            if day is None:
                raise CellError("day", value=part)
            days.append(day)
        return [day.value for day in sorted_days(days)]

    def format(self, value: Any) -> str:
        return ", ".join(text(f"weekday.{Weekday(day).position}") for day in value)


class Dates(Kind):
    """Dates separated by commas, ``14/07/2025, 15/08/2025`` → ISO texts."""

    number_format = "@"

    def parse(self, value: Any) -> list[str]:
        if not isinstance(value, str):
            return [Date().parse(value)]
        parts = [part for part in re.split(r"[,;\s]+", value.strip()) if part]
        try:
            return [Date().parse(part) for part in parts]
        except CellError:
            raise CellError("dates", value=value.strip()) from None

    def format(self, value: Any) -> str:
        return ", ".join(f"{Date().format(day):%d/%m/%Y}" for day in value)


WEEK_KIND = Choice(("partner", "donor", "driver"), _enum_label("week_kind"))
PERIOD = Choice(("week", "fortnight"), _enum_label("week_per"))


def _col(group: str, name: str, kind: Kind, target: str | None = None, **extra: Any) -> Column:
    return Column(name, group, target or name, kind, **extra)


WEEK_COLUMNS = (
    _col("week", "kind", WEEK_KIND, required=True),
    _col("week", "id", Text(), required=True),
    _col("week", "days", Days()),
    _col("week", "usual_days", Days()),
    _col("week", "visits", Number(minimum=1, maximum=7, whole=True)),
    _col("week", "per", PERIOD),
    _col("week", "fortnight_week", Number(minimum=1, maximum=2, whole=True)),
    _col("week", "min_days_between", Number(minimum=1, maximum=14, whole=True)),
    _col("week", "need_ambient", Number(minimum=0), "weekly_need_kg.ambient"),
    _col("week", "need_chilled", Number(minimum=0), "weekly_need_kg.chilled"),
    _col("week", "need_frozen", Number(minimum=0), "weekly_need_kg.frozen"),
    _col("week", "required", Flag()),
    _col("week", "driver", Text()),
    _col("week", "max_week_hours", Number(above=0)),
)


class DayColumn(Column):
    """A weekday's kg column of *Dons de la semaine*; one help text for the seven of them."""

    def help(self, language: str = "fr") -> str:
        return text("xlsx.help.supply.day", language)


SUPPLY_COLUMNS = (
    _col("supply", "donor", Text(), required=True),
    _col("supply", "category", CATEGORY, required=True),
    _col("supply", "temperature", TEMPERATURE, required=True),
    _col("supply", "date_kind", DATE_KIND),
    _col("supply", "shelf_life_days", Number(minimum=0, whole=True), required=True),
    *(
        DayColumn(day.value, "supply", f"kg_by_day.{day.value}", Number(minimum=0))
        for day in Weekday
    ),
    _col("supply", "description", Text()),
)

WEEK_SETTINGS_COLUMNS = (
    _col("weekparam", "days", Days()),
    _col("weekparam", "holidays", Dates()),
    _col("weekparam", "week_of_fortnight", Number(minimum=1, maximum=2, whole=True)),
    _col("weekparam", "time_limit_per_day_s", Number(above=0, maximum=3600)),
    _col("weekparam", "balance_eur_per_hour", Number(minimum=0)),
    _col("weekparam", "improving_moves", Number(minimum=0, maximum=100, whole=True)),
    _col("weekparam", "assignment_time_limit_s", Number(above=0, maximum=600)),
)

WEEK = SheetSpec("week", WEEK_COLUMNS, required=True)
WEEK_SUPPLY = SheetSpec("week_supply", SUPPLY_COLUMNS)
WEEK_SETTINGS = SheetSpec("week_settings", WEEK_SETTINGS_COLUMNS)
WEEK_TABLES = (WEEK, WEEK_SUPPLY, WEEK_SETTINGS)


def is_week_workbook(titles: list[str]) -> bool:
    """A workbook with a *Semaine* sheet is a week, not a day."""
    wanted = {normalise(WEEK.title(language)) for language in READ_LANGUAGES}
    return any(normalise(title) in wanted for title in titles)
