"""Where promotions are filed and which keys a sale reads to find its candidates, without AWS."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from chalicelib.promotions import candidates, engine
from chalicelib.promotions.candidates import TENANT_WIDE, IndexKey, IndexScope
from chalicelib.promotions.types import PricingContext, Promotion, PromotionKind, SaleLine

CREATED = datetime(2026, 1, 1, tzinfo=UTC)
PARENTS: dict[str, str | None] = {
    "ALL_GOODS": None,
    "HEALTH": "ALL_GOODS",
    "MEDS": "HEALTH",
    "TOYS": "ALL_GOODS",
    "GAMES": None,
}
ANCESTORS = candidates.category_ancestors(PARENTS)


def promo(products: set[str] | None = None, categories: set[str] | None = None) -> Promotion:
    return Promotion(
        id="A",
        name="promo",
        kind=PromotionKind.PERCENT,
        created_at=CREATED,
        percent_bps=1000,
        product_ids=frozenset(products or ()),
        category_ids=frozenset(categories or ()),
    )


def line(product_id: str, category_id: str | None) -> SaleLine:
    return SaleLine(product_id=product_id, category_id=category_id, quantity=1, unit_price=100)


def product(pid: str) -> IndexKey:
    return IndexKey(IndexScope.PRODUCT, pid)


def category(cid: str) -> IndexKey:
    return IndexKey(IndexScope.CATEGORY, cid)


def test_ancestors_come_parent_first_up_to_the_root() -> None:
    assert ANCESTORS == {
        "ALL_GOODS": (),
        "HEALTH": ("ALL_GOODS",),
        "MEDS": ("HEALTH", "ALL_GOODS"),
        "TOYS": ("ALL_GOODS",),
        "GAMES": (),
    }


def test_a_missing_parent_ends_the_chain_and_a_loop_cannot_hang() -> None:
    assert candidates.category_ancestors({"A": "GONE"}) == {"A": ("GONE",)}
    looped = candidates.category_ancestors({"A": "B", "B": "C", "C": "A", "D": "D"})
    assert looped == {"A": ("B", "C"), "B": ("C", "A"), "C": ("A", "B"), "D": ()}


def test_a_promotion_is_filed_under_its_products_and_categories() -> None:
    filed = candidates.index_keys(promo({"P1", "P2"}, {"MEDS"}))
    assert filed == {product("P1"), product("P2"), category("MEDS")}


def test_a_promotion_naming_neither_is_filed_tenant_wide() -> None:
    assert candidates.index_keys(promo()) == {TENANT_WIDE}


def test_a_sale_reads_its_products_its_categories_with_their_ancestors_and_the_tenant() -> None:
    keys = candidates.candidate_keys(
        [line("P1", "MEDS"), line("P2", "MEDS"), line("P1", None), line("P3", "GAMES")],
        ANCESTORS,
    )
    assert keys == {
        TENANT_WIDE,
        product("P1"),
        product("P2"),
        product("P3"),
        category("MEDS"),
        category("HEALTH"),
        category("ALL_GOODS"),
        category("GAMES"),
    }


def test_the_keys_read_grow_with_the_lines_not_with_the_promotions() -> None:
    forty_lines = [line(f"P{n}", "MEDS") for n in range(40)]
    assert len(candidates.candidate_keys(forty_lines, ANCESTORS)) == 40 + 3 + 1
    assert candidates.candidate_keys([], ANCESTORS) == {TENANT_WIDE}


CONTEXT = PricingContext(
    store_id="S1",
    local_now=datetime(2026, 11, 20, 12, tzinfo=ZoneInfo("Africa/Douala")),
    category_ancestors=ANCESTORS,
)
product_sets = st.sets(st.sampled_from(["P1", "P2", "P3"]), max_size=2)
category_sets = st.sets(st.sampled_from(sorted(PARENTS)), max_size=2)


@given(
    product_sets,
    category_sets,
    st.sampled_from(["P1", "P2", "P3"]),
    st.sampled_from([*sorted(PARENTS), None]),
)
def test_a_promotion_is_read_for_a_line_exactly_when_it_covers_the_lines_product(
    products: set[str], categories: set[str], product_id: str, category_id: str | None
) -> None:
    offer, sale_line = promo(products, categories), line(product_id, category_id)
    read = candidates.candidate_keys([sale_line], ANCESTORS)
    found = not candidates.index_keys(offer).isdisjoint(read)
    assert found == engine.covers_product(offer, sale_line, CONTEXT)
