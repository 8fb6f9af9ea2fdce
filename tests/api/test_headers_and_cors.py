"""API.md's headers row: security headers on every answer, no-store where private, a CSP on
HTML pages, HSTS when deployed, and CORS (preflight included) for the CORS_ORIGINS only."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support import (
    Api,
    Reply,
    Tenant,
    add_product,
    add_store,
    changed_settings,
    draft_sale,
    unique,
)

SHOP = "https://shop.example.cm"
DEV = "http://localhost:3000"


def _assert_secure(reply: Reply) -> None:
    assert reply.headers["X-Content-Type-Options"] == "nosniff", reply
    assert reply.headers["Referrer-Policy"] == "no-referrer", reply


def _sale(tenant: Tenant) -> str:
    store = add_store(tenant, "Main", "HDR")["id"]
    product = add_product(tenant, name="Cable", price=1200, track_stock=False)["id"]
    return str(draft_sale(tenant, store, [{"product_id": product, "quantity": 1}])["id"])


def test_every_answer_carries_the_security_headers(api: Api, tenant: Tenant) -> None:
    answers = {
        "public": api.get("/v1/health"),
        "authenticated": tenant.get("/v1/stores"),
        "unauthenticated": api.get("/v1/stores"),
        "invalid": tenant.post("/v1/stores", {"name": 12}),
        "not found": tenant.get("/v1/stores/01JD00000000000000000NOPE0"),
        "wrong method": tenant.delete("/v1/stores"),
        "preflight": api.request("OPTIONS", "/v1/stores"),
        "no content": tenant.delete(
            f"/v1/stores/{tenant.post('/v1/stores', {'name': 'A', 'code': 'GONE'}).json['id']}"
        ),
    }
    assert answers["wrong method"].status == 405 and answers["no content"].status == 204
    for kind, reply in answers.items():
        assert reply.headers.get("X-Content-Type-Options") == "nosniff", kind
        assert reply.headers.get("Referrer-Policy") == "no-referrer", kind


def test_authenticated_and_token_answers_are_never_stored(api: Api, tenant: Tenant) -> None:
    private = {
        "authenticated": tenant.get("/v1/stores"),
        "authenticated problem": tenant.get("/v1/stores/01JD00000000000000000NOPE0"),
        "refused token": api.get("/v1/stores"),
        "token": api.post(
            "/v1/auth/token", {"email": tenant.email, "password": "correct-horse-battery"}
        ),
        "refresh": api.post("/v1/auth/token/refresh", {"refresh_token": tenant.refresh_token}),
        "wrong method": tenant.delete("/v1/stores"),
    }
    for kind, reply in private.items():
        assert reply.headers.get("Cache-Control") == "no-store", kind
    assert private["token"].status == 200 and private["refresh"].status == 200
    assert "Cache-Control" not in api.get("/v1/health").headers


def test_sign_up_answers_are_never_stored(api: Api) -> None:
    reply = api.post(
        "/v1/tenants",
        {
            "name": "Headers",
            "admin": {
                "email": f"{unique('hdr')}@example.cm",
                "password": "correct-horse-battery",
                "full_name": "Awa",
            },
        },
    )
    assert reply.status == 201 and reply.headers["Cache-Control"] == "no-store"


def test_the_docs_page_runs_only_the_files_of_its_own_origin(api: Api) -> None:
    page = api.get("/v1/docs")
    _assert_secure(page)
    directives = dict(
        part.split(" ", 1) for part in page.headers["Content-Security-Policy"].split("; ")
    )
    assert directives["default-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["connect-src"] == "'self'" and directives["base-uri"] == "'none'"
    assert "unsafe-" not in page.headers["Content-Security-Policy"]
    assert page.headers["Cache-Control"].startswith("public, max-age=")
    assert "Content-Security-Policy" not in page.body.decode()


def test_an_html_receipt_cannot_be_framed_or_run_scripts(tenant: Tenant) -> None:
    page = tenant.get(f"/v1/sales/{_sale(tenant)}/receipt?format=html")
    assert page.status == 200 and page.headers["Content-Type"].startswith("text/html")
    policy = page.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy
    assert "script-src" not in policy
    assert page.headers["Cache-Control"] == "no-store"
    assert "Content-Security-Policy" not in tenant.get("/v1/stores").headers


def test_strict_transport_security_is_sent_when_configured(api: Api) -> None:
    assert "Strict-Transport-Security" not in api.get("/v1/health").headers
    with changed_settings(HSTS_SECONDS="31536000"):
        reply = api.get("/v1/health")
    assert reply.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@pytest.fixture
def cors() -> Iterator[None]:
    with changed_settings(CORS_ORIGINS=f"{SHOP}, {DEV}"):
        yield


def _preflight(api: Api, path: str, origin: str) -> Reply:
    return api.request(
        "OPTIONS",
        path,
        headers={
            "origin": origin,
            "access-control-request-method": "POST",
            "access-control-request-headers": "authorization, content-type, idempotency-key",
        },
    )


def test_a_preflight_from_an_allowed_origin_is_answered(api: Api, cors: None) -> None:
    reply = _preflight(api, "/v1/products", SHOP)
    assert reply.status == 204 and reply.body == b""
    assert reply.headers["Access-Control-Allow-Origin"] == SHOP
    assert "Origin" in reply.headers["Vary"]
    assert set(reply.headers["Access-Control-Allow-Methods"].split(", ")) == {
        "GET",
        "POST",
        "OPTIONS",
    }
    allowed = {h.strip().lower() for h in reply.headers["Access-Control-Allow-Headers"].split(",")}
    assert {"authorization", "content-type", "idempotency-key"} <= allowed
    item = _preflight(api, "/v1/products/01JD00000000000000000NOPE0?x=1", DEV)
    assert item.status == 204 and item.headers["Access-Control-Allow-Origin"] == DEV
    assert {"GET", "PATCH", "DELETE"} <= set(
        item.headers["Access-Control-Allow-Methods"].split(", ")
    )
    assert _preflight(api, "/v1/products?search=riz", SHOP).status == 204


def test_answers_to_an_allowed_origin_expose_the_api_headers(tenant: Tenant, cors: None) -> None:
    for reply in (
        tenant.get("/v1/stores", headers={"origin": SHOP}),
        tenant.api.get("/v1/stores", headers={"origin": SHOP}),
        tenant.delete("/v1/stores", headers={"origin": SHOP}),
    ):
        assert reply.headers["Access-Control-Allow-Origin"] == SHOP, reply
        exposed = {h.strip() for h in reply.headers["Access-Control-Expose-Headers"].split(",")}
        assert {"X-Request-Id", "Idempotent-Replayed", "Retry-After"} <= exposed
        assert "Origin" in reply.headers["Vary"]


def test_other_origins_get_no_cors_answer(api: Api, tenant: Tenant, cors: None) -> None:
    preflight = _preflight(api, "/v1/products", "https://evil.example")
    assert preflight.status == 204 and "Access-Control-Allow-Origin" not in preflight.headers
    assert "Access-Control-Allow-Methods" not in preflight.headers
    reply = tenant.get("/v1/stores", headers={"origin": "https://evil.example"})
    assert reply.status == 200 and "Access-Control-Allow-Origin" not in reply.headers
    assert "Access-Control-Allow-Origin" not in tenant.get("/v1/stores").headers


def test_without_cors_origins_no_origin_is_allowed(api: Api) -> None:
    reply = _preflight(api, "/v1/products", SHOP)
    assert reply.status == 204 and reply.headers["Allow"]
    assert "Access-Control-Allow-Origin" not in reply.headers
