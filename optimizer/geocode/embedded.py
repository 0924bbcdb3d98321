"""addok in this process: the BAN index in the project's Redis, no server to run.

addok keeps its configuration in one process-wide object loaded once from a file, so a process
holds one embedded index; asking for a second, different one is refused rather than mixed up.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Sequence
from typing import Any

from optimizer.geocode.addok_config import AddokRedis, write_config
from optimizer.geocode.base import AddressQuery, GeocoderUnavailable, Match, match_type

_loaded: AddokRedis | None = None


def load_addok(redis: AddokRedis) -> None:
    """Load addok's configuration for ``redis`` once per process (addok prints; we keep quiet)."""
    global _loaded
    if _loaded == redis:
        return
    if _loaded is not None:
        raise RuntimeError(
            f"addok is already loaded on Redis database {_loaded.db} in this process; "
            f"one process holds one embedded index (asked: {redis.db})"
        )
    os.environ["ADDOK_CONFIG_MODULE"] = str(write_config(redis))
    from addok.config import config

    with contextlib.redirect_stdout(io.StringIO()):
        config.load()
    _loaded = redis


def match_from_result(result: Any) -> Match:
    """An addok result object (in process) as a :class:`Match`; ``str(result)`` is its label."""
    return Match(
        label=str(result),
        lat=float(result.lat),
        lon=float(result.lon),
        score=round(float(result.score), 4),
        type=match_type(str(result.type)),
        postcode=str(result.postcode or ""),
        citycode=str(result.citycode or ""),
        city=str(result.city or ""),
    )


def embedded_source(redis: AddokRedis) -> str:
    return f"embedded redis://{redis.host}:{redis.port}/{redis.db}"


class EmbeddedAddok:
    """Geocode with the addok library against the index ``foodroute geocode load`` built."""

    def __init__(self, redis: AddokRedis | None = None) -> None:
        self.redis = redis or AddokRedis.from_environment()
        self.source = embedded_source(self.redis)
        load_addok(self.redis)
        if self.documents() == 0:
            # An empty index would answer "not found" for every site, and the cache keep it.
            raise GeocoderUnavailable(
                f"the embedded address index ({self.source}) is empty: load the BAN file of "
                "the département first (foodroute geocode load adresses-addok-21.ndjson.gz)"
            )

    def geocode(self, query: AddressQuery) -> Match | None:
        from addok.core import search

        filters = {"postcode": query.postcode} if query.postcode else {}
        results = search(query.text, limit=1, autocomplete=False, **filters)
        if not results and filters:
            # A wrong postcode must not hide the street: ask again, the checks flag the mismatch.
            results = search(query.text, limit=1, autocomplete=False)
        return match_from_result(results[0]) if results else None

    def geocode_many(self, queries: Sequence[AddressQuery]) -> list[Match | None]:
        return [self.geocode(query) for query in queries]

    def documents(self) -> int:
        """How many BAN documents the index holds (0: nothing loaded yet)."""
        from addok.ds import _DB

        return int(_DB.dbsize())
