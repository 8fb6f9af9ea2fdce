"""The stream handler under Lambda's rules: it stops at the first failed record and reports
that record and every later one, so the retry starts there and nothing after it is lost."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from chalicelib import streams
from chalicelib.streams import Change, handle_stream_event


def _record(sequence: str, item_type: str, pk: str) -> dict[str, Any]:
    image = {"pk": {"S": pk}, "sk": {"S": "X"}, "type": {"S": item_type}}
    return {
        "eventID": f"e{sequence}",
        "eventName": "MODIFY",
        "dynamodb": {"SequenceNumber": sequence, "OldImage": image, "NewImage": image},
    }


class Handlers:
    """Stand-in dispatch table: records what each handler saw; `fail_on` pks make it raise."""

    def __init__(self) -> None:
        self.seen: dict[str, list[str]] = {"first": [], "second": []}
        self.fail_on: dict[str, set[str]] = {"first": set(), "second": set()}

    def handler(self, name: str) -> streams.Handler:
        def handle(change: Change) -> None:
            pk = str((change.new or {})["pk"])
            if pk in self.fail_on[name]:
                raise RuntimeError(f"{name} failed on {pk}")
            self.seen[name].append(pk)

        return handle


@pytest.fixture
def handlers(monkeypatch: pytest.MonkeyPatch) -> Iterator[Handlers]:
    fake = Handlers()
    table = {
        ("Thing", "MODIFY"): [fake.handler("first"), fake.handler("second")],
        ("Other", "MODIFY"): [fake.handler("first")],
    }
    monkeypatch.setattr(streams, "_DISPATCH", table)
    yield fake


def _failed(reply: dict[str, Any]) -> list[str]:
    return [entry["itemIdentifier"] for entry in reply["batchItemFailures"]]


def test_a_clean_batch_reports_nothing_and_runs_every_handler_in_order(
    handlers: Handlers,
) -> None:
    batch = [
        _record("100", "Thing", "a"),
        _record("101", "Other", "b"),
        _record("102", "Skip", "c"),
    ]
    assert handle_stream_event({"Records": batch}) == {"batchItemFailures": []}
    assert handlers.seen == {"first": ["a", "b"], "second": ["a"]}


def test_a_failure_reports_that_record_and_every_later_one(handlers: Handlers) -> None:
    handlers.fail_on["first"] = {"b"}
    batch = [_record(str(n), "Thing", pk) for n, pk in ((7, "a"), (8, "b"), (9, "c"), (10, "d"))]
    assert _failed(handle_stream_event({"Records": batch})) == ["8", "9", "10"]
    assert handlers.seen == {"first": ["a"], "second": ["a"]}, "nothing after the failure runs"


def test_a_later_handler_failing_after_an_earlier_one_succeeded_reports_the_record(
    handlers: Handlers,
) -> None:
    handlers.fail_on["second"] = {"b"}
    batch = [_record("20", "Thing", "a"), _record("21", "Thing", "b"), _record("22", "Other", "c")]
    assert _failed(handle_stream_event({"Records": batch})) == ["21", "22"]
    assert handlers.seen == {"first": ["a", "b"], "second": ["a"]}
    handlers.fail_on["second"] = set()
    retried = handle_stream_event({"Records": batch[1:]})
    assert retried == {"batchItemFailures": []}
    assert handlers.seen == {"first": ["a", "b", "b", "c"], "second": ["a", "b"]}


def test_an_undecodable_record_is_reported_with_the_rest(handlers: Handlers) -> None:
    broken = {"eventID": "e31", "eventName": "MODIFY", "dynamodb": {"SequenceNumber": "31"}}
    broken["dynamodb"]["NewImage"] = {"type": {"BAD": "?"}}
    batch = [_record("30", "Thing", "a"), broken, _record("32", "Thing", "c")]
    assert _failed(handle_stream_event({"Records": batch})) == ["31", "32"]
    assert handlers.seen["first"] == ["a"]
