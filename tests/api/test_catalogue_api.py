"""Categories, supplier offers, best supplier, barcodes, warehouses and product CSV over HTTP."""

import csv
import io
from decimal import Decimal

import pytest
from sqlmodel import select

from inventorypulse.db import session_scope
from inventorypulse.models import AuditLog, Product
from inventorypulse.services import product_csv
from tests.factories import make_category, make_product, make_supplier, make_warehouse


@pytest.fixture
def world(db):
    with session_scope() as s:
        main = make_warehouse(s, "WH-MAIN")
        east = make_warehouse(s, "WH-EAST", default=False)
        tools = make_category(s, "Tools")
        make_category(s, "Empty")
        fast = make_supplier(s, supplier_id="SUP-FAST", lead_time_days=2, on_time_delivery_rate=Decimal("90"))
        cheap = make_supplier(s, supplier_id="SUP-CHEAP", lead_time_days=12, on_time_delivery_rate=Decimal("90"))
        make_product(s, category=tools, supplier=fast, product_id="PRD-000001", sku="SKU-000001",
                     barcode="012345678905", name="Drill", stock=[(main, 8), (east, 4)])
        make_product(s, category=tools, product_id="PRD-000002", sku="SKU-000002", name="Saw")
    return dict(main=main, tools=tools, fast=fast, cheap=cheap)


# --- categories ------------------------------------------------------------------------------

def test_category_crud(client, world, admin_headers, role_headers):
    listed = client.get("/api/categories", headers=role_headers("readonly")).json()
    assert [(c["name"], c["product_count"]) for c in listed["categories"]] == [("Empty", 0), ("Tools", 2)]
    assert listed["pagination"]["total_items"] == 2

    created = client.post("/api/categories", json={"name": " Garden  Tools ", "description": "Outdoor"},
                          headers=admin_headers)
    assert created.status_code == 201
    cat = created.json()["category"]
    assert cat["name"] == "Garden Tools" and cat["product_count"] == 0
    assert client.post("/api/categories", json={"name": "garden tools"}, headers=admin_headers).status_code == 409

    updated = client.put(f"/api/categories/{cat['id']}", json={"is_active": False}, headers=admin_headers)
    assert updated.status_code == 200 and updated.json()["updated_fields"] == ["is_active"]
    assert client.get(f"/api/categories/{cat['id']}", headers=admin_headers).json()["is_active"] is False
    assert client.delete(f"/api/categories/{cat['id']}", headers=admin_headers).status_code == 200
    assert client.get(f"/api/categories/{cat['id']}", headers=admin_headers).status_code == 404
    with session_scope() as s:
        actions = s.exec(select(AuditLog.action).where(AuditLog.entity_type == "category")).all()
    assert actions == ["create", "update", "delete"]


def test_category_in_use_cannot_be_deleted_and_writes_need_admin(client, world, admin_headers, role_headers):
    tools_id = world["tools"].id
    resp = client.delete(f"/api/categories/{tools_id}", headers=admin_headers)
    assert resp.status_code == 409 and "2 product(s)" in resp.json()["message"]
    assert client.post("/api/categories", json={"name": "X"}, headers=role_headers("manager")).status_code == 403
    long = client.post("/api/categories", json={"name": "n" * 101}, headers=admin_headers)
    assert long.status_code == 422 and long.json()["details"][0]["field"] == "name"
    assert client.get("/api/categories/0", headers=admin_headers).status_code == 422
    assert client.put("/api/categories/999", json={"name": "Z"}, headers=admin_headers).status_code == 404


def test_new_products_cannot_use_an_inactive_category(client, world, admin_headers):
    listed = client.get("/api/categories", params={"search": "Empty"}, headers=admin_headers).json()
    empty_id = listed["categories"][0]["id"]
    client.put(f"/api/categories/{empty_id}", json={"is_active": False}, headers=admin_headers)
    resp = client.post("/api/products", json={"name": "N", "category": "Empty", "sku": "NEW-0001",
                                              "pricing": {"cost_price": 1, "selling_price": 2}}, headers=admin_headers)
    assert resp.status_code == 422 and "inactive" in resp.json()["details"][0]["issue"]


# --- offers and best supplier ----------------------------------------------------------------

def test_offers_add_switch_primary_and_remove(client, world, role_headers):
    manager = role_headers("manager")
    added = client.post("/api/products/PRD-000001/suppliers",
                        json={"supplier_id": "SUP-CHEAP", "cost": "7.00", "lead_time_days": 12,
                              "min_order_quantity": 100, "supplier_product_code": "CH-1"}, headers=manager)
    assert added.status_code == 201 and added.json()["offer"]["is_primary"] is False
    switched = client.post("/api/products/PRD-000001/suppliers", json={"supplier_id": "SUP-CHEAP", "is_primary": True},
                           headers=manager)
    assert switched.status_code == 200 and switched.json()["offer"]["is_primary"] is True
    listed = client.get("/api/products/PRD-000001/suppliers", headers=manager).json()
    assert listed["product"] == {"product_id": "PRD-000001", "name": "Drill", "sku": "SKU-000001"}
    assert [(o["supplier_id"], o["is_primary"]) for o in listed["suppliers"]] == [("SUP-CHEAP", True),
                                                                                 ("SUP-FAST", False)]
    assert client.get("/api/products/PRD-000001", headers=manager).json()["supplier_id"] == "SUP-CHEAP"
    refused = client.post("/api/products/PRD-000001/suppliers", json={"supplier_id": "SUP-CHEAP", "is_primary": False},
                          headers=manager)
    assert refused.status_code == 422 and refused.json()["details"][0]["field"] == "is_primary"
    assert client.post("/api/products/PRD-000001/suppliers", json={"supplier_id": "SUP-FAST", "cost": -1},
                       headers=manager).status_code == 422
    assert client.post("/api/products/PRD-000001/suppliers", json={"supplier_id": "SUP-FAST", "cost": 1},
                       headers=role_headers("staff")).status_code == 403
    removed = client.delete("/api/products/PRD-000001/suppliers/sup-cheap", headers=manager)
    assert removed.status_code == 200
    assert client.get("/api/products/PRD-000001", headers=manager).json()["supplier_id"] == "SUP-FAST"
    assert client.delete("/api/products/PRD-000001/suppliers/SUP-CHEAP", headers=manager).status_code == 404


def test_best_supplier_ranks_and_explains(client, world, role_headers):
    manager = role_headers("manager")
    client.post("/api/products/PRD-000001/suppliers",
                json={"supplier_id": "SUP-CHEAP", "cost": "5.00", "lead_time_days": 7}, headers=manager)
    # SUP-FAST: cost 10.00 (the factory's cost price), lead 2 days; SUP-CHEAP: cost 5.00, lead 7 days
    normal = client.get("/api/products/PRD-000001/suppliers/best", params={"quantity": 10},
                        headers=role_headers("readonly")).json()
    assert normal["weights"] == {"cost": 0.4, "lead_time": 0.3, "reliability": 0.2, "moq": 0.1}
    assert [c["supplier_id"] for c in normal["candidates"]] == ["SUP-CHEAP", "SUP-FAST"]
    # CHEAP: .4 + .3*(3/8) + .2 + .1 = .8125 ; FAST: .4*.5 + .3 + .2 + .1 = .80
    assert [c["score"] for c in normal["candidates"]] == [81.25, 80.0]
    assert normal["recommended"]["supplier_id"] == "SUP-CHEAP"
    assert "cheapest at $5.00" in normal["recommended"]["reasons"]
    assert normal["recommended"]["total_cost"] == "50.00"
    urgent = client.get("/api/products/PRD-000001/suppliers/best", params={"quantity": 10, "urgency": "high"},
                        headers=manager).json()
    assert urgent["recommended"]["supplier_id"] == "SUP-FAST"
    assert urgent["candidates"][1]["components"] == {"cost": 1.0, "lead_time": 0.375, "reliability": 1.0, "moq": 1.0}
    bad = client.get("/api/products/PRD-000001/suppliers/best", params={"urgency": "panic", "quantity": 0},
                     headers=manager)
    assert bad.status_code == 422 and {d["field"] for d in bad.json()["details"]} == {"urgency", "quantity"}
    none = client.get("/api/products/PRD-000002/suppliers/best", headers=manager).json()
    assert none["recommended"] is None and none["candidates"] == [] and none["quantity"] == 50


# --- barcodes --------------------------------------------------------------------------------

def test_barcode_lookup_and_scan(client, world, role_headers):
    ro = role_headers("readonly")
    found = client.get("/api/barcode/lookup/012345678905", headers=ro)
    assert found.status_code == 200
    body = found.json()
    assert body["found"] is True and body["product"]["product_id"] == "PRD-000001"
    assert body["product"]["current_stock"] == 12
    assert {(w["code"], w["on_hand"]) for w in body["warehouses"]} == {("WH-MAIN", 8), ("WH-EAST", 4)}
    assert body["warehouse"] is None
    scan = client.post("/api/barcode/scan", json={"barcode": "012345678905", "warehouse": "wh-east"}, headers=ro)
    assert scan.status_code == 200 and scan.json()["warehouse"]["on_hand"] == 4
    assert client.get("/api/barcode/lookup/999999999999", headers=ro).status_code == 404
    assert client.post("/api/barcode/scan", json={"barcode": "999999999999"}, headers=ro).status_code == 404
    assert client.post("/api/barcode/scan", json={"barcode": "012345678905", "warehouse": "WH-NOPE"},
                       headers=ro).status_code == 404
    assert client.post("/api/barcode/scan", json={}, headers=ro).status_code == 422


def test_barcode_link(client, world, role_headers):
    manager = role_headers("manager")
    resp = client.post("/api/barcode/link", json={"barcode": "4006381333931", "product_id": "prd-000002"},
                       headers=manager)
    assert resp.status_code == 200
    assert resp.json() == {"message": "Barcode linked", "barcode": "4006381333931", "product_id": "PRD-000002",
                           "previous_barcode": None}
    taken = client.post("/api/barcode/link", json={"barcode": "012345678905", "product_id": "PRD-000002"},
                        headers=manager)
    assert taken.status_code == 409 and "PRD-000001" in taken.json()["message"]
    assert client.post("/api/barcode/link", json={"barcode": "4006381333931", "product_id": "PRD-000002"},
                       headers=role_headers("readonly")).status_code == 403
    assert client.post("/api/barcode/link", json={"barcode": "!!", "product_id": "PRD-000002"},
                       headers=manager).status_code == 422
    with session_scope() as s:
        audit = s.exec(select(AuditLog).where(AuditLog.action == "link_barcode")).one()
    assert audit.entity_id == "PRD-000002" and audit.changes["barcode"]["to"] == "4006381333931"


# --- warehouses ------------------------------------------------------------------------------

def test_warehouses_list(client, world, role_headers):
    body = client.get("/api/warehouses", headers=role_headers("readonly")).json()
    assert [(w["code"], w["is_default"], w["product_count"], w["total_units"]) for w in body["warehouses"]] == [
        ("WH-MAIN", True, 1, 8), ("WH-EAST", False, 1, 4)]
    assert set(body["warehouses"][0]["address"]) == {"street", "city", "state", "postal_code", "country"}


# --- CSV -------------------------------------------------------------------------------------

def test_export_csv_uses_the_list_filters(client, world, role_headers):
    resp = client.get("/api/products/export", params={"supplier_id": "SUP-FAST"}, headers=role_headers("readonly"))
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/csv")
    assert "attachment" in resp.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(resp.text)))
    assert [(r["product_id"], r["current_stock"], r["supplier_id"]) for r in rows] == [
        ("PRD-000001", "12", "SUP-FAST")]
    bad = client.get("/api/products/export", params={"status": "bogus"}, headers=role_headers("readonly"))
    assert bad.status_code == 422


def test_import_multipart_and_text_csv(client, world, role_headers):
    manager = role_headers("manager")
    text = "product_id,sku,name,category,cost_price,selling_price\n,NEW-SKU-1,New,Tools,1,2\nPRD-000002,,Saw 2,,,\n"
    resp = client.post("/api/products/import", files={"file": ("p.csv", text, "text/csv")}, headers=manager)
    assert resp.status_code == 200, resp.text
    assert resp.json() == {"message": "Imported 2 row(s)", "created": 1, "updated": 1, "unchanged": 0}
    again = client.post("/api/products/import", content=text.replace("NEW-SKU-1", "NEW-SKU-2"),
                        headers={**manager, "Content-Type": "text/csv"})
    assert again.status_code == 200 and again.json()["created"] == 1 and again.json()["unchanged"] == 1


def test_import_rejects_everything_on_one_bad_row(client, world, admin_headers):
    text = "sku,name,category,cost_price,selling_price\nGOOD-0001,Good,Tools,1,2\nBAD,Bad,Tools,3,2\n"
    resp = client.post("/api/products/import", content=text, headers={**admin_headers, "Content-Type": "text/csv"})
    assert resp.status_code == 422
    assert resp.json()["details"] == [
        {"field": "row 3: sku", "issue": "must be 6-30 characters: letters, digits and hyphens"},
        {"field": "row 3: selling_price", "issue": "must be at least the cost price (3)"},
    ]
    with session_scope() as s:
        assert s.exec(select(Product).where(Product.sku == "GOOD-0001")).first() is None


def test_import_limits_and_permissions(client, world, admin_headers, role_headers, monkeypatch):
    assert client.post("/api/products/import", content="sku\nABCDEF\n",
                       headers={**role_headers("staff"), "Content-Type": "text/csv"}).status_code == 403
    monkeypatch.setattr(product_csv, "MAX_BYTES", 100)
    big = client.post("/api/products/import", content="sku,name\n" + "ABCDEF,x\n" * 50,
                      headers={**admin_headers, "Content-Type": "text/csv"})
    assert big.status_code == 413 and big.json()["error"] == "PAYLOAD_TOO_LARGE"
    empty = client.post("/api/products/import", content=b"", headers={**admin_headers, "Content-Type": "text/csv"})
    assert empty.status_code == 422 and empty.json()["details"][0]["field"] == "file"
    binary = client.post("/api/products/import", content=b"\xff\xfe\x00bad",
                         headers={**admin_headers, "Content-Type": "text/csv"})
    assert binary.status_code == 422 and binary.json()["details"][0]["issue"] == "must be UTF-8 text"
    no_file = client.post("/api/products/import", data={"other": "x"}, files={"x": ("a", b"b")}, headers=admin_headers)
    assert no_file.status_code == 422


def test_export_and_import_paths_are_not_product_ids(client, world, admin_headers):
    schema = client.get("/api/openapi.json").json()
    paths = list(schema["paths"])
    assert paths.index("/api/products/export") < paths.index("/api/products/{product_id}")
    assert client.get("/api/products/export", headers=admin_headers).headers["content-type"].startswith("text/csv")
