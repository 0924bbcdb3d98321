"""Session cookies and CSRF tokens: signed, expiring, bound to the session."""

from __future__ import annotations

from api.console import cookies

SECRET = "a-secret-for-the-tests"


def test_a_session_names_its_user_until_it_expires() -> None:
    value = cookies.session_value(SECRET, "u" * 32, 3, now=1_000_000)
    assert cookies.session_user(SECRET, value, now=1_000_000) == ("u" * 32, 3)
    end = 1_000_000 + cookies.SESSION_HOURS * 3600
    assert cookies.session_user(SECRET, value, now=end) == ("u" * 32, 3)
    assert cookies.session_user(SECRET, value, now=end + 1) is None


def test_tampered_or_foreign_sessions_are_refused() -> None:
    value = cookies.session_value(SECRET, "alice", now=0)
    user, _generation, expires, signature = value.split(".")
    assert cookies.session_user(SECRET, f"bob.0.{expires}.{signature}", now=0) is None
    later = f"{user}.0.{int(expires) + 60}.{signature}"
    assert cookies.session_user(SECRET, later, now=0) is None
    assert cookies.session_user(SECRET, f"{user}.1.{expires}.{signature}", now=0) is None
    assert cookies.session_user("another-secret-entirely", value, now=0) is None
    assert cookies.session_user(SECRET, "garbage", now=0) is None
    assert cookies.session_user(SECRET, None, now=0) is None


def test_csrf_tokens_belong_to_one_session() -> None:
    one = cookies.session_value(SECRET, "alice", now=0)
    other = cookies.session_value(SECRET, "alice", now=5)
    token = cookies.csrf_token(SECRET, one)
    assert cookies.csrf_ok(SECRET, one, token)
    assert not cookies.csrf_ok(SECRET, other, token)
    assert not cookies.csrf_ok(SECRET, one, "")
    assert not cookies.csrf_ok(SECRET, None, token)
