"""Operator commands on the demo tenant: backup and restore round trips, admin-create, and
the replay of a stream batch from its failure pointer.

Named to run after the other api modules: its restores put thousands of records on the
session's stream, which a module replaying the whole stream from its start would then read."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from chalicelib.clock import new_id
from chalicelib.local.dynamo import dynamodb_clients
from chalicelib.streams import handle_stream_event
from ops import admins, backup, replay, table
from tests.support import PASSWORD, Stack, sign_up

LISTS = (
    "/v1/tenant",
    "/v1/stores",
    "/v1/users",
    "/v1/categories",
    "/v1/brands",
    "/v1/products?limit=200",
    "/v1/customers?limit=200",
    "/v1/stock?limit=200",
    "/v1/stock-movements?limit=200",
    "/v1/sales?limit=200",
    "/v1/payments?limit=200",
    "/v1/cash-shifts",
    "/v1/alerts?limit=200",
    "/v1/audit-log?limit=200",
)
# Cursors are bound to the tenant: compare the pages, not the cursors.
UNSTABLE = ("next_cursor",)


def _login(stack: Stack, email: str, password: str) -> str:
    reply = stack.api.post("/v1/auth/token", {"email": email, "password": password})
    assert reply.status == 200, reply
    return str(reply.json["access_token"])


def answers(stack: Stack, token: str) -> dict[str, Any]:
    seen = {}
    for path in LISTS:
        reply = stack.api.get(path, token=token)
        assert reply.status == 200, (path, reply)
        body = reply.json
        seen[path] = {k: v for k, v in body.items() if k not in UNSTABLE}
    return seen


@pytest.fixture(scope="module")
def demo(stack: Stack) -> dict[str, str]:
    from chalicelib.seed import DEMO_EMAIL, DEMO_PASSWORD, seed_demo

    seed_demo()
    stack.drain()
    token = _login(stack, DEMO_EMAIL, DEMO_PASSWORD)
    me = stack.api.get("/v1/auth/me", token=token).json
    return {"tenant": me["tenant"]["id"], "email": DEMO_EMAIL, "password": DEMO_PASSWORD}


def test_backup_delete_restore_gives_the_same_answers(
    stack: Stack, demo: dict[str, str], tmp_path: Path, drain: Callable[[], int]
) -> None:
    before = answers(stack, _login(stack, demo["email"], demo["password"]))
    assert before["/v1/audit-log?limit=200"]["items"]
    path = tmp_path / "demo.jsonl"
    taken = backup.take(demo["tenant"])
    backup.write(taken, path)
    assert not any("expires_at" in item for item in taken.items)

    table.delete_items(list(table.tenant_items(demo["tenant"])))
    drain()
    gone = stack.api.post("/v1/auth/token", {"email": demo["email"], "password": demo["password"]})
    assert gone.status == 401

    tenant_id, written = backup.restore(backup.read(path))
    assert (tenant_id, written) == (demo["tenant"], len(taken.items))
    drain()
    assert answers(stack, _login(stack, demo["email"], demo["password"])) == before
    from chalicelib.jobs import tenant_ids

    assert demo["tenant"] in set(tenant_ids())


def test_restore_over_a_live_tenant_is_refused(stack: Stack, demo: dict[str, str]) -> None:
    taken = backup.take(demo["tenant"])
    with pytest.raises(backup.RestoreError, match=f"T#{demo['tenant']}"):
        backup.restore(taken)


def as_original(copied: dict[str, Any], into: str, tenant_id: str, tag: str) -> dict[str, Any]:
    """The copy's answers named as the original's: tenant id, e-mails; alerts without their
    ids (derived from the tenant) in a stable order."""
    named: dict[str, Any] = json.loads(
        json.dumps(copied).replace(into, tenant_id).replace(f"+{tag}@", "@")
    )
    return {path: _alerts_without_ids(path, body) for path, body in named.items()}


def _alerts_without_ids(path: str, body: dict[str, Any]) -> dict[str, Any]:
    if not path.startswith("/v1/alerts"):
        return body
    items = [{k: v for k, v in item.items() if k != "id"} for item in body["items"]]
    return {**body, "items": sorted(items, key=lambda item: json.dumps(item, sort_keys=True))}


def test_restore_into_another_tenant_renames_emails_and_counts_nothing_twice(
    stack: Stack, demo: dict[str, str], drain: Callable[[], int]
) -> None:
    original = answers(stack, _login(stack, demo["email"], demo["password"]))
    with pytest.raises(backup.RestoreError, match="began after"):
        backup.restore(backup.take(demo["tenant"]), new_id(), email_tag="copy")
    into, _ = backup.restore(backup.take(demo["tenant"]), "new", email_tag="copy")
    assert into != demo["tenant"]
    drain()
    token = _login(stack, demo["email"].replace("@", "+copy@"), demo["password"])
    assert stack.api.get("/v1/auth/me", token=token).json["tenant"]["id"] == into
    copied = answers(stack, token)
    assert demo["tenant"] not in json.dumps(copied)
    expected = {p: _alerts_without_ids(p, body) for p, body in original.items()}
    assert as_original(copied, into, demo["tenant"], "copy") == expected
    # The original is untouched and its login still works.
    assert answers(stack, _login(stack, demo["email"], demo["password"])) == original
    from chalicelib.jobs import tenant_ids

    assert into in set(tenant_ids())


def test_admin_create_makes_a_first_admin_then_resets_it(
    stack: Stack, demo: dict[str, str]
) -> None:
    email = f"ops-{new_id().lower()}@demo.comptoir.cm"
    created = admins.create_or_reset_admin(demo["tenant"], email, "Ops Admin")
    assert created.created
    token = _login(stack, email, created.password)
    me = stack.api.get("/v1/auth/me", token=token).json
    assert (me["user"]["role"], me["tenant"]["id"]) == ("ADMIN", demo["tenant"])
    refresh = stack.api.post("/v1/auth/token", {"email": email, "password": created.password})
    for _ in range(6):
        stack.api.post("/v1/auth/token", {"email": email, "password": "wrong-password-1"})
    locked = stack.api.post("/v1/auth/token", {"email": email, "password": created.password})
    assert locked.status == 423

    reset = admins.create_or_reset_admin(demo["tenant"], email)
    assert not reset.created and reset.password != created.password
    assert _login(stack, email, reset.password)
    old = stack.api.post("/v1/auth/token/refresh", {"refresh_token": refresh.json["refresh_token"]})
    assert old.status == 401
    assert stack.api.post("/v1/auth/token", {"email": email, "password": PASSWORD}).status == 401


def test_admin_create_refuses_an_email_of_another_tenant(
    stack: Stack, demo: dict[str, str]
) -> None:
    from chalicelib import errors

    other = sign_up(stack.api)
    with pytest.raises(errors.ConflictError, match="another tenant"):
        admins.create_or_reset_admin(other.id, demo["email"])
    with pytest.raises(errors.NotFoundError):
        admins.create_or_reset_admin(new_id(), f"ops-{new_id().lower()}@demo.comptoir.cm")


class QueueOfPointers:
    """The failure queue as Lambda fills it: one message per batch given up on."""

    def __init__(self, bodies: list[dict[str, Any]]) -> None:
        self.messages = [
            {"MessageId": str(i), "ReceiptHandle": str(i), "Body": json.dumps(body)}
            for i, body in enumerate(bodies)
        ]
        self.deleted: list[str] = []
        self.received: set[str] = set()

    def receive_message(self, **_: Any) -> dict[str, Any]:
        fresh = [m for m in self.messages if m["MessageId"] not in self.received]
        self.received |= {m["MessageId"] for m in fresh[:10]}
        return {"Messages": fresh[:10]}

    def delete_message(self, QueueUrl: str, ReceiptHandle: str) -> None:
        self.deleted.append(ReceiptHandle)


def _store_records(streams: Any, stream_arn: str, store_id: str) -> list[dict[str, Any]]:
    found = []
    for shard in streams.describe_stream(StreamArn=stream_arn)["StreamDescription"]["Shards"]:
        iterator = streams.get_shard_iterator(
            StreamArn=stream_arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON"
        )["ShardIterator"]
        while iterator:
            page = streams.get_records(ShardIterator=iterator, Limit=1000)
            for record in page["Records"]:
                if store_id in json.dumps(record["dynamodb"].get("Keys", {})):
                    found.append({**record, "shard": shard["ShardId"]})
            iterator = page.get("NextShardIterator") if page["Records"] else None
    return found


def test_replay_failures_redrives_a_batch_from_its_pointer(
    stack: Stack, demo: dict[str, str], drain: Callable[[], int]
) -> None:
    token = _login(stack, demo["email"], demo["password"])
    code = re.sub(r"[^A-Z]", "", new_id())[:6]
    store = stack.api.post("/v1/stores", {"name": "Rejeu", "code": code}, token=token).json["id"]
    drain()
    history = f"/v1/audit-log?entity_id={store}"
    (entry,) = stack.api.get(history, token=token).json["items"]
    # As if the batch had failed: its audit entry was never written.
    audit_items = [i for i in table.tenant_items(demo["tenant"]) if store in json.dumps(i)]
    table.delete_items([i for i in audit_items if i["type"]["S"] == "Audit"])
    assert stack.api.get(history, token=token).json["items"] == []

    _, streams = dynamodb_clients(stack.endpoint, os.environ["AWS_REGION"])
    stream_arn = os.environ["TABLE_STREAM_ARN"]
    (insert, *_) = _store_records(streams, stream_arn, store)
    sequence = insert["dynamodb"]["SequenceNumber"]
    info = {"shardId": insert["shard"], "streamArn": stream_arn}
    info |= {"startSequenceNumber": sequence, "endSequenceNumber": sequence, "batchSize": 1}
    queue = QueueOfPointers([{"DDBStreamBatchInfo": info}])

    outcome = replay.replay(queue, "queue", streams, handle_stream_event)
    assert (outcome.replayed, outcome.records, outcome.kept) == (1, 1, [])
    assert queue.deleted == ["0"]
    (again,) = stack.api.get(history, token=token).json["items"]
    assert again == entry
