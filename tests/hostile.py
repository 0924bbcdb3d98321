"""Hostile strings planted in every text field of a problem, to prove that no page runs them.

Each free-text field gets markup that would run script (``<img onerror>``, ``<script>``), set
``window.__pwned`` and leave an element marked ``data-pwned`` in the page if it were ever
inserted as HTML; it also starts with ``=`` (a formula in a spreadsheet), carries ReportLab
paragraph markup (``<b>``, ``&``) and ends with a tag naming its field, so a failure says where.
Ids get the same without a slash (an id is a path segment of a driver's link).
"""

from __future__ import annotations

import copy
from typing import Any

from factories import tiny_problem

MARK = "data-pwned"
#: True in a page where no hostile string ran nor became an element.
CLEAN_PAGE = "typeof window.__pwned === 'undefined' && !document.querySelector('[data-pwned]')"


def text(tag: str) -> str:
    """A free-text value: markup that would run, a formula, ReportLab markup, then ``tag``."""
    return (
        f"=1+1 <img src=x data-pwned onerror=\"window.__pwned='{tag}'\">"
        f"<script>window.__pwned='{tag}'</script> & <b>gras</b> {tag}"
    )


def ident(tag: str) -> str:
    """An id: the same kind of markup, no slash."""
    return f"=<svg data-pwned onload=window.__pwned=1>{tag}"


def hostile_problem() -> dict[str, Any]:
    """The tiny day (one truck, one pickup, two deliveries) with every text field hostile, plus
    a shipment from the shop to a partner and a driver's break, whose ids and texts are too."""
    problem = copy.deepcopy(tiny_problem())
    problem["name"] = text("problem.name")
    renamed = {site["id"]: ident(f"site-{n}") for n, site in enumerate(problem["sites"])}
    for n, site in enumerate(problem["sites"]):
        site["id"] = renamed[site["id"]]
        site["lat"] = 47.30 + 0.01 * n  # apart on the map: each marker can be clicked
        for field in ("name", "address", "commune", "access_notes", "source"):
            site[field] = text(f"sites[{n}].{field}")
        site["contact"] = {
            "name": text(f"sites[{n}].contact.name"),
            "phone": text(f"sites[{n}].contact.phone"),
            "email": text(f"sites[{n}].contact.email"),
        }
        site["required_skills"] = [text("skill")] if site["kind"] != "depot" else []
        site["geocode"] = {"label": text(f"sites[{n}].geocode.label"), "score": 0.5}
    for n, vehicle in enumerate(problem["vehicles"]):
        vehicle["id"] = ident(f"vehicle-{n}")
        vehicle["depot"] = renamed[vehicle["depot"]]
        vehicle["name"] = text(f"vehicles[{n}].name")
        vehicle["type"] = text(f"vehicles[{n}].type")
        vehicle["skills"] = [text("skill")]
        vehicle["breaks"] = [
            {
                "id": ident(f"vehicle-{n}-break"),
                "window": {"start": "07:30", "end": "08:00"},
                "duration_min": 20,
            }
        ]
    for kind in ("pickups", "deliveries"):
        for n, job in enumerate(problem[kind]):
            job["id"] = ident(f"{kind}-{n}")
            job["site"] = renamed[job["site"]]
            job["note"] = text(f"{kind}[{n}].note")
            for m, lot in enumerate(job["lots"]):
                lot["id"] = ident(f"{kind}-{n}-lot-{m}")
                lot["description"] = text(f"{kind}[{n}].lots[{m}].description")
    problem["shipments"] = [
        {
            "id": ident("shipment-0"),
            "pickup": {"site": renamed["shop"]},
            "delivery": {"site": renamed["partner_b"]},
            "note": text("shipments[0].note"),
            "required": True,
            "lots": [
                {
                    "id": ident("shipment-0-lot-0"),
                    "category": "dry_groceries",
                    "temperature": "ambient",
                    "kg": 40,
                    "description": text("shipments[0].lots[0].description"),
                }
            ],
        }
    ]
    problem["travel"]["site_ids"] = [renamed[site] for site in problem["travel"]["site_ids"]]
    return problem
