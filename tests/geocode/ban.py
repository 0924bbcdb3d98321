"""A small BAN file in addok format, written by the tests: Dijon streets with house numbers,
a "Rue de la Liberté" in Dijon and another in Chenôve, a lieu-dit, a street in Nevers (far from
the Dijon depot) and the communes themselves."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

CONTEXT = "21, Côte-d'Or, Bourgogne-Franche-Comté"


def _street(
    ident: str,
    name: str,
    postcode: str,
    citycode: str,
    city: str,
    lat: float,
    lon: float,
    numbers: dict[str, tuple[float, float]],
) -> dict[str, Any]:
    return {
        "id": ident,
        "type": "street",
        "name": name,
        "postcode": postcode,
        "citycode": citycode,
        "city": city,
        "context": CONTEXT,
        "lat": lat,
        "lon": lon,
        "importance": 0.6,
        "housenumbers": {
            number: {"id": f"{ident}_{number}", "lat": point[0], "lon": point[1]}
            for number, point in numbers.items()
        },
    }


# Points of the house numbers the tests ask for, to compare with what comes back.
ARDENNES_12 = (47.33561, 5.04871)
LIBERTE_DIJON_3 = (47.32201, 5.03801)
LIBERTE_CHENOVE_3 = (47.29201, 5.00501)
MARCS_D_OR = (47.31000, 4.99000)

DOCUMENTS: list[dict[str, Any]] = [
    _street(
        "21231_0100", "Rue des Ardennes", "21000", "21231", "Dijon", 47.3355, 5.0486,
        {"10": (47.33552, 5.04862), "12": ARDENNES_12, "14": (47.33570, 5.04890)},
    ),
    _street(
        "21231_0200", "Rue de la Liberté", "21000", "21231", "Dijon", 47.3220, 5.0380,
        {"1": (47.32210, 5.03760), "3": LIBERTE_DIJON_3, "5": (47.32195, 5.03840)},
    ),
    _street(
        "21166_0300", "Rue de la Liberté", "21300", "21166", "Chenôve", 47.2920, 5.0050,
        {"3": LIBERTE_CHENOVE_3, "7": (47.29230, 5.00560)},
    ),
    _street(
        "21231_0400", "Boulevard de la Trémouille", "21000", "21231", "Dijon", 47.3260, 5.0420,
        {"2": (47.32610, 5.04150), "24": (47.32690, 5.04330)},
    ),
    _street(
        "21231_0500", "Avenue du Drapeau", "21000", "21231", "Dijon", 47.3380, 5.0510,
        {str(n): (47.3380 + n * 1e-5, 5.0510 + n * 1e-5) for n in range(1, 80)},
    ),
    _street(
        "58194_0100", "Rue du Nivernais", "58000", "58194", "Nevers", 46.9900, 3.1600,
        {"5": (46.99010, 3.16010)},
    ),
    {
        "id": "21231_X001", "type": "locality", "name": "Les Marcs d'Or", "postcode": "21000",
        "citycode": "21231", "city": "Dijon", "context": CONTEXT,
        "lat": MARCS_D_OR[0], "lon": MARCS_D_OR[1], "importance": 0.3,
    },
    {
        "id": "21231", "type": "municipality", "name": "Dijon", "postcode": "21000",
        "citycode": "21231", "city": "Dijon", "context": CONTEXT,
        "lat": 47.3220, "lon": 5.0415, "importance": 0.9,
    },
    {
        "id": "21166", "type": "municipality", "name": "Chenôve", "postcode": "21300",
        "citycode": "21166", "city": "Chenôve", "context": CONTEXT,
        "lat": 47.2930, "lon": 5.0060, "importance": 0.5,
    },
]  # fmt: skip


def write_ban(path: Path) -> Path:
    """Write :data:`DOCUMENTS` as a gzipped ndjson file, as the BAN publishes them."""
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for document in DOCUMENTS:
            out.write(json.dumps(document, ensure_ascii=False) + "\n")
    return path
