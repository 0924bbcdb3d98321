"""Zip and xlsx bombs built at test time (nothing big is stored in the repository).

Each writes its huge member in chunks, so building one costs the test little memory.
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

from openpyxl import Workbook

MB = 1_000_000
_CSV_HEADER = b"id;kind;name;lat;lon\n"
_CSV_ROW = b"site-000001;partner;Association;47.32;5.04\n"


def _write_repeated(
    archive: zipfile.ZipFile, name: str, head: bytes, row: bytes, size: int
) -> None:
    with archive.open(name, "w", force_zip64=True) as member:
        member.write(head)
        chunk = row * (MB // len(row))
        written = len(head)
        while written < size:
            member.write(chunk)
            written += len(chunk)


def csv_zip_bomb(unpacked_bytes: int = 150 * MB) -> bytes:
    """A ``.zip`` holding one ``Sites.csv`` of ``unpacked_bytes`` (compresses ~300:1)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        _write_repeated(archive, "Sites.csv", _CSV_HEADER, _CSV_ROW, unpacked_bytes)
    return buffer.getvalue()


def lying_zip(unpacked_bytes: int = 50 * MB, declared_bytes: int = 1_000) -> bytes:
    """A CSV zip whose central directory declares ``declared_bytes`` for a bigger member."""
    data = bytearray(csv_zip_bomb(unpacked_bytes))
    entry = data.rfind(b"PK\x01\x02")
    # Central directory entry: the uncompressed size is at offset 24 (0xFFFFFFFF = see zip64).
    data[entry + 24 : entry + 28] = struct.pack("<I", declared_bytes)
    extra_length = struct.unpack("<H", data[entry + 30 : entry + 32])[0]
    name_length = struct.unpack("<H", data[entry + 28 : entry + 30])[0]
    extra = entry + 46 + name_length
    if extra_length:  # a zip64 extra field: its first 8 bytes are the real uncompressed size
        data[extra + 4 : extra + 12] = struct.pack("<Q", declared_bytes)
    return bytes(data)


def xlsx_bomb(unpacked_bytes: int = 150 * MB, rows: int | None = None) -> bytes:
    """A real workbook whose first sheet's XML is ``unpacked_bytes`` of rows (or ``rows`` rows)."""
    template = io.BytesIO()
    book = Workbook()
    book.active.title = "Sites"  # type: ignore[union-attr]
    book.save(template)
    buffer = io.BytesIO()
    sheet = "xl/worksheets/sheet1.xml"
    with (
        zipfile.ZipFile(template) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
    ):
        for info in source.infolist():
            if info.filename != sheet:
                archive.writestr(info, source.read(info))
        with archive.open(sheet, "w", force_zip64=True) as member:
            member.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
                b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            )
            row = b'<row><c t="inlineStr"><is><t>site</t></is></c><c><v>47.3</v></c></row>'
            count = rows if rows is not None else unpacked_bytes // len(row)
            block = row * 10_000
            for _ in range(count // 10_000):
                member.write(block)
            member.write(row * (count % 10_000))
            member.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
