"""One addok index for the session, on the tests' own Redis databases, used in process and
through a real ``addok serve`` on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from optimizer.geocode.addok_config import AddokRedis, write_config
from optimizer.geocode.embedded import EmbeddedAddok
from optimizer.geocode.load import LoadReport, load_ban
from tests.geocode.ban import write_ban
from tests.loopback import free_port

REDIS_URL = os.environ.get("FOODROUTE_TEST_ADDOK_REDIS_URL", "redis://127.0.0.1:6379/5")
"""Databases 5 (indexes) and 6 (documents) unless told otherwise."""


def _redis_up() -> bool:
    redis = AddokRedis.from_url(REDIS_URL)
    try:
        socket.create_connection((redis.host, redis.port), timeout=1).close()
    except OSError:
        return False
    return True


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if _redis_up():
        return
    skip = pytest.mark.skip(reason="Redis is not running (run scripts/services.sh as root)")
    for item in items:
        if "tests/geocode" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def addok_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AddokRedis]:
    """The tests' Redis databases, and the environment that makes 'embedded' mean them."""
    folder = tmp_path_factory.mktemp("addok")
    saved = {
        key: os.environ.get(key) for key in ("FOODROUTE_ADDOK_REDIS_URL", "FOODROUTE_ADDOK_DIR")
    }
    os.environ["FOODROUTE_ADDOK_REDIS_URL"] = REDIS_URL
    os.environ["FOODROUTE_ADDOK_DIR"] = str(folder)
    yield AddokRedis.from_url(REDIS_URL)
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="session")
def ban_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_ban(tmp_path_factory.mktemp("ban") / "adresses-test.ndjson.gz")


@pytest.fixture(scope="session")
def loaded(addok_redis: AddokRedis, ban_file: Path) -> LoadReport:
    return load_ban(ban_file, addok_redis)


@pytest.fixture(scope="session")
def embedded(loaded: LoadReport, addok_redis: AddokRedis) -> EmbeddedAddok:
    return EmbeddedAddok(addok_redis)


@pytest.fixture
def index_of(embedded: EmbeddedAddok, ban_file: Path) -> Iterator[Callable[[Path], LoadReport]]:
    """Load another BAN file for one test; the session's file is loaded back afterwards."""
    yield lambda path: load_ban(path, embedded.redis)
    load_ban(ban_file, embedded.redis)


@pytest.fixture(scope="session")
def addok_url(loaded: LoadReport, addok_redis: AddokRedis) -> Iterator[str]:
    """A real ``addok serve`` on loopback, reading the index the session loaded."""
    port = free_port()
    addok = Path(sys.executable).with_name("addok")
    env = {**os.environ, "ADDOK_CONFIG_MODULE": str(write_config(addok_redis))}
    server = subprocess.Popen(
        [str(addok), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("addok serve did not start") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)
