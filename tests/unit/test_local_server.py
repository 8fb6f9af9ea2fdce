"""The dev server: the app over HTTP, one thread per connection, and a clean stop."""

from __future__ import annotations

import json
import socket
import threading
import urllib.error
import urllib.request
from typing import Any

from chalice import Chalice

from chalicelib.local.server import DevServer


def slow_echo_app(both_inside: threading.Barrier) -> Chalice:
    app = Chalice(app_name="fakeshop")

    @app.route("/echo/{word}")
    def echo(word: str) -> dict[str, Any]:
        request = app.current_request
        both_inside.wait(timeout=5)
        assert request is app.current_request and request is not None
        return {"word": word, "path": request.path}

    return app


def get(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return dict(json.loads(response.read()))


def test_serves_concurrent_requests_each_with_its_own_request() -> None:
    server = DevServer(slow_echo_app(threading.Barrier(2)), port=0)
    url = server.start()
    answers: dict[str, Any] = {}

    def ask(word: str) -> None:
        answers[word] = get(f"{url}/echo/{word}")

    threads = [threading.Thread(target=ask, args=(w,)) for w in ("tea", "rice")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    server.stop()

    assert url.startswith("http://127.0.0.1:")
    assert answers == {
        "tea": {"word": "tea", "path": "/echo/{word}"},
        "rice": {"word": "rice", "path": "/echo/{word}"},
    }


def test_stop_releases_the_port() -> None:
    with DevServer(Chalice(app_name="fakeshop"), port=0) as server:
        host, port = server.address

    with socket.socket() as probe:
        probe.bind((host, port))


def test_unknown_routes_and_methods_answer_problem_json() -> None:
    from chalicelib.http import ComptoirApp

    app = ComptoirApp(app_name="fakeshop")

    @app.route("/things", methods=["GET"])
    def things() -> dict[str, Any]:
        return {"items": []}

    with DevServer(app, port=0) as server:
        for method, path, status, code in (
            ("GET", "/nowhere", 404, "NOT_FOUND"),
            ("DELETE", "/things", 405, "METHOD_NOT_ALLOWED"),
        ):
            request = urllib.request.Request(
                server.url + path, method=method, headers={"Authorization": "Bearer secret"}
            )
            try:
                urllib.request.urlopen(request, timeout=10)
            except urllib.error.HTTPError as error:
                body = json.loads(error.read())
                assert error.code == status and body["code"] == code
                assert error.headers["Content-Type"] == "application/problem+json"
                assert "secret" not in json.dumps(body)
            else:
                raise AssertionError(f"{method} {path} should fail")
