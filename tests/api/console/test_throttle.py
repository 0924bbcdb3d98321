"""Sign-in throttle: five failures lock one e-mail for the window, not the others."""

from __future__ import annotations

import pytest

from api.console.throttle import SignInThrottle


def test_failures_block_one_email_for_the_window() -> None:
    throttle = SignInThrottle(max_failures=3, window_s=60)
    for second in (0, 10, 20):
        assert not throttle.blocked("a@x.fr", now=second)
        throttle.failed("A@x.fr ", now=second)
    assert throttle.blocked("a@x.fr", now=21)
    assert not throttle.blocked("b@x.fr", now=21)
    assert throttle.blocked("a@x.fr", now=59.9)
    assert not throttle.blocked("a@x.fr", now=60.1)  # the first failure has left the window
    throttle.failed("a@x.fr", now=61)
    assert throttle.blocked("a@x.fr", now=62)
    throttle.succeeded("a@x.fr")
    assert not throttle.blocked("a@x.fr", now=62)


def test_nonsense_settings_are_refused() -> None:
    with pytest.raises(ValueError):
        SignInThrottle(max_failures=0)
