"""Answers kept on disk, keyed by the normalised address, so a second import asks nothing.

"12, Rue des Ardennes" and "12 rue des ardennes" are one key: case, accents, punctuation and
spacing do not change where a door is. "Not found" is kept too, or every import would ask again
for the same unknown address; clear the file after loading a newer BAN.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from optimizer.geocode.base import AddressQuery, Geocoder, Match, match_type

_NOT_LETTERS = re.compile(r"[^a-z0-9]+")


def _fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return _NOT_LETTERS.sub(" ", plain).strip()


def cache_key(query: AddressQuery) -> str:
    """The address, postcode and commune folded to lower-case ASCII words."""
    return "|".join(_fold(part) for part in (query.address, query.postcode, query.commune))


_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS answers "
    "(source TEXT, key TEXT, match TEXT, PRIMARY KEY (source, key))"
)


class GeocodeCache:
    """A small SQLite table from (geocoder source, :func:`cache_key`) to a match or "not found"."""

    def __init__(self, path: Path, source: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.source = source
        self._db = sqlite3.connect(path)
        self._db.execute(_SCHEMA)

    def get(self, query: AddressQuery) -> tuple[bool, Match | None]:
        """(known, match): ``known`` is False when this address was never asked."""
        row = self._db.execute(
            "SELECT match FROM answers WHERE source = ? AND key = ?",
            (self.source, cache_key(query)),
        ).fetchone()
        if row is None:
            return False, None
        if row[0] is None:
            return True, None
        fields = json.loads(row[0])
        fields["type"] = match_type(fields["type"])
        return True, Match(**fields)

    def put(self, query: AddressQuery, match: Match | None) -> None:
        blob = None if match is None else json.dumps(asdict(match), ensure_ascii=False)
        self._db.execute(
            "INSERT OR REPLACE INTO answers (source, key, match) VALUES (?, ?, ?)",
            (self.source, cache_key(query), blob),
        )

    def forget(self) -> int:
        """Drop every answer of this source (its index was reloaded); how many were dropped."""
        dropped = self._db.execute("DELETE FROM answers WHERE source = ?", (self.source,))
        self._db.commit()
        return dropped.rowcount

    def commit(self) -> None:
        self._db.commit()

    def close(self) -> None:
        self._db.close()


class CachedGeocoder:
    """A geocoder that asks ``inner`` only for the addresses ``cache`` has never seen."""

    def __init__(self, inner: Geocoder, path: Path) -> None:
        self.inner = inner
        self.source = inner.source
        self.cache = GeocodeCache(path, inner.source)
        self.hits = 0
        self.misses = 0

    def geocode(self, query: AddressQuery) -> Match | None:
        return self.geocode_many([query])[0]

    def geocode_many(self, queries: Sequence[AddressQuery]) -> list[Match | None]:
        answers: list[Match | None] = []
        unknown: dict[str, AddressQuery] = {}
        for query in queries:
            known, match = self.cache.get(query)
            answers.append(match)
            if not known:
                unknown.setdefault(cache_key(query), query)
        self.misses += len(unknown)
        self.hits += len(queries) - len(unknown)
        if unknown:
            asked = list(unknown.values())
            for query, match in zip(asked, self.inner.geocode_many(asked), strict=True):
                self.cache.put(query, match)
            self.cache.commit()
            answers = [self.cache.get(query)[1] for query in queries]
        return answers
