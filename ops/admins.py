"""A tenant's first admin, or an admin reset, by a platform operator (`make admin-create`).

Through the same services as the API, acting as the operator: the user, its e-mail marker and
the tenant's admin count change in one transaction, and the audit log names the operator.
Reset: the user becomes an active ADMIN with a new password, unlocked, its sessions revoked.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from chalicelib import errors
from chalicelib.auth.passwords import hash_password
from chalicelib.auth.permissions import Role
from chalicelib.auth.principal import Principal
from chalicelib.identity import repository as identity_repo
from chalicelib.identity import service as identity
from chalicelib.identity.schemas import UserIn, UserPatch
from chalicelib.tenancy import tenant_settings

OPERATOR = "platform-operator"


@dataclass(frozen=True)
class AdminAccess:
    tenant_id: str
    user_id: str
    email: str
    password: str
    created: bool


def operator(tenant_id: str) -> Principal:
    return Principal(tenant_id=tenant_id, user_id=OPERATOR, role="ADMIN")


def one_time_password() -> str:
    """Shown once to the operator, who hands it over; the admin changes it at first login."""
    return secrets.token_urlsafe(15)


def create_or_reset_admin(tenant_id: str, email: str, full_name: str = "") -> AdminAccess:
    tenant_settings(tenant_id)
    password = one_time_password()
    found = identity_repo.find_login(email)
    if found is None:
        data = UserIn(email=email, password=password, full_name=full_name or email, role=Role.ADMIN)
        created, _ = identity.create_user(operator(tenant_id), data)
        return AdminAccess(tenant_id, created.id, created.email, password, created=True)
    if found.tenant_id != tenant_id:
        raise errors.ConflictError(f"{email} belongs to another tenant.")
    patch = UserPatch(version=found.version, role=Role.ADMIN, active=True)
    identity.update_user(operator(tenant_id), found.id, patch)
    user = identity_repo.get_user(tenant_id, found.id)
    identity_repo.set_password(user, hash_password(password), OPERATOR)
    identity_repo.clear_failed_logins(user)
    identity_repo.revoke_sessions(tenant_id, user.id)
    return AdminAccess(tenant_id, user.id, user.email, password, created=False)
