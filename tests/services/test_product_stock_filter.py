"""The products list filtered by stock badge (ok / low / out / over) and sorted by threshold."""

import csv
import io

import pytest
from sqlmodel import select

from inventorypulse.db import session_scope
from inventorypulse.models import Product, StockLevel
from inventorypulse.services import product_csv, products
from inventorypulse.services.errors import ValidationFailed
from tests.factories import make_category, make_product, make_warehouse


@pytest.fixture
def catalogue(any_db):
    """One product per badge case, including reserved stock and a maximum level."""
    with session_scope() as s:
        wh = make_warehouse(s)
        cat = make_category(s, "Filters")
        made = {
            "out": make_product(s, cat, reorder_threshold=10),
            "low": make_product(s, cat, stock=[(wh, 5)], reorder_threshold=10),
            "low_reserved": make_product(s, cat, stock=[(wh, 12)], reorder_threshold=10),
            "at_threshold": make_product(s, cat, stock=[(wh, 10)], reorder_threshold=10),
            "ok": make_product(s, cat, stock=[(wh, 50)], reorder_threshold=20),
            "ok_under_max": make_product(s, cat, stock=[(wh, 30)], reorder_threshold=5, max_stock_level=40),
            "over": make_product(s, cat, stock=[(wh, 60)], reorder_threshold=30, max_stock_level=40),
        }
        held = made["low_reserved"]  # 12 on hand, 5 reserved: 7 available is below the threshold
        held.reserved_stock = 5
        level = s.exec(select(StockLevel).where(StockLevel.product_id == held.id)).one()
        level.reserved = 5
        s.add_all([held, level])
    return {k: p.product_id for k, p in made.items()}


def _listed(stock: str | None, **kw) -> list[str]:
    with session_scope() as s:
        page = products.list_products(s, filters=products.ProductFilters(stock=stock, **kw), limit=100)
        return [p.product_id for p, _, _ in page.items]


def test_each_stock_filter_returns_exactly_the_products_with_that_badge(catalogue):
    with session_scope() as s:
        badge = {p.product_id: products.stock_status(p) for p in s.exec(select(Product)).all()}
    assert badge[catalogue["low_reserved"]] == "low" and badge[catalogue["at_threshold"]] == "low"
    for state in products.STOCK_STATES:
        expected = {pid for pid, b in badge.items() if b == state}
        assert expected, state
        assert set(_listed(state)) == expected, state
    assert len(_listed(None)) == len(badge)


def test_stock_filter_combines_with_other_filters_and_threshold_sort(catalogue):
    low = _listed("low", sort="reorder_threshold", order="desc")
    assert set(low) == {catalogue["low"], catalogue["low_reserved"], catalogue["at_threshold"]}
    ok = _listed("ok", sort="reorder_threshold", order="asc")
    assert ok == [catalogue["ok_under_max"], catalogue["ok"]]  # thresholds 5, 20
    assert _listed("over", category="Filters") == [catalogue["over"]]
    assert _listed("over", category="Nothing here") == []


def test_unknown_stock_state_is_refused_naming_the_field(catalogue):
    with pytest.raises(ValidationFailed) as err:
        _listed("empty")
    assert err.value.details[0].field == "stock"


def test_csv_export_honours_the_stock_filter(catalogue):
    with session_scope() as s:
        text = "".join(product_csv.export_csv(s, filters=products.ProductFilters(stock="out")))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["product_id"] for r in rows] == [catalogue["out"]]


def test_discontinued_products_are_never_listed_as_low_or_out(catalogue):
    with session_scope() as s:
        for key in ("out", "low"):
            product = s.exec(select(Product).where(Product.product_id == catalogue[key])).one()
            product.status = "discontinued"
            s.add(product)
    assert catalogue["out"] not in _listed("out") and catalogue["low"] not in _listed("low")
    assert catalogue["low_reserved"] in _listed("low")  # still restocked, still listed
