"""The JSON clients the tests call the app with: in-process (as API Gateway would) or over
real HTTP."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body) if self.body else None

    def __repr__(self) -> str:
        return f"Reply({self.status}, {self.body[:300]!r})"


def outgoing(
    json_body: Any, token: str | None, headers: dict[str, str] | None, body: bytes | str | None
) -> tuple[dict[str, str], bytes | str | None]:
    """The headers and body a JSON client sends: `body` as given, else `json_body` encoded."""
    sent = {"content-type": "application/json", **(headers or {})}
    if token:
        sent["authorization"] = f"Bearer {token}"
    if body is not None:
        return sent, body
    return sent, json.dumps(json_body) if json_body is not None else None


class Api:
    """Calls the app in-process the way API Gateway would, with JSON bodies."""

    def __init__(self, chalice_client: Any) -> None:
        self._http = chalice_client.http

    def request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        token: str | None = None,
        headers: dict[str, str] | None = None,
        body: bytes | str | None = None,
    ) -> Reply:
        sent, payload = outgoing(json_body, token, headers, body)
        data = payload.encode() if isinstance(payload, str) else payload
        return self.send(method, path, sent, data)

    def send(self, method: str, path: str, headers: dict[str, str], data: bytes | None) -> Reply:
        response = getattr(self._http, method.lower())(path, headers=headers, body=data or b"")
        return Reply(response.status_code, dict(response.headers), response.body)

    def get(self, path: str, **kwargs: Any) -> Reply:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, json_body: Any = None, **kwargs: Any) -> Reply:
        return self.request("POST", path, json_body=json_body, **kwargs)

    def patch(self, path: str, json_body: Any = None, **kwargs: Any) -> Reply:
        return self.request("PATCH", path, json_body=json_body, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Reply:
        return self.request("DELETE", path, **kwargs)


class HttpApi(Api):
    """The same JSON client over real HTTP (urllib), safe to share between threads."""

    def __init__(self, base_url: str, timeout: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def send(self, method: str, path: str, headers: dict[str, str], data: bytes | None) -> Reply:
        import urllib.error
        import urllib.request

        request = urllib.request.Request(
            self.base_url + path, data=data, headers=headers, method=method
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return Reply(response.status, dict(response.headers), response.read())
        except urllib.error.HTTPError as error:
            return Reply(error.code, dict(error.headers), error.read())
