"""The console's session cookie and CSRF tokens, both HMAC-signed with the service secret.

The cookie is ``user.generation.expires.signature``; it is HttpOnly and SameSite=Lax. The
generation is the account's ``session_generation`` when the cookie was made: signing out adds
one to it, so that every earlier cookie of the account (a copied one too) stops working.

Every form and every state-changing request carries a CSRF token derived from the session
cookie (HMAC of it under a separate purpose), so a page of another site cannot post on a
planner's behalf. Before sign-in, the form's token is a random value also set in a cookie
(double submit).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

SESSION_COOKIE = "foodroute_console"
LOGIN_CSRF_COOKIE = "foodroute_console_csrf"
SESSION_HOURS = 12.0


def _sign(secret: str, purpose: str, value: str) -> str:
    message = f"{purpose}:{value}".encode()
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def session_value(secret: str, user_id: str, generation: int = 0, now: float | None = None) -> str:
    expires = int((now if now is not None else time.time()) + SESSION_HOURS * 3600)
    body = f"{user_id}.{generation}.{expires}"
    return f"{body}.{_sign(secret, 'console-session', body)}"


def session_user(
    secret: str, value: str | None, now: float | None = None
) -> tuple[str, int] | None:
    """The user id and session generation of a valid, unexpired session cookie, else None."""
    if not value or value.count(".") != 3:
        return None
    user_id, generation, expires, signature = value.split(".")
    expected = _sign(secret, "console-session", f"{user_id}.{generation}.{expires}")
    if not hmac.compare_digest(signature, expected):
        return None
    if not expires.isdigit() or not generation.isdigit():
        return None
    if int(expires) < (now if now is not None else time.time()):
        return None
    return user_id, int(generation)


def csrf_token(secret: str, session: str) -> str:
    return _sign(secret, "console-csrf", session)[:40]


def csrf_ok(secret: str, session: str | None, token: str | None) -> bool:
    return bool(session and token) and hmac.compare_digest(
        csrf_token(secret, session or ""), token or ""
    )


def new_login_token() -> str:
    return secrets.token_urlsafe(24)
