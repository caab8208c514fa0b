"""The sales REST API end to end: customers, orders with reservation, shipping, returns, invoices."""

from decimal import Decimal

import pytest
from sqlmodel import select

from inventorypulse.db import session_scope
from inventorypulse.models import Product, StockMovement
from tests.factories import make_product, make_user, make_warehouse
from tests.services.sales_helpers import stock_in


@pytest.fixture
def stocked(db):
    with session_scope() as s:
        make_warehouse(s, "WH-MAIN")
        product = make_product(s, selling_price=Decimal("10.00"), cost_price=Decimal("4.00"))
        stock_in(s, make_user(s, "manager"), product, 8)
    return product


def fields(resp) -> set[str]:
    return {d["field"] for d in resp.json()["details"]}


@pytest.fixture
def api(client, role_headers, stocked):
    manager, staff = role_headers("manager"), role_headers("staff")
    cust = client.post("/api/customers", headers=manager, json={
        "name": "Acme", "type": "business", "payment_terms": "Net15", "credit_limit": "500.00",
        "address": {"street": "1 Main St", "city": "Boston", "country": "US"}})
    assert cust.status_code == 201, cust.text
    return {"c": client, "manager": manager, "staff": staff, "cust": cust.json()["customer_number"],
            "product": stocked}


def create(api, quantity: int, **kw):
    resp = api["c"].post("/api/orders", headers=api["staff"], json={
        "customer_id": api["cust"], "items": [{"product_id": api["product"].product_id, "quantity": quantity}],
        "shipping_cost": "5.00"} | kw)
    assert resp.status_code == 201, resp.text
    return resp.json()


def test_customer_crud_and_search(api):
    c, manager = api["c"], api["manager"]
    got = c.get(f"/api/customers/{api['cust']}", headers=api["staff"]).json()
    assert (got["type"], got["payment_terms"], got["address"]["city"]) == ("business", "Net15", "Boston")
    assert c.get("/api/customers?search=acm", headers=api["staff"]).json()["pagination"]["total_items"] == 1
    edited = c.put(f"/api/customers/{api['cust']}", headers=manager, json={"billing_address": {"city": "Salem"}})
    assert edited.json()["billing_address"]["city"] == "Salem"
    bad = c.post("/api/customers", headers=manager, json={"name": "X", "email": "nope", "phone": "12"})
    assert bad.status_code == 422 and {"email", "phone"} <= fields(bad)
    assert c.post("/api/customers", headers=api["staff"], json={"name": "X"}).status_code == 403
    assert c.delete(f"/api/customers/{api['cust']}", headers=manager).json()["is_active"] is False
    assert c.get("/api/customers/CUST-1999-0001", headers=manager).status_code == 404


def test_order_lifecycle_ship_return_invoice(api):
    c, staff, manager = api["c"], api["staff"], api["manager"]
    order = create(api, 5, tax_rate="0.1")
    number = order["order_number"]
    assert order["status"] == "pending" and order["items"][0]["unit_price"] == "10.00"
    assert order["pricing"]["total_amount"] == "60.00"  # 50 + 5 tax + 5 shipping
    assert order["shipping_address"]["city"] == "Boston"

    confirmed = c.patch(f"/api/orders/{number}/status", headers=staff, json={"status": "confirmed"})
    assert confirmed.status_code == 200 and confirmed.json()["allowed_transitions"] == ["processing", "cancelled"]
    with session_scope() as s:
        assert s.get(Product, api["product"].id).available_stock == 3

    too_much = create(api, 4)["order_number"]
    refused = c.patch(f"/api/orders/{too_much}/status", headers=staff, json={"status": "confirmed"})
    assert refused.status_code == 409 and fields(refused) == {"items[0]"}

    key = {"Idempotency-Key": "ship-1"}
    first = c.post(f"/api/orders/{number}/ship", headers=staff | key, json={"items": [{"line_no": 1, "quantity": 2}]})
    again = c.post(f"/api/orders/{number}/ship", headers=staff | key, json={"items": [{"line_no": 1, "quantity": 2}]})
    assert first.status_code == again.status_code == 200 and first.json() == again.json()
    assert first.json()["status"] == "processing" and first.json()["movements"][0]["warehouse"] == "WH-MAIN"
    rest = c.post(f"/api/orders/{number}/ship", headers=staff, json={"tracking_number": "1Z"})
    assert rest.json()["status"] == "shipped" and rest.json()["lines"] == [{"line_no": 1, "quantity": 3}]

    ret_key = {"Idempotency-Key": "ret-1"}
    body = {"items": [{"line_no": 1, "quantity": 1, "disposition": "write_off"}], "reason": "broken"}
    returned = c.post(f"/api/orders/{number}/return", headers=staff | ret_key, json=body)
    assert c.post(f"/api/orders/{number}/return", headers=staff | ret_key, json=body).json() == returned.json()
    assert [m["movement_type"] for m in returned.json()["movements"]] == ["inbound", "adjustment"]
    with session_scope() as s:
        rows = s.exec(select(StockMovement).where(StockMovement.reference_id == number)).all()
        assert sorted(m.quantity for m in rows) == [-3, -2, -1, 1]

    detail = c.get(f"/api/orders/{number}", headers=staff).json()
    assert detail["items"][0]["quantity_shipped"] == 5 and detail["items"][0]["quantity_returned"] == 1
    assert len(detail["movements"]) == 4 and detail["can_return"] is True

    assert c.post("/api/invoices", headers=staff, json={"order_number": number}).status_code == 403
    inv = c.post("/api/invoices", headers=manager, json={"order_number": number})
    assert inv.status_code == 201, inv.text
    inv = inv.json()
    assert (inv["total_amount"], inv["payment_status"], inv["items"][0]["quantity"]) == ("49.00", "unpaid", 4)
    paid = c.post(f"/api/invoices/{inv['invoice_number']}/payments", headers=manager,
                  json={"amount": "49.00", "method": "card"})
    assert paid.json()["payment_status"] == "paid" and paid.json()["balance_due"] == "0.00"
    over = c.post(f"/api/invoices/{inv['invoice_number']}/payments", headers=manager,
                  json={"amount": "1.00", "method": "card"})
    assert over.status_code == 409
    listed = c.get("/api/invoices?status=paid", headers=staff).json()
    assert [i["invoice_number"] for i in listed["invoices"]] == [inv["invoice_number"]]
    assert c.get(f"/api/orders/{number}", headers=staff).json()["payment_status"] == "paid"


def test_wrong_input_names_the_field(api):
    c, staff = api["c"], api["staff"]
    code = api["product"].product_id
    cases = [
        ({"customer_id": api["cust"], "items": []}, "items"),
        ({"customer_id": api["cust"], "items": [{"product_id": code, "quantity": 0}]}, "items[0].quantity"),
        ({"customer_id": api["cust"], "items": [{"product_id": "PRD-NONE0000", "quantity": 1}]},
         "items[0].product_id"),
        ({"customer_id": "CUST-1999-0001", "items": [{"product_id": code, "quantity": 1}]}, "customer_id"),
        ({"customer_id": api["cust"], "items": [{"product_id": code, "quantity": 1}], "tax_rate": 2}, "tax_rate"),
        ({"customer_id": api["cust"], "items": [{"product_id": code, "quantity": 1, "discount": "11"}]},
         "items[0].discount"),
    ]
    for body, field in cases:
        resp = c.post("/api/orders", headers=staff, json=body)
        assert resp.status_code == 422 and field in fields(resp), (body, resp.text)
    number = create(api, 1)["order_number"]
    resp = c.patch(f"/api/orders/{number}/status", headers=staff, json={"status": "lost"})
    assert resp.status_code == 422 and "status" in fields(resp)
    resp = c.patch(f"/api/orders/{number}/status", headers=staff, json={"status": "shipped"})
    assert resp.status_code == 409 and "status" in fields(resp)
    resp = c.post(f"/api/orders/{number}/ship", headers=staff, json={})
    assert resp.status_code == 409
    c.patch(f"/api/orders/{number}/status", headers=staff, json={"status": "confirmed"})
    resp = c.post(f"/api/orders/{number}/ship", headers=staff, json={"warehouse": "WH-NOPE"})
    assert resp.status_code == 422 and "warehouse" in fields(resp)
    resp = c.post(f"/api/orders/{number}/ship", headers=staff, json={"items": [{"line_no": 1, "quantity": 2}]})
    assert resp.status_code == 422 and "items[0].quantity" in fields(resp)
    resp = c.post("/api/invoices", headers=api["manager"], json={"order_number": number})
    assert resp.status_code == 409 and "order_number" in fields(resp)
    assert c.get("/api/orders?status=nope", headers=staff).status_code == 422
    assert c.get(f"/api/orders?status=confirmed&customer_id={api['cust']}", headers=staff).json()["orders"][0][
        "order_number"] == number


def test_purchase_order_routes_are_not_shadowed(api):
    resp = api["c"].get("/api/orders/purchase", headers=api["staff"])
    assert resp.status_code == 200 and "purchase_orders" in resp.json()
    assert api["c"].get("/api/orders/ORD-1999-000001", headers=api["staff"]).status_code == 404


def test_edit_a_pending_order_and_its_required_date(api):
    c, staff = api["c"], api["staff"]
    number = create(api, 1)["order_number"]
    resp = c.put(f"/api/orders/{number}", headers=staff, json={
        "required_date": "2099-01-01T00:00:00", "items": [{"product_id": api["product"].product_id, "quantity": 3}]})
    assert resp.status_code == 200, resp.text
    assert resp.json()["pricing"]["subtotal"] == "30.00" and resp.json()["required_date"].startswith("2099-01-01")
    resp = c.put(f"/api/orders/{number}", headers=staff, json={"required_date": "2001-01-01T00:00:00Z"})
    assert resp.status_code == 422 and "required_date" in fields(resp)
