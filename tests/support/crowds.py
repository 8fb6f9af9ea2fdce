"""Many kept-alive HTTP clients at once, released together: what each was answered, and what
failed on the way (any transport failure is a finding)."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Callable

Exchange = Callable[[http.client.HTTPConnection], int]
"""One request on the connection and its answer read to the end: the status."""


def kept_alive_crowd(
    clients: int,
    connect: Callable[[], http.client.HTTPConnection],
    exchange: Exchange,
    *,
    rounds: int,
    start_timeout: float,
    join_timeout: float,
) -> tuple[list[int], list[str]]:
    """`clients` threads, each `rounds` exchanges on one connection: (statuses, failures)."""
    start = threading.Barrier(clients)
    statuses: list[int] = []
    failures: list[str] = []

    def client() -> None:
        connection = connect()
        try:
            start.wait(timeout=start_timeout)
            for _ in range(rounds):
                statuses.append(exchange(connection))
        except Exception as error:  # noqa: BLE001 - every transport failure is the finding
            failures.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(join_timeout)
    return statuses, failures
