"""The dev server: the app over HTTP, one thread per connection, and a clean stop."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import urllib.error
import urllib.request
from typing import Any

from chalice import Chalice

from chalicelib.local.server import DevServer
from tests.support.crowds import kept_alive_crowd


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


def _app_with_things() -> Chalice:
    from chalicelib.http import ComptoirApp

    app = ComptoirApp(app_name="fakeshop")

    @app.route("/things", methods=["GET"])
    def things() -> dict[str, Any]:
        return {"items": []}

    @app.route("/things/forget", methods=["POST"])
    def forget() -> Any:
        from chalice import Response

        return Response(body="", status_code=204)

    return app


def _exchange(connection: http.client.HTTPConnection, method: str, path: str) -> Any:
    connection.request(method, path)
    answer = connection.getresponse()
    return answer, answer.read()


def test_head_and_trace_answer_405_problem_json_and_head_has_no_body() -> None:
    with DevServer(_app_with_things(), port=0) as server:
        connection = http.client.HTTPConnection(*server.address, timeout=10)
        head, head_body = _exchange(connection, "HEAD", "/things")
        trace, trace_body = _exchange(connection, "TRACE", "/things")
        after, after_body = _exchange(connection, "GET", "/things")
        connection.close()

    assert (head.status, head_body) == (405, b"")
    assert head.headers["Content-Type"] == "application/problem+json"
    assert head.headers["Allow"] == "GET"
    assert trace.status == 405 and json.loads(trace_body)["code"] == "METHOD_NOT_ALLOWED"
    assert trace.headers["Content-Type"] == "application/problem+json"
    assert (after.status, json.loads(after_body)) == (200, {"items": []})


def test_a_method_the_server_does_not_know_is_405_problem_json() -> None:
    with DevServer(_app_with_things(), port=0) as server:
        connection = http.client.HTTPConnection(*server.address, timeout=10)
        answer, body = _exchange(connection, "BREW", "/things")
        connection.close()

    assert answer.status == 405
    assert answer.headers["Content-Type"] == "application/problem+json"
    assert json.loads(body)["code"] == "METHOD_NOT_ALLOWED"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Referrer-Policy"] == "no-referrer"


def test_a_missing_route_answers_404_with_the_security_headers() -> None:
    with DevServer(_app_with_things(), port=0) as server:
        connection = http.client.HTTPConnection(*server.address, timeout=10)
        answer, body = _exchange(connection, "GET", "/nowhere")
        connection.close()

    problem = json.loads(body)
    assert answer.status == 404 and problem["code"] == "NOT_FOUND"
    assert problem["request_id"] == answer.headers["X-Request-Id"]
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Referrer-Policy"] == "no-referrer"
    assert answer.headers["Cache-Control"] == "no-store"


def test_no_content_answers_carry_no_content_type_and_keep_the_connection_usable() -> None:
    with DevServer(_app_with_things(), port=0) as server:
        connection = http.client.HTTPConnection(*server.address, timeout=10)
        forgotten, forgotten_body = _exchange(connection, "POST", "/things/forget")
        after, _ = _exchange(connection, "GET", "/things")
        connection.close()

    assert (forgotten.status, forgotten_body) == (204, b"")
    assert "Content-Type" not in forgotten.headers
    assert after.status == 200


def test_many_kept_alive_clients_at_once_are_all_answered() -> None:
    clients = 50
    with DevServer(_app_with_things(), port=0) as server:
        statuses, failures = kept_alive_crowd(
            clients,
            lambda: http.client.HTTPConnection(*server.address, timeout=30),
            lambda connection: _exchange(connection, "GET", "/things")[0].status,
            rounds=5,
            start_timeout=10,
            join_timeout=60,
        )

    assert failures == []
    assert statuses == [200] * clients * 5
