"""Geocoding benchmark: 200 and 2,000 site addresses, cold and cached, embedded and over HTTP.

The addresses are made up in BAN format (``STREETS`` street names × the communes of
``COMMUNES`` × house numbers) and written to a temporary ``.ndjson.gz``, loaded with
:func:`optimizer.geocode.load.load_ban` into the Redis databases given by
``FOODROUTE_ADDOK_REDIS_URL`` (emptied first; default here ``redis://127.0.0.1:6379/5``). Every
query asks for a house number with its postcode and commune, a third of them typed in lower
case without accents, a sixth with "av." and "bd" for avenue and boulevard.

Rows:
- *embedded, cold*: :class:`~optimizer.geocode.embedded.EmbeddedAddok`, no cache;
- *HTTP batch, cold*: :class:`~optimizer.geocode.http.AddokHttp` against ``addok serve`` on
  loopback (single-threaded debug server), ``/search/csv/`` in batches of 500;
- *cached*: the same addresses again through :class:`~optimizer.geocode.cache.CachedGeocoder`
  after a first run filled the SQLite file: no request reaches addok.

Usage::

    python benchmarks/geocode.py --out benchmarks/GEOCODE.md
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import random
import socket
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

from optimizer.geocode.addok_config import AddokRedis, write_config
from optimizer.geocode.base import AddressQuery, Geocoder, Match
from optimizer.geocode.cache import CachedGeocoder
from optimizer.geocode.embedded import EmbeddedAddok
from optimizer.geocode.http import AddokHttp
from optimizer.geocode.load import load_ban

SIZES = (200, 2000)
SEED = 21
COMMUNES = {
    "Dijon": ("21000", 47.322, 5.041), "Chenôve": ("21300", 47.293, 5.006),
    "Quetigny": ("21800", 47.314, 5.106), "Longvic": ("21600", 47.288, 5.063),
    "Talant": ("21240", 47.337, 5.004), "Beaune": ("21200", 47.025, 4.840),
}  # fmt: skip
STREETS = [
    f"{kind} {name}"
    for kind in ("rue", "avenue", "boulevard", "allée", "chemin", "place")
    for name in (
        "de la République", "Victor-Hugo", "Jean-Jaurès", "Pasteur", "de la Gare", "des Écoles",
        "du Général-de-Gaulle", "de la Liberté", "des Tilleuls", "du Moulin", "de Strasbourg",
        "de l'Église", "du Stade", "des Vignes", "Gambetta", "Carnot", "de Verdun", "Voltaire",
    )
]  # fmt: skip
NUMBERS_PER_STREET = 60


Point = tuple[float, float]


def write_ban(path: Path) -> list[tuple[AddressQuery, Point]]:
    """The BAN file of every (street, commune) with its numbers; every address and its point."""
    rng = random.Random(SEED)
    addresses: list[tuple[AddressQuery, Point]] = []
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for commune, (postcode, lat, lon) in COMMUNES.items():
            for index, street in enumerate(STREETS):
                s_lat, s_lon = lat + rng.uniform(-0.02, 0.02), lon + rng.uniform(-0.02, 0.02)
                numbers = {
                    str(n): {"lat": round(s_lat + n * 1e-5, 6), "lon": round(s_lon + n * 1e-5, 6)}
                    for n in range(1, NUMBERS_PER_STREET + 1)
                }
                name = street[:1].upper() + street[1:]
                document = {
                    "id": f"{postcode}_{index:04d}", "type": "street", "name": name,
                    "postcode": postcode, "city": commune, "lat": s_lat, "lon": s_lon,
                    "importance": 0.5, "housenumbers": numbers,
                }  # fmt: skip
                out.write(json.dumps(document, ensure_ascii=False) + "\n")
                addresses += [
                    (AddressQuery(f"{n} {street}", postcode, commune), (p["lat"], p["lon"]))
                    for n, p in numbers.items()
                ]
    return addresses


def _typed(query: AddressQuery, rng: random.Random) -> AddressQuery:
    """How a planner's sheet spells it: sometimes lower case without accents, or abbreviated."""
    draw = rng.random()
    address = query.address
    if draw < 1 / 3:
        plain = unicodedata.normalize("NFKD", address).encode("ascii", "ignore").decode()
        address = plain.lower()
    elif draw < 1 / 2:
        address = address.replace("avenue", "av.").replace("boulevard", "bd")
    return AddressQuery(address, query.postcode, query.commune)


def _timed(geocoder: Geocoder, queries: list[AddressQuery]) -> tuple[float, list[Match | None]]:
    started = time.perf_counter()
    matches = geocoder.geocode_many(queries)
    return time.perf_counter() - started, matches


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _serve(redis: AddokRedis) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    addok = Path(sys.executable).with_name("addok")
    env = {**os.environ, "ADDOK_CONFIG_MODULE": str(write_config(redis))}
    server = subprocess.Popen(
        [str(addok), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("addok serve did not start")


def _row(
    label: str,
    seconds: float,
    matches: list[Match | None],
    points: list[Point],
    sent: int | str,
) -> str:
    """One table row; *right door* = the match is the BAN point of the address asked."""
    size = len(points)
    right = sum(1 for m, p in zip(matches, points, strict=True) if m and (m.lat, m.lon) == p)
    per_ms = 1000 * seconds / size
    return f"| {label} | {size:,} | {seconds:.2f} | {per_ms:.2f} | {right:,} | {sent} |"


def run(folder: Path) -> list[str]:
    redis = AddokRedis.from_url(
        os.environ.get("FOODROUTE_ADDOK_REDIS_URL", "redis://127.0.0.1:6379/5")
    )
    ban = folder / "ban.ndjson.gz"
    addresses = write_ban(ban)
    report = load_ban(ban, redis)
    rows = [
        f"Index: {report.documents:,} streets, {len(addresses):,} house numbers, "
        f"{ban.stat().st_size / 1000:.0f} kB gzipped, loaded in {report.seconds:.1f} s "
        f"({report.redis_keys:,} Redis keys).",
        "",
        "| Geocoder | Addresses | Seconds | ms per address | Right door | Requests |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    rng = random.Random(SEED)
    embedded = EmbeddedAddok(redis)
    server, url = _serve(redis)
    try:
        for size in SIZES:
            sample = rng.sample(addresses, size)
            queries = [_typed(query, rng) for query, _ in sample]
            points = [point for _, point in sample]
            makers: list[tuple[str, Callable[[], Geocoder]]] = [
                ("embedded", lambda: embedded),
                ("HTTP batch", lambda: AddokHttp(url, timeout_s=600)),
            ]
            for name, make in makers:
                inner = make()
                seconds, matches = _timed(inner, queries)
                sent = inner.requests if isinstance(inner, AddokHttp) else "-"
                rows.append(_row(f"{name}, cold", seconds, matches, points, sent))
                cache = folder / f"cache-{name}-{size}.sqlite"
                CachedGeocoder(make(), cache).geocode_many(queries)
                again = make()
                cached = CachedGeocoder(again, cache)
                seconds, matches = _timed(cached, queries)
                sent = again.requests if isinstance(again, AddokHttp) else cached.misses
                rows.append(_row(f"{name}, cached", seconds, matches, points, sent))
    finally:
        server.terminate()
        server.wait(timeout=10)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="Markdown file to write (default: print only)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        rows = run(Path(folder))
    header = [
        "# Geocoding benchmark",
        "",
        "`python benchmarks/geocode.py --out benchmarks/GEOCODE.md` — "
        f"{time.strftime('%Y-%m-%d')}, Python {platform.python_version()}, "
        f"{platform.machine()}, shared 2-core machine, "
        "addok 1.3.2 on a local Redis 7.",
        "",
        "Addresses and columns: see the docstring of `benchmarks/geocode.py`. *Requests*: HTTP "
        "requests sent to addok (embedded rows: addresses asked of addok; '-' = all of them). "
        "*Right door*: the match is the point the BAN file gives that address.",
        "",
    ]
    text = "\n".join(header + rows) + "\n"
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
