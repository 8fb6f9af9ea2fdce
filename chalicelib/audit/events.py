"""Turns a stream record of a business record into exactly one audit entry."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from chalicelib.audit.schemas import AuditEntry
from chalicelib.audit.service import record_entry, written_at
from chalicelib.changes import INSERT, Change

# Item type -> the entity_type the audit log shows. A domain adds its types here.
AUDITED_TYPES: dict[str, str] = {
    "Tenant": "tenant",
    "User": "user",
    "Store": "store",
    "Category": "category",
    "Brand": "brand",
    "Product": "product",
    "Customer": "customer",
    "StockTransfer": "stock_transfer",
    "StockCount": "stock_count",
    "Sale": "sale",
    "Payment": "payment",
    "Refund": "refund",
    "CashShift": "cash_shift",
    "ShiftMovement": "cash_shift_movement",
    "Delivery": "delivery",
    "Promotion": "promotion",
    "CreditAccount": "credit_account",
}
# Attributes whose history another record keeps: a credit account's balance and what moves
# with it change with every ledger entry, and the ledger is their trail (limit and status
# changes stay in the audit log); so do a customer's points with the points ledger.
KEPT_ELSEWHERE: dict[str, frozenset[str]] = {
    "Customer": frozenset({"loyalty_points"}),
    "CreditAccount": frozenset(
        {"balance", "headroom", "revision", "earliest_unpaid_due", "open_schedules"}
    ),
}

BOOKKEEPING = frozenset(
    {
        "pk",
        "sk",
        "gsi1pk",
        "gsi1sk",
        "gsi2pk",
        "gsi2sk",
        "type",
        "tenant_id",
        "version",
        "created_at",
        "updated_at",
        "created_by",
        "updated_by",
        "expires_at",
        "failed_logins",
        "locked_until",
        "active_since",
        "restored_by",
    }
)
SECRETS = frozenset({"password_hash", "delivery_code"})
# The attributes that name the store(s) a record belongs to: its audit entries are then
# shown only to the users of those stores (API.md, Roles).
STORE_ATTRIBUTES = ("store_id", "from_store_id", "to_store_id")
REDACTED = "***"


def record_change(change: Change) -> None:
    new = change.new or {}
    old = change.old or {}
    tenant_id = new.get("tenant_id")
    if not tenant_id or "id" not in new:
        return
    action, changes = classify(change)
    if action is None:
        return
    record_entry(
        AuditEntry(
            tenant_id=str(tenant_id),
            at=written_at(change),
            sequence=change.sequence_number,
            action=action,
            entity_type=AUDITED_TYPES[change.item_type],
            entity_id=str(new["id"]),
            user_id=new.get("updated_by") or old.get("updated_by"),
            changes=changes,
            store_ids=sorted({str(new[name]) for name in STORE_ATTRIBUTES if new.get(name)}),
        )
    )


def classify(change: Change) -> tuple[str | None, dict[str, list[Any]]]:
    new, old = change.new or {}, change.old or {}
    kept = KEPT_ELSEWHERE.get(change.item_type, frozenset())
    if change.event_name == INSERT:
        return "CREATE", _without(diff({}, new), kept)
    if new.get("deleted_at") and not old.get("deleted_at"):
        return "DELETE", {"deleted_at": [None, new["deleted_at"]]}
    changes = _without(diff(old, new), kept)
    return ("UPDATE" if changes else None), changes


def _without(changes: dict[str, list[Any]], kept: frozenset[str]) -> dict[str, list[Any]]:
    return {name: values for name, values in changes.items() if name not in kept}


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    changes: dict[str, list[Any]] = {}
    for name in sorted(set(old) | set(new)):
        if name in BOOKKEEPING or old.get(name) == new.get(name):
            continue
        if name in SECRETS:
            changes[name] = [REDACTED if name in old else None, REDACTED]
            continue
        changes[name] = [plain(old.get(name)), plain(new.get(name))]
    return changes


def plain(value: Any) -> Any:
    """Stream images carry Decimals and sets; the audit log stores JSON."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [plain(v) for v in value]
    if isinstance(value, (bytes, bytearray)):
        return REDACTED
    if isinstance(value, str) and value[:1] in ("{", "["):
        return _json_or_text(value)
    return value


def _json_or_text(value: str) -> Any:
    """Map and list attributes are stored as JSON text; show them as the values they are."""
    try:
        return json.loads(value)
    except ValueError:
        return value
