"""A create under a client-made id (or a new one): the same content sent again is a retry,
answered with the stored record, not a conflict."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol, TypeVar

from chalicelib.auth.principal import Principal
from chalicelib.clock import new_id

Record = TypeVar("Record", covariant=True)


class RepositoryCreate(Protocol[Record]):
    """A repository's `create`: (record, created) for the tenant's new id and fields."""

    def __call__(
        self, tenant_id: str, record_id: str, fields: dict[str, Any], actor: str, /, *, same_as: Any
    ) -> tuple[Record, bool]: ...


def same_content(values: Mapping[str, Any], names: Sequence[str]) -> Callable[[Any], bool]:
    """A create's `same_as`: the stored record holds `values` under `names` (a client-made id
    sent again with the same content is a retry, not a conflict)."""
    wanted = tuple(values.get(name) for name in names)
    return lambda old: tuple(getattr(old, name) for name in names) == wanted


def create_once(
    create: RepositoryCreate[Record],
    principal: Principal,
    record_id: str | None,
    fields: dict[str, Any],
    content_fields: Sequence[str],
) -> tuple[Record, bool]:
    """`create` the principal's record; sent again with the same content, the stored one."""
    return create(
        principal.tenant_id,
        record_id or new_id(),
        fields,
        principal.user_id,
        same_as=same_content(fields, content_fields),
    )
