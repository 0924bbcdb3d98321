"""Slows password guessing at the console's sign-in, without handing anyone a way to lock a
planner out.

Failed sign-ins are rows in the database (``sign_in_failures``: e-mail digest, client address,
time), so every API process counts the same failures and a restart forgets none. Within
``window_s``, an attempt is refused (429) before the password is checked when:

- its address has failed ``per_pair`` times for this e-mail (one machine guessing one account);
- its address has failed ``per_address`` times for any e-mails (one machine spraying accounts);
- the e-mail has failed ``per_email`` times from all addresses (guessing spread over many
  machines) and this address has failed for it at least once: each address then gets one guess.

An address that has not failed for an e-mail always gets its password checked, so the right
password from another address than the guesser's is never refused. argon2 makes each guess
cost ~50 ms on top.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import delete, func, select

from api.db import utcnow
from api.jobs.store import Sessions
from api.models import SignInFailure

MAX_FAILURES_PER_PAIR = 5
MAX_FAILURES_PER_ADDRESS = 20
MAX_FAILURES_PER_EMAIL = 20
WINDOW_S = 900.0


def email_digest(email: str) -> str:
    """The e-mail as stored by the throttle: normalised, then hashed (no address book kept)."""
    return hashlib.sha256(email.strip().casefold().encode("utf-8")).hexdigest()


class SignInThrottle:
    def __init__(
        self,
        sessions: Sessions,
        *,
        window_s: float = WINDOW_S,
        per_pair: int = MAX_FAILURES_PER_PAIR,
        per_address: int = MAX_FAILURES_PER_ADDRESS,
        per_email: int = MAX_FAILURES_PER_EMAIL,
    ) -> None:
        if min(per_pair, per_address, per_email) < 1 or window_s <= 0:
            raise ValueError("limits >= 1 and window_s > 0 required.")
        self.sessions = sessions
        self.window = dt.timedelta(seconds=window_s)
        self.per_pair = per_pair
        self.per_address = per_address
        self.per_email = per_email

    def _count(self, since: dt.datetime, **match: str) -> int:
        query = select(func.count()).select_from(SignInFailure)
        query = query.where(SignInFailure.failed_at > since)
        for column, value in match.items():
            query = query.where(getattr(SignInFailure, column) == value)
        with self.sessions() as session:
            return int(session.scalar(query) or 0)

    def blocked(self, email: str, address: str, now: dt.datetime | None = None) -> bool:
        """Whether an attempt for ``email`` from ``address`` is refused unchecked."""
        since = (now or utcnow()) - self.window
        digest = email_digest(email)
        pair = self._count(since, email_digest=digest, address=address)
        if pair >= self.per_pair or self._count(since, address=address) >= self.per_address:
            return True
        return pair >= 1 and self._count(since, email_digest=digest) >= self.per_email

    def failed(self, email: str, address: str, now: dt.datetime | None = None) -> None:
        moment = now or utcnow()
        with self.sessions.begin() as session:
            session.execute(
                delete(SignInFailure).where(SignInFailure.failed_at <= moment - self.window)
            )
            session.add(
                SignInFailure(email_digest=email_digest(email), address=address, failed_at=moment)
            )

    def succeeded(self, email: str, address: str) -> None:
        """The right password from ``address``: its own failures for this e-mail are forgiven."""
        with self.sessions.begin() as session:
            session.execute(
                delete(SignInFailure).where(
                    SignInFailure.email_digest == email_digest(email),
                    SignInFailure.address == address,
                )
            )
