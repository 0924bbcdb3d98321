"""The dashboard in a real browser: headless Chromium renders it, a screenshot is kept, and
the charts are in the page and on the screen.

The screenshot goes to ``out/test-artefacts/`` (or ``$FOODROUTE_TEST_ARTEFACTS``). Without
Chromium the test is skipped on a developer's machine and fails under CI, where the project's
scripts install it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from optimizer.report.bundle import build_bundle
from optimizer.report.dashboard import BLUE, GREEN, ORANGE, render_dashboard
from optimizer.report.generate import working_days
from optimizer.report.history import DayRecord, StopReport, StopStatus

REPO = Path(__file__).resolve().parents[2]
ARTEFACTS = Path(os.environ.get("FOODROUTE_TEST_ARTEFACTS", REPO / "out" / "test-artefacts"))
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
]
CHARTS = ["kg_by_period", "co2e_by_period", "by_category", "by_source", "losses", "equity"]


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: the CI scripts must install it (apt-get chromium)")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    return found


def _run(args: list[str], profile: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


@pytest.fixture
def dashboard_file(make_record: Callable[..., DayRecord], tmp_path: Path) -> Path:
    """Ten working days of the two-partner day; every other day a driver skipped D2."""
    skipped = [StopReport(job="D2", status=StopStatus.SKIPPED, reason="fermé")]
    days = working_days(dt.date(2025, 3, 3), 10)
    records = [make_record(day, skipped if n % 2 else None) for n, day in enumerate(days)]
    bundle = build_bundle(records, dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    path = tmp_path / "dashboard.html"
    path.write_text(render_dashboard(bundle), encoding="utf-8")
    return path


def test_dashboard_renders_in_chromium(dashboard_file: Path, tmp_path: Path) -> None:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    screenshot = ARTEFACTS / "dashboard.png"
    screenshot.unlink(missing_ok=True)
    url = dashboard_file.as_uri()
    _run([f"--screenshot={screenshot}", "--window-size=1400,1900", url], tmp_path / "p1")
    dom = _run(["--dump-dom", url], tmp_path / "p2").stdout
    # The charts are in the rendered page, each with its bars, dots or lines.
    assert re.findall(r'data-chart="([a-z0-9_]+)"', dom) == CHARTS
    first = dom.split('data-chart="kg_by_period"')[1].split("</svg>")[0]
    assert first.count('class="bar"') == 2 * 10  # collected and distributed, ten days
    equity = dom.split('data-chart="equity"')[1].split("</svg>")[0]
    assert equity.count("<circle") == 2 * 10
    # And they are on the screen: the page is 1400 px wide, and the charts' colours are drawn.
    with Image.open(screenshot) as image:
        assert image.size == (1400, 1900)
        colours = {colour for _, colour in image.convert("RGB").getcolors(maxcolors=1 << 20) or []}
    for colour in (GREEN, BLUE, ORANGE):
        assert _rgb(colour) in colours, f"{colour} is not drawn"
