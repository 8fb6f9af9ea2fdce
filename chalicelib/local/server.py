"""Serves the Chalice app over HTTP from a background thread, one thread per connection."""

from __future__ import annotations

import json
import sys
import threading
from typing import Any, Self

from chalice.app import Chalice
from chalice.config import Config
from chalice.local import (
    ChaliceRequestHandler,
    ForbiddenError,
    LocalDevServer,
    LocalGatewayException,
    ThreadedHTTPServer,
    create_local_server,
)


class QuietRequestHandler(ChaliceRequestHandler):
    """The app logs one JSON line per request; the access line would repeat it. A path no
    route matches answers 404 problem+json, as the deployed API Gateway is configured to."""

    def log_message(self, format: str, *args: Any) -> None:
        return None

    def _send_error_response(self, error: LocalGatewayException) -> None:
        if isinstance(error, ForbiddenError) and not _is_route_forbidden(error):
            body = json.dumps(MISSING_ROUTE).encode()
            headers = {"Content-Type": "application/problem+json"}
            self._send_http_response(404, headers, body)
            return
        super()._send_error_response(error)


MISSING_ROUTE = {
    "type": "https://comptoir.app/problems/not-found",
    "title": "Not found",
    "status": 404,
    "code": "NOT_FOUND",
    "detail": "No such route or method.",
}


def _is_route_forbidden(error: LocalGatewayException) -> bool:
    """Chalice's local gateway answers 403 both for a missing route and for an authorizer;
    only the first carries API Gateway's missing-token messages."""
    body = error.body or b""
    return b"Missing Authentication Token" not in body and b"'Credential'" not in body


class QuietServer(ThreadedHTTPServer):
    """A client hanging up mid-answer is not an error worth a stack trace."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


def _has_thread_local_request(app: Chalice) -> bool:
    return any(isinstance(vars(cls).get("current_request"), property) for cls in type(app).__mro__)


class DevServer:
    """The app on http://HOST:PORT; port 0 picks a free port, `stop()` shuts it down."""

    def __init__(
        self, app: Chalice, host: str = "127.0.0.1", port: int = 8000, stage: str = "local"
    ) -> None:
        config = Config.create(
            chalice_stage=stage, chalice_app=app, app_name=app.app_name, lambda_timeout=60
        )
        if _has_thread_local_request(app):
            self._server = LocalDevServer(
                app, config, host, port, handler_cls=QuietRequestHandler, server_cls=QuietServer
            )
        else:
            self._server = create_local_server(app, config, host, port)
        self._thread: threading.Thread | None = None

    @property
    def address(self) -> tuple[str, int]:
        host, port = self._server.server.server_address[:2]
        return str(host), int(port)

    @property
    def url(self) -> str:
        host, port = self.address
        return f"http://{host}:{port}"

    def start(self) -> str:
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._server.server.serve_forever, name="http", daemon=True
            )
            self._thread.start()
        return self.url

    def stop(self, timeout: float = 10.0) -> None:
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout)
            self._thread = None
        self._server.server.server_close()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
