"""Sign-up, login, token refresh, logout, the caller's sessions and password, the tenant's
users and who works in a store: parse, one service call, serialise."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint

from chalicelib.http import Reply, RequestContext, route
from chalicelib.identity.schemas import (
    AssignUsersIn,
    AssignUsersOut,
    ChangePasswordIn,
    LoginIn,
    MeOut,
    RefreshIn,
    SessionList,
    SignUpIn,
    SignUpOut,
    TokenPair,
    UserIn,
    UserList,
    UserOut,
    UserPatch,
)
from chalicelib.loading import lazy_modules
from chalicelib.schemas import ListQuery

if TYPE_CHECKING:
    from chalicelib.identity import rate_limits, service
else:  # loaded by the blueprint's first request
    rate_limits, service = lazy_modules("chalicelib.identity", "rate_limits", "service")

bp = Blueprint(__name__)


@route(
    bp,
    "/v1/tenants",
    "POST",
    action=None,
    body=SignUpIn,
    response=SignUpOut,
    status=201,
    tag="Tenancy",
)
def sign_up(ctx: RequestContext, body: SignUpIn) -> SignUpOut:
    """Create a tenant and its first ADMIN; answers with their first token pair."""
    rate_limits.count_sign_up(ctx.ip)
    return service.sign_up(body, ctx.ip, ctx.user_agent)


@route(
    bp,
    "/v1/auth/token",
    "POST",
    action=None,
    body=LoginIn,
    response=TokenPair,
    tag="Auth",
    statuses=(401, 423),
)
def log_in(ctx: RequestContext, body: LoginIn) -> TokenPair:
    """Log in with e-mail and password."""
    rate_limits.count_login(body.email, ctx.ip)
    return service.log_in(body, ctx.ip, ctx.user_agent)


@route(bp, "/v1/auth/me", "GET", action="auth.self", response=MeOut, tag="Auth")
def me(ctx: RequestContext) -> MeOut:
    """The calling user and their tenant."""
    return service.me(ctx.user)


@route(
    bp,
    "/v1/auth/token/refresh",
    "POST",
    action=None,
    body=RefreshIn,
    response=TokenPair,
    tag="Auth",
    statuses=(401,),
)
def refresh(ctx: RequestContext, body: RefreshIn) -> TokenPair:
    """Exchange a refresh token for a new pair; a reused one revokes its whole session."""
    rate_limits.count_refresh(body.refresh_token)
    return service.refresh(body.refresh_token)


@route(
    bp,
    "/v1/auth/logout",
    "POST",
    action=None,
    body=RefreshIn,
    status=204,
    tag="Auth",
    statuses=(401,),
)
def log_out(ctx: RequestContext, body: RefreshIn) -> None:
    """End the session of this refresh token."""
    service.log_out(body.refresh_token)


@route(
    bp,
    "/v1/auth/sessions",
    "GET",
    action="auth.self",
    query=ListQuery,
    response=SessionList,
    tag="Auth",
)
def list_sessions(ctx: RequestContext, query: ListQuery) -> dict[str, object]:
    """The caller's live sessions, newest first."""
    found, last_key = service.list_sessions(ctx.user, query.limit, ctx.start_key(query.cursor))
    return ctx.page(found, last_key)


@route(bp, "/v1/auth/sessions/{session_id}", "DELETE", action="auth.self", status=204, tag="Auth")
def end_session(ctx: RequestContext, session_id: str) -> None:
    """End one of the caller's sessions."""
    service.end_session(ctx.user, session_id)


@route(
    bp,
    "/v1/auth/change-password",
    "POST",
    action="auth.self",
    body=ChangePasswordIn,
    status=204,
    tag="Auth",
    statuses=(423,),
)
def change_password(ctx: RequestContext, body: ChangePasswordIn) -> None:
    """Change the caller's password; their other sessions end."""
    service.change_password(ctx.user, body)


@route(
    bp, "/v1/users", "GET", action="users.manage", query=ListQuery, response=UserList, tag="Users"
)
def list_users(ctx: RequestContext, query: ListQuery) -> dict[str, object]:
    """The tenant's users."""
    users, last_key = service.list_users(ctx.user, query.limit, ctx.start_key(query.cursor))
    return ctx.page(users, last_key)


@route(
    bp,
    "/v1/users",
    "POST",
    action="users.manage",
    body=UserIn,
    response=UserOut,
    status=201,
    tag="Users",
)
def create_user(ctx: RequestContext, body: UserIn) -> Reply:
    """Add a user with a role and stores; the e-mail is unique across the platform."""
    user, created = service.create_user(ctx.user, body)
    return Reply(user, status=201 if created else 200)


@route(bp, "/v1/users/{user_id}", "GET", action="users.manage", response=UserOut, tag="Users")
def get_user(ctx: RequestContext, user_id: str) -> UserOut:
    """One user."""
    return service.get_user(ctx.user, user_id)


@route(
    bp,
    "/v1/users/{user_id}",
    "PATCH",
    action="users.manage",
    body=UserPatch,
    response=UserOut,
    tag="Users",
)
def update_user(ctx: RequestContext, user_id: str, body: UserPatch) -> UserOut:
    """Change a user's e-mail, name, role, stores or active flag."""
    return service.update_user(ctx.user, user_id, body)


@route(bp, "/v1/users/{user_id}", "DELETE", action="users.manage", status=204, tag="Users")
def delete_user(ctx: RequestContext, user_id: str) -> None:
    """Remove a user (soft delete); their sessions end."""
    service.delete_user(ctx.user, user_id)


@route(
    bp,
    "/v1/stores/{store_id}/assign-users",
    "POST",
    action="stores.write",
    body=AssignUsersIn,
    response=AssignUsersOut,
    tag="Stores",
)
def assign_users(ctx: RequestContext, store_id: str, body: AssignUsersIn) -> AssignUsersOut:
    """Give users access to a store."""
    return service.assign_users(ctx.user, store_id, body)
