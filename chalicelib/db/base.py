"""The root PynamoDB model of the single table, typed attributes, and labelled transactions.

Only repositories import this module (and PynamoDB).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import botocore.session
from pynamodb.attributes import (
    Attribute,
    DiscriminatorAttribute,
    NumberAttribute,
    UnicodeAttribute,
)
from pynamodb.connection import Connection, TableConnection
from pynamodb.constants import NUMBER
from pynamodb.exceptions import TransactWriteError
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from chalicelib import aws
from chalicelib.clock import new_id
from chalicelib.config import get_settings
from chalicelib.db.failures import storage_error
from chalicelib.errors import ConflictError, DomainError

_settings = get_settings()


class IntegerAttribute(Attribute[int]):
    """Money and quantities are integers; PynamoDB's NumberAttribute reads back floats."""

    attr_type = NUMBER

    def serialize(self, value: int) -> str:
        return str(int(value))

    def deserialize(self, value: str) -> int:
        return int(Decimal(value))


class TableMeta:
    table_name = _settings.table_name
    region = _settings.region
    host = _settings.dynamodb_endpoint
    # API Gateway gives up after 29 s: fail fast and let the client retry.
    connect_timeout_seconds = 2
    read_timeout_seconds = 5
    max_retry_attempts = 2


class Gsi1(GlobalSecondaryIndex["Entity"]):
    class Meta:
        index_name = "gsi1"
        projection = AllProjection()

    gsi1pk = UnicodeAttribute(hash_key=True)
    gsi1sk = UnicodeAttribute(range_key=True)


class Gsi2(GlobalSecondaryIndex["Entity"]):
    class Meta:
        index_name = "gsi2"
        projection = AllProjection()

    gsi2pk = UnicodeAttribute(hash_key=True)
    gsi2sk = UnicodeAttribute(range_key=True)


class Entity(Model):
    """Every item of the table; subclasses name themselves in the `type` attribute."""

    class Meta(TableMeta):
        pass

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    type = DiscriminatorAttribute(attr_name="type")
    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)
    gsi2pk = UnicodeAttribute(null=True)
    gsi2sk = UnicodeAttribute(null=True)
    gsi1 = Gsi1()
    gsi2 = Gsi2()
    tenant_id = UnicodeAttribute(null=True)
    expires_at = NumberAttribute(null=True)

    @classmethod
    def _get_connection(cls) -> TableConnection:
        """Every model shares the table's one connection: PynamoDB would make one per class."""
        return table_connection()


class SharedConnection(Connection):
    """A PynamoDB connection on the process's botocore session, its client made once."""

    _client_lock = threading.Lock()

    @property
    def session(self) -> botocore.session.Session:
        return aws.session()

    @property
    def client(self) -> Any:
        with self._client_lock:
            return super().client


_table: TableConnection | None = None
_table_lock = threading.Lock()


def table_connection() -> TableConnection:
    global _table
    with _table_lock:
        if _table is None:
            _table = _connect_table()
        return _table


def _connect_table() -> TableConnection:
    """PynamoDB's connection of the root model, moved onto the shared session."""
    table = super(Entity, Entity)._get_connection()
    shared = SharedConnection(
        region=TableMeta.region,
        host=TableMeta.host,
        connect_timeout_seconds=TableMeta.connect_timeout_seconds,
        read_timeout_seconds=TableMeta.read_timeout_seconds,
        max_retry_attempts=TableMeta.max_retry_attempts,
    )
    shared.add_meta_table(table.connection.get_meta_table(TableMeta.table_name))
    table.connection = shared
    return table


def connection() -> Connection:
    """The connection transactions are sent on: the models' own."""
    return table_connection().connection


def forget_connection() -> None:
    """A new container: the next call connects again."""
    global _table
    with _table_lock:
        _table = None
        Entity._connection = None
    aws.forget()


OnFail = DomainError | Callable[[], DomainError]


class Tx(TransactWrite):
    """A TransactWrite whose actions carry the domain error to raise when their condition fails.

    PynamoDB sends condition checks, deletes, puts, then updates; cancellation reasons follow
    that order, so the labels are kept per group and re-assembled in the same order.
    """

    def __init__(self) -> None:
        # The token makes botocore's own retries of this transaction idempotent (10 minutes).
        super().__init__(connection=connection(), client_request_token=new_id())
        self._labels: dict[str, list[OnFail | None]] = {
            "check": [],
            "delete": [],
            "put": [],
            "update": [],
        }

    def check(
        self,
        model_cls: Any,
        hash_key: str,
        range_key: str,
        condition: Any,
        on_fail: OnFail | None = None,
    ) -> None:
        self.condition_check(model_cls, hash_key, range_key, condition=condition)
        self._labels["check"].append(on_fail)

    def put(self, model: Any, condition: Any = None, on_fail: OnFail | None = None) -> None:
        self.save(model, condition=condition)
        self._labels["put"].append(on_fail)

    def remove(self, model: Any, condition: Any = None, on_fail: OnFail | None = None) -> None:
        self.delete(model, condition=condition)
        self._labels["delete"].append(on_fail)

    def change(
        self, model: Any, actions: list[Any], condition: Any = None, on_fail: OnFail | None = None
    ) -> None:
        self.update(model, actions, condition=condition)
        self._labels["update"].append(on_fail)

    def absorb(self, other: Tx) -> None:
        """Take over the actions of `other`, already built: a batch of writes that can each
        be committed alone again if the batch is refused."""
        self._condition_check_items += other._condition_check_items
        self._delete_items += other._delete_items
        self._put_items += other._put_items
        self._update_items += other._update_items
        self._models_for_version_attribute_update += other._models_for_version_attribute_update
        for group, labels in other._labels.items():
            self._labels[group] += labels

    @property
    def size(self) -> int:
        return sum(len(group) for group in self._labels.values())

    def commit(self) -> None:
        if self.size == 0:
            return
        try:
            self._commit()
        except TransactWriteError as error:
            raise self._domain_error(error) from error

    def _domain_error(self, error: TransactWriteError) -> DomainError:
        ordered = [
            *self._labels["check"],
            *self._labels["delete"],
            *self._labels["put"],
            *self._labels["update"],
        ]
        reasons = error.cancellation_reasons or []
        for on_fail, reason in zip(ordered, reasons, strict=False):
            if reason is not None and reason.code == "ConditionalCheckFailed":
                if on_fail is None:
                    return ConflictError("The data changed while this request ran; try again.")
                return on_fail() if callable(on_fail) else on_fail
        return storage_error(error)
