"""One botocore session per process, and one client per service made from it.

Every session and client costs a container's first requests tens of milliseconds (a client
~75 ms): the table's models, its transactions and the SSM reads all come through here.
"""

from __future__ import annotations

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
