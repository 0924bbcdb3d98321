"""Bounds on reading a workbook or a zip of CSV files, so that a small upload cannot unpack into
gigabytes (a 514 KB zip held a 150 MB CSV) nor keep a server busy for minutes.

The Dijon day (200 sites) is 30 members and 0.65 MB unpacked: the limits leave room for a
network many times larger. They are checked twice: on the sizes the archive declares, before
anything is unpacked, and while streaming each member, since headers can lie.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

MB = 1_000_000


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """What one workbook or zip may hold once unpacked."""

    unpacked_bytes: int = 25 * MB
    members: int = 200
    sheets: int = 30
    rows_per_sheet: int = 20_000


LIMITS = ReadLimits()


class TooLarge(ValueError):
    """The file exceeds a limit; ``what`` is the catalogue key's suffix, ``limit`` the bound."""

    def __init__(self, what: str, limit: int, sheet: str = "") -> None:
        super().__init__(f"{what} over {limit}")
        self.what = what
        self.limit = limit
        self.sheet = sheet


def check_declared(archive: zipfile.ZipFile, limits: ReadLimits = LIMITS) -> None:
    """Refuse an archive whose member count or declared unpacked size is over the limits."""
    members = archive.infolist()
    if len(members) > limits.members:
        raise TooLarge("members", limits.members)
    if sum(member.file_size for member in members) > limits.unpacked_bytes:
        raise TooLarge("unpacked", limits.unpacked_bytes // MB)


def read_member(
    archive: zipfile.ZipFile, name: str, budget: int, chunk_bytes: int = 1 << 20
) -> bytes:
    """The member's bytes, streamed; refused as soon as they pass ``budget`` bytes."""
    chunks: list[bytes] = []
    size = 0
    with archive.open(name) as member:
        while chunk := member.read(chunk_bytes):
            size += len(chunk)
            if size > budget:
                raise TooLarge("unpacked", LIMITS.unpacked_bytes // MB)
            chunks.append(chunk)
    return b"".join(chunks)
