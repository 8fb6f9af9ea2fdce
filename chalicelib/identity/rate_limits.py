"""Rate limits of the public auth routes (API.md, rate limits), counted in the table.

The routes count each HTTP attempt; the services they call (also used by the demo seed and
the benchmarks) do not.

Each attempt is one conditional ADD on the counter of its subject (e-mail, client IP, session)
and fixed window, so every container shares one count. A full window answers 429
RATE_LIMITED with Retry-After before any password is checked: a refused attempt is not a
login failure. A limit set to 0 is off.
"""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib import errors
from chalicelib.clock import epoch
from chalicelib.config import Settings, get_settings
from chalicelib.identity import repository as repo

MINUTE = 60
HOUR = 3600


@dataclass(frozen=True)
class Limit:
    name: str
    window_seconds: int
    what: str

    def most(self, settings: Settings) -> int:
        return int(getattr(settings, f"rate_limit_{self.name.lower()}"))


LOGIN_PER_EMAIL = Limit("LOGIN_PER_EMAIL", MINUTE, "logins for this e-mail")
LOGIN_PER_IP = Limit("LOGIN_PER_IP", MINUTE, "logins from this address")
REFRESH_PER_SESSION = Limit("REFRESH_PER_SESSION", MINUTE, "refreshes of this session")
SIGNUP_PER_IP = Limit("SIGNUP_PER_IP", HOUR, "sign-ups from this address")


def count_attempt(limit: Limit, subject: str | None) -> None:
    """Count one attempt of `subject`, or raise 429 when its window is already full."""
    most = limit.most(get_settings())
    if most <= 0 or not subject:
        return
    now = epoch()
    start = now - now % limit.window_seconds
    end = start + limit.window_seconds
    if not repo.count_attempt(limit.name, subject, start, end, most):
        wait = max(1, end - now)
        raise errors.RateLimitedError(
            f"Too many {limit.what}: at most {most} per {_period(limit)}; "
            f"try again in {wait} seconds.",
            headers={"Retry-After": str(wait)},
        )


def count_login(email: str, ip: str | None) -> None:
    count_attempt(LOGIN_PER_IP, ip)
    count_attempt(LOGIN_PER_EMAIL, email.strip().lower())


def count_refresh(refresh_token: str) -> None:
    session_id = refresh_token.partition(".")[0][:64]
    count_attempt(REFRESH_PER_SESSION, session_id)


def count_sign_up(ip: str | None) -> None:
    count_attempt(SIGNUP_PER_IP, ip)


def _period(limit: Limit) -> str:
    return "hour" if limit.window_seconds == HOUR else "minute"
