"""The stream's FilterCriteria and the dispatch table of chalicelib/streams.py stay one thing."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import pytest

from chalicelib import streams
from infra import events
from infra.build import load_stage, merge_template

UNHANDLED_TYPES = ("Session", "AuditEntry", "IdempotencyRecord", "EmailMarker", "Alert")


def _record(event_name: str, item_type: str) -> dict[str, Any]:
    image = {"type": {"S": item_type}, "pk": {"S": "T#x"}, "sk": {"S": "y"}}
    images = {"OldImage": image} if event_name == "REMOVE" else {"NewImage": image}
    if event_name == "MODIFY":
        images["OldImage"] = image
    return {"eventName": event_name, "dynamodb": images}


@pytest.fixture(scope="module")
def criteria() -> dict[str, Any]:
    template = merge_template(load_stage("prod"))
    event = template["Resources"]["OnTableChange"]["Properties"]["Events"]
    (source,) = event.values()
    criteria: dict[str, Any] = source["Properties"]["FilterCriteria"]
    return criteria


def test_every_handled_change_invokes_the_function(criteria: dict[str, Any]) -> None:
    changes = events.handled_changes()
    assert ("Sale", "INSERT") in changes
    for item_type, event_name in changes:
        assert streams.handles(item_type, event_name), (item_type, event_name)
        assert events.matches(criteria, _record(event_name, item_type)), (item_type, event_name)


def test_changes_no_handler_wants_never_invoke_it(criteria: dict[str, Any]) -> None:
    changes = events.handled_changes()
    item_types = {item_type for item_type, _ in changes} | set(UNHANDLED_TYPES)
    for item_type in item_types:
        for event_name in ("INSERT", "MODIFY", "REMOVE"):
            if (item_type, event_name) in changes:
                continue
            assert not streams.handles(item_type, event_name)
            assert not events.matches(criteria, _record(event_name, item_type)), (
                item_type,
                event_name,
            )


def test_the_filters_name_real_item_types() -> None:
    import chalicelib.db.models as models
    from chalicelib.db.base import Entity

    for module in pkgutil.iter_modules(models.__path__):
        importlib.import_module(f"{models.__name__}.{module.name}")
    discriminators = set(Entity._get_discriminator_attribute()._discriminator_map)
    handled = {item_type for item_type, _ in events.handled_changes()}
    assert handled <= discriminators, handled - discriminators


def test_removals_are_filtered_on_the_old_image() -> None:
    criteria = events.filter_criteria({("Product", "REMOVE"), ("Product", "INSERT")})
    assert events.matches(criteria, _record("REMOVE", "Product"))
    assert events.matches(criteria, _record("INSERT", "Product"))
    assert not events.matches(criteria, _record("MODIFY", "Product"))


def test_any_dispatch_table_fits_lambdas_five_filters() -> None:
    names = ("INSERT", "MODIFY", "REMOVE")
    every_mix = {
        (f"T{mask}", n) for mask in range(1, 8) for i, n in enumerate(names) if mask >> i & 1
    }
    assert len(events.filter_criteria(every_mix)["Filters"]) == 4
    with pytest.raises(events.FilterError):
        events.filter_criteria(set())


def test_every_audited_change_keeps_the_audit_handler() -> None:
    """A type with other handlers too still records its audit entry (a later entry of the
    dispatch table replaces an earlier one with the same key)."""
    from chalicelib.audit.events import AUDITED_TYPES, record_change

    for item_type in AUDITED_TYPES:
        for event_name in ("INSERT", "MODIFY"):
            handlers = streams.handlers_for(item_type, event_name)
            assert record_change in handlers, (item_type, event_name)
