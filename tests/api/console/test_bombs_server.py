"""A zip bomb and an xlsx bomb posted to a real server process: refused with a 413, while the
server's peak resident memory (``VmHWM`` of ``/proc/PID/status``) grows by less than 200 MB.

The server runs in its own process (not in the test's), so that its peak memory is its own.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from bombs import MB, csv_zip_bomb, xlsx_bomb
from conftest import REPO
from console_helpers import DIJON_XLSX, EMAIL, PASSWORD, csrf_of

SERVER = """
import sys, uvicorn
from sqlalchemy import select
from api.config import Settings
from api.console.accounts import create_planner
from api.db import migrate
from api.main import create_app
from api.security import create_tenant
app = create_app(Settings(database_url=sys.argv[1], workers=0, environment="test"))
migrate(app.state.engine)
with app.state.sessions.begin() as session:
    tenant = create_tenant(session, name="BA21")
    create_planner(session, tenant=tenant, email=sys.argv[3], name="C", password=sys.argv[4])
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_config=None)
"""


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM line")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, int]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOODROUTE_")}
    database = f"sqlite:///{tmp_path / 'bombs.db'}"
    process = subprocess.Popen(
        [sys.executable, "-c", SERVER, database, str(port), EMAIL, PASSWORD],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        assert process.poll() is None, "the server stopped"
        try:
            if httpx.get(base + "/healthz").status_code == 200:
                break
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.2)
    try:
        yield base, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def upload(client: httpx.Client, name: str, data: bytes) -> httpx.Response:
    token = csrf_of(client.get("/").text)
    return client.post(
        "/console/import", files={"file": (name, data)}, data={"csrf_token": token}, timeout=120
    )


@pytest.mark.slow
def test_bombs_are_refused_and_the_server_memory_stays_flat(server: tuple[str, int]) -> None:
    base, pid = server
    csv_bomb, workbook_bomb = csv_zip_bomb(150 * MB), xlsx_bomb(150 * MB)
    assert len(csv_bomb) < 5 * MB and len(workbook_bomb) < 5 * MB  # under the body limit
    with httpx.Client(base_url=base) as client:
        token = csrf_of(client.get("/connexion").text)
        signed_in = client.post(
            "/connexion", data={"email": EMAIL, "password": PASSWORD, "csrf_token": token}
        )
        assert signed_in.status_code == 303
        # A real day first, so that the baseline includes what a normal import costs.
        assert upload(client, "dijon-200.xlsx", DIJON_XLSX.read_bytes()).status_code == 303
        baseline = peak_rss_mb(pid)
        for name, bomb in (("journee.zip", csv_bomb), ("journee.xlsx", workbook_bomb)):
            started = time.monotonic()
            refused = upload(client, name, bomb)
            assert refused.status_code == 413, refused.status_code  # file_too_large
            assert "trop gros" in refused.text
            assert time.monotonic() - started < 30
        growth = peak_rss_mb(pid) - baseline
    print(f"peak RSS: baseline {baseline:.0f} MB, growth under the bombs {growth:.1f} MB")
    assert growth < 200
