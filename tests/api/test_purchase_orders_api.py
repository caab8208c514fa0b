"""Purchase orders over HTTP: the seed's shapes, errors naming fields, permissions, receiving with retries."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from inventorypulse.db import session_scope
from inventorypulse.models import AuditLog, Lot, Product, StockLevel, StockMovement
from inventorypulse.models.base import utcnow
from tests.factories import make_product, make_supplier, make_warehouse

YEAR = utcnow().year
BASE = "/api/orders/purchase"


def _catalogue():
    with session_scope() as s:
        main = make_warehouse(s, "WH-MAIN")
        supplier = make_supplier(s)
        sensor = make_product(s, supplier=supplier, cost_price=Decimal("50.00"), selling_price=Decimal("80.00"),
                              name="Industrial Sensor Unit")
        screws = make_product(s, cost_price=Decimal("250.00"), selling_price=Decimal("300.00"))
        lotted = make_product(s, supplier=supplier, lot_tracking=True)
    return dict(main=main, supplier=supplier, sensor=sensor, screws=screws, lotted=lotted)


@pytest.fixture
def cat(db):
    return _catalogue()


def po_body(cat, **kw) -> dict:
    """Seed 000's example request."""
    body = {
        "supplier_id": cat["supplier"].supplier_id,
        "order_date": f"{YEAR}-01-20T09:00:00Z",
        "expected_delivery_date": f"{YEAR}-01-27T09:00:00Z",
        "status": "draft",
        "items": [{"product_id": cat["sensor"].product_id, "quantity_ordered": 50, "unit_cost": 50.00,
                   "notes": "Fragile items, handle with care."},
                  {"product_id": cat["screws"].product_id, "quantity_ordered": 10}],
        "shipping_address": {"name": "Main Warehouse", "street": "123 Warehouse Rd", "city": "Warehouseville",
                             "state": "GA", "postal_code": "30303", "country": "US"},
        "tax_amount": 400.00,
        "shipping_cost": 50.00,
        "notes": "Urgent order for Q1 production.",
        "total_amount": 1.00,  # client totals are ignored
    }
    return body | kw


def new_po(client, headers, cat, **kw) -> str:
    resp = client.post(BASE, json=po_body(cat, **kw), headers=headers)
    assert resp.status_code == 201, resp.text
    return resp.json()["order_number"]


def send(client, headers, number, *statuses):
    for status in statuses:
        resp = client.post(f"{BASE}/{number}/status", json={"status": status}, headers=headers)
        assert resp.status_code == 200, resp.text


def error_fields(resp) -> dict[str, str]:
    return {d["field"]: d["issue"] for d in resp.json()["details"]}


def stock_of(product) -> tuple[int, list[int]]:
    with session_scope() as s:
        total = s.get(Product, product.id).current_stock
        levels = [lv.on_hand for lv in s.exec(select(StockLevel).where(StockLevel.product_id == product.id))]
        return total, levels


def movement_count(number) -> int:
    with session_scope() as s:
        return len(s.exec(select(StockMovement).where(StockMovement.reference_id == number)).all())


def test_create_then_detail_in_the_seed_shape(client, admin_headers, cat):
    resp = client.post(BASE, json=po_body(cat), headers=admin_headers)
    assert resp.status_code == 201
    body = resp.json()
    assert body["message"] == "Purchase order created successfully"
    assert body["order_number"] == f"PO-{YEAR}-000001" and isinstance(body["id"], int)

    detail = client.get(f"{BASE}/{body['order_number'].lower()}", headers=admin_headers).json()
    assert detail["status"] == "draft" and detail["supplier_id"] == cat["supplier"].supplier_id
    first, second = detail["items"]
    assert (first["product_id"], first["product_name"], first["quantity_ordered"], first["quantity_received"],
            first["unit_cost"], first["line_total"], first["notes"]) == (
        cat["sensor"].product_id, "Industrial Sensor Unit", 50, 0, "50.00", "2500.00",
        "Fragile items, handle with care.")
    assert (second["unit_cost"], second["line_total"]) == ("250.00", "2500.00")  # product cost: no offer
    assert detail["financial"] == {"subtotal": "5000.00", "tax_amount": "400.00", "shipping_cost": "50.00",
                                   "total_amount": "5450.00", "currency": "USD"}
    assert detail["total_amount"] == "5450.00"
    assert detail["shipping_address"]["city"] == "Warehouseville"
    assert detail["order_date"].startswith(f"{YEAR}-01-20T09:00:00")
    assert detail["created_by"] == "admin" and detail["approved_by"] is None
    assert detail["allowed_transitions"] == ["sent", "cancelled"] and detail["can_receive"] is False
    assert detail["receipts"] == [] and detail["notes"] == "Urgent order for Q1 production."


def test_list_shape_filters_and_pagination(client, admin_headers, cat):
    a = new_po(client, admin_headers, cat)
    b = new_po(client, admin_headers, cat, order_date=f"{YEAR}-02-01T09:00:00Z",
               expected_delivery_date=f"{YEAR}-02-10T00:00:00Z")
    send(client, admin_headers, b, "sent", "confirmed")
    body = client.get(BASE, headers=admin_headers, params={"limit": 1}).json()
    assert [po["order_number"] for po in body["purchase_orders"]] == [b]
    assert body["pagination"]["total_items"] == 2 and body["pagination"]["has_next"] is True
    assert body["purchase_orders"][0]["items"][0] == {
        "product_id": cat["sensor"].product_id, "product_name": "Industrial Sensor Unit", "quantity_ordered": 50,
        "unit_cost": "50.00", "line_total": "2500.00"}
    for params, expected in [({"status": "draft"}, [a]), ({"status": "confirmed"}, [b]),
                             ({"status": "acknowledged"}, [b]), ({"status": "open"}, [b, a]),
                             ({"end_date": f"{YEAR}-01-31"}, [a]), ({"start_date": f"{YEAR}-02-01"}, [b]),
                             ({"supplier_id": "SUP-NONE"}, [])]:
        got = client.get(BASE, headers=admin_headers, params=params).json()["purchase_orders"]
        assert [po["order_number"] for po in got] == expected, params
    bad = client.get(BASE, headers=admin_headers, params={"status": "lost"})
    assert bad.status_code == 422 and "status" in error_fields(bad)
    bad = client.get(BASE, headers=admin_headers, params={"start_date": "yesterday"})
    assert bad.status_code == 422 and "start_date" in error_fields(bad)


@pytest.mark.parametrize("change, field, status", [
    ({"items": [{"product_id": "X", "quantity_ordered": 0}]}, "items[0].quantity_ordered", 422),
    ({"items": [{"product_id": "PRD-NOPE-01", "quantity_ordered": 1}]}, "items[0].product_id", 422),
    ({"items": []}, "items", 422),
    ({"items": [{"product_id": "X", "quantity_ordered": 1, "unit_cost": -1}]}, "items[0].unit_cost", 422),
    ({"items": [{"product_id": "X", "quantity_ordered": 1, "unit_cost": 1.005}]}, "items[0].unit_cost", 422),
    ({"supplier_id": "SUP-NONE"}, "supplier_id", 422),
    ({"expected_delivery_date": "2000-01-01T00:00:00Z"}, "expected_delivery_date", 422),
    ({"order_date": "not-a-date"}, "order_date", 422),
    ({"order_date": "9999-12-31T00:00:00Z", "expected_delivery_date": None}, "order_date", 422),
    ({"expected_delivery_date": "2999-01-01T00:00:00Z"}, "expected_delivery_date", 422),
    ({"status": "sent"}, "status", 422),
    ({"order_number": "bad number"}, "order_number", 422),
    ({"shipping_address": {"country": "USA"}}, "shipping_address.country", 422),
    ({"currency": "usd1"}, "currency", 422),
    ({"notes": "x" * 1001}, "notes", 422),
    ({"tax_rate": 0.1}, "tax_rate", 422),  # together with tax_amount
])
def test_bad_input_names_the_field(client, admin_headers, cat, change, field, status):
    resp = client.post(BASE, json=po_body(cat, **change), headers=admin_headers)
    assert resp.status_code == status, resp.text
    assert resp.json()["error"] == "VALIDATION_ERROR" and field in error_fields(resp)


def test_duplicate_order_number_is_409(client, admin_headers, cat):
    new_po(client, admin_headers, cat, order_number="PO-MANUAL-1")
    resp = client.post(BASE, json=po_body(cat, order_number="po-manual-1"), headers=admin_headers)
    assert resp.status_code == 409 and resp.json()["details"] == [{"field": "order_number", "issue": "already exists"}]


def test_put_edits_drafts_moves_status_and_refuses_the_rest(client, admin_headers, cat):
    number = new_po(client, admin_headers, cat)
    resp = client.put(f"{BASE}/{number}", headers=admin_headers, json={
        "items": [{"product_id": cat["sensor"].product_id, "quantity_ordered": 10}], "shipping_cost": 0,
        "subtotal": 999})
    assert resp.status_code == 200
    assert resp.json()["updated_fields"] == ["items", "shipping_cost"]
    fin = client.get(f"{BASE}/{number}", headers=admin_headers).json()["financial"]
    # the offer's cost (50.00) x 10; the tax amount stays as it was
    assert (fin["subtotal"], fin["tax_amount"], fin["shipping_cost"], fin["total_amount"]) == (
        "500.00", "400.00", "0.00", "900.00")

    resp = client.put(f"{BASE}/{number}", headers=admin_headers, json={
        "items": [{"product_id": cat["sensor"].product_id, "quantity_received": 10}]})
    assert resp.status_code == 422 and "/receive" in error_fields(resp)["items[0].quantity_received"]

    resp = client.put(f"{BASE}/{number}", headers=admin_headers, json={"status": "sent"})
    assert resp.status_code == 200 and resp.json()["status"] == "sent"
    resp = client.put(f"{BASE}/{number}", headers=admin_headers, json={"notes": "too late"})
    assert resp.status_code == 409 and "is sent" in resp.json()["message"]
    resp = client.put(f"{BASE}/{number}", headers=admin_headers,
                      json={"status": "shipped", "actual_delivery_date": f"{YEAR}-01-25T10:00:00Z"})
    assert resp.status_code == 200 and resp.json()["updated_fields"] == ["status", "actual_delivery_date"]
    assert client.put(f"{BASE}/PO-NOPE", headers=admin_headers, json={"notes": "x"}).status_code == 404


def test_status_endpoint_names_the_allowed_next_states(client, admin_headers, cat):
    number = new_po(client, admin_headers, cat)
    resp = client.post(f"{BASE}/{number}/status", json={"status": "shipped"}, headers=admin_headers)
    assert resp.status_code == 409
    assert resp.json()["error"] == "INVALID_TRANSITION"
    assert resp.json()["message"] == "Cannot go from draft to shipped. Allowed: sent, cancelled."
    resp = client.post(f"{BASE}/{number}/status", json={"status": "sent", "notes": "approved"}, headers=admin_headers)
    assert resp.json() == {"message": "Purchase order is now sent", "order_number": number,
                           "previous_status": "draft", "status": "sent",
                           "allowed_transitions": ["acknowledged", "shipped", "cancelled"]}
    detail = client.get(f"{BASE}/{number}", headers=admin_headers).json()
    assert detail["approved_by"] == "admin" and detail["sent_at"] is not None and detail["can_receive"] is True
    assert client.post(f"{BASE}/PO-NOPE/status", json={"status": "sent"}, headers=admin_headers).status_code == 404
    resp = client.post(f"{BASE}/{number}/status", json={"status": "teleported"}, headers=admin_headers)
    assert resp.status_code == 422 and "status" in error_fields(resp)


def test_receiving_partial_then_complete_with_idempotent_retries(client, admin_headers, role_headers, cat):
    number = new_po(client, admin_headers, cat)
    send(client, admin_headers, number, "sent", "shipped")
    staff = role_headers("staff") | {"Idempotency-Key": "dock-7-delivery-1"}
    body = {"items": [{"product_id": cat["sensor"].product_id, "quantity": 20}]}

    first = client.post(f"{BASE}/{number}/receive", json=body, headers=staff)
    assert first.status_code == 200, first.text
    data = first.json()
    assert data["status"] == "partially_received" and data["previous_status"] == "shipped"
    assert data["lines"][0] == {"line_no": 1, "product_id": cat["sensor"].product_id, "received_now": 20,
                                "quantity_received": 20, "quantity_ordered": 50, "quantity_outstanding": 30}
    assert len(data["movement_ids"]) == 1 and data["movements"][0]["stock_after"] == 20

    again = client.post(f"{BASE}/{number}/receive", json=body, headers=staff)
    assert again.status_code == 200 and again.json() == data
    assert stock_of(cat["sensor"]) == (20, [20]) and movement_count(number) == 1

    other = client.post(f"{BASE}/{number}/receive", headers=staff,
                        json={"items": [{"product_id": cat["sensor"].product_id, "quantity": 5}]})
    assert other.status_code == 409 and stock_of(cat["sensor"]) == (20, [20])

    rest = client.post(f"{BASE}/{number}/receive", headers=role_headers("staff"),
                       json={"items": [{"line_no": 1, "quantity": 30}, {"line_no": 2, "quantity": 10}]})
    assert rest.status_code == 200 and rest.json()["status"] == "received"
    assert stock_of(cat["sensor"]) == (50, [50]) and stock_of(cat["screws"]) == (10, [10])
    detail = client.get(f"{BASE}/{number}", headers=admin_headers).json()
    assert [(r["quantity"], r["stock_before"], r["stock_after"]) for r in detail["receipts"]] == [
        (20, 0, 20), (30, 20, 50), (10, 0, 10)]
    assert detail["receipts"][0]["unit_cost"] == "50.00" and detail["actual_delivery_date"] is not None
    assert detail["received_by"].startswith("staff") and detail["allowed_transitions"] == []


def test_receiving_refusals(client, admin_headers, role_headers, cat):
    staff = role_headers("staff")
    number = new_po(client, admin_headers, cat)
    one = {"items": [{"line_no": 1, "quantity": 1}]}
    resp = client.post(f"{BASE}/{number}/receive", json=one, headers=staff)
    assert resp.status_code == 409 and "draft" in resp.json()["message"]
    send(client, admin_headers, number, "sent")
    resp = client.post(f"{BASE}/{number}/receive", json={"items": [{"line_no": 1, "quantity": 51}]}, headers=staff)
    assert resp.status_code == 422 and "50 of 50 outstanding" in error_fields(resp)["items[0].quantity"]
    resp = client.post(f"{BASE}/{number}/receive", json={"items": [{"line_no": 1, "quantity": 0}]}, headers=staff)
    assert resp.status_code == 422 and "items[0].quantity" in error_fields(resp)
    resp = client.post(f"{BASE}/{number}/receive", json={"items": [{"product_id": "PRD-NOPE-01", "quantity": 1}]},
                       headers=staff)
    assert resp.status_code == 422 and "items[0].product_id" in error_fields(resp)
    assert movement_count(number) == 0 and stock_of(cat["sensor"]) == (0, [])
    send(client, admin_headers, number, "cancelled")
    resp = client.post(f"{BASE}/{number}/receive", json=one, headers=staff)
    assert resp.status_code == 409 and "cancelled" in resp.json()["message"]
    assert client.post(f"{BASE}/PO-NOPE/receive", json=one, headers=staff).status_code == 404


def test_lot_tracked_receipt_requires_and_creates_the_lot(client, admin_headers, role_headers, cat):
    number = new_po(client, admin_headers, cat, items=[{"product_id": cat["lotted"].product_id,
                                                        "quantity_ordered": 12}])
    send(client, admin_headers, number, "sent")
    url, staff = f"{BASE}/{number}/receive", role_headers("staff")
    resp = client.post(url, json={"items": [{"line_no": 1, "quantity": 12}]}, headers=staff)
    assert resp.status_code == 422 and "items[0].lot_number" in error_fields(resp)
    resp = client.post(url, headers=staff, json={"items": [{"line_no": 1, "quantity": 12, "lot_number": "LOT-42",
                                                            "expiration_date": f"{YEAR + 1}-03-31"}]})
    assert resp.status_code == 200 and resp.json()["movements"][0]["lot_number"] == "LOT-42"
    with session_scope() as s:
        lot = s.exec(select(Lot).where(Lot.product_id == cat["lotted"].id)).one()
    assert (lot.lot_number, lot.quantity, lot.expiry_date.isoformat()) == ("LOT-42", 12, f"{YEAR + 1}-03-31")


def test_permissions(client, admin_headers, role_headers, cat):
    number = new_po(client, admin_headers, cat)
    send(client, admin_headers, number, "sent")
    staff, readonly = role_headers("staff"), role_headers("readonly")
    receipt = {"items": [{"line_no": 1, "quantity": 1}]}
    for headers in (staff, readonly):
        assert client.post(BASE, json=po_body(cat), headers=headers).status_code == 403
        assert client.put(f"{BASE}/{number}", json={"notes": "x"}, headers=headers).status_code == 403
        assert client.post(f"{BASE}/{number}/status", json={"status": "cancelled"}, headers=headers).status_code == 403
        assert client.get(f"{BASE}/{number}", headers=headers).status_code == 200
        assert client.get(BASE, headers=headers).status_code == 200
    resp = client.post(f"{BASE}/{number}/receive", json=receipt, headers=readonly)
    assert resp.status_code == 403 and resp.json()["error"] == "INSUFFICIENT_PERMISSIONS"
    assert client.post(f"{BASE}/{number}/receive", json=receipt, headers=staff).status_code == 200
    manager = role_headers("manager")
    assert client.post(BASE, json=po_body(cat), headers=manager).status_code == 201
    assert client.get(BASE).status_code == 401
    with session_scope() as s:
        assert s.exec(select(AuditLog).where(AuditLog.entity_id == number)).all()


# --- PostgreSQL -----------------------------------------------------------------------------------


@pytest.fixture
def pg_client(pg_engine, pg_url, monkeypatch):
    """The API on a fresh PostgreSQL database, logged in as the configured admin."""
    from inventorypulse.api.app import create_api
    from inventorypulse.config import settings
    from inventorypulse.services.auth import ensure_configured_admin

    monkeypatch.setattr(settings, "database_url", pg_url)
    with session_scope() as s:
        ensure_configured_admin(s)
    with TestClient(create_api()) as c:
        token = c.post("/api/auth/login", json={"username": "admin", "password": "admin-test-pw"}).json()
        c.headers["Authorization"] = f"Bearer {token['access_token']}"
        yield c


@pytest.mark.postgres
def test_receiving_on_postgresql(pg_client):
    cat = _catalogue()
    number = new_po(pg_client, {}, cat, order_date=datetime(YEAR, 1, 20, 9, tzinfo=UTC).isoformat())
    send(pg_client, {}, number, "sent")
    body = {"items": [{"line_no": 1, "quantity": 50}, {"product_id": cat["screws"].product_id, "quantity": 4}]}
    first = pg_client.post(f"{BASE}/{number}/receive", json=body, headers={"Idempotency-Key": "pg-1"})
    assert first.status_code == 200 and first.json()["status"] == "partially_received"
    again = pg_client.post(f"{BASE}/{number}/receive", json=body, headers={"Idempotency-Key": "pg-1"})
    assert again.json() == first.json()
    over = pg_client.post(f"{BASE}/{number}/receive", json={"items": [{"line_no": 2, "quantity": 7}]})
    assert over.status_code == 422 and "items[0].quantity" in error_fields(over)
    done = pg_client.post(f"{BASE}/{number}/receive", json={"items": [{"line_no": 2, "quantity": 6}]})
    assert done.status_code == 200 and done.json()["status"] == "received"
    assert stock_of(cat["sensor"]) == (50, [50]) and stock_of(cat["screws"]) == (10, [10])
    assert movement_count(number) == 3


@pytest.mark.postgres
def test_concurrent_receipts_never_over_receive_on_postgresql(pg_client):
    cat = _catalogue()
    number = new_po(pg_client, {}, cat, items=[{"product_id": cat["sensor"].product_id, "quantity_ordered": 20}])
    send(pg_client, {}, number, "sent")
    app, headers = pg_client.app, dict(pg_client.headers)

    def worker(_):
        c = TestClient(app)
        return [c.post(f"{BASE}/{number}/receive", headers=headers,
                       json={"items": [{"line_no": 1, "quantity": 1}]}).status_code for _ in range(5)]

    with ThreadPoolExecutor(8) as pool:
        codes = [code for batch in pool.map(worker, range(8)) for code in batch]
    assert codes.count(200) == 20 and codes.count(409) == 20  # the rest find the order already received
    assert stock_of(cat["sensor"]) == (20, [20]) and movement_count(number) == 20
    detail = pg_client.get(f"{BASE}/{number}").json()
    assert detail["status"] == "received" and detail["items"][0]["quantity_received"] == 20
    assert sorted(r["stock_after"] for r in detail["receipts"]) == list(range(1, 21))
