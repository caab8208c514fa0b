"""Product CSV: export, all-or-nothing import with row-numbered errors, and the round trip."""

import csv
import io
from decimal import Decimal

import pytest
from sqlmodel import func, select

from inventorypulse.db import session_scope
from inventorypulse.models import AuditLog, Product, StockMovement
from inventorypulse.services import product_csv, products
from inventorypulse.services.errors import PermissionDenied, ValidationFailed
from tests.factories import make_category, make_product, make_supplier, make_user, make_warehouse

HEADER = "product_id,sku,name,category,cost_price,selling_price,reorder_threshold,tags,current_stock,supplier_id\n"


@pytest.fixture
def world(db):
    with session_scope() as s:
        wh = make_warehouse(s)
        tools = make_category(s, "Tools")
        sup = make_supplier(s, supplier_id="SUP-0001")
        manager = make_user(s, "manager")
        existing = make_product(s, category=tools, product_id="PRD-000100", sku="SKU-OLD-100", name="Old",
                                stock=[(wh, 12)], tags=["a"])
    return dict(wh=wh, tools=tools, sup=sup, manager=manager, existing=existing)


def run_import(world, text, user="manager"):
    with session_scope() as s:
        return product_csv.parse_and_import(s, text=text, user=world[user])


def product_count() -> int:
    with session_scope() as s:
        return s.exec(select(func.count(Product.id))).one()


def test_import_creates_and_updates_in_one_go(world):
    text = HEADER + (
        "PRD-000100,SKU-OLD-100,Renamed,Tools,10.00,19.99,10,a;b,999,\n"
        ",new-sku-001,Fresh,tools,1.50,3.00,5,,,sup-0001\n"
        "newprd-0001,NEW-SKU-002,Given id,Tools,2,4,,,,\n"
    )
    report = run_import(world, text)
    assert (report.created, report.updated, report.unchanged) == (2, 1, 0)
    assert report.product_ids == ["PRD-000100", "PRD-000101", "NEWPRD-0001"]
    with session_scope() as s:
        old = s.exec(select(Product).where(Product.product_id == "PRD-000100")).one()
        fresh = s.exec(select(Product).where(Product.product_id == "PRD-000101")).one()
        moves = s.exec(select(func.count(StockMovement.id))).one()
        audit = s.exec(select(AuditLog.action).where(AuditLog.entity_type.in_(["product", "product_import"]))).all()
    assert (old.name, old.tags, old.current_stock) == ("Renamed", ["a", "b"], 12)  # current_stock column ignored
    assert (fresh.sku, fresh.cost_price, fresh.reorder_threshold, fresh.supplier_id) == (
        "NEW-SKU-001", Decimal("1.50"), 5, world["sup"].id)
    assert moves == 0
    assert sorted(audit) == ["create", "create", "import", "update"]


def test_one_bad_row_rejects_the_file_listing_every_problem(world):
    text = HEADER + (
        ",GOOD-SKU-001,Good,Tools,1,2,5,,,\n"
        ",bad,,Nowhere,-1,2,0,,,\n"  # row 3
        ",GOOD-SKU-001,Dup,Tools,5,4,5,,,SUP-404\n"  # row 4
        "PRD-000100,,,,,,abc,,,\n"  # row 5: an update may leave cells empty
    )
    with pytest.raises(ValidationFailed) as exc:
        run_import(world, text)
    found = {d.field: d.issue for d in exc.value.details}
    assert set(found) == {"row 3: sku", "row 3: name", "row 3: category", "row 3: cost_price",
                          "row 3: reorder_threshold", "row 4: sku", "row 4: selling_price", "row 4: supplier_id",
                          "row 5: reorder_threshold"}
    assert found["row 4: sku"] == "GOOD-SKU-001 is also on row 2"
    assert found["row 5: reorder_threshold"] == "must be a whole number"
    assert "nothing was imported" in exc.value.message
    assert product_count() == 1


def test_conflict_with_the_database_is_a_row_error(world):
    with pytest.raises(ValidationFailed) as exc:
        run_import(world, HEADER + ",sku-old-100,Clash,Tools,1,2,5,,,\n")
    assert [(d.field, d.issue) for d in exc.value.details] == [
        ("row 2: sku", "sku SKU-OLD-100 is already used by product PRD-000100")]


def test_header_problems_and_limits(world):
    with pytest.raises(ValidationFailed) as exc:
        run_import(world, "sku,name,colour,sku\nABCDEF,x,red,ABCDEF\n")
    fields = [d.field for d in exc.value.details]
    assert "row 1: colour" in fields and "row 1: sku" in fields
    with pytest.raises(ValidationFailed):
        run_import(world, "\n\n")
    rows = "".join(f",SKU-{i:06d},N,Tools,1,2,5,,,\n" for i in range(product_csv.MAX_ROWS + 1))
    with pytest.raises(product_csv.PayloadTooLarge) as too_many:
        run_import(world, HEADER + rows)
    assert too_many.value.status == 413 and "10,000 rows" in too_many.value.message
    with pytest.raises(product_csv.PayloadTooLarge):
        run_import(world, "x" * (product_csv.MAX_BYTES + 1))


def test_import_needs_product_write(world):
    with session_scope() as s:
        staff = make_user(s, "staff")
    with pytest.raises(PermissionDenied), session_scope() as s:
        product_csv.parse_and_import(s, text=HEADER, user=staff)


def test_export_then_import_round_trips(world):
    with session_scope() as s:
        make_product(s, category=world["tools"], supplier=world["sup"], barcode="55554444", tags=["x", "y"],
                     max_stock_level=300, subcategory="Hand", name="Zed")
        text = "".join(product_csv.export_csv(s, filters=products.ProductFilters(sort="name")))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == list(product_csv.EXPORT_COLUMNS)
    assert rows[0]["product_id"] == "PRD-000100" and rows[0]["current_stock"] == "12"
    assert rows[1]["tags"] == "x;y" and rows[1]["supplier_id"] == "SUP-0001" and rows[1]["max_stock_level"] == "300"
    report = run_import(world, text)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)


def test_export_honours_filters_and_streams_in_batches(world, monkeypatch):
    monkeypatch.setattr(product_csv, "EXPORT_BATCH", 2)
    with session_scope() as s:
        for _ in range(5):
            make_product(s, category=world["tools"], status="pending")
        chunks = list(product_csv.export_csv(s, filters=products.ProductFilters(status="pending")))
        assert len(chunks) >= 3
        assert sum(c.count("\n") for c in chunks) == 6  # header + 5
        with pytest.raises(ValidationFailed):
            product_csv.export_csv(s, filters=products.ProductFilters(sort="colour"))
