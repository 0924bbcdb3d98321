"""A BAN/addok server over HTTP: a food bank's own addok, or the public address service.

``/search/`` answers one address (GeoJSON); ``/search/csv/`` geocodes a CSV in one request, which
is what makes 2,000 sites a matter of seconds. addok-csv's per-row filters (``postcode=column``)
answer 500 with addok 1.3, so the batch sends postcode and commune in the text and every row whose
answer lies in another postcode is asked again alone, with the postcode as a real filter.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Sequence
from typing import Any
from urllib.error import URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from optimizer.geocode.base import AddressQuery, GeocoderUnavailable, Match, match_type

BATCH_ROWS = 500
"""Rows per ``/search/csv/`` request: a few seconds of a single-threaded addok each."""

CLOSE_RUNNER_UP = 0.05
"""A batch row whose second candidate scores within this of the first is asked again alone.
Measured (``benchmarks/geocode.py``, 2,000 addresses, a sixth typed "bd" for boulevard): the
batch alone put 13 at a homonym street of the commune ("Rue de la Gare" for "bd de la Gare"),
each with a runner-up within 0.05; asking the close rows again with ``/search/?limit=1`` and the
postcode filter put all 2,000 at the right door, for 23 more requests."""


class AddokHttp:
    """Geocode against the addok server at ``url`` (e.g. ``http://127.0.0.1:7878``)."""

    def __init__(self, url: str, timeout_s: float = 30.0) -> None:
        self.url = url.rstrip("/")
        self.source = self.url
        self.timeout_s = timeout_s
        self.requests = 0
        """HTTP requests sent so far (the cache's tests and the benchmark read it)."""

    def _send(self, request: Request) -> bytes:
        self.requests += 1
        try:
            with urlopen(request, timeout=self.timeout_s) as answer:
                body: bytes = answer.read()
                return body
        except (URLError, OSError) as error:
            raise GeocoderUnavailable(f"geocoder {self.url} did not answer: {error}") from None

    def geocode(self, query: AddressQuery) -> Match | None:
        params = {"q": query.text, "limit": "1", "autocomplete": "0"}
        if query.postcode:
            params["postcode"] = query.postcode
        body = self._send(Request(f"{self.url}/search/?{urlencode(params)}"))
        features = json.loads(body).get("features", [])
        if not features and query.postcode:
            del params["postcode"]
            body = self._send(Request(f"{self.url}/search/?{urlencode(params)}"))
            features = json.loads(body).get("features", [])
        return _match_from_feature(features[0]) if features else None

    def geocode_many(self, queries: Sequence[AddressQuery]) -> list[Match | None]:
        answers: list[tuple[Match | None, float]] = []
        for start in range(0, len(queries), BATCH_ROWS):
            answers.extend(self._batch(queries[start : start + BATCH_ROWS]))
        matches: list[Match | None] = []
        for query, (match, runner_up) in zip(queries, answers, strict=True):
            other_postcode = query.postcode and (match is None or match.postcode != query.postcode)
            close = match is not None and match.score - runner_up < CLOSE_RUNNER_UP
            matches.append(self.geocode(query) if other_postcode or close else match)
        return matches

    def _batch(self, queries: Sequence[AddressQuery]) -> list[tuple[Match | None, float]]:
        """Each row's best match and the score of its runner-up (0 when there is none)."""
        rows = io.StringIO()
        writer = csv.writer(rows, delimiter=";", lineterminator="\n")
        writer.writerow(["q"])
        writer.writerows([query.text] for query in queries)
        fields = {"columns": "q", "min_score": "0", "delimiter": ";"}
        body, content_type = _multipart(fields, "sites.csv", rows.getvalue().encode("utf-8"))
        request = Request(
            f"{self.url}/search/csv/",
            data=body,
            headers={"Content-Type": content_type},
            method="POST",
        )
        answer = self._send(request).decode("utf-8-sig")
        found = csv.DictReader(io.StringIO(answer), delimiter=";")
        return [(_match_from_row(row), float(row.get("result_score_next") or 0.0)) for row in found]


def _multipart(fields: dict[str, str], filename: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="data"; filename="{filename}"\r\n'
        "Content-Type: text/csv\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _match_from_feature(feature: dict[str, Any]) -> Match:
    properties = feature["properties"]
    lon, lat = feature["geometry"]["coordinates"]
    return Match(
        label=str(properties.get("label", "")),
        lat=float(lat),
        lon=float(lon),
        score=round(float(properties.get("score", 0.0)), 4),
        type=match_type(str(properties.get("type", ""))),
        postcode=str(properties.get("postcode", "")),
        citycode=str(properties.get("citycode", "")),
        city=str(properties.get("city", "")),
    )


def _match_from_row(row: dict[str, str]) -> Match | None:
    if not row.get("latitude"):
        return None
    return Match(
        label=row.get("result_label", ""),
        lat=float(row["latitude"]),
        lon=float(row["longitude"]),
        score=round(float(row.get("result_score") or 0.0), 4),
        type=match_type(row.get("result_type", "")),
        postcode=row.get("result_postcode", ""),
        citycode=row.get("result_citycode", ""),
        city=row.get("result_city", ""),
    )
