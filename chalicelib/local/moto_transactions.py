"""A cheaper TransactWriteItems for moto's DynamoDB backend, used by the local runtime.

moto backs up a transaction by deep-copying the whole table (stream records included) once
per action, so each transaction costs time in proportion to everything ever written: seeding
the demo data or running the test suite grows quadratically. This version keeps moto's
semantics (same validations, every condition checked against the state before the write,
nothing applied when one fails, the same cancellation reasons) but backs up only the items the
transaction touches.
"""

from __future__ import annotations

import copy
from typing import Any

from moto.dynamodb.comparisons import get_filter_expression
from moto.dynamodb.exceptions import (
    ConditionalCheckFailed,
    MockValidationException,
    MultipleTransactionsException,
    TooManyTransactionsException,
    TransactionCanceledException,
    TransactWriteSingleOpException,
)
from moto.dynamodb.models import DynamoDBBackend

OPERATIONS = frozenset({"ConditionCheck", "Put", "Delete", "Update"})
Action = tuple[str, dict[str, Any], dict[str, Any]]


def install() -> None:
    DynamoDBBackend.transact_write_items = _transact_write_items  # type: ignore[method-assign]


def _transact_write_items(self: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> None:
    if len(transact_items) > 100:
        raise TooManyTransactionsException()
    actions = _parse(self, transact_items)
    reasons = [_check(self, op_type, op, key) for op_type, op, key in actions]
    if any(code is not None for code, _, _ in reasons):
        raise TransactionCanceledException(reasons)
    backup = [(op["TableName"], key, _copy(self, op["TableName"], key)) for _, op, key in actions]
    try:
        for op_type, op, key in actions:
            _apply(self, op_type, op, key)
    except Exception:
        _restore(self, backup)
        raise


def _parse(backend: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> list[Action]:
    seen: set[tuple[str, str]] = set()
    actions: list[Action] = []
    for item in transact_items:
        if len(item) > 1:
            raise TransactWriteSingleOpException
        op_type, op = next(iter(item.items()))
        if op_type not in OPERATIONS:
            raise MockValidationException("Unsupported transaction operation")
        key = _key(backend, op_type, op)
        identity = (str(op["TableName"]), str(dict(sorted(key.items()))))
        if identity in seen:
            raise MultipleTransactionsException()
        seen.add(identity)
        actions.append((op_type, op, key))
    return actions


def _key(backend: DynamoDBBackend, op_type: str, op: dict[str, Any]) -> dict[str, Any]:
    if op_type != "Put":
        return dict(op["Key"])
    table = backend.get_table(op["TableName"])
    key = {table.hash_key_attr: op["Item"][table.hash_key_attr]}
    if table.range_key_attr is not None:
        key[table.range_key_attr] = op["Item"][table.range_key_attr]
    return key


def _check(
    backend: DynamoDBBackend, op_type: str, op: dict[str, Any], key: dict[str, Any]
) -> tuple[Any, Any, Any]:
    condition = op.get("ConditionExpression")
    if condition is None:
        return (None, None, None)
    current = backend.get_item(op["TableName"], key)
    expression = get_filter_expression(
        condition, op.get("ExpressionAttributeNames"), op.get("ExpressionAttributeValues")
    )
    if expression.expr(current):
        return (None, None, None)
    wants_item = op.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD"
    original = current.to_json()["Attributes"] if wants_item and current else None
    failure = ConditionalCheckFailed(item=original)
    return ("ConditionalCheckFailed", str(failure.message), original)


def _apply(backend: DynamoDBBackend, op_type: str, op: dict[str, Any], key: dict[str, Any]) -> None:
    names = op.get("ExpressionAttributeNames") or {}
    values = op.get("ExpressionAttributeValues") or {}
    if op_type == "Put":
        backend.put_item(
            op["TableName"],
            op["Item"],
            expression_attribute_names=names,
            expression_attribute_values=values,
        )
    elif op_type == "Delete":
        backend.delete_item(
            op["TableName"],
            key,
            expression_attribute_names=names,
            expression_attribute_values=values,
        )
    elif op_type == "Update":
        backend.update_item(
            op["TableName"],
            key,
            update_expression=op["UpdateExpression"],
            expression_attribute_names=names,
            expression_attribute_values=values,
        )


def _copy(backend: DynamoDBBackend, table_name: str, key: dict[str, Any]) -> Any:
    current = backend.get_item(table_name, key)
    return copy.deepcopy(current.to_json()["Attributes"]) if current else None


def _restore(backend: DynamoDBBackend, backup: list[tuple[str, dict[str, Any], Any]]) -> None:
    for table_name, key, attributes in backup:
        if attributes is None:
            backend.delete_item(table_name, key)
        else:
            backend.put_item(table_name, attributes)
