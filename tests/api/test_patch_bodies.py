"""Property: every PATCH of the app (found in the route table) refuses null on a required field
and any field of the wrong type with a 422 naming it, leaving the stored object as it was; null
on an optional field clears it (API.md `versions`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chalicelib.money import MAX_AMOUNT
from tests.support import (
    Stack,
    Tenant,
    add_brand,
    add_category,
    add_credit_account,
    add_customer,
    add_product,
    add_promotion,
    add_store,
    add_supplier,
    add_user,
    draft_order,
    draft_sale,
    sign_up,
    unique,
)


def _patch_routes() -> list[Any]:
    import app  # noqa: F401  - registers every blueprint
    from chalicelib.http import ROUTES

    return sorted((spec for spec in ROUTES if spec.method == "PATCH"), key=lambda s: s.path)


PATCH_ROUTES = _patch_routes()


def _store(tenant: Tenant) -> dict[str, Any]:
    return add_store(tenant, "Akwa", address="Rue Joss", phone="+237699000000")


def _product(tenant: Tenant) -> dict[str, Any]:
    return add_product(
        tenant,
        barcode=unique("B").replace("-", "")[-12:],
        name="Spark 20",
        description="6.6 inch",
        category_id=add_category(tenant, "Phones")["id"],
        brand_id=add_brand(tenant, "Tecno")["id"],
        price=85000,
        track_stock=False,
    )


def _customer(tenant: Tenant) -> dict[str, Any]:
    return add_customer(
        tenant,
        "Société Kamga",
        type="BUSINESS",
        phone="699000001",
        email="kamga@example.cm",
        vat_number="M051200012345X",
        notes="pays on Fridays",
    )


def _category(tenant: Tenant) -> dict[str, Any]:
    return add_category(tenant, "Rice", parent_id=add_category(tenant, "Food")["id"])


def _sale(tenant: Tenant) -> dict[str, Any]:
    store, customer = _store(tenant)["id"], _customer(tenant)["id"]
    lines = [{"product_id": _product(tenant)["id"], "quantity": 1}]
    return draft_sale(tenant, store, lines, customer_id=customer, note="gift wrap")


def _supplier(tenant: Tenant) -> dict[str, Any]:
    return add_supplier(
        tenant,
        "Tecno Distribution",
        phone="+237699000001",
        email="achats@tecno.example",
        address="Rue Joss, Douala",
        payment_terms_days=30,
        notes="delivers on Tuesdays",
    )


def _order(tenant: Tenant) -> dict[str, Any]:
    lines = [{"product_id": _product(tenant)["id"], "quantity": 3, "unit_cost": 1500}]
    supplier, store = _supplier(tenant)["id"], _store(tenant)["id"]
    return draft_order(tenant, supplier, store, lines, expected_date="2026-12-24", note="urgent")


def _promotion(tenant: Tenant) -> dict[str, Any]:
    return add_promotion(
        tenant,
        "Happy hour",
        percent_bps=1500,
        product_ids=[_product(tenant)["id"]],
        starts_at="2026-01-01T00:00:00Z",
        ends_at="2099-01-01T00:00:00Z",
        start_time="17:00",
        end_time="19:00",
    )


def _stock_level(tenant: Tenant) -> dict[str, Any]:
    return {"store_id": _store(tenant)["id"], "product_id": _product(tenant)["id"]}


# What each PATCH route edits, made with every optional field filled in: a new PATCH route
# fails test_every_patch_route_has_a_subject until it has its line here.
SUBJECTS: dict[str, Callable[[Tenant], dict[str, str]]] = {
    "/v1/tenant": lambda tenant: {},
    "/v1/stores/{store_id}": lambda tenant: {"store_id": _store(tenant)["id"]},
    "/v1/users/{user_id}": lambda tenant: {"user_id": add_user(tenant, "SALES").id},
    "/v1/categories/{category_id}": lambda tenant: {"category_id": _category(tenant)["id"]},
    "/v1/brands/{brand_id}": lambda tenant: {"brand_id": add_brand(tenant, "Itel")["id"]},
    "/v1/products/{product_id}": lambda tenant: {"product_id": _product(tenant)["id"]},
    "/v1/customers/{customer_id}": lambda tenant: {"customer_id": _customer(tenant)["id"]},
    "/v1/sales/{sale_id}": lambda tenant: {"sale_id": _sale(tenant)["id"]},
    "/v1/stock/{store_id}/{product_id}": _stock_level,
    "/v1/suppliers/{supplier_id}": lambda tenant: {"supplier_id": _supplier(tenant)["id"]},
    "/v1/purchase-orders/{order_id}": lambda tenant: {"order_id": _order(tenant)["id"]},
    "/v1/promotions/{promotion_id}": lambda tenant: {"promotion_id": _promotion(tenant)["id"]},
    "/v1/credit-accounts/{account_id}": lambda tenant: {
        "account_id": add_credit_account(tenant, _customer(tenant)["id"], 50000)["id"]
    },
}


class Subject:
    """One object behind a PATCH route, read back the way a client reads it."""

    def __init__(self, tenant: Tenant, spec: Any) -> None:
        self.tenant, self.spec = tenant, spec
        self.params = SUBJECTS[spec.path](tenant)
        self.path = spec.path.format(**self.params)

    def read(self) -> dict[str, Any]:
        if "store_id" in self.params and "product_id" in self.params:
            reply = self.tenant.get(
                f"/v1/stock?store_id={self.params['store_id']}"
                f"&product_id={self.params['product_id']}"
            )
            assert reply.status == 200, reply
            items = reply.json["items"]
            return dict(items[0]) if items else {}
        reply = self.tenant.get(self.path)
        assert reply.status == 200, reply
        return dict(reply.json)

    def patch(self, changes: dict[str, Any]) -> Any:
        body = dict(changes)
        if "version" in self.spec.body.model_fields and "version" not in body:
            body["version"] = self.read()["version"]
        return self.tenant.patch(self.path, body)


@pytest.fixture(scope="module")
def owner(stack: Stack) -> Tenant:
    return sign_up(stack.api, name="Patch shop", country="CM")


def test_every_patch_route_has_a_subject_and_a_patch_model() -> None:
    from chalicelib.schemas import PatchModel

    assert PATCH_ROUTES, "no PATCH route found"
    for spec in PATCH_ROUTES:
        assert spec.path in SUBJECTS, f"add {spec.path} to SUBJECTS"
        assert spec.body is not None and issubclass(spec.body, PatchModel), spec.path


def _json_types(schema: dict[str, Any], defs: dict[str, Any]) -> set[str]:
    """The JSON types a property schema accepts (pydantic's schemas: type, anyOf, $ref, enum)."""
    if "$ref" in schema:
        return _json_types(defs[schema["$ref"].rsplit("/", 1)[-1]], defs)
    if "anyOf" in schema:
        return set().union(*(_json_types(branch, defs) for branch in schema["anyOf"]))
    if "enum" in schema or "const" in schema:
        values = schema.get("enum", [schema.get("const")])
        return {_json_type_of(value) for value in values}
    kind = schema.get("type")
    if kind is None:
        return {"string", "integer", "number", "boolean", "array", "object", "null"}
    return set(kind) if isinstance(kind, list) else {kind}


def _json_type_of(value: Any) -> str:
    names = {bool: "boolean", int: "integer", float: "number", str: "string", type(None): "null"}
    return names.get(type(value), "object")


VALUES_OF_TYPE = {
    "string": st.text(max_size=20),
    "integer": st.integers(-MAX_AMOUNT, MAX_AMOUNT),
    "number": st.floats(allow_nan=False, allow_infinity=False).filter(lambda x: x != int(x)),
    "boolean": st.booleans(),
    "array": st.lists(st.integers(0, 9), max_size=3),
    "object": st.dictionaries(st.sampled_from(["a", "b"]), st.integers(0, 9), max_size=2),
}


@st.composite
def _refused_change(draw: st.DrawFn, model: Any) -> tuple[str, Any]:
    """A field of `model` and a value it must refuse: null on a required field, or a value
    of a JSON type its schema does not accept."""
    schema = model.model_json_schema()
    properties, defs = schema["properties"], schema.get("$defs", {})
    required = sorted(set(properties) - model.clearable_fields())
    if required and draw(st.booleans()):
        return draw(st.sampled_from(required)), None
    field = draw(st.sampled_from(sorted(properties)))
    accepted = _json_types(properties[field], defs)
    if "number" in accepted:
        accepted.add("integer")
    kind = draw(st.sampled_from([kind for kind in VALUES_OF_TYPE if kind not in accepted]))
    return field, draw(VALUES_OF_TYPE[kind])


@pytest.mark.parametrize("spec", PATCH_ROUTES, ids=lambda spec: spec.path)
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_a_refused_field_is_422_naming_it_and_changes_nothing(
    owner: Tenant, spec: Any, data: st.DataObject
) -> None:
    subject = _subject(owner, spec)
    field, value = data.draw(_refused_change(spec.body), label="change")
    before = subject.read()
    reply = subject.patch({field: value})
    assert reply.status == 422, reply
    assert reply.json["code"] == "VALIDATION_ERROR"
    assert field in {error["field"].split(".")[0] for error in reply.json["errors"]}, reply
    assert subject.read() == before


_SUBJECTS: dict[str, Subject] = {}


def _subject(owner: Tenant, spec: Any) -> Subject:
    """One object per route for all the examples: each refused PATCH must leave it as it was."""
    if spec.path not in _SUBJECTS:
        _SUBJECTS[spec.path] = Subject(owner, spec)
    return _SUBJECTS[spec.path]


REQUIRED = [
    (spec, name)
    for spec in PATCH_ROUTES
    for name in sorted(set(spec.body.model_fields) - spec.body.clearable_fields())
]


@pytest.mark.parametrize("spec, field", REQUIRED, ids=lambda x: getattr(x, "path", x))
def test_null_on_a_required_field_is_422_and_changes_nothing(
    owner: Tenant, spec: Any, field: str
) -> None:
    subject = _subject(owner, spec)
    before = subject.read()
    reply = subject.patch({field: None})
    assert reply.status == 422, reply
    assert [error["field"] for error in reply.json["errors"]] == [field], reply
    assert subject.read() == before


CLEARABLE = [(spec, name) for spec in PATCH_ROUTES for name in sorted(spec.body.clearable_fields())]


@pytest.mark.parametrize("spec, field", CLEARABLE, ids=lambda x: getattr(x, "path", x))
def test_null_clears_an_optional_field(owner: Tenant, spec: Any, field: str) -> None:
    subject = Subject(owner, spec)
    before = subject.read()
    assert before[field] is not None, f"SUBJECTS must fill {field} in for {spec.path}"
    reply = subject.patch({field: None})
    assert reply.status == 200, reply
    after = subject.read()
    assert after[field] is None
    assert after["version"] == before["version"] + 1
    unchanged = {k: v for k, v in after.items() if k not in (field, "version", "updated_at")}
    assert unchanged == {k: before[k] for k in unchanged}


def test_the_schema_shows_null_only_where_it_clears() -> None:
    for spec in PATCH_ROUTES:
        schema_of_body = spec.body.model_json_schema()
        properties, defs = schema_of_body["properties"], schema_of_body.get("$defs", {})
        for name, schema in properties.items():
            accepts_null = "null" in _json_types(schema, defs)
            assert accepts_null == (name in spec.body.clearable_fields()), (spec.path, name)


def test_a_null_store_name_is_refused_and_the_store_list_still_reads(owner: Tenant) -> None:
    store = _store(owner)
    reply = owner.patch(f"/v1/stores/{store['id']}", {"name": None, "version": 1})
    assert reply.status == 422 and reply.json["errors"][0]["field"] == "name", reply
    assert owner.get(f"/v1/stores/{store['id']}").json["name"] == "Akwa"
    assert owner.get("/v1/stores").status == 200


@pytest.mark.parametrize(
    "field",
    [
        "name",
        "timezone",
        "locale",
        "discount_approval_bps",
        "pending_payment_alert_minutes",
        "cash_variance_alert",
        "cash_variance_repeat",
        "abnormal_discount_bps",
        "expiry_alert_days",
    ],
)
def test_a_null_tenant_setting_is_refused_and_me_still_reads(owner: Tenant, field: str) -> None:
    version = owner.get("/v1/tenant").json["version"]
    reply = owner.patch("/v1/tenant", {field: None, "version": version})
    assert reply.status == 422 and reply.json["errors"][0]["field"] == field, reply
    assert owner.get("/v1/tenant").json["version"] == version
    assert owner.get("/v1/auth/me").status == 200


def test_loyalty_settings_merge_field_by_field_over_the_defaults(owner: Tenant) -> None:
    tenant = owner.get("/v1/tenant").json
    assert tenant["loyalty"] == {
        "enabled": False,
        "earn_per_amount": 1000,
        "point_value": 10,
        "min_redeem_points": 0,
        "expiry_days": 365,
    }
    first = owner.patch("/v1/tenant", {"version": tenant["version"], "loyalty": {"enabled": True}})
    assert first.status == 200, first
    second = owner.patch(
        "/v1/tenant", {"version": first.json["version"], "loyalty": {"point_value": 5}}
    )
    assert second.status == 200, second
    assert second.json["loyalty"] == {**tenant["loyalty"], "enabled": True, "point_value": 5}


@pytest.mark.parametrize(
    "loyalty, field",
    [
        ({"enabled": None}, "loyalty.enabled"),
        ({"enabled": "yes"}, "loyalty.enabled"),
        ({"earn_per_amount": 0}, "loyalty.earn_per_amount"),
        ({"expiry_days": None}, "loyalty.expiry_days"),
        ({"bonus": 1}, "loyalty.bonus"),
    ],
)
def test_a_bad_loyalty_setting_is_422_naming_it(
    owner: Tenant, loyalty: dict[str, Any], field: str
) -> None:
    before = owner.get("/v1/tenant").json
    reply = owner.patch("/v1/tenant", {"version": before["version"], "loyalty": loyalty})
    assert reply.status == 422 and [e["field"] for e in reply.json["errors"]] == [field], reply
    assert owner.get("/v1/tenant").json == before


def test_the_check_thresholds_read_their_defaults_and_change_with_a_patch(owner: Tenant) -> None:
    tenant = owner.get("/v1/tenant").json
    defaults = {"cash_variance_repeat": 2, "abnormal_discount_bps": 1500, "expiry_alert_days": 30}
    assert {name: tenant[name] for name in defaults} == defaults
    changed = {"cash_variance_repeat": 3, "abnormal_discount_bps": 2000, "expiry_alert_days": 10}
    reply = owner.patch("/v1/tenant", {"version": tenant["version"], **changed})
    assert reply.status == 200, reply
    assert {name: owner.get("/v1/tenant").json[name] for name in changed} == changed
    too_many = {"version": reply.json["version"], "cash_variance_repeat": 8}
    refused = owner.patch("/v1/tenant", too_many)
    assert refused.status == 422 and refused.json["errors"][0]["field"] == "cash_variance_repeat"
