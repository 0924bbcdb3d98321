"""Reading the day from the planners' workbook, or from the same sheets as CSV files.

``read_workbook(path)`` accepts an ``.xlsx`` workbook, a folder of CSV files or a ``.zip`` of
them (one file per sheet, named after the sheet: ``Sites.csv``, ``Véhicules.csv``…; comma or
semicolon separated, UTF-8 or Windows-1252, decimal comma or point). The sheets and columns are
those of :mod:`optimizer.workbook.format`.

Every cell becomes a field of the JSON problem document, and the document is validated by
:func:`optimizer.read.documents.parse_problem`, the same door as a JSON file. A planner must be able
to fix the whole file in one go, so the importer reports *every* error, each with its sheet, row,
column and a French sentence: errors it sees in cells (a time ``25:99``, a negative weight, a
missing column, an unknown site) and errors of the model, whose field paths
(``deliveries[3].lots[0].kg``) are mapped back to the cell they came from. Because the model only
checks references once all fields are valid, the importer checks ids and site references itself.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from openpyxl import load_workbook  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from optimizer.errors import ErrorCode, InputIssue, ProblemError
from optimizer.messages import message
from optimizer.model import Problem, Settings, SiteKind
from optimizer.read.documents import parse_problem
from optimizer.workbook.format import (
    PARAMETERS,
    SETTINGS_SHEET,
    SITE_KIND,
    TABLES,
    Column,
    Parameter,
    SheetSpec,
    parameter_label,
)
from optimizer.workbook.kinds import (
    LANGUAGE,
    READ_LANGUAGES,
    CellError,
    is_blank,
    normalise,
    text,
)
from optimizer.workbook.limits import LIMITS, TooLarge, check_declared, read_member

Row = tuple[int, list[Any]]
"""A sheet row: its 1-based number and its cell values."""


@dataclass(frozen=True)
class RawSheet:
    """A sheet as read from the file: its title and its non-empty rows, header first."""

    title: str
    rows: list[Row]


@dataclass(frozen=True)
class Location:
    """Where a value sits in the workbook; row and column are absent for a whole sheet."""

    sheet: str
    row: int | None = None
    column: str | None = None
    header: str | None = None

    def describe(self, language: str = LANGUAGE) -> str:
        if not self.sheet:
            return ""
        if self.row is None:
            return text("xlsx.location.sheet", language, sheet=self.sheet)
        if self.column is None:
            return text("xlsx.location.row", language, sheet=self.sheet, row=self.row)
        return text(
            "xlsx.location.cell",
            language,
            sheet=self.sheet,
            row=self.row,
            column=self.column,
            header=self.header,
        )


@dataclass(frozen=True)
class CellIssue:
    """One error in the workbook: where, and a sentence in French."""

    location: Location
    message: str


class WorkbookError(ProblemError):
    """Every error of a workbook; each issue's path is its location in words."""

    def __init__(self, cell_issues: Sequence[CellIssue]) -> None:
        super().__init__([InputIssue(i.location.describe(), i.message) for i in cell_issues])
        self.cell_issues = list(cell_issues)


class WorkbookTooLarge(WorkbookError):
    """A workbook or zip over a reading limit (:mod:`optimizer.workbook.limits`): a bomb, say."""

    code = ErrorCode.FILE_TOO_LARGE


# --- opening the file -------------------------------------------------------------------------


def _sheet_from_xlsx(worksheet: Any) -> RawSheet:
    rows: list[Row] = []
    for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
        if number > LIMITS.rows_per_sheet:
            raise TooLarge("rows", LIMITS.rows_per_sheet, worksheet.title)
        cells = list(values)
        if any(not is_blank(value) for value in cells):
            rows.append((number, cells))
    return RawSheet(worksheet.title, rows)


def _sheet_from_csv(title: str, data: bytes) -> RawSheet:
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        content = data.decode("cp1252")
    first_line = content.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    rows: list[Row] = []
    for number, values in enumerate(csv.reader(io.StringIO(content), delimiter=delimiter), 1):
        if number > LIMITS.rows_per_sheet:
            raise TooLarge("rows", LIMITS.rows_per_sheet, title)
        cells: list[Any] = list(values)
        if any(not is_blank(value) for value in cells):
            rows.append((number, cells))
    return RawSheet(title, rows)


def _fail_file(key: str, file: str, **values: object) -> WorkbookError:
    """An error of the whole file: no location, the sentence names the file."""
    return WorkbookError([CellIssue(Location(""), message(key, LANGUAGE, file=file, **values))])


def open_sheets(path: str | Path) -> list[RawSheet]:
    """The sheets of a workbook, or of a folder or ``.zip`` of CSV files (one per sheet)."""
    source = Path(path)
    if source.is_dir():
        return [
            _sheet_from_csv(file.stem, file.read_bytes())
            for file in sorted(source.iterdir())
            if file.suffix.lower() == ".csv"
        ]
    if not source.exists():
        raise _fail_file("xlsx.error.no_file", file=source.name)
    return sheets_from_bytes(source.read_bytes(), source.name)


def sheets_from_bytes(data: bytes, name: str) -> list[RawSheet]:
    """The sheets of an uploaded ``.xlsx`` or ``.zip`` of CSV files; ``name`` is for messages.

    Bounded (:mod:`optimizer.workbook.limits`): a file over a limit is refused, naming it.
    """
    try:
        return _bounded_sheets(data, name)
    except TooLarge as error:
        key = f"xlsx.error.too_large.{error.what}"
        refusal = _fail_file(key, file=name, limit=error.limit, sheet=error.sheet)
        raise WorkbookTooLarge(refusal.cell_issues) from None
    except zipfile.BadZipFile as error:  # e.g. a member longer than its header says
        raise _fail_file("xlsx.error.unreadable", file=name, detail=str(error)) from None


def _bounded_sheets(data: bytes, name: str) -> list[RawSheet]:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise _fail_file("xlsx.error.not_a_workbook", file=name)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        check_declared(archive)
        names = archive.namelist()
        if "[Content_Types].xml" not in names:
            sheets, budget = [], LIMITS.unpacked_bytes
            for member in sorted(names):
                if member.lower().endswith(".csv") and not member.startswith("__MACOSX"):
                    content = read_member(archive, member, budget)
                    budget -= len(content)
                    sheets.append(_sheet_from_csv(PurePosixPath(member).stem, content))
            return sheets
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise _fail_file("xlsx.error.unreadable", file=name, detail=str(error)) from None
    try:
        if len(workbook.worksheets) > LIMITS.sheets:
            raise TooLarge("sheets", LIMITS.sheets)
        return [_sheet_from_xlsx(sheet) for sheet in workbook.worksheets]
    finally:
        workbook.close()


# --- from cells to the JSON document ----------------------------------------------------------


def _set(document: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, leaf = dotted.split(".")
    node = document
    for key in parents:
        node = node.setdefault(key, {})
    node[leaf] = value


def _parent_paths(path: str) -> Iterator[str]:
    """``a[1].b.c`` → ``a[1].b.c``, ``a[1].b``, ``a[1]``, ``a``."""
    while path:
        yield path
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""


_MODEL_MESSAGES = {
    "this field is required": "required",
    "category 'frozen' and temperature 'frozen' go together": "frozen_pair",
    "the vehicle has no capacity in any temperature class": "no_capacity",
    "'shift_end' must be after 'shift_start'": "shift_order",
    "the break may start before the shift does": "break_before_shift",
    "a break started this late would end after the shift": "break_after_shift",
    "list the breaks in the order of their windows": "breaks_order",
}


def _french(model_message: str) -> str:
    key = _MODEL_MESSAGES.get(model_message)
    if key is not None:
        return text(f"xlsx.error.{key}")
    return text("xlsx.error.rejected", detail=model_message)


@dataclass
class _Job:
    path: str
    row: int
    document: dict[str, Any]


class _Reader:
    """Turns sheets into the problem document, remembering where each field came from."""

    def __init__(self, sheets: list[RawSheet]) -> None:
        self.sheets = {normalise(sheet.title): sheet for sheet in sheets}
        self.issues: list[CellIssue] = []
        self.where: dict[str, Location] = {}
        self.failed: set[str] = set()

    # bookkeeping

    def report(self, location: Location, sentence: str, path: str | None = None) -> None:
        self.issues.append(CellIssue(location, sentence))
        if path is not None:
            self.failed.add(path)

    def remember(self, path: str, location: Location) -> None:
        for parent in _parent_paths(path):
            self.where.setdefault(parent, location)

    def locate(self, path: str) -> Location:
        for parent in _parent_paths(path):
            if parent in self.where:
                return self.where[parent]
        return Location(text(f"xlsx.sheet.{SETTINGS_SHEET}"))

    def covered(self, path: str) -> bool:
        """An error of the model at ``path`` that the importer has already reported."""
        if any(parent in self.failed for parent in _parent_paths(path)):
            return True
        location = self.locate(path)
        return any(issue.location == location for issue in self.issues)

    def sheet(self, name: str) -> RawSheet | None:
        for language in READ_LANGUAGES:
            found = self.sheets.get(normalise(text(f"xlsx.sheet.{name}", language)))
            if found is not None:
                return found
        return None

    # tables

    def _header(self, spec: SheetSpec, sheet: RawSheet) -> dict[int, Column]:
        number, headers = sheet.rows[0]
        by_label = {
            normalise(column.header(language)): column
            for column in spec.columns
            for language in READ_LANGUAGES
        }
        found: dict[int, Column] = {}
        for index, header in enumerate(headers):
            if is_blank(header):
                continue
            where = Location(sheet.title, number, get_column_letter(index + 1), str(header))
            column = by_label.get(normalise(str(header)))
            if column is None:
                self.report(where, text("xlsx.error.unknown_column", header=str(header).strip()))
            elif column in found.values():
                self.report(where, text("xlsx.error.duplicate_column", header=column.header()))
            else:
                found[index] = column
        for column in spec.columns:
            if column.required and column not in found.values():
                self.report(
                    Location(sheet.title, number),
                    text("xlsx.error.missing_column", header=column.header()),
                )
        return found

    def _cells(
        self,
        sheet: RawSheet,
        row: Row,
        columns: dict[int, Column],
        spec: SheetSpec,
        part: str | None,
        prefix: str,
        into: dict[str, Any],
    ) -> None:
        """Read the ``part`` columns (all if none) of ``row`` into ``into``, under ``prefix``."""
        number, values = row
        for column in spec.columns:
            if part is not None and column.part != part:
                continue
            path = f"{prefix}.{column.target}"
            if column not in columns.values():
                if column.required:
                    self.failed.add(path)
                continue
            index = next(i for i, c in columns.items() if c is column)
            where = Location(sheet.title, number, get_column_letter(index + 1), column.header())
            self.remember(path, where)
            value = values[index] if index < len(values) else None
            if is_blank(value):
                if column.required:
                    self.report(where, text("xlsx.error.required"), path)
                continue
            try:
                _set(into, column.target, column.kind.parse(value))
            except CellError as error:
                self.report(where, error.sentence(), path)

    def table(self, spec: SheetSpec) -> list[dict[str, Any]]:
        sheet = self.sheet(spec.name)
        if sheet is None or not sheet.rows:
            if spec.required:
                sentence = text("xlsx.error.missing_sheet", sheet=spec.title())
                self.report(Location(spec.title()), sentence, spec.name)
            return []
        self.remember(spec.name, Location(sheet.title))
        columns = self._header(spec, sheet)
        if spec.required and len(sheet.rows) == 1:
            sentence = text("xlsx.error.empty_sheet", sheet=sheet.title)
            self.report(Location(sheet.title), sentence, spec.name)
        if spec.grouped:
            return self._jobs(spec, sheet, columns)
        items: list[dict[str, Any]] = []
        for row in sheet.rows[1:]:
            prefix = f"{spec.name}[{len(items)}]"
            self.remember(prefix, Location(sheet.title, row[0]))
            item: dict[str, Any] = {}
            self._cells(sheet, row, columns, spec, None, prefix, item)
            if spec.name == "vehicles":
                item.setdefault("capacity_kg", {})
            items.append(item)
        return items

    def _jobs(
        self, spec: SheetSpec, sheet: RawSheet, columns: dict[int, Column]
    ) -> list[dict[str, Any]]:
        """One row per lot; the rows that share a job id are the lots of that job."""
        jobs: dict[str, _Job] = {}
        id_index = next((i for i, c in columns.items() if c.part == "job" and c.name == "id"), None)
        for row in sheet.rows[1:]:
            number, values = row
            if id_index is None:
                break  # the missing column is reported: no row can be read into a job
            raw = values[id_index] if id_index < len(values) else None
            if is_blank(raw):
                header = columns[id_index].header()
                where = Location(sheet.title, number, get_column_letter(id_index + 1), header)
                self.report(where, text("xlsx.error.required"))
                continue
            job_id = str(columns[id_index].kind.parse(raw))
            job = jobs.get(job_id)
            if job is None:
                path = f"{spec.name}[{len(jobs)}]"
                self.remember(path, Location(sheet.title, number))
                fields: dict[str, Any] = {}
                self._cells(sheet, row, columns, spec, "job", path, fields)
                job = _Job(path, number, {**fields, "lots": []})
                jobs[job_id] = job
            else:
                self._same_job(spec, sheet, row, columns, job)
            lot_path = f"{job.path}.lots[{len(job.document['lots'])}]"
            self.remember(lot_path, Location(sheet.title, number))
            lot: dict[str, Any] = {}
            self._cells(sheet, row, columns, spec, "lot", lot_path, lot)
            job.document["lots"].append(lot)
        return [job.document for job in jobs.values()]

    def _same_job(
        self, spec: SheetSpec, sheet: RawSheet, row: Row, columns: dict[int, Column], job: _Job
    ) -> None:
        number, values = row
        for index, column in columns.items():
            value = values[index] if index < len(values) else None
            if column.part != "job" or is_blank(value):
                continue
            where = Location(sheet.title, number, get_column_letter(index + 1), column.header())
            try:
                parsed = column.kind.parse(value)
            except CellError as error:
                self.report(where, error.sentence())
                continue
            if parsed != job.document.get(column.target):
                sentence = text("xlsx.error.job_conflict", job=job.document["id"], row=job.row)
                self.report(where, sentence)

    # parameters

    def parameters(self) -> dict[str, Any]:
        document: dict[str, Any] = {}
        sheet = self.sheet(SETTINGS_SHEET)
        title = text(f"xlsx.sheet.{SETTINGS_SHEET}")
        if sheet is None:
            self.report(Location(title), text("xlsx.error.missing_sheet", sheet=title), "date")
            return document
        by_label: dict[str, Parameter] = {
            normalise(parameter_label(p, language)): p
            for p in PARAMETERS
            for language in READ_LANGUAGES
        }
        headers = {normalise(text("xlsx.col.param.key", lang)) for lang in READ_LANGUAGES}
        value_header = text("xlsx.col.param.value")
        seen: set[str] = set()
        for number, values in sheet.rows:
            label = values[0] if values else None
            if is_blank(label) or normalise(str(label)) in headers:
                continue
            parameter = by_label.get(normalise(str(label)))
            if parameter is None:
                self.report(
                    Location(sheet.title, number, "A", text("xlsx.col.param.key")),
                    text("xlsx.error.unknown_parameter", name=str(label).strip()),
                )
                continue
            where = Location(sheet.title, number, "B", value_header)
            self.remember(parameter.target, where)
            seen.add(parameter.target)
            value = values[1] if len(values) > 1 else None
            if is_blank(value):
                if parameter.required:
                    self.report(where, text("xlsx.error.required"), parameter.target)
                continue
            try:
                _set(document, parameter.target, parameter.kind.parse(value))
            except CellError as error:
                self.report(where, error.sentence(), parameter.target)
        for parameter in PARAMETERS:
            if parameter.required and parameter.target not in seen:
                self.report(
                    Location(sheet.title),
                    text("xlsx.error.missing_parameter", name=parameter.label()),
                    parameter.target,
                )
        return _with_default_tables(document)

    # references, checked here because the model checks them only once every field is valid

    def references(self, document: dict[str, Any]) -> None:
        kinds = {site["id"]: site.get("kind") for site in document["sites"] if "id" in site}
        self._unique(
            "sites", [(f"sites[{i}].id", s.get("id")) for i, s in enumerate(document["sites"])]
        )
        vehicles = document["vehicles"]
        self._unique(
            "vehicles", [(f"vehicles[{i}].id", v.get("id")) for i, v in enumerate(vehicles)]
        )
        jobs = [
            (f"{name}[{i}]", job)
            for name in ("pickups", "deliveries")
            for i, job in enumerate(document[name])
        ]
        self._unique("jobs", [(f"{path}.id", job.get("id")) for path, job in jobs])
        lots = [
            (f"{path}.lots[{j}].id", lot.get("id"))
            for path, job in jobs
            for j, lot in enumerate(job["lots"])
        ]
        lots += [(f"stock[{i}].id", lot.get("id")) for i, lot in enumerate(document["stock"])]
        self._unique("lots", lots)
        wanted = [
            (f"vehicles[{i}].{key}", vehicle.get(key), SiteKind.DEPOT)
            for i, vehicle in enumerate(vehicles)
            for key in ("depot", "end_depot")
        ]
        wanted += [(f"{path}.site", job.get("site"), _site_kind(path)) for path, job in jobs]
        for path, site_id, expected in wanted:
            if site_id is None or path in self.failed:
                continue
            if site_id not in kinds:
                self.report(self.locate(path), text("xlsx.error.unknown_site", site=site_id), path)
            elif kinds[site_id] is not None and kinds[site_id] != expected.value:
                sentence = text(
                    "xlsx.error.wrong_site_kind",
                    site=site_id,
                    actual=SITE_KIND.format(kinds[site_id]),
                    expected=SITE_KIND.format(expected.value),
                )
                self.report(self.locate(path), sentence, path)

    def _unique(self, _family: str, ids: list[tuple[str, Any]]) -> None:
        first: dict[Any, str] = {}
        for path, identifier in ids:
            if identifier is None:
                continue
            if identifier in first:
                where = self.locate(first[identifier])
                place = text("xlsx.location.row", sheet=where.sheet, row=where.row)
                sentence = text("xlsx.error.duplicate_id", id=identifier, where=place)
                self.report(self.locate(path), sentence, path)
            else:
                first[identifier] = path


def _site_kind(job_path: str) -> SiteKind:
    return SiteKind.DONOR if job_path.startswith("pickups") else SiteKind.PARTNER


_DEFAULT_TABLES = ("value_eur_per_kg", "ddm_grace_days", "min_days_left_at_partner")


def _with_default_tables(document: dict[str, Any]) -> dict[str, Any]:
    """A table of the settings given in part keeps the defaults of the rows left empty."""
    settings = document.get("settings", {})
    defaults = Settings().model_dump(mode="json")
    for name in _DEFAULT_TABLES:
        if name in settings:
            settings[name] = {**defaults[name], **settings[name]}
    if "travel" in document:
        document["travel"]["kind"] = "haversine"
    return document


def workbook_document(sheets: list[RawSheet]) -> tuple[dict[str, Any], _Reader]:
    """The problem document read from the sheets, and the reader that knows where fields are."""
    reader = _Reader(sheets)
    document = reader.parameters()
    for spec in TABLES:
        document[spec.name] = reader.table(spec)
    reader.references(document)
    return document, reader


Prepare = Callable[[dict[str, Any]], None]
"""A step run on the document before validation: geocoding the sites given by address."""


def problem_from_sheets(sheets: list[RawSheet], prepare: Prepare | None = None) -> Problem:
    """Validate the day read from ``sheets``; every error located in one :class:`WorkbookError`."""
    document, reader = workbook_document(sheets)
    if prepare is not None and not reader.issues:
        prepare(document)
    try:
        problem = parse_problem(document)
    except ProblemError as error:
        for issue in error.issues:
            if not reader.covered(issue.path):
                reader.issues.append(CellIssue(reader.locate(issue.path), _french(issue.message)))
        raise WorkbookError(reader.issues) from None
    if reader.issues:
        raise WorkbookError(reader.issues)
    return problem


def read_workbook(path: str | Path, prepare: Prepare | None = None) -> Problem:
    """Read and validate the day from a workbook (or CSV folder or zip).

    Raises :class:`WorkbookError` listing every error with its sheet, row and column.
    """
    return problem_from_sheets(open_sheets(path), prepare)


def read_workbook_bytes(
    data: bytes, name: str = "classeur.xlsx", prepare: Prepare | None = None
) -> Problem:
    """The same from an upload: an ``.xlsx`` workbook or a ``.zip`` of CSV files, as bytes."""
    return problem_from_sheets(sheets_from_bytes(data, name), prepare)
