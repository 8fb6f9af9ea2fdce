"""Repository building blocks shared by every domain: create, the versioned change, soft
delete, paged queries. Domain repositories call these; services never do.

A write takes `effects`: other domains' parts of the same transaction (chalicelib/effects.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pynamodb.exceptions import GetError, PutError, UpdateError
from pynamodb.expressions.condition import Condition

from chalicelib import errors
from chalicelib.buckets import Budget
from chalicelib.clock import iso
from chalicelib.db import keys, views
from chalicelib.db.base import Entity, OnFail, Tx
from chalicelib.db.failures import is_conditional_failure
from chalicelib.db.models.common import Record
from chalicelib.effects import Effect
from chalicelib.pagination import Key, Page

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


@dataclass(frozen=True)
class Kind(Generic[R]):
    """A kind of record read and created by its key: its model, its key builders (the key's
    parts fill the pk's template, then the sk's) and what an error calls it."""

    model: type[R]
    pk: keys.Key
    sk: keys.Key
    what: str

    def key(self, *parts: str) -> tuple[str, str]:
        split = len(self.pk.parts)
        return self.pk(*parts[:split]), self.sk(*parts[split:])

    def get(self, *parts: str, consistent: bool = False) -> R:
        """The live record, or 404 (see `get_live`)."""
        return get_live(self.model, *self.key(*parts), what=self.what, consistent=consistent)

    def new(self, tenant_id: str, item_id: str, fields: Changes) -> R:
        """A record of the tenant not yet written, keyed by its id."""
        pk, sk = self.key(tenant_id, item_id)
        return self.model(id=item_id, pk=pk, sk=sk, tenant_id=tenant_id, **fields)

    def create(
        self, item: R, *, actor: str | None, same_as: Callable[[R], bool], effects: Sequence[Effect]
    ) -> tuple[R, bool]:
        """`create`, with this kind's name in its conflict."""
        return create(item, actor=actor, same_as=same_as, effects=effects, what=self.what)


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
    effects: Sequence[Effect] = (),
    what: str,
) -> tuple[R, bool]:
    """Create a record, with its effects in the same transaction.

    A client-made id that already exists returns the stored record when `same_as` it, else 409.
    Without effects it is a conditional put: a transaction costs twice its write units.
    Returns (record, created).
    """
    stamp_new(item, actor)
    tx = Tx()
    tx.put(item, condition=type(item).pk.does_not_exist(), on_fail=_IdTaken())
    apply(tx, effects)
    try:
        if tx.size > 1:
            tx.commit()
        elif not put_if_absent(item):
            raise _IdTaken()
    except _IdTaken as taken:
        existing = find(type(item), item.pk, item.sk)
        if existing is not None and existing.deleted_at is None and same_as(existing):
            return existing, False
        raise errors.ConflictError(f"A {what.lower()} with id {item.id} already exists.") from taken
    return item, True


class _IdTaken(errors.ConflictError):
    pass


def apply(tx: Tx, effects: Iterable[Effect]) -> None:
    """Add other domains' parts of the write to the transaction."""
    for effect in effects:
        effect(tx)


def change(
    tx: Tx,
    item: R,
    changes: Changes,
    *,
    actor: str | None,
    on_fail: OnFail,
    condition: Condition | None = None,
) -> Changes:
    """Add the record's next version to `tx`, on condition nobody changed it since it was read;
    the values written, for `mirror` once the transaction commits."""
    values = versioned(item, changes, actor)
    add_version(tx, item, values, on_fail=on_fail, condition=condition)
    return values


def versioned(item: R, changes: Changes, actor: str | None) -> Changes:
    """The values of the record's next version: `changes`, its version, who and when."""
    return {**changes, "version": item.version + 1, "updated_at": iso(), "updated_by": actor}


def add_version(
    tx: Tx, item: R, values: Changes, *, on_fail: OnFail, condition: Condition | None = None
) -> None:
    """Write `values` (from `versioned`) if the record is still at the version it was read at."""
    model = type(item)
    actions = [_set_or_remove(model, name, value) for name, value in values.items()]
    guard = (model.version == item.version) & model.deleted_at.does_not_exist()
    tx.change(
        item, actions, condition=guard if condition is None else guard & condition, on_fail=on_fail
    )


def write(effects: Sequence[Effect]) -> None:
    """One transaction of these effects."""
    tx = Tx()
    apply(tx, effects)
    tx.commit()


def mirror(item: R, values: Changes) -> R:
    """The record in memory as a committed `change` left it."""
    for name, value in values.items():
        setattr(item, name, value)
    return item


def update(
    item: R,
    changes: Changes,
    *,
    expected_version: int,
    actor: str | None,
    what: str,
    condition: Condition | None = None,
    on_condition_fail: errors.DomainError | None = None,
    effects: Sequence[Effect] = (),
) -> R:
    """Apply `changes` if the stored version is still `expected_version` (else 409)."""
    if item.version != expected_version:
        raise errors.VersionMismatchError(
            f"{what} is at version {item.version}, not {expected_version}."
        )
    tx = Tx()
    values = change(
        tx,
        item,
        changes,
        actor=actor,
        condition=condition,
        on_fail=on_condition_fail
        or errors.VersionMismatchError(
            f"{what} changed since version {expected_version}; read it again."
        ),
    )
    apply(tx, effects)
    tx.commit()
    return mirror(item, values)


def soft_delete(
    item: R,
    *,
    actor: str | None,
    what: str,
    effects: Sequence[Effect] = (),
    unindexed: tuple[str, ...] = (),
) -> None:
    """Mark the record deleted (it leaves the `unindexed` indexes), with its effects."""
    model = type(item)
    now = iso()
    actions = [
        model.deleted_at.set(now),
        model.updated_at.set(now),
        model.updated_by.set(actor) if actor else model.updated_by.remove(),
        model.version.add(1),
        *(getattr(model, name).remove() for name in unindexed),
    ]
    tx = Tx()
    tx.change(
        item,
        actions,
        condition=model.deleted_at.does_not_exist(),
        on_fail=errors.NotFoundError(f"{what} not found."),
    )
    apply(tx, effects)
    tx.commit()


def _set_or_remove(model: type[R], name: str, value: Any) -> Any:
    attribute = getattr(model, name)
    if value is None:
        return attribute.remove()
    return set_value(attribute, value)


def set_value(attribute: Any, value: Any) -> Any:
    """The SET action of a value. A mapping goes already serialized: PynamoDB takes a one-key
    map named like a type tag ({"S": ...}, {"B": ...}, {"N": ...}) for a value written in
    DynamoDB's own form, so a client's map or a lot named that way would be written wrong."""
    if isinstance(value, dict):
        return attribute.set({attribute.attr_type: attribute.serialize(value)})
    return attribute.set(value)


def query_page(
    model: type[E],
    hash_key: str,
    *,
    range_key_condition: Condition | None = None,
    filter_condition: Condition | None = None,
    index: Any = None,
    limit: int,
    start_key: Key | None,
    newest_first: bool = False,
    live_only: bool = True,
    budget: Budget | None = None,
    as_views: bool = False,
) -> Page[E]:
    """One page of a key-condition query; soft-deleted records are filtered out.

    With a `budget`, each DynamoDB request spends one query and the page stops once it is
    spent, returning the key to resume from (None: the partition is read to its end); its
    items are then read as views if asked (read-only, see `db.views`)."""
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
        read = views.reader(model) if as_views else Entity.from_raw_data
        return _budgeted_page(result, index, limit, budget, read)
    items: list[E] = []
    for item in result:
        items.append(item)
        if len(items) >= limit:
            break
    last_key = result.last_evaluated_key if len(items) >= limit else None
    if len(items) >= limit and last_key is None:
        last_key = _raw_key(items[-1].serialize(), index)
    return items, last_key


def tenant_page(
    model: type[E], tenant_id: str, prefix: str, limit: int, start_key: Key | None
) -> Page[E]:
    """One page of the live records of one kind kept in the tenant's own partition."""
    return query_page(
        model,
        keys.tenant_pk(tenant_id),
        range_key_condition=model.sk.startswith(prefix),  # type: ignore[attr-defined]
        limit=limit,
        start_key=start_key,
    )


def newest_between(
    model: type[E],
    hash_key: str,
    *,
    index: Any = None,
    start: str,
    end: str,
    filters: Condition | None,
    limit: int,
    start_key: Key | None,
    budget: Budget,
) -> Page[E]:
    """One partition of a list over time, newest first, from `start` to `end` (its last
    moment included: sort keys are `<time>#<id>`)."""
    sort = getattr(model, index.Meta.index_name + "sk") if index is not None else model.sk
    return query_page(
        model,
        hash_key,
        index=index,
        range_key_condition=sort.between(start, end + "~"),
        filter_condition=filters,
        limit=limit,
        start_key=start_key,
        newest_first=True,
        budget=budget,
    )


def _budgeted_page(
    result: Any, index: Any, limit: int, budget: Budget, read: Callable[[Any], Any]
) -> Page[Any]:
    items: list[Any] = []
    for page in result.page_iter:
        budget.spend()
        raw_items = page.get("Items") or []
        for position, raw in enumerate(raw_items):
            items.append(read(raw))
            if len(items) >= limit:
                if position < len(raw_items) - 1:
                    return items, _raw_key(raw, index)
                return items, page.get("LastEvaluatedKey")
        last_key = page.get("LastEvaluatedKey")
        if last_key is None or budget.spent:
            return items, last_key
    return items, None


def _raw_key(raw: dict[str, Any], index: Any) -> Key:
    names = ["pk", "sk"]
    if index is not None:
        names += [index.Meta.index_name + "pk", index.Meta.index_name + "sk"]
    return {name: raw[name] for name in names if name in raw}


def all_of(conditions: Iterable[Condition]) -> Condition | None:
    """The conditions joined with AND (None when there are none)."""
    combined: Condition | None = None
    for condition in conditions:
        combined = condition if combined is None else combined & condition
    return combined


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
