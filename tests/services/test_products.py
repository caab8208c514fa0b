"""Product service: every seed 000 rule, all problems at once, conflicts, stock only via the ledger, audit."""

from decimal import Decimal

import pytest
from sqlmodel import select

from inventorypulse.db import session_scope
from inventorypulse.models import AuditLog, Product, ProductSupplier, StockMovement
from inventorypulse.services import products
from inventorypulse.services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tests.factories import make_category, make_product, make_supplier, make_user, make_warehouse


@pytest.fixture
def world(db):
    with session_scope() as s:
        wh = make_warehouse(s, "WH-MAIN")
        tools = make_category(s, "Tools")
        sup = make_supplier(s, supplier_id="SUP-0001", lead_time_days=5)
        other = make_supplier(s, supplier_id="SUP-0002", lead_time_days=9)
        manager = make_user(s, "manager")
        admin = make_user(s, "admin")
        staff = make_user(s, "staff")
        existing = make_product(s, category=tools, product_id="PRD-000050", sku="SKU-EXIST-1", barcode="1111222233334")
    return dict(wh=wh, tools=tools, sup=sup, other=other, manager=manager, admin=admin, staff=staff,
                existing=existing)


def body(**kw):
    base = {"name": "Widget X", "category": "Tools", "sku": "widget-x-001",
            "pricing": {"cost_price": "10.50", "selling_price": "25.00", "currency": "usd"}}
    return base | kw


def create(world, data, user="manager"):
    with session_scope() as s:
        return products.create_product(s, data=data, user=world[user])


def issues(exc) -> dict[str, str]:
    return {d.field: d.issue for d in exc.value.details}


def test_create_normalises_and_generates_next_product_id(world):
    product = create(world, body(tags=[" new ", "tool", "tool"]))
    assert product.product_id == "PRD-000051"  # one past the highest PRD-nnnnnn
    assert product.sku == "WIDGET-X-001" and product.currency == "USD"
    assert product.tags == ["new", "tool"] and product.status == "active"
    assert product.cost_price == Decimal("10.50") and product.current_stock == 0
    given = create(world, body(product_id="newprd-a1b2c3", sku="WIDGET-Y-001"))
    assert given.product_id == "NEWPRD-A1B2C3"


def test_every_bad_field_is_reported_together(world):
    bad = {
        "product_id": "short", "name": "  ", "description": "d" * 1001, "category": "Nope", "sku": "ab",
        "barcode": "!!", "pricing": {"cost_price": "-1", "selling_price": "1.234", "currency": "dollars"},
        "inventory": {"reorder_threshold": 0, "reorder_quantity": 0},
        "specifications": {"weight": -5, "dimensions": {"length": "x"}},
        "tags": [f"t{i}" for i in range(21)], "status": "archived", "colour": "red",
    }
    with pytest.raises(ValidationFailed) as exc:
        create(world, bad)
    found = issues(exc)
    for field in ("product_id", "name", "description", "category", "sku", "barcode", "pricing.cost_price",
                  "pricing.selling_price", "pricing.currency", "inventory.reorder_threshold",
                  "inventory.reorder_quantity", "specifications.weight", "specifications.dimensions.length",
                  "tags", "status", "colour"):
        assert field in found, field
    assert "no category named 'Nope'" in found["category"]
    assert found["pricing.selling_price"] == "must have at most 2 decimal places"


@pytest.mark.parametrize("data, field, issue", [
    (body(pricing={"cost_price": "30", "selling_price": "25"}), "pricing.selling_price", "at least the cost price"),
    (body(inventory={"reorder_threshold": 20, "max_stock_level": 10}), "inventory.max_stock_level",
     "reorder threshold"),
    (body(tags=["x" * 51]), "tags", "at most 50"),
    (body(name="n" * 201), "name", "at most 200"),
    (body(sku=None), "sku", "is required"),
    (body(category=None), "category", "is required"),
    ({"name": "A", "category": "Tools", "sku": "ABCDEF"}, "cost_price", "is required"),
    (body(supplier_id="SUP-9999"), "supplier_id", "no supplier"),
    (body(inventory={"reserved_stock": 3}), "inventory.reserved_stock", "stock ledger"),
    (body(pricing={"cost_price": "1", "selling_price": "2", "currency": "US"}), "pricing.currency", "ISO 4217"),
    (body(seasonal="yes"), "seasonal", "true or false"),
    (body(specifications={"weight": "1e11"}), "specifications.weight", "too large"),
])
def test_single_rules(world, data, field, issue):
    with pytest.raises(ValidationFailed) as exc:
        create(world, data)
    assert issue in issues(exc)[field]


def test_flat_input_names_fields_flat(world):
    with pytest.raises(ValidationFailed) as exc:
        create(world, {"name": "A", "category": "Tools", "sku": "ABCDEF", "cost_price": "5", "selling_price": "4"})
    assert list(issues(exc)) == ["selling_price"]


@pytest.mark.parametrize("field, value", [("product_id", "prd-000050"), ("sku", "sku-exist-1"),
                                          ("barcode", "1111222233334")])
def test_duplicates_conflict_naming_the_field(world, field, value):
    with pytest.raises(Conflict) as exc:
        create(world, body(**{field: value}))
    assert [d.field for d in exc.value.details] == [field]
    assert "PRD-000050" in exc.value.message or field == "product_id"


def test_permissions_are_enforced_in_the_service(world):
    with pytest.raises(PermissionDenied):
        create(world, body(), user="staff")
    with pytest.raises(PermissionDenied), session_scope() as s:
        products.discontinue_product(s, product_id="PRD-000050", user=world["manager"])


def test_opening_stock_goes_through_the_ledger(world):
    product = create(world, body(inventory={"current_stock": 40, "reorder_threshold": 5}))
    with session_scope() as s:
        moves = s.exec(select(StockMovement).where(StockMovement.product_id == product.id)).all()
        stored = s.get(Product, product.id)
        assert stored.current_stock == 40
    assert [(m.movement_type, m.quantity, m.reason_code, m.stock_after) for m in moves] == [
        ("inbound", 40, "opening_balance", 40)]


def test_create_with_offers_sets_one_primary_and_supplier_id(world):
    product = create(world, body(supplier_id="sup-0002", suppliers=[
        {"supplier_id": "SUP-0001", "cost_per_unit": "9.80", "lead_time_days": 4, "min_order_quantity": 10},
        {"supplier_id": "SUP-0002", "cost": "10.00"},
    ]))
    with session_scope() as s:
        rows = s.exec(select(ProductSupplier).where(ProductSupplier.product_id == product.id)).all()
        offers = {o.supplier_id: o for o in rows}
        assert s.get(Product, product.id).supplier_id == world["other"].id
    assert offers[world["other"].id].is_primary and not offers[world["sup"].id].is_primary
    assert offers[world["sup"].id].cost == Decimal("9.80") and offers[world["sup"].id].min_order_quantity == 10
    assert offers[world["other"].id].lead_time_days == 9  # the supplier's default


def test_offer_list_problems(world):
    with pytest.raises(ValidationFailed) as exc:
        create(world, body(supplier_id="SUP-0001", suppliers=[
            {"supplier_id": "SUP-0002", "cost": 1, "is_primary": True},
            {"supplier_id": "SUP-0002", "cost": -1, "min_order_quantity": 0},
        ]))
    found = issues(exc)
    assert "must be the primary offer's supplier" in found["supplier_id"]
    assert "listed twice" in found["suppliers[1].supplier_id"]
    assert found["suppliers[1].cost"] == "must be 0 or more"
    assert found["suppliers[1].min_order_quantity"] == "must be 1 or more"


def test_update_is_partial_and_returns_changed_fields(world):
    with session_scope() as s:
        changed = products.update_product(s, product_id="prd-000050", user=world["manager"], data={
            "name": "Renamed", "status": "active", "pricing": {"selling_price": "30.00"},
            "inventory": {"reorder_threshold": 12}})
    assert changed == ["name", "pricing.selling_price", "inventory.reorder_threshold"]  # status was already active
    with session_scope() as s:
        p = s.exec(select(Product).where(Product.product_id == "PRD-000050")).one()
        audit = s.exec(select(AuditLog).where(AuditLog.entity_id == "PRD-000050", AuditLog.action == "update")).one()
    assert (p.name, p.selling_price, p.reorder_threshold, p.sku) == ("Renamed", Decimal("30.00"), 12, "SKU-EXIST-1")
    assert p.last_modified_by == world["manager"].id and p.price_updated_at is not None
    assert audit.user_id == world["manager"].id
    assert audit.changes["name"] == {"from": world["existing"].name, "to": "Renamed"}


def test_update_checks_against_stored_values(world):
    with pytest.raises(ValidationFailed) as exc, session_scope() as s:
        products.update_product(s, product_id="PRD-000050", user=world["manager"],
                                data={"pricing": {"selling_price": "9.99"}})  # stored cost is 10.00
    assert "at least the cost price (10.00)" in issues(exc)["pricing.selling_price"]


def test_update_refuses_stock_and_id_changes(world):
    with pytest.raises(ValidationFailed) as exc, session_scope() as s:
        products.update_product(s, product_id="PRD-000050", user=world["manager"],
                                data={"product_id": "PRD-000999", "status": "active", "last_modified_by": "USR001",
                                      "inventory": {"current_stock": 80, "reserved_stock": 0}})
    found = issues(exc)
    assert "/api/stock-movements" in found["inventory.current_stock"]
    assert "inventory.reserved_stock" in found and found["product_id"] == "cannot be changed"
    with session_scope() as s:
        assert s.exec(select(Product).where(Product.product_id == "PRD-000050")).one().current_stock == 0


def test_update_unknown_product_is_not_found(world):
    with pytest.raises(NotFound), session_scope() as s:
        products.update_product(s, product_id="PRD-404404", user=world["manager"], data={"name": "x"})


def test_update_sku_to_anothers_conflicts_but_own_is_fine(world):
    other = create(world, body())
    with session_scope() as s:
        assert products.update_product(s, product_id=other.product_id, user=world["manager"],
                                       data={"sku": "widget-x-001"}) == []
    with pytest.raises(Conflict) as exc, session_scope() as s:
        products.update_product(s, product_id=other.product_id, user=world["manager"], data={"sku": "SKU-EXIST-1"})
    assert exc.value.details[0].field == "sku"


def test_discontinue_is_a_soft_delete_with_audit(world):
    with session_scope() as s:
        products.discontinue_product(s, product_id="PRD-000050", user=world["admin"])
    with session_scope() as s:
        p = s.exec(select(Product).where(Product.product_id == "PRD-000050")).one()
        audit = s.exec(select(AuditLog).where(AuditLog.entity_id == "PRD-000050")).all()
        listed = products.list_products(s, filters=products.ProductFilters(status="discontinued"))
    assert p.status == "discontinued"
    assert [(a.action, a.changes) for a in audit] == [
        ("discontinue", {"status": {"from": "active", "to": "discontinued"}})]
    assert [row[0].product_id for row in listed.items] == ["PRD-000050"]


def test_create_writes_audit_row(world):
    product = create(world, body(barcode="999888777"))
    with session_scope() as s:
        audit = s.exec(select(AuditLog).where(AuditLog.entity_id == product.product_id)).one()
    assert audit.action == "create" and audit.user_id == world["manager"].id
    assert audit.changes["sku"] == "WIDGET-X-001" and audit.changes["cost_price"] == "10.50"


def test_detail_has_stock_per_warehouse_offers_and_lots(world):
    with session_scope() as s:
        east = make_warehouse(s, "WH-EAST", default=False)
        p = make_product(s, supplier=world["sup"], stock=[(world["wh"], 7), (east, 3)])
        detail = products.get_product_detail(s, product_id=p.product_id.lower())
        assert [(w.code, lvl.on_hand) for w, lvl in detail.stock] == [("WH-EAST", 3), ("WH-MAIN", 7)]
        assert detail.supplier.supplier_id == "SUP-0001"
        assert [s_.supplier_id for _, s_ in detail.offers] == ["SUP-0001"]


def test_list_filters_sort_and_count(world):
    with session_scope() as s:
        cat = make_category(s, "Garden")
        for i, (price, stock) in enumerate([(5, 0), (15, 100), (25, 3)]):
            make_product(s, category=cat, name=f"Hose {i}", selling_price=Decimal(price), cost_price=Decimal(1),
                         supplier=world["sup"] if i == 1 else None, stock=[(world["wh"], stock)])
        page = products.list_products(s, filters=products.ProductFilters(
            category="Garden", min_price=Decimal(10), sort="selling_price", order="desc"), limit=1)
        assert page.total == 2 and [r[0].name for r in page.items] == ["Hose 2"] and page.has_next
        low = products.list_products(s, filters=products.ProductFilters(category="Garden", low_stock=True))
        assert sorted(r[0].name for r in low.items) == ["Hose 0", "Hose 2"]
        by_supplier = products.list_products(s, filters=products.ProductFilters(supplier_id="sup-0001"))
        assert [(r[0].name, r[2]) for r in by_supplier.items] == [("Hose 1", "SUP-0001")]
        with pytest.raises(ValidationFailed) as exc:
            products.list_products(s, filters=products.ProductFilters(min_price=Decimal(5), max_price=Decimal(1)))
        assert exc.value.details[0].field == "max_price"


def test_warehouse_summaries(world):
    with session_scope() as s:
        make_warehouse(s, "WH-EMPTY", default=False)
        make_product(s, stock=[(world["wh"], 4)])
        make_product(s, stock=[(world["wh"], 6)])
        rows = {r.warehouse.code: (r.product_count, r.total_units) for r in products.list_warehouses(s)}
    assert rows == {"WH-MAIN": (2, 10), "WH-EMPTY": (0, 0)}
