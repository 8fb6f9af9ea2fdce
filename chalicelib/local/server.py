"""Serves the Chalice app over HTTP from a background thread, one thread per connection.

It behaves as API Gateway does where Chalice's local server does not: problem+json for a missing
route or a method the server does not know, no body on HEAD, 204 and 304 answers, and a listen
backlog and TCP_NODELAY that hold many kept-alive clients at once.
"""

from __future__ import annotations

import socket
import sys
import threading
from typing import Any, Self

from chalice.app import Chalice
from chalice.config import Config
from chalice.local import (
    ChaliceRequestHandler,
    ForbiddenError,
    HeaderType,
    LocalDevServer,
    LocalGatewayException,
    ThreadedHTTPServer,
    create_local_server,
)

from chalicelib import errors
from chalicelib.clock import new_id
from chalicelib.http_headers import secure
from chalicelib.problems import problem

NO_BODY_STATUSES = frozenset({204, 304})


class UnknownMethodError(errors.MethodNotAllowedError):
    """A method the server itself does not know (API Gateway refuses it before the app)."""


def missing_route() -> errors.DomainError:
    return errors.NotFoundError("No such route or method.")


class QuietRequestHandler(ChaliceRequestHandler):
    """The app logs one JSON line per request; the access line would repeat it."""

    # Headers and body leave in one write (flushed by handle_one_request), and small answers
    # are not held back by Nagle's algorithm waiting for the client's delayed ACK.
    wbufsize = 64 * 1024

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        return None

    def do_TRACE(self) -> None:
        """TRACE reaches the app, which answers 405 for a known path and 404 otherwise."""
        self._generic_handle()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Errors raised before the app runs (unknown method, bad request line) as problem+json."""
        detail = message or explain
        error = UnknownMethodError(detail or "Method not allowed") if code == 501 else None
        self.close_connection = True
        self._send_gateway_answer(error or errors.DomainError(detail or "Bad request"))

    def _send_error_response(self, error: LocalGatewayException) -> None:
        if isinstance(error, ForbiddenError) and not _is_route_forbidden(error):
            self._send_gateway_answer(missing_route())
            return
        super()._send_error_response(error)

    def _send_gateway_answer(self, error: errors.DomainError) -> None:
        """An answer the app never saw is the same problem, with the same headers and a
        request id, as the app's own."""
        request_id = new_id()
        answer = problem(error, request_id)
        headers: dict[str, Any] = {**answer.headers, "X-Request-Id": request_id}
        request_headers = dict(self.headers.items()) if getattr(self, "headers", None) else {}
        body = answer.body.encode() if isinstance(answer.body, str) else answer.body
        secure(headers, body, request_headers, private=True)
        self._send_http_response(error.status, headers, body)

    def _send_http_response(self, code: int, headers: HeaderType, body: str | bytes | None) -> None:
        if code in NO_BODY_STATUSES:
            headers = {k: v for k, v in headers.items() if k.lower() != "content-type"}
            self._send_http_response_no_body(code, headers)
        elif getattr(self, "command", None) == "HEAD":
            self._send_head_response(code, headers, body)
        else:
            super()._send_http_response(code, headers, body)

    def _send_head_response(self, code: int, headers: HeaderType, body: str | bytes | None) -> None:
        """The headers a GET would get, and never a body: the client reads none."""
        length = len(body.encode() if isinstance(body, str) else body or b"")
        self.send_response(code)
        self.send_header("Content-Length", str(length))
        self.send_header("Content-Type", headers.pop("Content-Type", "application/json"))
        self._send_headers(headers)


def _is_route_forbidden(error: LocalGatewayException) -> bool:
    """Chalice's local gateway answers 403 both for a missing route and for an authorizer;
    only the first carries API Gateway's missing-token messages."""
    body = error.body or b""
    return b"Missing Authentication Token" not in body and b"'Credential'" not in body


class QuietServer(ThreadedHTTPServer):
    """A client hanging up mid-answer is not an error worth a stack trace."""

    # socketserver's default backlog of 5 makes bursts of clients wait on SYN retries.
    request_queue_size = 512

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
