"""``foodroute geocode load``: build the embedded index from a BAN file in addok format.

The BAN publishes one file per département (``adresses-addok-21.ndjson.gz``): one JSON document
per line, a street with its house numbers, a lieu-dit or a commune. addok appends what it is
given, so loading the same file twice would duplicate every address: the index is emptied first.
"""

from __future__ import annotations

import gzip
import io
import itertools
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from optimizer.geocode.addok_config import AddokRedis
from optimizer.geocode.embedded import load_addok

CHUNK = 1000
"""Documents handed to addok at a time: a progress step, and a bounded memory use."""

Progress = Callable[[int, int], None]
"""Called with (bytes read so far, file size in bytes) after each chunk."""


@dataclass(frozen=True, slots=True)
class LoadReport:
    """What an import did: documents indexed, seconds, file size and Redis keys after it."""

    documents: int
    seconds: float
    file_bytes: int
    redis_keys: int


def _text(raw: IO[bytes], path: Path) -> IO[str]:
    if path.suffix == ".gz":
        return gzip.open(raw, "rt", encoding="utf-8")
    return io.TextIOWrapper(raw, encoding="utf-8")


def _chunks(lines: Iterator[str]) -> Iterator[list[str]]:
    while chunk := [line for line in itertools.islice(lines, CHUNK) if line.strip()]:
        yield chunk


def reset_index(redis: AddokRedis) -> None:
    """Empty addok's two databases (what ``addok reset --force`` does)."""
    load_addok(redis)
    from addok.db import DB
    from addok.ds import DS

    DB.flushdb()
    DS.flushdb()


def load_ban(path: Path, redis: AddokRedis, progress: Progress | None = None) -> LoadReport:
    """Replace the index on ``redis`` by the documents of ``path`` (``.ndjson`` or ``.ndjson.gz``).

    Edge n-grams (autocomplete) are indexed as documents come, in this one process: on a
    département file that is a few seconds more than addok's separate ``ngrams`` pass, and no
    worker processes to fork.
    """
    if not path.is_file():
        raise FileNotFoundError(f"BAN file '{path}' does not exist")
    reset_index(redis)
    from addok.batch import process_documents
    from addok.db import DB
    from addok.ds import _DB

    size = path.stat().st_size
    started = time.perf_counter()
    documents = 0
    with path.open("rb") as raw, _text(raw, path) as text:
        for chunk in _chunks(iter(text)):
            documents += len(process_documents(*chunk))
            if progress is not None:
                progress(min(raw.tell(), size), size)
    seconds = time.perf_counter() - started
    keys = int(DB.dbsize()) + int(_DB.dbsize())
    return LoadReport(documents, seconds, size, keys)
