"""Structured JSON logging with Powertools: one line per request, never a secret."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from chalicelib.config import get_settings

# Not the Chalice app_name: the same name on both would print every line twice.
SERVICE = "comptoir-api"


@lru_cache(maxsize=1)
def logger() -> Any:
    # Powertools' Logger costs ~40 ms at a cold start: built with the first log line.
    import logging

    from aws_lambda_powertools import Logger

    powertools = Logger(service=SERVICE, level=get_settings().log_level)
    # Lambda's runtime puts a handler on the root logger: propagating would print twice.
    logging.getLogger(SERVICE).propagate = False
    return powertools


def log_request(**fields: Any) -> None:
    logger().info("request", extra={k: v for k, v in fields.items() if v is not None})
