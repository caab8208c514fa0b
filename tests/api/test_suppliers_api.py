"""Supplier endpoints: seed shapes, validation and conflicts in the one error format, permissions."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from inventorypulse.db import session_scope
from inventorypulse.models import AuditLog, PurchaseOrder, PurchaseOrderLine, Supplier
from tests.factories import make_product, make_supplier

SEED_BODY = {
    "supplier_id": "sup003",
    "company_name": "New Tech Components",
    "display_name": "NTC",
    "contact": {"primary_contact": "Alice Wonderland", "email": "alice@ntc.example", "phone": "+15553334444"},
    "address": {"street": "789 Innovation Drive", "city": "Future Town", "state": "TX", "postal_code": "78701",
                "country": "us"},
    "business_info": {"payment_terms": 45, "currency": "USD", "lead_time_days": 14, "minimum_order_value": 100.00},
    "status": "active",
    "preferred": False,
}


def _create(client, headers, body=None):
    return client.post("/api/suppliers", json=body or SEED_BODY, headers=headers)


def test_create_and_read_back_in_the_seed_shape(client, role_headers):
    manager = role_headers("manager")
    resp = _create(client, manager)
    assert resp.status_code == 201, resp.text
    body = resp.json()
    assert body["message"] == "Supplier created successfully" and body["supplier_id"] == "SUP003"
    assert isinstance(body["id"], int)

    detail = client.get("/api/suppliers/sup003", headers=role_headers("readonly")).json()
    assert detail["contact"] == {"primary_contact": "Alice Wonderland", "email": "alice@ntc.example",
                                 "phone": "+15553334444", "alternative_phone": None, "website": None}
    assert detail["address"]["country"] == "US"
    assert detail["business_info"] == {"tax_id": None, "payment_terms": 45, "currency": "USD", "lead_time_days": 14,
                                       "minimum_order_value": "100.00"}
    assert detail["performance"]["total_orders"] == 0 and detail["performance"]["fill_rate"] is None
    assert detail["products_supplied"] == 0 and detail["status"] == "active" and detail["rating"] == "3.0"
    with session_scope() as s:
        row = s.exec(select(AuditLog).where(AuditLog.entity_type == "supplier")).one()
        assert (row.action, row.entity_id) == ("create", "SUP003")


def test_flat_fields_are_accepted_and_id_is_generated(client, role_headers):
    flat = {"company_name": "Flat Co", "primary_contact": "Bo", "email": "bo@flat.example", "phone": "+4420712345",
            "street": "1 Road", "city": "London", "state": "LDN", "postal_code": "E1 6AN", "country": "gb",
            "lead_time_days": 3, "website": "https://flat.example"}
    resp = _create(client, role_headers("manager"), flat)
    assert resp.status_code == 201, resp.text
    assert resp.json()["supplier_id"].startswith("SUP-")


def test_validation_reports_every_bad_field(client, role_headers):
    body = {
        "supplier_id": "x", "company_name": "",
        "contact": {"primary_contact": "A", "email": "nope", "phone": "5551234", "website": "ftp://x"},
        "address": {"street": "s", "city": "c", "state": "st", "postal_code": "1", "country": "USA"},
        "business_info": {"payment_terms": -5, "currency": "dollars", "lead_time_days": 0,
                          "minimum_order_value": 1.234},
        "rating": 7, "on_time_delivery_rate": 101, "status": "gone",
    }
    resp = _create(client, role_headers("manager"), body)
    assert resp.status_code == 422
    fields = {d["field"] for d in resp.json()["details"]}
    assert fields == {
        "supplier_id", "company_name", "contact.email", "contact.phone", "contact.website", "address.country",
        "business_info.payment_terms", "business_info.currency", "business_info.lead_time_days",
        "business_info.minimum_order_value", "rating", "on_time_delivery_rate", "status",
    }
    assert resp.json()["error"] == "VALIDATION_ERROR"


def test_missing_and_bad_fields_come_back_together(client, role_headers):
    resp = _create(client, role_headers("manager"), {"company_name": "Bare", "rating": 9})
    assert resp.status_code == 422
    assert {d["field"] for d in resp.json()["details"]} == {"contact", "address", "business_info", "rating"}
    resp = _create(client, role_headers("manager"), {
        "company_name": "  ", "contact": {"email": "bad"}, "address": {"city": "X", "country": "u"},
        "business_info": {}})
    assert {d["field"] for d in resp.json()["details"]} == {
        "company_name", "contact.primary_contact", "contact.email", "contact.phone", "address.street",
        "address.state", "address.postal_code", "address.country", "business_info.lead_time_days"}


def test_unknown_fields_are_refused(client, role_headers):
    resp = _create(client, role_headers("manager"), SEED_BODY | {"colour": "blue"})
    assert resp.status_code == 422 and resp.json()["details"][0]["field"] == "colour"


def test_duplicates_are_409_naming_the_field(client, role_headers):
    manager = role_headers("manager")
    assert _create(client, manager).status_code == 201
    resp = _create(client, manager, SEED_BODY | {"supplier_id": "SUP004",
                                                 "contact": SEED_BODY["contact"] | {"email": "ALICE@ntc.example"}})
    assert resp.status_code == 409
    assert resp.json()["details"] == [{"field": "contact.email",
                                       "issue": "alice@ntc.example is already used by supplier SUP003"}]
    resp = _create(client, manager, SEED_BODY | {"contact": SEED_BODY["contact"] | {"email": "new@ntc.example"}})
    assert resp.status_code == 409 and resp.json()["details"][0]["field"] == "supplier_id"


def test_write_permissions(client, role_headers):
    assert _create(client, role_headers("staff")).status_code == 403
    assert _create(client, role_headers("readonly")).status_code == 403
    assert client.get("/api/suppliers", headers=role_headers("staff")).status_code == 200


def test_partial_update(client, role_headers):
    manager = role_headers("manager")
    _create(client, manager)
    resp = client.put("/api/suppliers/SUP003", headers=manager,
                      json={"contact": {"phone": "+15550000000"}, "business_info": {"lead_time_days": 10},
                            "preferred": True, "display_name": "NTC"})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    # display_name was sent unchanged, so it is not reported
    assert sorted(body["updated_fields"]) == ["business_info.lead_time_days", "contact.phone", "preferred"]
    detail = client.get("/api/suppliers/SUP003", headers=manager).json()
    assert detail["contact"]["phone"] == "+15550000000" and detail["contact"]["email"] == "alice@ntc.example"
    assert detail["business_info"]["lead_time_days"] == 10 and detail["preferred"] is True

    bad = client.put("/api/suppliers/SUP003", headers=manager, json={"company_name": None, "rating": 0})
    assert bad.status_code == 422 and {d["field"] for d in bad.json()["details"]} == {"company_name", "rating"}
    assert client.put("/api/suppliers/SUP-NONE", headers=manager, json={"notes": "x"}).status_code == 404
    assert client.put("/api/suppliers/SUP003", headers=role_headers("staff"), json={"notes": "x"}).status_code == 403


def test_list_filters_and_shape(client, role_headers):
    with session_scope() as s:
        make_supplier(s, company_name="Acme Parts", preferred=True)
        make_supplier(s, company_name="Beta Bolts", status="inactive")
        make_supplier(s, company_name="Gamma Gears")
    headers = role_headers("readonly")
    body = client.get("/api/suppliers", headers=headers, params={"limit": 2}).json()
    assert [s["company_name"] for s in body["suppliers"]] == ["Acme Parts", "Beta Bolts"]
    assert body["pagination"]["total_items"] == 3 and body["pagination"]["total_pages"] == 2
    assert set(body["suppliers"][0]["contact"]) == {"primary_contact", "email", "phone"}
    assert [s["company_name"] for s in client.get("/api/suppliers", headers=headers,
                                                  params={"preferred": "true"}).json()["suppliers"]] == ["Acme Parts"]
    assert [s["company_name"] for s in client.get("/api/suppliers", headers=headers,
                                                  params={"status": "inactive"}).json()["suppliers"]] == ["Beta Bolts"]
    assert [s["company_name"] for s in client.get("/api/suppliers", headers=headers,
                                                  params={"search": "gear"}).json()["suppliers"]] == ["Gamma Gears"]
    bad = client.get("/api/suppliers", headers=headers, params={"status": "closed", "limit": 500})
    assert bad.status_code == 422 and {d["field"] for d in bad.json()["details"]} == {"status", "limit"}
    assert client.get("/api/suppliers/SUP-NONE", headers=headers).status_code == 404


def test_detail_performance_from_orders(client, role_headers):
    day = datetime(2026, 2, 1, tzinfo=UTC)
    with session_scope() as s:
        sup = make_supplier(s, supplier_id="SUP-PERF")
        product = make_product(s, supplier=sup)
        for n, (status, actual, ordered, received) in enumerate(
                [("received", day + timedelta(days=4), 10, 10), ("received", day + timedelta(days=9), 10, 5),
                 ("partially_received", None, 20, 5)]):
            po = PurchaseOrder(order_number=f"PO-A-{n}", supplier_id=sup.id, status=status, order_date=day,
                               expected_delivery_date=day + timedelta(days=5), actual_delivery_date=actual)
            s.add(po)
            s.flush()
            s.add(PurchaseOrderLine(purchase_order_id=po.id, line_no=1, product_id=product.id,
                                    quantity_ordered=ordered, quantity_received=received))
    perf = client.get("/api/suppliers/SUP-PERF", headers=role_headers("staff")).json()["performance"]
    assert perf["total_orders"] == 3
    assert perf["on_time_delivery_rate"] == "50.0"  # 1 of 2 received on time
    assert perf["average_lead_time"] == "6.5"  # (4 + 9) / 2 days from the order date
    assert perf["fill_rate"] == "50.0"  # 20 of 40 units
    assert perf["last_order_date"].startswith("2026-02-01")


def test_deactivate(client, role_headers, admin_headers):
    day = datetime(2026, 2, 1, tzinfo=UTC)
    with session_scope() as s:
        sup = make_supplier(s, supplier_id="SUP-BUSY")
        s.add(PurchaseOrder(order_number="PO-B-1", supplier_id=sup.id, status="shipped", order_date=day,
                            expected_delivery_date=day))
        make_supplier(s, supplier_id="SUP-IDLE")
    assert client.delete("/api/suppliers/SUP-IDLE", headers=role_headers("manager")).status_code == 403
    busy = client.delete("/api/suppliers/SUP-BUSY", headers=admin_headers)
    assert busy.status_code == 409 and "open purchase order" in busy.json()["message"]
    idle = client.delete("/api/suppliers/sup-idle", headers=admin_headers)
    assert idle.status_code == 200
    assert idle.json() == {"message": "Supplier deactivated", "supplier_id": "SUP-IDLE", "status": "inactive"}
    with session_scope() as s:
        assert s.exec(select(Supplier.status).where(Supplier.supplier_id == "SUP-IDLE")).one() == "inactive"
        assert s.exec(select(Supplier.status).where(Supplier.supplier_id == "SUP-BUSY")).one() == "active"
    assert client.delete("/api/suppliers/SUP-NONE", headers=admin_headers).status_code == 404


@pytest.mark.parametrize("payload", [[], "text", {"contact": "not an object"}])
def test_malformed_bodies_are_422_not_500(client, role_headers, payload):
    resp = client.post("/api/suppliers", json=payload, headers=role_headers("manager"))
    assert resp.status_code == 422 and resp.json()["error"] == "VALIDATION_ERROR"
