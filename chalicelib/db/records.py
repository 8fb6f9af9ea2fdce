"""Repository building blocks shared by every domain: create, versioned update, soft delete,
paged queries. Domain repositories call these; services never do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from pynamodb.exceptions import GetError, PutError, UpdateError
from pynamodb.expressions.condition import Condition

from chalicelib import errors
from chalicelib.buckets import Budget
from chalicelib.clock import iso
from chalicelib.db.base import Entity, Tx
from chalicelib.db.failures import is_conditional_failure
from chalicelib.db.models.common import Record

R = TypeVar("R", bound=Record)
E = TypeVar("E", bound=Entity)

Changes = dict[str, Any]


def stamp_new(item: R, actor: str | None) -> R:
    """Fill the bookkeeping fields of a record about to be created."""
    now = iso()
    item.version = 1
    item.created_at = item.created_at or now
    item.updated_at = now
    item.created_by = actor
    item.updated_by = actor
    return item


def get_live(model: type[R], pk: str, sk: str, *, what: str, consistent: bool = False) -> R:
    """The record, or 404 when it does not exist, is soft-deleted or belongs to another tenant."""
    try:
        item = model.get(pk, sk, consistent_read=consistent)
    except model.DoesNotExist as missing:
        raise errors.NotFoundError(f"{what} not found.") from missing
    except GetError:
        raise
    if item.deleted_at is not None or not isinstance(item, model):
        raise errors.NotFoundError(f"{what} not found.")
    return item


def find(model: type[E], pk: str, sk: str) -> E | None:
    try:
        return model.get(pk, sk, consistent_read=True)
    except model.DoesNotExist:
        return None


def create(
    item: R,
    *,
    actor: str | None,
    same_as: Callable[[R], bool],
    extra: Callable[[Tx], None] | None = None,
    what: str,
) -> tuple[R, bool]:
    """Create a record (and what `extra` adds to the same transaction).

    A client-made id that already exists returns the stored record when `same_as` it, else 409.
    Returns (record, created).
    """
    stamp_new(item, actor)
    tx = Tx()
    tx.put(item, condition=type(item).pk.does_not_exist(), on_fail=_IdTaken())
    if extra is not None:
        extra(tx)
    try:
        tx.commit()
    except _IdTaken as taken:
        existing = find(type(item), item.pk, item.sk)
        if existing is not None and existing.deleted_at is None and same_as(existing):
            return existing, False
        raise errors.ConflictError(f"A {what.lower()} with id {item.id} already exists.") from taken
    return item, True


class _IdTaken(errors.ConflictError):
    pass


def update(
    item: R,
    changes: Changes,
    *,
    expected_version: int,
    actor: str | None,
    extra: Callable[[Tx], None] | None = None,
    what: str,
    condition: Condition | None = None,
    on_condition_fail: errors.DomainError | None = None,
) -> R:
    """Apply `changes` if the stored version is still `expected_version` (else 409)."""
    model = type(item)
    if item.version != expected_version:
        raise errors.VersionMismatchError(
            f"{what} is at version {item.version}, not {expected_version}."
        )
    now = iso()
    values = {**changes, "version": expected_version + 1, "updated_at": now, "updated_by": actor}
    actions = [_set_or_remove(model, name, value) for name, value in values.items()]
    guard = (model.version == expected_version) & model.deleted_at.does_not_exist()
    if condition is not None:
        guard = guard & condition
    tx = Tx()
    tx.change(
        item,
        actions,
        condition=guard,
        on_fail=on_condition_fail
        or errors.VersionMismatchError(
            f"{what} changed since version {expected_version}; read it again."
        ),
    )
    if extra is not None:
        extra(tx)
    tx.commit()
    for name, value in values.items():
        setattr(item, name, value)
    return item


def soft_delete(
    item: R, *, actor: str | None, extra: Callable[[Tx], None] | None = None, what: str
) -> None:
    model = type(item)
    now = iso()
    actions = [
        model.deleted_at.set(now),
        model.updated_at.set(now),
        model.updated_by.set(actor) if actor else model.updated_by.remove(),
        model.version.add(1),
    ]
    tx = Tx()
    tx.change(
        item,
        actions,
        condition=model.deleted_at.does_not_exist(),
        on_fail=errors.NotFoundError(f"{what} not found."),
    )
    if extra is not None:
        extra(tx)
    tx.commit()


def _set_or_remove(model: type[R], name: str, value: Any) -> Any:
    attribute = getattr(model, name)
    if value is None:
        return attribute.remove()
    return attribute.set(value)


def query_page(
    model: type[E],
    hash_key: str,
    *,
    range_key_condition: Condition | None = None,
    filter_condition: Condition | None = None,
    index: Any = None,
    limit: int,
    start_key: dict[str, Any] | None,
    newest_first: bool = False,
    live_only: bool = True,
    budget: Budget | None = None,
) -> tuple[list[E], dict[str, Any] | None]:
    """One page of a key-condition query; soft-deleted records are filtered out.

    With a `budget`, each DynamoDB request spends one query and the page stops once it is
    spent, returning the key to resume from (None: the partition is read to its end)."""
    if live_only and issubclass(model, Record):
        live = model.deleted_at.does_not_exist()
        filter_condition = live if filter_condition is None else filter_condition & live
    source = index if index is not None else model
    result = source.query(
        hash_key,
        range_key_condition=range_key_condition,
        filter_condition=filter_condition,
        limit=limit,
        last_evaluated_key=start_key,
        scan_index_forward=not newest_first,
    )
    if budget is not None:
        return _budgeted_page(result, index, limit, budget)
    items: list[E] = []
    for item in result:
        items.append(item)
        if len(items) >= limit:
            break
    last_key = result.last_evaluated_key if len(items) >= limit else None
    if len(items) >= limit and last_key is None:
        last_key = _key_of(items[-1], index)
    return items, last_key


def _budgeted_page(
    result: Any, index: Any, limit: int, budget: Budget
) -> tuple[list[Any], dict[str, Any] | None]:
    items: list[Any] = []
    for page in result.page_iter:
        budget.spend()
        raw_items = page.get("Items") or []
        for position, raw in enumerate(raw_items):
            items.append(Entity.from_raw_data(raw))
            if len(items) >= limit:
                if position < len(raw_items) - 1:
                    return items, _key_of(items[-1], index)
                return items, page.get("LastEvaluatedKey")
        last_key = page.get("LastEvaluatedKey")
        if last_key is None or budget.spent:
            return items, last_key
    return items, None


def _key_of(item: Entity, index: Any) -> dict[str, Any]:
    names = ["pk", "sk"]
    if index is not None:
        names += [index.Meta.index_name + "pk", index.Meta.index_name + "sk"]
    serialized = item.serialize()
    return {name: serialized[name] for name in names if name in serialized}


def all_of(conditions: Iterable[Condition]) -> Condition | None:
    """The conditions joined with AND (None when there are none)."""
    combined: Condition | None = None
    for condition in conditions:
        combined = condition if combined is None else combined & condition
    return combined


def batch_get(model: type[R], keys: Iterable[tuple[str, str]]) -> list[R]:
    unique = list(dict.fromkeys(keys))
    if not unique:
        return []
    return list(model.batch_get(unique))


def put_if_absent(item: Any) -> bool:
    """Put an item that must not exist yet; False when it already did."""
    try:
        item.save(condition=type(item).pk.does_not_exist())
    except PutError as error:
        if is_conditional_failure(error):
            return False
        raise
    return True


def conditional_update(item: Any, actions: list[Any], condition: Condition) -> bool:
    try:
        item.update(actions=actions, condition=condition)
    except UpdateError as error:
        if is_conditional_failure(error):
            return False
        raise
    return True
