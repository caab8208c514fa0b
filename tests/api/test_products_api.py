"""/api/products: seed 000 shapes, status codes, permissions, query validation, stock refusal."""

import pytest
from sqlmodel import select

from inventorypulse.db import session_scope
from inventorypulse.models import AuditLog, Product
from tests.factories import make_category, make_product, make_supplier, make_warehouse

SEED_BODY = {
    "product_id": "NEWPRD-A1B2C3",
    "name": "New Widget X",
    "description": "A brand new and improved widget.",
    "category": "Tools",
    "subcategory": "Hand Tools",
    "sku": "WIDGET-X-001",
    "barcode": "1234567891234",
    "supplier_id": "SUP002",
    "pricing": {"cost_price": 10.50, "selling_price": 25.00, "currency": "USD"},
    "inventory": {"current_stock": 0, "reorder_threshold": 10, "reorder_quantity": 50, "max_stock_level": 500},
    "suppliers": [{"supplier_id": "SUP002", "is_primary": True, "lead_time_days": 10, "min_order_quantity": 25,
                   "cost_per_unit": 10.00}],
    "warehouse_location": "B-05-Shelf1-Bin2",
    "status": "pending",
    "tags": ["new arrival", "tool"],
}


@pytest.fixture
def world(db):
    with session_scope() as s:
        main = make_warehouse(s, "WH-MAIN")
        east = make_warehouse(s, "WH-EAST", default=False)
        tools = make_category(s, "Tools")
        sup = make_supplier(s, supplier_id="SUP002")
        sensor = make_product(s, category=tools, supplier=sup, product_id="PRD-XYZ78901", name="Industrial Sensor",
                              sku="SENS-IND-001", stock=[(main, 70), (east, 5)], reorder_threshold=20)
        low = make_product(s, category=tools, product_id="PRD-LOW00001", name="Almost gone", stock=[(main, 2)])
    return dict(main=main, tools=tools, sup=sup, sensor=sensor, low=low)


def test_seed_create_then_detail(client, world, role_headers):
    manager = role_headers("manager")
    resp = client.post("/api/products", json=SEED_BODY, headers=manager)
    assert resp.status_code == 201, resp.text
    body = resp.json()
    assert body["message"] == "Product created successfully" and body["product_id"] == "NEWPRD-A1B2C3"
    assert isinstance(body["id"], int)

    detail = client.get("/api/products/newprd-a1b2c3", headers=manager).json()
    assert detail["pricing"]["cost_price"] == "10.50" and detail["pricing"]["currency"] == "USD"
    assert detail["inventory"] == {"current_stock": 0, "reserved_stock": 0, "available_stock": 0,
                                   "reorder_threshold": 10, "reorder_quantity": 50, "max_stock_level": 500,
                                   "stock_unit": "pieces", "stock_status": "out"}
    assert [(o["supplier_id"], o["is_primary"], o["cost_per_unit"], o["min_order_quantity"])
            for o in detail["suppliers"]] == [("SUP002", True, "10.00", 25)]
    assert detail["supplier_id"] == "SUP002" and detail["status"] == "pending"
    assert detail["tags"] == ["new arrival", "tool"] and detail["warehouses"] == [] and detail["lots"] == []


def test_detail_has_stock_per_warehouse(client, world, admin_headers):
    d = client.get("/api/products/PRD-XYZ78901", headers=admin_headers).json()
    assert [(w["code"], w["on_hand"], w["available"]) for w in d["warehouses"]] == [("WH-EAST", 5, 5),
                                                                                    ("WH-MAIN", 70, 70)]
    assert d["inventory"]["current_stock"] == 75 and d["category"] == "Tools"
    assert set(d["specifications"]) == {"weight", "dimensions"}


def test_list_shape_filters_and_pagination(client, world, role_headers):
    ro = role_headers("readonly")
    resp = client.get("/api/products", params={"limit": 1, "sort": "name"}, headers=ro)
    assert resp.status_code == 200
    body = resp.json()
    assert body["pagination"] == {"total_items": 2, "total_pages": 2, "current_page": 1, "items_per_page": 1,
                                  "has_next": True, "has_prev": False}
    item = body["products"][0]
    assert item["product_id"] == "PRD-LOW00001"
    assert {"product_id", "name", "sku", "category", "current_stock", "available_stock", "reorder_threshold",
            "status", "unit_cost", "selling_price", "supplier_id", "updated_at", "stock_status"} <= set(item)
    assert item["stock_status"] == "low"
    low = client.get("/api/products", params={"low_stock": "true"}, headers=ro).json()
    assert [p["product_id"] for p in low["products"]] == ["PRD-LOW00001"]
    by_sup = client.get("/api/products", params={"supplier_id": "SUP002", "search": "sensor"}, headers=ro).json()
    assert [(p["product_id"], p["supplier_id"]) for p in by_sup["products"]] == [("PRD-XYZ78901", "SUP002")]


@pytest.mark.parametrize("params, field", [
    ({"limit": 1000}, "limit"), ({"page": 0}, "page"), ({"status": "bogus"}, "status"),
    ({"sort": "colour"}, "sort"), ({"low_stock": "maybe"}, "low_stock"), ({"min_price": -1}, "min_price"),
    ({"min_price": 5, "max_price": 1}, "max_price"), ({"order": "up"}, "order"),
])
def test_bad_query_parameters_are_422_naming_the_field(client, world, admin_headers, params, field):
    resp = client.get("/api/products", params=params, headers=admin_headers)
    assert resp.status_code == 422
    assert resp.json()["error"] == "VALIDATION_ERROR"
    assert field in [d["field"] for d in resp.json()["details"]]


def test_create_reports_all_problems_and_conflicts(client, world, admin_headers):
    bad = {"name": "", "sku": "x", "category": "Nope", "pricing": {"cost_price": 5, "selling_price": 4},
           "inventory": {"reorder_threshold": 10, "max_stock_level": 5}}
    resp = client.post("/api/products", json=bad, headers=admin_headers)
    assert resp.status_code == 422
    fields = {d["field"] for d in resp.json()["details"]}
    assert fields == {"name", "sku", "category", "pricing.selling_price", "inventory.max_stock_level"}
    unknown = client.post("/api/products", json={**SEED_BODY, "colour": "red"}, headers=admin_headers)
    assert unknown.status_code == 422 and unknown.json()["details"][0]["field"] == "colour"
    dup = client.post("/api/products", json={**SEED_BODY, "sku": "sens-ind-001", "product_id": None,
                                             "barcode": None}, headers=admin_headers)
    assert dup.status_code == 409 and dup.json()["details"][0]["field"] == "sku"


def test_opening_stock_on_create_is_a_ledger_movement(client, world, admin_headers):
    body = {**SEED_BODY, "inventory": {"current_stock": 30}, "product_id": None}
    resp = client.post("/api/products", json=body, headers=admin_headers)
    assert resp.status_code == 201
    pid = resp.json()["product_id"]
    assert pid.startswith("PRD-")
    moves = client.get("/api/stock-movements", params={"product_id": pid}, headers=admin_headers).json()
    assert [(m["movement_type"], m["quantity"], m["reason_code"]) for m in moves["stock_movements"]] == [
        ("inbound", 30, "opening_balance")]


def test_put_is_partial_and_refuses_stock(client, world, role_headers):
    manager = role_headers("manager")
    seed_put = {"inventory": {"current_stock": 80, "reserved_stock": 0}, "status": "active",
                "last_modified_by": "USR001"}
    resp = client.put("/api/products/PRD-XYZ78901", json=seed_put, headers=manager)
    assert resp.status_code == 422
    details = {d["field"]: d["issue"] for d in resp.json()["details"]}
    assert "/api/stock-movements" in details["inventory.current_stock"]
    ok = client.put("/api/products/PRD-XYZ78901", json={"status": "discontinued", "pricing": {"selling_price": 99.99}},
                    headers=manager)
    assert ok.status_code == 200, ok.text
    body = ok.json()
    assert body["message"] == "Product updated successfully" and body["product_id"] == "PRD-XYZ78901"
    assert body["updated_fields"] == ["pricing.selling_price", "status"] and body["updated_at"]
    with session_scope() as s:
        p = s.exec(select(Product).where(Product.product_id == "PRD-XYZ78901")).one()
        assert p.current_stock == 75 and p.status == "discontinued"
        assert s.exec(select(AuditLog).where(AuditLog.entity_id == "PRD-XYZ78901",
                                             AuditLog.action == "update")).one()


def test_permissions(client, world, role_headers):
    for role, code in (("readonly", 403), ("staff", 403), ("manager", 201)):
        body = {**SEED_BODY, "product_id": None, "sku": f"NEW-{role.upper()}-1", "barcode": None}
        assert client.post("/api/products", json=body, headers=role_headers(role)).status_code == code, role
    assert client.put("/api/products/PRD-XYZ78901", json={"name": "x"},
                      headers=role_headers("staff")).status_code == 403
    assert client.delete("/api/products/PRD-XYZ78901", headers=role_headers("manager")).status_code == 403
    assert client.get("/api/products").status_code == 401


def test_delete_is_soft_and_admin_only(client, world, admin_headers):
    resp = client.delete("/api/products/prd-xyz78901", headers=admin_headers)
    assert resp.status_code == 200
    assert resp.json() == {"message": "Product discontinued", "product_id": "PRD-XYZ78901", "status": "discontinued"}
    still = client.get("/api/products/PRD-XYZ78901", headers=admin_headers).json()
    assert still["status"] == "discontinued" and still["inventory"]["current_stock"] == 75


def test_unknown_products_are_404(client, world, admin_headers):
    for method, url, kw in (("get", "/api/products/NOPE-0000", {}), ("put", "/api/products/NOPE-0000", {"json": {}}),
                            ("delete", "/api/products/NOPE-0000", {}),
                            ("get", "/api/products/NOPE-0000/suppliers", {})):
        resp = client.request(method.upper(), url, headers=admin_headers, **kw)
        assert resp.status_code == 404, (method, url)
        assert resp.json()["error"] == "NOT_FOUND"
