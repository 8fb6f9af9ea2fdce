"""One botocore session per process, and one client per service made from it.

Every session and client costs a container's first requests tens of milliseconds (a client
~75 ms): the table's models, its transactions and the SSM reads all come through here.
"""

from __future__ import annotations

import json
import threading
from typing import Any

import botocore.session

_lock = threading.Lock()
_session: botocore.session.Session | None = None
_clients: dict[str, Any] = {}


def session() -> botocore.session.Session:
    global _session
    with _lock:
        if _session is None:
            _session = botocore.session.get_session()
            for operation in PLAIN_READS:
                _session.register(f"before-parse.dynamodb.{operation}", read_plainly)
        return _session


def client(service: str) -> Any:
    """The process's client of `service` (botocore client creation is not thread-safe)."""
    shared = session()
    with _lock:
        if service not in _clients:
            _clients[service] = shared.create_client(service)
        return _clients[service]


def forget() -> None:
    """Drop the session and its clients: the next call builds them again (a new container)."""
    global _session
    with _lock:
        _session = None
        _clients.clear()


PLAIN_READS = ("GetItem", "BatchGetItem", "Query", "Scan")


def read_plainly(
    response_dict: dict[str, Any], customized_response_dict: dict[str, Any], **_: Any
) -> None:
    """A DynamoDB read's answer taken as its JSON says, not walked through botocore's shapes.

    DynamoDB's wire format is its typed JSON (`{"S": ...}`, numbers as text), which is what
    botocore's parser gives back for it, at a cost that grows with every attribute of every
    item (most of a 50-item page's time in the handler). Only binary values differ (botocore
    decodes their base64): an answer that may hold one (`"B"` or `"BS"` anywhere in it) and any
    answer but a 200 are parsed as usual. The parser then reads an empty body and adds its
    response metadata; this dict is laid over what it parsed."""
    body = response_dict.get("body")
    if response_dict.get("status_code") != 200 or not body:
        return
    if b'"B"' in body or b'"BS"' in body:
        return
    customized_response_dict.update(json.loads(body))
    response_dict["body"] = b"{}"
