"""Comptoir's Chalice app: the HTTP API, the table's stream handler and the scheduled jobs.

Chalice deploys event handlers declared on blueprints without running this module's
registrations, so every stream and schedule handler is declared here. Every function runs this
module; only the API function (`COMPTOIR_FUNCTION=api`, the default) registers the routes.
"""

from __future__ import annotations

from typing import Any

from chalicelib.loading import load_module, without_collection

with without_collection():
    from chalice import Rate
    from chalice.app import CloudWatchEvent, DynamoDBEvent

    from chalicelib.config import get_settings
    from chalicelib.http import ComptoirApp
    from chalicelib.tracing import trace_aws_calls

    settings = get_settings()
    app = ComptoirApp(app_name="comptoir")
    if settings.serves_routes:
        # The stream and schedule functions start without loading a single route or its domain.
        from chalicelib.routes import register_api

        register_api(app)


@app.middleware("all")
def trace_invocation(event: Any, get_response: Any) -> Any:
    """Every handler's AWS calls join the invocation's X-Ray trace (deployed only)."""
    trace_aws_calls()
    return get_response(event)


@app.on_dynamodb_record(
    stream_arn=settings.stream_arn, batch_size=100, starting_position="TRIM_HORIZON"
)
def on_table_change(event: DynamoDBEvent) -> dict[str, Any]:
    """Derives the audit log (and later alerts, rollups) from the table's stream."""
    # The API's cold start skips the stream handlers' modules: only this function needs them.
    return load_module("chalicelib.streams").handle_stream_event(event.to_dict())


@app.schedule(Rate(30, unit=Rate.MINUTES), name="tenant-checks")
def tenant_checks(event: CloudWatchEvent) -> dict[str, Any]:
    """Every 30 minutes: the checks of every tenant, found through the tenant registry, and
    the daily jobs of the tenants whose local time for them has come (chalicelib/jobs.py)."""
    # The API's cold start skips the scheduled checks: only this function needs them.
    # `time` is when EventBridge meant the run, so a late start still covers its window.
    return dict(load_module("chalicelib.jobs").run_schedule(event.time))
