"""The sign-in throttle's rules, on a real database: per address and e-mail, per address, per
e-mail spread over addresses, within the window."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from api.console.throttle import SignInThrottle
from api.db import make_engine, make_sessions, migrate

T0 = dt.datetime(2026, 3, 10, 8, 0, tzinfo=dt.UTC)


def at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


@pytest.fixture
def throttle(tmp_path: Path) -> SignInThrottle:
    engine = make_engine(f"sqlite:///{tmp_path / 'throttle.db'}")
    migrate(engine)
    return SignInThrottle(
        make_sessions(engine), window_s=60, per_pair=3, per_address=5, per_email=4
    )


def test_failures_block_one_address_for_one_email_for_the_window(throttle: SignInThrottle) -> None:
    for second in (0, 10, 20):
        assert not throttle.blocked("a@x.fr", "1.1.1.1", now=at(second))
        throttle.failed("A@x.fr ", "1.1.1.1", now=at(second))
    assert throttle.blocked("a@x.fr", "1.1.1.1", now=at(21))
    assert not throttle.blocked("a@x.fr", "2.2.2.2", now=at(21))  # the planner elsewhere
    assert not throttle.blocked("b@x.fr", "1.1.1.1", now=at(21))
    assert not throttle.blocked("a@x.fr", "1.1.1.1", now=at(60.5))  # the first one has expired
    throttle.succeeded("a@x.fr", "1.1.1.1")
    assert not throttle.blocked("a@x.fr", "1.1.1.1", now=at(21))


def test_one_address_trying_many_emails_is_blocked(throttle: SignInThrottle) -> None:
    for n in range(5):
        throttle.failed(f"p{n}@x.fr", "1.1.1.1", now=at(n))
    assert throttle.blocked("someone@x.fr", "1.1.1.1", now=at(6))
    assert not throttle.blocked("someone@x.fr", "2.2.2.2", now=at(6))


def test_guessing_spread_over_addresses_leaves_each_one_guess(throttle: SignInThrottle) -> None:
    for n in range(4):
        throttle.failed("a@x.fr", f"10.0.0.{n}", now=at(n))
    assert throttle.blocked("a@x.fr", "10.0.0.1", now=at(5))  # had its guess
    assert not throttle.blocked("a@x.fr", "192.0.2.9", now=at(5))  # the right password gets in


def test_nonsense_settings_are_refused(throttle: SignInThrottle) -> None:
    with pytest.raises(ValueError):
        SignInThrottle(throttle.sessions, per_pair=0)
