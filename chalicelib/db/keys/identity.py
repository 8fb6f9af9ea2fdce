"""Keys of login sessions and of the counters behind the auth routes' rate limits."""

from __future__ import annotations

from chalicelib.db.keys.shapes import Entity, Key, Pattern
from chalicelib.db.keys.tenancy import tenant_pk, user_sk

session_pk = Key("SESSION#{session_id}")
session_sk = Key("SESSION")
user_sessions_pk = Key("T#{tenant_id}#USER#{user_id}#SESSIONS")
user_session_sk = Key("{created_at}#{session_id}")
rate_limit_pk = Key("RATE#{limit}#{subject:sha256}")
rate_window_sk = Key("{window_start}")

ENTITIES = [
    Entity(
        "Session",
        session_pk,
        session_sk,
        gsi1=(user_sessions_pk, user_session_sk),
        note="refresh token = <session_id>.<secret>, only sha256(secret) stored; "
        "expires_at = last rotation + 30 days (TTL); revoked sessions leave gsi1",
        patterns=(
            Pattern(
                "Session by id",
                "table",
                "pk = {pk} AND sk = {sk}",
                "refresh, logout; rotation is conditioned on the presented hash",
            ),
            Pattern(
                "Live sessions of a user",
                "gsi1",
                "gsi1pk = {gsi1pk}",
                "newest first; revoked sessions have left the index",
            ),
            Pattern(
                "Session and user of an access token",
                "table",
                "BatchGet pk = {pk} AND sk = {sk}, pk = {tenant} AND sk = {user}",
                "consistent; once per session and container per minute",
                uses={"tenant": tenant_pk, "user": user_sk},
            ),
        ),
    ),
    Entity(
        "RateCounter",
        rate_limit_pk,
        rate_window_sk,
        note="attempts of one e-mail, client IP or session in one fixed window (a minute; an "
        "hour for sign-ups); window start in epoch seconds; expires_at = window end (TTL)",
        patterns=(
            Pattern(
                "Attempts in a rate-limit window",
                "table",
                "pk = {pk} AND sk = {sk}",
                "conditional ADD, refused once the window holds the limit",
            ),
        ),
    ),
]
