"""The addok configuration module we write: addok reads its settings from a Python *file*
(``ADDOK_CONFIG_MODULE``), so the embedded geocoder, ``addok serve`` in the tests and
``foodroute geocode load`` all read the one file this module writes.

The French pipeline is spelled out because addok's defaults are language-neutral: without
``addok_france`` and ``addok_fr`` "12 r des Ardennes" and "bd" do not match the BAN's words.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

REDIS_URL_VARIABLE = "FOODROUTE_ADDOK_REDIS_URL"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/12"
"""Databases 12 (indexes) and 13 (documents): 0 is the job queue's, 14 and 15 addok's own tests'."""

CONFIG_DIR_VARIABLE = "FOODROUTE_ADDOK_DIR"


@dataclass(frozen=True, slots=True)
class AddokRedis:
    """Where addok keeps its index (``db``) and its documents (``db + 1``)."""

    host: str = "127.0.0.1"
    port: int = 6379
    db: int = 12

    @classmethod
    def from_url(cls, url: str) -> AddokRedis:
        """``redis://host:port/N``: indexes in database N, documents in N + 1."""
        parts = urlsplit(url)
        if parts.scheme != "redis":
            raise ValueError(f"addok's Redis URL must start with redis://, not {url!r}")
        path = parts.path.strip("/")
        return cls(parts.hostname or "127.0.0.1", parts.port or 6379, int(path) if path else 12)

    @classmethod
    def from_environment(cls) -> AddokRedis:
        return cls.from_url(os.environ.get(REDIS_URL_VARIABLE, DEFAULT_REDIS_URL))

    @property
    def documents_db(self) -> int:
        return self.db + 1


_TEMPLATE = """\
# addok configuration written by foodroute (optimizer/geocode/addok_config.py).
REDIS = {{
    "host": {host!r},
    "port": {port},
    "indexes": {{"db": {db}}},
    "documents": {{"db": {documents_db}}},
}}
QUERY_PROCESSORS_PYPATHS = [
    "addok.helpers.text.check_query_length",
    "addok_france.extract_address",
    "addok_france.clean_query",
    "addok_france.remove_leading_zeros",
]
PROCESSORS_PYPATHS = [
    "addok.helpers.text.tokenize",
    "addok.helpers.text.normalize",
    "addok_france.glue_ordinal",
    "addok_france.fold_ordinal",
    "addok_france.flag_housenumber",
    "addok.helpers.text.synonymize",
    "addok_fr.phonemicize",
]
SEARCH_RESULT_PROCESSORS_PYPATHS = [
    "addok.helpers.results.match_housenumber",
    "addok_france.make_labels",
    "addok.helpers.results.score_by_importance",
    "addok.helpers.results.score_by_autocomplete_distance",
    "addok.helpers.results.score_by_ngram_distance",
    "addok.helpers.results.score_by_geo_distance",
    "addok.helpers.results.adjust_scores",
]
FIELDS = [
    {{"key": "name", "boost": 4, "null": False}},
    {{"key": "street"}},
    {{"key": "postcode", "boost": lambda doc: 1.2 if doc.get("type") == "municipality" else 1}},
    {{"key": "city"}},
    {{"key": "housenumbers"}},
    {{"key": "context"}},
]
FILTERS = ["type", "postcode", "citycode"]
# The columns /search/csv/ adds to each row (addok-csv), read back by optimizer.geocode.http.
CSV_EXTRA_FIELDS = ["postcode", "citycode", "city"]
# One worker: the machines are small and Redis needs a core of its own during an import.
BATCH_WORKERS = 1
LOG_DIR = {log_dir!r}
LOG_QUERIES = False
LOG_NOT_FOUND = False
ATTRIBUTION = "BAN"
LICENCE = "ETALAB-2.0"
"""


def config_dir() -> Path:
    default = Path.home() / ".cache" / "foodroute" / "addok"
    return Path(os.environ.get(CONFIG_DIR_VARIABLE, str(default)))


def write_config(redis: AddokRedis, directory: Path | None = None) -> Path:
    """Write (or rewrite) the configuration file for ``redis`` and return its path."""
    folder = directory or config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"addok-{redis.host}-{redis.port}-{redis.db}.conf"
    text = _TEMPLATE.format(
        host=redis.host,
        port=redis.port,
        db=redis.db,
        documents_db=redis.documents_db,
        log_dir=str(folder),
    )
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path
