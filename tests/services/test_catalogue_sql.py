"""The catalogue's SQL on SQLite and PostgreSQL: list/count, detail, warehouses, offers, CSV bulk paths."""

import csv
import io
from decimal import Decimal

import pytest

from inventorypulse.db import session_scope
from inventorypulse.services import barcode, categories, offers, product_csv, products
from inventorypulse.services.errors import Conflict
from tests.factories import make_category, make_product, make_supplier, make_user, make_warehouse


@pytest.fixture
def world(any_db):
    with session_scope() as s:
        main = make_warehouse(s, "WH-MAIN")
        tools = make_category(s, "Tools")
        sup = make_supplier(s, supplier_id="SUP-0001", on_time_delivery_rate=Decimal("95"))
        admin = make_user(s, "admin")
        make_product(s, category=tools, supplier=sup, product_id="PRD-000010", sku="SKU-000010", barcode="77778888",
                     stock=[(main, 5)], tags=["a", "b"])
    return dict(main=main, tools=tools, sup=sup, admin=admin)


def test_catalogue_round_trip(world):
    admin = world["admin"]
    with session_scope() as s:
        created = products.create_product(s, user=admin, data={
            "name": "Pump", "category": "tools", "sku": "pump-0001", "supplier_id": "SUP-0001",
            "pricing": {"cost_price": "4.20", "selling_price": "9.99"}, "inventory": {"current_stock": 7}})
        assert created.product_id == "PRD-000011"
    with session_scope() as s:
        page = products.list_products(s, filters=products.ProductFilters(search="pump", low_stock=True), limit=5)
        assert page.total == 1 and page.items[0][1:] == ("Tools", "SUP-0001")
        detail = products.get_product_detail(s, product_id="prd-000011")
        assert [(w.code, lvl.on_hand) for w, lvl in detail.stock] == [("WH-MAIN", 7)]
        assert {r.warehouse.code: (r.product_count, r.total_units) for r in products.list_warehouses(s)} == {
            "WH-MAIN": (2, 12)}
        best = offers.best_supplier(s, product_id="PRD-000011", quantity=3)
        assert best.recommended.candidate.supplier_id == "SUP-0001" and best.recommended.total_cost == Decimal("12.60")
        assert barcode.lookup(s, code="77778888").product.product_id == "PRD-000010"
        cats = categories.list_categories(s)
        assert [(c.name, n) for c, n in cats.items] == [("Tools", 2)]
        assert products.update_product(s, product_id="PRD-000011", user=admin, data={"tags": ["x"]}) == ["tags"]


def test_csv_bulk_paths(world):
    admin = world["admin"]
    text = ("product_id,sku,name,category,cost_price,selling_price,supplier_id,tags\n"
            "PRD-000010,SKU-000010,Renamed,Tools,10.00,19.99,,a;b\n"
            ",NEW-0001,One,Tools,1,2,SUP-0001,x\n"
            ",NEW-0002,Two,Tools,1,2,,\n")
    with session_scope() as s:
        report = product_csv.parse_and_import(s, text=text, user=admin)
    assert (report.created, report.updated) == (2, 1)
    assert report.product_ids == ["PRD-000010", "PRD-000011", "PRD-000012"]
    with session_scope() as s:
        out = "".join(product_csv.export_csv(s, filters=products.ProductFilters(sort="product_id")))
        assert products.get_product_detail(s, product_id="PRD-000011").offers[0][0].is_primary
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["product_id"], r["name"], r["supplier_id"], r["tags"]) for r in rows] == [
        ("PRD-000010", "Renamed", "SUP-0001", "a;b"), ("PRD-000011", "One", "SUP-0001", "x"),
        ("PRD-000012", "Two", "", "")]


def test_duplicate_sku_conflicts(world):
    with pytest.raises(Conflict), session_scope() as s:
        products.create_product(s, user=world["admin"], data={
            "name": "Dup", "category": "Tools", "sku": "SKU-000010", "cost_price": 1, "selling_price": 1})


@pytest.mark.parametrize("term", ["WIDGET", "widget", "sku-000010", "7777", "prd-000010"])
def test_search_ignores_case_on_both_databases(world, term):
    with session_scope() as s:
        page = products.list_products(s, filters=products.ProductFilters(search=term), limit=5)
    assert [p.product_id for p, _, _ in page.items] == ["PRD-000010"] and page.total == 1
