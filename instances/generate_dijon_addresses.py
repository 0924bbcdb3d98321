"""Write the Dijon day as planners have it, by address, and a BAN file in which to find them.

    python instances/generate_dijon_addresses.py [FOLDER]

- ``dijon-200-adresses.xlsx``: ``dijon-200.json`` as the planners' workbook with a postcode for
  every site and **no coordinates**, except for the four sites whose address another site
  already uses (the generator gave both the same street and number at different points): those
  keep theirs, typed by hand, as a planner would for a second door of the same building.
- ``ban-dijon-200.ndjson.gz``: a Base Adresse Nationale file in addok's format holding exactly
  those addresses: one street per (street, commune) with the day's house numbers at the sites'
  points, the warehouse's "zone Cap Nord" as a lieu-dit, and each commune at the centre of its
  sites. The instance's addresses are invented, so this file is too: it is a stand-in for the
  real ``adresses-addok-21.ndjson.gz`` of the BAN (same format, 0.1 % of its size) so that the
  address-to-plan sequence runs offline.

Deterministic: the same ``dijon-200.json`` gives byte-identical files.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from statistics import fmean
from typing import Any

from optimizer.model import Problem
from optimizer.read.documents import load_problem
from optimizer.workbook.template import problem_workbook, save_reproducibly

HERE = Path(__file__).resolve().parent

POSTCODES = {
    "Ahuy": "21121", "Aiserey": "21110", "Arc-sur-Tille": "21560", "Arceau": "21310",
    "Arnay-le-Duc": "21230", "Auxonne": "21130", "Beaune": "21200", "Bligny-lès-Beaune": "21200",
    "Chenôve": "21300", "Chevigny-Saint-Sauveur": "21800", "Corcelles-lès-Cîteaux": "21910",
    "Daix": "21121", "Dijon": "21000", "Esbarres": "21170", "Flagey-Echézeaux": "21640",
    "Fleurey-sur-Ouche": "21410", "Fontaine-Française": "21610", "Fontaine-lès-Dijon": "21121",
    "Fénay": "21600", "Genlis": "21110", "Gevrey-Chambertin": "21220", "Is-sur-Tille": "21120",
    "Labergement-lès-Seurre": "21820", "Lacanche": "21230", "Liernais": "21430",
    "Longvic": "21600", "Losne": "21170", "Lux": "21120", "Marsannay-la-Côte": "21160",
    "Messigny-et-Vantoux": "21380", "Meursault": "21190", "Mirebeau-sur-Bèze": "21310",
    "Neuilly-lès-Dijon": "21800", "Noiron-sous-Gevrey": "21910", "Nolay": "21340",
    "Nuits-Saint-Georges": "21700", "Perrigny-lès-Dijon": "21160", "Pouilly-en-Auxois": "21320",
    "Précy-sous-Thil": "21390", "Quetigny": "21800", "Ruffey-lès-Beaune": "21200",
    "Saint-Apollinaire": "21850", "Saint-Julien": "21490", "Sainte-Marie-sur-Ouche": "21410",
    "Santenay": "21590", "Savigny-le-Sec": "21380", "Selongey": "21260",
    "Semur-en-Auxois": "21140", "Sennecey-lès-Dijon": "21800", "Seurre": "21250",
    "Talant": "21240", "Til-Châtel": "21120", "Velars-sur-Ouche": "21370",
    "Venarey-les-Laumes": "21150", "Vitteaux": "21350",
}  # fmt: skip
"""La Poste's postcodes of the communes the Dijon day uses."""

CONTEXT = "21, Côte-d'Or, Bourgogne-Franche-Comté"
_NUMBERED = re.compile(r"^(\d+)\s+(.+)$")


def _capitalised(street: str) -> str:
    return street[:1].upper() + street[1:]


def by_hand(problem: Problem) -> set[str]:
    """Sites whose (address, commune) an earlier site already uses: they keep their point."""
    seen: set[tuple[str, str]] = set()
    kept: set[str] = set()
    for site in problem.sites:
        key = (site.address, site.commune)
        if key in seen:
            kept.add(site.id)
        seen.add(key)
    return kept


def ban_documents(problem: Problem) -> list[dict[str, Any]]:
    """Streets with the day's house numbers, lieux-dits and communes, in a fixed order."""
    kept = by_hand(problem)
    streets: dict[tuple[str, str], dict[str, tuple[float, float]]] = defaultdict(dict)
    localities: dict[tuple[str, str], tuple[float, float]] = {}
    communes: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for site in problem.sites:
        communes[site.commune].append((site.lat, site.lon))
        if site.id in kept:
            continue
        numbered = _NUMBERED.match(site.address)
        if numbered:
            streets[(numbered.group(2), site.commune)][numbered.group(1)] = (site.lat, site.lon)
        else:
            localities[(site.address, site.commune)] = (site.lat, site.lon)
    documents: list[dict[str, Any]] = []
    for (street, commune), numbers in sorted(streets.items()):
        ident = f"dijon200_{len(documents):04d}"
        documents.append(
            {
                "id": ident,
                **_place("street", _capitalised(street), commune, list(numbers.values())),
                "housenumbers": {
                    number: {"id": f"{ident}_{number}", "lat": lat, "lon": lon}
                    for number, (lat, lon) in sorted(numbers.items(), key=lambda n: int(n[0]))
                },
            }
        )
    for (name, commune), point in sorted(localities.items()):
        ident = f"dijon200_{len(documents):04d}"
        documents.append({"id": ident, **_place("locality", _capitalised(name), commune, [point])})
    for commune, points in sorted(communes.items()):
        ident = f"dijon200_{len(documents):04d}"
        place = _place("municipality", commune, commune, points)
        documents.append({"id": ident, **place, "importance": 0.8})
    return documents


def _place(kind: str, name: str, commune: str, points: list[tuple[float, float]]) -> dict[str, Any]:
    return {
        "type": kind,
        "name": name,
        "postcode": POSTCODES[commune],
        "city": commune,
        "context": CONTEXT,
        "lat": round(fmean(p[0] for p in points), 5),
        "lon": round(fmean(p[1] for p in points), 5),
        "importance": 0.5,
    }


def write_ban(problem: Problem, target: Path) -> Path:
    """The documents as gzipped ndjson, with no timestamp in the gzip header."""
    lines = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in ban_documents(problem))
    with target.open("wb") as raw, gzip.GzipFile("", "wb", 9, raw, mtime=0) as out:
        out.write(lines.encode("utf-8"))
    return target


def write_address_workbook(problem: Problem, target: Path) -> Path:
    """The day's workbook with postcodes, and coordinates only where :func:`by_hand` keeps them."""
    with_postcodes = problem.model_copy(
        update={
            "sites": [
                s.model_copy(update={"postcode": POSTCODES[s.commune]}) for s in problem.sites
            ]
        }
    )
    workbook = problem_workbook(with_postcodes)
    sheet = workbook["Sites"]
    header = [cell.value for cell in sheet[1]]
    lat, lon = header.index("Latitude") + 1, header.index("Longitude") + 1
    kept = by_hand(problem)
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, 1).value not in kept:
            sheet.cell(row, lat).value = None
            sheet.cell(row, lon).value = None
    save_reproducibly(workbook, target)
    return target


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else HERE
    problem = load_problem(HERE / "dijon-200.json")
    for path in (
        write_ban(problem, folder / "ban-dijon-200.ndjson.gz"),
        write_address_workbook(problem, folder / "dijon-200-adresses.xlsx"),
    ):
        print(f"Wrote {path} ({path.stat().st_size / 1000:.1f} kB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
