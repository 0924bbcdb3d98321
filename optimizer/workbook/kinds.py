"""Cell kinds: how one cell of the planners' workbook reads and writes.

A cell kind turns what a spreadsheet holds (text, a number, a date or time typed in Excel, a
French decimal comma from a CSV export) into the JSON value of the domain model, and back. A cell
it cannot read raises :class:`CellError` with a catalogue key, never a bare exception. The sheets
and columns that use these kinds are in :mod:`optimizer.workbook.format`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from optimizer.errors import ErrorCode, FoodrouteError
from optimizer.messages import message

LANGUAGE = "fr"
"""The language the template is written in; the importer reads French and English alike."""

READ_LANGUAGES = ("fr", "en")


def text(key: str, language: str = LANGUAGE, **values: object) -> str:
    return message(key, language, **values)


def normalise(label: str) -> str:
    """Compare labels as a person would: case, accents and spacing do not matter."""
    decomposed = unicodedata.normalize("NFKD", label.replace("’", "'"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


class CellError(FoodrouteError, ValueError):
    """A cell that cannot be read: a catalogue key (``xlsx.error.*``) and its values.

    The reader turns each into an issue of one :class:`~optimizer.workbook.read.WorkbookError`.
    """

    code = ErrorCode.INVALID_PROBLEM

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    def sentence(self, language: str = LANGUAGE) -> str:
        return text(f"xlsx.error.{self.key}", language, **self.values)


def _shown(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- cell kinds -------------------------------------------------------------------------------


class Kind:
    """How one column's cells read (``parse``: cell → JSON value) and write (``format``)."""

    number_format: str | None = None
    """Excel number format of the column's cells (``@`` keeps times as typed text)."""

    def parse(self, value: Any) -> Any:
        raise NotImplementedError

    def format(self, value: Any) -> Any:
        return value

    def choices(self) -> list[str] | None:
        """Labels of a drop-down list, if the column has one."""
        return None


class Text(Kind):
    number_format = "@"

    def parse(self, value: Any) -> str:
        return _shown(value)


def _number(value: Any) -> float:
    if isinstance(value, bool):
        raise CellError("number", value=value)
    if isinstance(value, int | float):
        return float(value)
    cleaned = str(value).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    try:
        return float(cleaned.replace(",", "."))
    except ValueError:
        raise CellError("number", value=_shown(value)) from None


@dataclass(frozen=True)
class Number(Kind):
    """A decimal number, bounded like the model's field (``minimum``, ``above``, ``maximum``)."""

    minimum: float | None = None
    above: float | None = None
    maximum: float | None = None
    whole: bool = False

    def parse(self, value: Any) -> float | int:
        number = _number(value)
        shown = _shown(value)
        if self.whole and not number.is_integer():
            raise CellError("integer", value=shown)
        if self.minimum is not None and number < self.minimum:
            raise CellError("at_least", bound=_shown(float(self.minimum)), value=shown)
        if self.above is not None and number <= self.above:
            raise CellError("more_than", bound=_shown(float(self.above)), value=shown)
        if self.maximum is not None and number > self.maximum:
            raise CellError("at_most", bound=_shown(float(self.maximum)), value=shown)
        return int(number) if self.whole else number

    def format(self, value: Any) -> Any:
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value


_CLOCK = re.compile(r"^(\d{1,2})\s*[:hH]\s*(?:(\d{2})(?::(\d{2}))?)?$")


def parse_clock_cell(value: Any) -> str:
    """``07:30``, ``7h30``, ``7h`` or a time typed in Excel → ``"07:30"`` (within one day).

    Seconds are kept when there are some (``07:30:15``), as the JSON format writes them.
    """
    if isinstance(value, dt.datetime):
        value = value.time()
    if isinstance(value, dt.time):
        suffix = f":{value.second:02d}" if value.second else ""
        return f"{value.hour:02d}:{value.minute:02d}{suffix}"
    shown = _shown(value)
    match = _CLOCK.match(shown)
    if match is None:
        raise CellError("clock", value=shown)
    hours, minutes, seconds = (int(group or 0) for group in match.groups())
    if minutes > 59 or seconds > 59 or hours > 24 or (hours == 24 and minutes + seconds > 0):
        raise CellError("clock", value=shown)
    return f"{hours:02d}:{minutes:02d}" + (f":{seconds:02d}" if seconds else "")


class Clock(Kind):
    number_format = "@"

    def parse(self, value: Any) -> str:
        return parse_clock_cell(value)


def _minutes(clock: str) -> float:
    hours, minutes, *seconds = clock.split(":")
    return int(hours) * 60 + int(minutes) + (int(seconds[0]) / 60 if seconds else 0)


_SPLIT = re.compile(r"\s*[;\n]\s*")


def _parse_window(part: str, error: str, shown: str) -> dict[str, str]:
    pieces = re.split(r"\s*(?:-|–|à)\s*", part.strip())
    if len(pieces) != 2:
        raise CellError(error, value=shown)
    try:
        start, end = parse_clock_cell(pieces[0]), parse_clock_cell(pieces[1])
    except CellError:
        raise CellError(error, value=shown) from None
    if _minutes(end) < _minutes(start):
        raise CellError("window_order", window=part.strip())
    return {"start": start, "end": end}


def _window_text(window: Mapping[str, str]) -> str:
    return f"{window['start']}-{window['end']}"


class Windows(Kind):
    """``07:00-11:00; 14:00-16:00``: opening windows, ordered and disjoint."""

    number_format = "@"

    def parse(self, value: Any) -> list[dict[str, str]]:
        shown = _shown(value)
        windows = [
            _parse_window(part, "windows", shown) for part in _SPLIT.split(shown) if part.strip()
        ]
        windows.sort(key=lambda w: _minutes(w["start"]))
        for before, after in itertools.pairwise(windows):
            if _minutes(after["start"]) <= _minutes(before["end"]):
                raise CellError(
                    "window_overlap", first=_window_text(before), second=_window_text(after)
                )
        return windows

    def format(self, value: Any) -> str:
        return "; ".join(_window_text(w) for w in value)


_DATE_FR = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


class Date(Kind):
    """A date typed in Excel, ``10/03/2025`` (French order) or ``2025-03-10`` → ISO text."""

    number_format = "DD/MM/YYYY"

    def parse(self, value: Any) -> str:
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        shown = _shown(value)
        try:
            match = _DATE_FR.match(shown)
            if match:
                day, month, year = (int(g) for g in match.groups())
                return dt.date(year, month, day).isoformat()
            return dt.date.fromisoformat(shown).isoformat()
        except ValueError:
            raise CellError("date", value=shown) from None

    def format(self, value: Any) -> dt.date:
        return dt.date.fromisoformat(value)


@dataclass(frozen=True)
class Choice(Kind):
    """One of a few codes, shown by its label (``label_key`` is a catalogue key pattern)."""

    codes: tuple[str, ...]
    label: Callable[[str, str], str]
    number_format = "@"

    def labels(self, language: str = LANGUAGE) -> dict[str, str]:
        return {code: self.label(code, language) for code in self.codes}

    def parse(self, value: Any) -> str:
        shown = _shown(value)
        wanted = normalise(shown)
        for code in self.codes:
            names = {code} | {self.label(code, language) for language in READ_LANGUAGES}
            if wanted in {normalise(name) for name in names}:
                return code
        raise CellError("choice", value=shown, choices=", ".join(self.labels().values()))

    def format(self, value: Any) -> str:
        return self.label(value, LANGUAGE)

    def choices(self) -> list[str]:
        return list(self.labels().values())


class Flag(Kind):
    """oui / non (also yes / no, vrai / faux, 1 / 0, or an Excel boolean)."""

    number_format = "@"
    _TRUE = frozenset({"oui", "o", "yes", "y", "vrai", "true", "1", "x"})
    _FALSE = frozenset({"non", "n", "no", "faux", "false", "0"})

    def parse(self, value: Any) -> bool:
        if isinstance(value, bool):
            return value
        shown = _shown(value)
        if normalise(shown) in self._TRUE:
            return True
        if normalise(shown) in self._FALSE:
            return False
        raise CellError("flag", value=shown)

    def format(self, value: Any) -> str:
        return text("xlsx.yes" if value else "xlsx.no")

    def choices(self) -> list[str]:
        return [text("xlsx.yes"), text("xlsx.no")]


class Names(Kind):
    """Comma-separated words, e.g. equipment ``tail_lift, chiller``."""

    number_format = "@"

    def parse(self, value: Any) -> list[str]:
        return [part.strip() for part in re.split(r"[,;]", _shown(value)) if part.strip()]

    def format(self, value: Any) -> str:
        return ", ".join(value)


_BREAK = re.compile(
    r"^(?:(?P<id>[^=]+?)\s*=\s*)?(?P<window>\S+\s*(?:-|–|à)\s*\S+)\s+"
    r"(?P<duration>\d+(?:[.,]\d+)?)\s*min$"
)


class Breaks(Kind):
    """``déjeuner = 11:30-12:30 30 min; 15:00-15:30 10 min``: breaks with their start window."""

    number_format = "@"

    def parse(self, value: Any) -> list[dict[str, Any]]:
        shown = _shown(value)
        breaks = []
        for part in _SPLIT.split(shown):
            if not part.strip():
                continue
            match = _BREAK.match(part.strip())
            if match is None:
                raise CellError("breaks", value=shown)
            window = _parse_window(match.group("window"), "breaks", shown)
            duration = float(match.group("duration").replace(",", "."))
            if duration <= 0:
                raise CellError("breaks", value=shown)
            item: dict[str, Any] = {"window": window, "duration_min": duration}
            if match.group("id"):
                item["id"] = match.group("id").strip()
            breaks.append(item)
        return breaks

    def format(self, value: Any) -> str:
        parts = []
        for item in value:
            name = f"{item['id']} = " if item.get("id") else ""
            duration = _shown(float(item["duration_min"]))
            parts.append(f"{name}{_window_text(item['window'])} {duration} min")
        return "; ".join(parts)


_STEP = re.compile(r"^(\d+)\s*j?\s*[:=]\s*(\d+(?:[.,]\d+)?)$")


class Urgency(Kind):
    """``0 : 2 ; 1 : 1,6``: value factor by days left before expiry."""

    number_format = "@"

    def parse(self, value: Any) -> list[dict[str, Any]]:
        shown = _shown(value)
        steps = []
        for part in _SPLIT.split(shown):
            if not part.strip():
                continue
            match = _STEP.match(part.strip())
            if match is None:
                raise CellError("urgency", value=shown)
            steps.append(
                {"max_days": int(match.group(1)), "factor": float(match.group(2).replace(",", "."))}
            )
        return steps

    def format(self, value: Any) -> str:
        return " ; ".join(
            f"{step['max_days']} : {_shown(float(step['factor'])).replace('.', ',')}"
            for step in value
        )
