"""Who is calling: taken from a verified access token, never from the request body."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Principal:
    tenant_id: str
    user_id: str
    role: str
    store_ids: tuple[str, ...] = ()
    session_id: str | None = None
    token_id: str | None = None
    issued_at: int = 0

    @property
    def is_admin(self) -> bool:
        return self.role == "ADMIN"
