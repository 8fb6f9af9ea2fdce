"""One JSON log line per request, without secrets; scheduled checks reach every tenant."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from chalicelib.jobs import run_tenant_checks, tenant_ids
from chalicelib.log import logger
from tests.support import PASSWORD, Api, Tenant, sign_up


@contextmanager
def captured_logs() -> Iterator[io.StringIO]:
    """What the request logger writes, formatted exactly as in Lambda."""
    log = logger()
    sink = io.StringIO()
    handler = logging.StreamHandler(sink)
    handler.setFormatter(log.registered_formatter)
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    try:
        yield sink
    finally:
        log.removeHandler(handler)
        log.setLevel(logging.WARNING)


def request_lines(output: str) -> list[dict]:
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    return [line for line in lines if line.get("message") == "request"]


def test_each_request_logs_one_line_with_its_context(tenant: Tenant) -> None:
    with captured_logs() as sink:
        reply = tenant.post("/v1/stores", {"name": "Logged", "code": "LOG"})
    (line,) = request_lines(sink.getvalue())
    # Lambda's runtime handler sits on the root logger: a propagating line would print twice.
    assert logging.getLogger("comptoir-api").propagate is False
    assert line["request_id"] == reply.headers["X-Request-Id"]
    assert line["tenant_id"] == tenant.id and line["user_id"] == tenant.admin_id
    assert line["route"] == "/v1/stores" and line["method"] == "POST"
    assert line["status"] == 201 and line["latency_ms"] >= 0
    assert line["service"] == "comptoir-api"


def test_passwords_and_tokens_never_reach_the_logs(api: Api) -> None:
    with captured_logs() as sink:
        created = sign_up(api)
        api.post("/v1/auth/token", {"email": created.email, "password": PASSWORD})
        api.post("/v1/auth/token", {"email": created.email, "password": "wrong-password-1"})
    output = sink.getvalue()
    assert len(request_lines(output)) == 3
    assert PASSWORD not in output and "wrong-password-1" not in output
    assert created.token not in output and created.refresh_token.split(".")[1] not in output


def test_tenant_checks_visit_every_tenant_through_the_registry(api: Api) -> None:
    created = {sign_up(api).id for _ in range(3)}
    assert created <= set(tenant_ids())
    seen: list[str] = []

    def remember(tenant_id: str) -> int:
        seen.append(tenant_id)
        return 1

    summary = run_tenant_checks({"remember": remember})
    assert created <= set(seen)
    assert summary["tenants"] == len(seen) and summary["findings"]["remember"] == len(seen)


def test_a_failing_check_does_not_stop_the_others(api: Api) -> None:
    sign_up(api)

    def broken(tenant_id: str) -> int:
        raise RuntimeError("boom")

    summary = run_tenant_checks({"broken": broken, "fine": lambda tenant_id: 0})
    assert summary["failures"] == summary["tenants"] > 0
