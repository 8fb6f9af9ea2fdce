"""The test stack: one embedded DynamoDB (moto server, or Amazon DynamoDB Local with
COMPTOIR_BACKEND=local), one table, the app, and the stream pump that drains its real stream.

The environment is set before anything imports chalicelib: PynamoDB reads the endpoint and
table name when its models are defined.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest

from chalicelib.local.dynamo import free_port
from tests.support import Api, Stack, Tenant, configure_environment, open_stack, sign_up

BACKEND = os.environ.get("COMPTOIR_BACKEND", "moto")
_PORT = free_port()
configure_environment(_PORT, f"comptoir-test-{os.getpid()}")


def _needs_dynamodb_local() -> None:
    from chalicelib.local.dynamo import dynamodb_local_available

    if dynamodb_local_available():
        return
    if os.environ.get("COMPTOIR_REQUIRE_DYNAMODB_LOCAL"):
        pytest.fail("Amazon DynamoDB Local is required here but not installed", pytrace=False)
    pytest.skip("Amazon DynamoDB Local is not installed (make dynamodb-local)")


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    kind = "local" if BACKEND == "local" else "moto"
    if kind == "local":
        _needs_dynamodb_local()
    with open_stack(kind, _PORT) as built:
        yield built


@pytest.fixture
def api(stack: Stack) -> Api:
    return stack.api


@pytest.fixture
def drain(stack: Stack) -> Callable[[], int]:
    """Deliver every pending stream record to the app's stream handler, as Lambda would."""
    return stack.drain


@pytest.fixture
def tenant(api: Api) -> Tenant:
    return sign_up(api)


@pytest.fixture
def other_tenant(api: Api) -> Tenant:
    return sign_up(api, name="Other shop")
