"""Helpers of the tests that start a real service on loopback (addok, Valhalla)."""

from __future__ import annotations

import socket


def free_port() -> int:
    """A TCP port nobody listens on at this instant, for a server the test starts."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port
