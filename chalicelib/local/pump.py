"""Reads the table's real stream and delivers it to stream handlers the way Lambda does.

Each shard is read from TRIM_HORIZON (or LATEST: from the first poll), parents first. Up to
`batch_size` records is one invocation with `{"Records": [...]}` in Lambda's shape. A response
with `batchItemFailures` is retried from its lowest failed sequence number; a raised exception
retries the whole batch. After `max_attempts` the failing record (or, after exceptions, the
whole batch) is logged as an error and skipped, so the shard moves on.
"""

from __future__ import annotations

import importlib
import json
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from chalice.app import DynamoDBEventConfig

from chalicelib.local.events import LambdaContext, Record, to_lambda_record

logger = logging.getLogger("comptoir.local.pump")

Handler = Callable[[dict[str, Any], Any], Any]

DEFAULT_MAX_ATTEMPTS = 3
MAX_PAGE = 1000
MAX_EMPTY_PAGES = 3


@dataclass
class _Shard:
    shard_id: str
    parent_id: str | None
    iterator: str | None = None
    last_sequence: str | None = None
    finished: bool = False


def _failed_index(response: Any, batch: Sequence[Record]) -> int | None:
    """Index of the first record to retry; None when the batch succeeded; 0 for invalid ids."""
    failures = response.get("batchItemFailures") if isinstance(response, dict) else None
    if not failures:
        return None
    positions = {r["dynamodb"]["SequenceNumber"]: i for i, r in enumerate(batch)}
    indexes = [positions.get(str((f or {}).get("itemIdentifier") or "")) for f in failures]
    if any(index is None for index in indexes):
        return 0
    return min(index for index in indexes if index is not None)


# A round reads at most one page (`batch_size` records) a shard: the demo seed alone, with its
# sales history, puts about 10 000 records on the stream.
DRAIN_ROUNDS = 1_000


def _drain(poll_once: Callable[[], int], max_rounds: int, what: str) -> int:
    """Poll rounds until one delivers nothing; the records delivered in all."""
    total = 0
    for _ in range(max_rounds):
        delivered = poll_once()
        if delivered == 0:
            return total
        total += delivered
    raise RuntimeError(f"{what} still busy after {max_rounds} rounds")


class StreamPump:
    """Delivers one stream to one handler; `poll_once`, `drain` and a background thread."""

    def __init__(
        self,
        streams_client: Any,
        stream_arn: str,
        handler: Handler,
        *,
        batch_size: int = 100,
        max_attempts: int = DEFAULT_MAX_ATTEMPTS,
        starting_position: str = "TRIM_HORIZON",
        region: str = "eu-west-1",
        name: str = "stream",
    ) -> None:
        self.client = streams_client
        self.stream_arn = stream_arn
        self.handler = handler
        self.batch_size = max(1, min(batch_size, MAX_PAGE))
        self.max_attempts = max(1, max_attempts)
        self.starting_position = starting_position
        self.region = region
        self.name = name
        self.invocations = 0
        self._shards: dict[str, _Shard] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def poll_once(self) -> int:
        """Read each readable shard once; returns the number of records delivered."""
        with self._lock:
            self._refresh_shards()
            return sum(self._poll_shard(shard) for shard in self._readable_shards())

    def drain(self, max_rounds: int = DRAIN_ROUNDS) -> int:
        """Poll until a round delivers nothing; handlers' own writes are delivered too."""
        return _drain(self.poll_once, max_rounds, f"stream {self.stream_arn}")

    def start(self, interval: float = 0.25) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, args=(interval,), name=f"pump-{self.name}", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self, interval: float) -> None:
        while not self._stop.is_set():
            try:
                delivered = self.poll_once()
            except Exception:
                logger.exception("stream pump %s failed to poll; retrying", self.name)
                self._stop.wait(max(1.0, interval))
                continue
            if delivered == 0:
                self._stop.wait(interval)

    def _refresh_shards(self) -> None:
        for description in self._describe_shards():
            shard_id = description["ShardId"]
            if shard_id not in self._shards:
                self._shards[shard_id] = _Shard(shard_id, description.get("ParentShardId"))

    def _describe_shards(self) -> list[dict[str, Any]]:
        shards: list[dict[str, Any]] = []
        kwargs: dict[str, Any] = {"StreamArn": self.stream_arn}
        while True:
            stream = self.client.describe_stream(**kwargs)["StreamDescription"]
            shards.extend(stream.get("Shards", []))
            last = stream.get("LastEvaluatedShardId")
            if not last:
                return shards
            kwargs["ExclusiveStartShardId"] = last

    def _readable_shards(self) -> list[_Shard]:
        def parent_done(shard: _Shard) -> bool:
            parent = self._shards.get(shard.parent_id or "")
            return parent is None or parent.finished

        return [s for s in self._shards.values() if not s.finished and parent_done(s)]

    def _poll_shard(self, shard: _Shard) -> int:
        for _ in range(MAX_EMPTY_PAGES):
            records = self._read_page(shard)
            if records:
                self._deliver(records)
                shard.last_sequence = records[-1]["dynamodb"]["SequenceNumber"]
                return len(records)
            if shard.finished:
                return 0
        return 0

    def _read_page(self, shard: _Shard) -> list[Record]:
        if shard.iterator is None:
            shard.iterator = self._iterator(shard)
        try:
            page = self.client.get_records(ShardIterator=shard.iterator, Limit=self.batch_size)
        except self.client.exceptions.ExpiredIteratorException:
            shard.iterator = None
            return []
        except self.client.exceptions.TrimmedDataAccessException:
            shard.iterator = shard.last_sequence = None
            return []
        shard.iterator = page.get("NextShardIterator")
        if shard.iterator is None:
            shard.finished = True
        return [to_lambda_record(r, self.stream_arn, self.region) for r in page["Records"]]

    def _iterator(self, shard: _Shard) -> str:
        kwargs: dict[str, Any] = {"StreamArn": self.stream_arn, "ShardId": shard.shard_id}
        if shard.last_sequence is not None:
            kwargs["ShardIteratorType"] = "AFTER_SEQUENCE_NUMBER"
            kwargs["SequenceNumber"] = shard.last_sequence
        else:
            kwargs["ShardIteratorType"] = self.starting_position
        return str(self.client.get_shard_iterator(**kwargs)["ShardIterator"])

    def _deliver(self, batch: list[Record]) -> None:
        attempts = 0
        while batch:
            attempts += 1
            failed = self._invoke(batch)
            if failed is None:
                return
            if failed > 0:
                batch, attempts = batch[failed:], 1
            if attempts < self.max_attempts:
                continue
            raised = failed < 0
            self._give_up(batch if raised else batch[:1], attempts, raised)
            batch = [] if raised else batch[1:]
            attempts = 0

    def _invoke(self, batch: list[Record]) -> int | None:
        """Index to retry from: None on success, -1 when the handler raised."""
        self.invocations += 1
        try:
            response = self.handler({"Records": batch}, LambdaContext(self.name))
        except Exception:
            logger.warning("stream handler %s raised", self.name, exc_info=True)
            return -1
        return _failed_index(response, batch)

    def _give_up(self, records: list[Record], attempts: int, raised: bool) -> None:
        for record in records:
            logger.error(
                json.dumps(
                    {
                        "message": "stream record given up",
                        "handler": self.name,
                        "attempts": attempts,
                        "reason": "handler raised" if raised else "reported as failed",
                        "eventID": record["eventID"],
                        "eventName": record["eventName"],
                        "sequenceNumber": record["dynamodb"]["SequenceNumber"],
                        "keys": record["dynamodb"]["Keys"],
                    },
                    sort_keys=True,
                )
            )


@dataclass
class StreamSource:
    name: str
    handler: Handler
    stream_arn: str
    batch_size: int
    starting_position: str


def resolve_handler(handler_string: str, app_module: ModuleType) -> Handler:
    """`module.function` from a Chalice handler_string, preferring the given app module."""
    module_name, _, attribute = handler_string.rpartition(".")
    module = app_module if hasattr(app_module, attribute) else importlib.import_module(module_name)
    handler: Handler = getattr(module, attribute)
    return handler


def stream_sources(app_module: ModuleType) -> list[StreamSource]:
    """The app's `on_dynamodb_record` handlers, from `app.event_sources`."""
    sources = []
    for config in app_module.app.event_sources:
        if not isinstance(config, DynamoDBEventConfig):
            continue
        sources.append(
            StreamSource(
                name=config.name,
                handler=resolve_handler(config.handler_string, app_module),
                stream_arn=config.stream_arn,
                batch_size=int(config.batch_size or 100),
                starting_position=config.starting_position or "TRIM_HORIZON",
            )
        )
    return sources


class PumpGroup:
    """Several pumps driven together; `drain` settles when none of them delivers anything."""

    def __init__(self, pumps: Sequence[StreamPump]) -> None:
        self.pumps = list(pumps)

    def poll_once(self) -> int:
        return sum(pump.poll_once() for pump in self.pumps)

    def drain(self, max_rounds: int = DRAIN_ROUNDS) -> int:
        return _drain(self.poll_once, max_rounds, "streams")

    def start(self, interval: float = 0.25) -> None:
        for pump in self.pumps:
            pump.start(interval)

    def stop(self, timeout: float = 10.0) -> None:
        for pump in self.pumps:
            pump.stop(timeout)


def pumps_for_app(
    app_module: ModuleType,
    streams_client: Any,
    *,
    stream_arn: str | None = None,
    region: str = "eu-west-1",
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
) -> PumpGroup:
    """One pump per stream handler of the app; `stream_arn` overrides the declared ARN."""
    return PumpGroup(
        [
            StreamPump(
                streams_client,
                stream_arn or source.stream_arn,
                source.handler,
                batch_size=source.batch_size,
                max_attempts=max_attempts,
                starting_position=source.starting_position,
                region=region,
                name=source.name,
            )
            for source in stream_sources(app_module)
        ]
    )
