"""The A4 sheet read back with pdftotext: stops in route order with their ETAs, French intact."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from optimizer.model import Problem
from optimizer.outputs.sheets.pdf import route_pdf
from optimizer.outputs.sheets.sheet import route_sheet
from optimizer.plan import Plan

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext missing (Debian poppler-utils)"
)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def pdf_pages(pdf: bytes, tmp_path: Path) -> int:
    path = tmp_path / "pages.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    match = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info.stdout)
    assert match is not None
    # A4 is 595.28 × 841.89 points.
    assert (round(float(match.group(1))), round(float(match.group(2)))) == (595, 842)
    pages = re.search(r"Pages:\s+(\d+)", info.stdout)
    assert pages is not None
    return int(pages.group(1))


@needs_poppler
def test_pdf_lists_the_stops_in_route_order_with_their_etas(
    morning: tuple[Problem, Plan], tmp_path: Path
) -> None:
    problem, plan = morning
    sheet = route_sheet(problem, plan, plan.routes[0])
    text = pdf_text(route_pdf(sheet), tmp_path)
    headings = re.findall(r"Arrêt (\d+) · (\d\d:\d\d) · (\w+)", text)
    assert headings == [
        ("1", "07:30", "Livraison"),
        ("2", "07:50", "Ramasse"),
        ("3", "08:10", "Livraison"),
        ("4", "08:55", "Livraison"),
    ]
    order = [text.index(name) for name in ("Restos du Cœur", "Carrefour Quetigny")]
    assert order == sorted(order)
    for expected in (
        "Feuille de route · Porteur 19 t n° 1",
        "lundi 10 mars 2025",
        "Départ 07:05 · Retour prévu 09:15 · 4 arrêts · 30 km",
        "Compartiment surgelé (−18 °C) — 35 kg",
        "Sonner à l'interphone « Réception ».",
        "Yaourts · frais · DLC 12/03/2025 — 40 kg",
        "Rechargement avant le tour 2 · 08:30",
    ):
        assert expected in text, expected
    # Loading order: Secours (stop 3) goes in before Restos (stop 1).
    assert text.index("1. Arrêt 3 · Secours populaire — 15 kg") < text.index(
        "2. Arrêt 1 · Restos du Cœur – Longvic — 20 kg"
    )


@needs_poppler
def test_pdf_is_a4_one_route(morning: tuple[Problem, Plan], tmp_path: Path) -> None:
    problem, plan = morning
    pdf = route_pdf(route_sheet(problem, plan, plan.routes[0]))
    assert pdf.startswith(b"%PDF-")
    assert pdf_pages(pdf, tmp_path) == 2


@needs_poppler
def test_pdf_keeps_french_text_without_a_font_file(
    morning: tuple[Problem, Plan], tmp_path: Path
) -> None:
    problem, plan = morning
    sheet = route_sheet(problem, plan, plan.routes[0])
    notes = "Clé à l'accueil « Réception », après le garçon ; œufs, Œuvre, 5 € la caisse."
    restos = replace(sheet.stops[1], access_notes=notes)
    text = pdf_text(
        route_pdf(replace(sheet, stops=[sheet.stops[0], restos, *sheet.stops[2:]])), tmp_path
    )
    assert f"Accès : {notes}" in text
    for character in "éèàç«»œŒ€−":
        assert character in text, character
    # The check boxes come from ZapfDingbats, the minus of −18 °C from Symbol.
    assert "❑ 1. Arrêt 3 · Secours populaire" in text
