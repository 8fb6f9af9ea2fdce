"""Sales priced by the promotions engine through the API: create, edit, submit and the preview
(API.md "Promotions"): percent, amount, buy-X-get-Y, happy hours in the tenant's time zone,
categories with their sub-categories, stacking, and promotions kept out of discount approval."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.support import (
    Stack,
    Tenant,
    User,
    add_category,
    add_promotion,
    add_store,
    add_user,
    draft_sale,
    sign_up,
    stocked_product,
    submit_sale,
)


class Shop:
    """A tenant (its own promotions) with one store, a seller and products at 1 000."""

    def __init__(self, stack: Stack, timezone: str = "Africa/Douala") -> None:
        self.tenant: Tenant = sign_up(stack.api, name="Promo shop", timezone=timezone)
        self.timezone = timezone
        self.store = str(add_store(self.tenant, "Akwa")["id"])
        self.seller: User = add_user(self.tenant, "SALES", [self.store])

    def product(self, price: int = 1000, **fields: Any) -> str:
        return str(stocked_product(self.tenant, self.store, 100, price=price, **fields)["id"])

    def sale(self, lines: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
        return draft_sale(self.tenant, self.store, lines, by=self.seller, **fields)

    def preview(self, lines: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
        body = {"store_id": self.store, "lines": lines, **fields}
        reply = self.tenant.post("/v1/promotions/preview", body, token=self.seller.token)
        assert reply.status == 200, reply
        return dict(reply.json)

    def local_now(self) -> datetime:
        return datetime.now(UTC).astimezone(ZoneInfo(self.timezone))


@pytest.fixture
def shop(stack: Stack) -> Shop:
    return Shop(stack)


def _line(sale: dict[str, Any], index: int = 0) -> dict[str, Any]:
    return dict(sale["lines"][index])


def test_a_percent_promotion_prices_the_line_and_the_totals(shop: Shop) -> None:
    product = shop.product(price=1500)
    promotion = add_promotion(shop.tenant, "Soldes", percent_bps=1000, product_ids=[product])
    sale = shop.sale([{"product_id": product, "quantity": 3}])
    line = _line(sale)
    assert line["promotion_discount"] == 450
    assert line["promotions"] == [{"id": promotion["id"], "name": "Soldes", "amount": 450}]
    assert (sale["subtotal"], sale["discount_total"], sale["total"]) == (4500, 450, 4050)
    assert line["total"] == 4050


def test_buy_two_get_one_makes_one_unit_free_in_each_full_group(shop: Shop) -> None:
    product = shop.product(price=1000)
    add_promotion(
        shop.tenant, "2+1", kind="BUY_X_GET_Y", buy_qty=2, get_qty=1, product_ids=[product]
    )
    assert _line(shop.sale([{"product_id": product, "quantity": 2}]))["promotion_discount"] == 0
    assert _line(shop.sale([{"product_id": product, "quantity": 7}]))["promotion_discount"] == 2000


def test_a_category_promotion_covers_its_sub_categories(shop: Shop) -> None:
    food = add_category(shop.tenant, "Food")["id"]
    rice = add_category(shop.tenant, "Rice", parent_id=food)["id"]
    product = shop.product(price=2000, category_id=rice)
    elsewhere = shop.product(price=2000)
    add_promotion(shop.tenant, "Food week", kind="AMOUNT", amount=100, category_ids=[food])
    sale = shop.sale(
        [{"product_id": product, "quantity": 2}, {"product_id": elsewhere, "quantity": 1}]
    )
    assert [line["promotion_discount"] for line in sale["lines"]] == [200, 0]


def test_the_most_generous_single_wins_and_stackables_add_on_top(shop: Shop) -> None:
    product = shop.product(price=1000)
    small = add_promotion(shop.tenant, "5 %", percent_bps=500, product_ids=[product])
    big = add_promotion(shop.tenant, "20 %", percent_bps=2000, product_ids=[product])
    extra = add_promotion(shop.tenant, "-50", kind="AMOUNT", amount=50, stackable=True)
    lines = [{"product_id": product, "quantity": 2}]
    line = _line(shop.sale(lines))
    assert [p["id"] for p in line["promotions"]] == [big["id"], extra["id"]]
    assert line["promotion_discount"] == 400 + 100
    preview = _line(shop.preview(lines))
    assert preview["promotion_discount"] == 500
    assert [(p["id"], p["reason"]) for p in preview["not_applied"]] == [
        (small["id"], "LESS_GENEROUS")
    ]
    assert "less generous" in preview["not_applied"][0]["detail"]


def test_a_promotion_never_takes_a_line_below_zero(shop: Shop) -> None:
    product = shop.product(price=1000)
    add_promotion(shop.tenant, "Huge", kind="AMOUNT", amount=900, product_ids=[product])
    add_promotion(shop.tenant, "Half", percent_bps=5000, stackable=True)
    add_promotion(shop.tenant, "Also", kind="AMOUNT", amount=900, stackable=True)
    line = _line(shop.sale([{"product_id": product, "quantity": 1, "discount": 50}]))
    assert line["promotion_discount"] == 950
    assert line["total"] == 0


def test_a_happy_hour_applies_in_the_tenants_time_zone(stack: Stack) -> None:
    shop = Shop(stack, timezone="Pacific/Kiritimati")
    product = shop.product(price=1000)
    local = shop.local_now()
    start, end = local - timedelta(hours=1), local + timedelta(hours=1)
    add_promotion(
        shop.tenant,
        "Now, locally",
        percent_bps=1000,
        days_of_week=[start.isoweekday()],
        start_time=start.strftime("%H:%M"),
        end_time=end.strftime("%H:%M"),
    )
    utc = datetime.now(UTC)
    add_promotion(
        shop.tenant,
        "Now in UTC, not here",
        percent_bps=3000,
        start_time=(utc - timedelta(minutes=30)).strftime("%H:%M"),
        end_time=(utc + timedelta(minutes=30)).strftime("%H:%M"),
    )
    line = _line(shop.sale([{"product_id": product, "quantity": 1}]))
    assert [p["name"] for p in line["promotions"]] == ["Now, locally"]


def test_promotions_outside_their_dates_days_or_stores_do_not_apply(shop: Shop) -> None:
    product = shop.product(price=1000)
    other_store = add_store(shop.tenant, "Deido")["id"]
    today = shop.local_now().isoweekday()
    add_promotion(shop.tenant, "Ended", percent_bps=1000, ends_at="2020-01-01T00:00:00Z")
    add_promotion(shop.tenant, "Another day", percent_bps=1000, days_of_week=[today % 7 + 1])
    add_promotion(shop.tenant, "Other store", percent_bps=1000, store_ids=[other_store])
    add_promotion(shop.tenant, "Off", percent_bps=1000, active=False)
    add_promotion(shop.tenant, "Three or more", percent_bps=1000, min_quantity=3)
    assert _line(shop.sale([{"product_id": product, "quantity": 2}]))["promotions"] == []


def test_promotions_do_not_count_toward_discount_approval(shop: Shop) -> None:
    product = shop.product(price=1000)
    add_promotion(shop.tenant, "Half price", percent_bps=5000, product_ids=[product])
    sale = shop.sale([{"product_id": product, "quantity": 1}])
    submitted = submit_sale(shop.tenant, sale["id"], by=shop.seller)
    assert submitted["status"] == "PENDING_PAYMENT"
    assert submitted["total"] == 500


def test_submit_keeps_what_applies_at_that_moment(shop: Shop) -> None:
    product = shop.product(price=1000)
    promotion = add_promotion(shop.tenant, "Today only", percent_bps=1000, product_ids=[product])
    sale = shop.sale([{"product_id": product, "quantity": 1}])
    assert sale["total"] == 900
    assert shop.tenant.delete(f"/v1/promotions/{promotion['id']}").status == 204
    submitted = submit_sale(shop.tenant, sale["id"], by=shop.seller)
    assert (_line(submitted)["promotion_discount"], submitted["total"]) == (0, 1000)


def test_editing_a_draft_prices_it_again(shop: Shop) -> None:
    product = shop.product(price=1000)
    add_promotion(
        shop.tenant, "2+1", kind="BUY_X_GET_Y", buy_qty=2, get_qty=1, product_ids=[product]
    )
    sale = shop.sale([{"product_id": product, "quantity": 1}])
    reply = shop.tenant.patch(
        f"/v1/sales/{sale['id']}",
        {"version": sale["version"], "lines": [{"product_id": product, "quantity": 3}]},
        token=shop.seller.token,
    )
    assert reply.status == 200, reply
    assert (_line(reply.json)["promotion_discount"], reply.json["total"]) == (1000, 2000)


def test_a_promotion_moved_to_other_products_leaves_the_first_ones(shop: Shop) -> None:
    first, second = shop.product(), shop.product()
    promotion = add_promotion(shop.tenant, "Moving", percent_bps=1000, product_ids=[first])
    moved = shop.tenant.patch(
        f"/v1/promotions/{promotion['id']}", {"version": 1, "product_ids": [second]}
    )
    assert moved.status == 200, moved
    sale = shop.sale([{"product_id": first, "quantity": 1}, {"product_id": second, "quantity": 1}])
    assert [line["promotion_discount"] for line in sale["lines"]] == [0, 100]


def test_the_preview_saves_nothing(shop: Shop) -> None:
    product = shop.product()
    add_promotion(shop.tenant, "Tout", percent_bps=1000)
    preview = shop.preview([{"product_id": product, "quantity": 1}])
    assert preview["total"] == 900 and preview["currency"] == "XAF"
    assert shop.tenant.get(f"/v1/sales?store_id={shop.store}").json["items"] == []


def _requests_of_a_sale(shop: Shop, lines: list[dict[str, Any]], monkeypatch: Any) -> list[str]:
    from botocore.client import BaseClient

    calls: list[str] = []
    original = BaseClient._make_api_call

    def counted(self: Any, operation: str, params: dict[str, Any]) -> Any:
        if "#IDEM#" not in str(params):
            calls.append(operation)
        return original(self, operation, params)

    shop.tenant.get("/v1/auth/me", token=shop.seller.token)
    with monkeypatch.context() as patched:
        patched.setattr(BaseClient, "_make_api_call", counted)
        shop.sale(lines)
    return calls


def test_a_sales_reads_do_not_grow_with_the_promotions(shop: Shop, monkeypatch: Any) -> None:
    products = [shop.product() for _ in range(5)]
    lines = [{"product_id": product, "quantity": 1} for product in products]
    none = _requests_of_a_sale(shop, lines, monkeypatch)
    for product in products:
        add_promotion(shop.tenant, percent_bps=100, product_ids=[product])
    five = _requests_of_a_sale(shop, lines, monkeypatch)
    for n in range(45):
        add_promotion(shop.tenant, percent_bps=100 + n, product_ids=[products[n % 5]])
    fifty = _requests_of_a_sale(shop, lines, monkeypatch)
    assert none == ["BatchGetItem", "PutItem"]
    assert five == fifty == ["BatchGetItem", *["Query"] * 5, "PutItem"]
