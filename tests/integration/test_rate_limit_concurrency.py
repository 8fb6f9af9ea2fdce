"""Logins racing for one e-mail on Amazon DynamoDB Local: the table's counter lets exactly the
limit through, whichever container (here: thread) serves each attempt."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from chalicelib.identity import rate_limits
from tests.support import PASSWORD, HttpApi, changed_settings, sign_up


def test_concurrent_logins_past_the_limit_are_refused(
    live_api: HttpApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    tenant = sign_up(live_api, name="Ruée")
    monkeypatch.setattr(rate_limits, "epoch", lambda: 4_100_000_010)

    def log_in(_: int) -> int:
        body = {"email": tenant.email, "password": PASSWORD}
        return live_api.post("/v1/auth/token", body).status

    with changed_settings(RATE_LIMIT_LOGIN_PER_EMAIL="3"), ThreadPoolExecutor(12) as pool:
        statuses = list(pool.map(log_in, range(12)))

    assert sorted(statuses) == [200] * 3 + [429] * 9, statuses
