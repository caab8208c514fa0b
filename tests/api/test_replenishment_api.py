"""GET /api/replenishment/suggestions and POST /api/replenishment/purchase-orders."""

from datetime import timedelta

import pytest

from inventorypulse.db import session_scope
from inventorypulse.services import replenishment
from tests.factories import make_product, make_supplier, make_warehouse
from tests.services.test_forecasts import TODAY
from tests.services.test_replenishment import put_forecast

URL = "/api/replenishment/suggestions"
ORDERS = "/api/replenishment/purchase-orders"


@pytest.fixture
def plans(db):
    with session_scope() as s:
        wh = make_warehouse(s)
        acme = make_supplier(s, company_name="Acme Tools", lead_time_days=4)
        zenith = make_supplier(s, company_name="Zenith Parts", lead_time_days=6)
        a1 = make_product(s, supplier=acme, stock=[(wh, 30)])
        a2 = make_product(s, supplier=acme, stock=[(wh, 0)], max_stock_level=50)
        z1 = make_product(s, supplier=zenith, stock=[(wh, 5)])
        ok = make_product(s, supplier=zenith, stock=[(wh, 900)])
        for p in (a1, a2, z1, ok):
            put_forecast(s, p, mean=10, sigma=2)
        replenishment.refresh_plans(s, today=TODAY)
    return dict(acme=acme, zenith=zenith, a1=a1, a2=a2, z1=z1, ok=ok)


def test_suggestions_grouped_by_supplier(client, role_headers, plans):
    body = client.get(URL, headers=role_headers("readonly")).json()
    assert [(g["supplier_name"], [x["product_id"] for x in g["suggestions"]]) for g in body["suppliers"]] == [
        ("Acme Tools", [plans["a2"].product_id, plans["a1"].product_id]),
        ("Zenith Parts", [plans["z1"].product_id]),
    ]
    a2, a1 = body["suppliers"][0]["suggestions"]
    assert (a1["suggested_quantity"], a1["available"], float(a1["reorder_point"]), float(a1["safety_stock"])) == \
        (157, 30, 46.58, 6.58)
    assert (a2["suggested_quantity"], a2["max_stock_level"], float(a2["order_up_to"])) == (50, 50, 50)
    assert (float(a1["days_of_cover"]), a1["stockout_date"]) == (3.0, (TODAY + timedelta(days=3)).isoformat())
    assert (a1["basis"], a1["lead_time_days"], a1["warehouse"], a1["currency"]) == ("forecast", 4, "WH-MAIN", "USD")
    assert body["suppliers"][0]["total_quantity"] == 207
    assert float(body["suppliers"][0]["total_cost"]) == 207 * 10
    assert body["pagination"]["total_items"] == 3


def test_suggestion_filters_and_paging(client, admin_headers, plans):
    def products(**params):
        body = client.get(URL, params=params, headers=admin_headers).json()
        return [x["product_id"] for g in body["suppliers"] for x in g["suggestions"]]

    assert products(supplier_id=plans["zenith"].supplier_id) == [plans["z1"].product_id]
    assert products(supplier_id=plans["zenith"].supplier_id, only_needed="false") == \
        sorted([plans["z1"].product_id, plans["ok"].product_id], key=lambda c: c != plans["z1"].product_id)
    assert products(warehouse="wh-main", limit=1, page=2) == [plans["a1"].product_id]
    assert products(search=plans["a2"].name) == [plans["a2"].product_id]
    for params, field in (({"supplier_id": "SUP-NONE"}, "supplier_id"), ({"warehouse": "WH-NOPE"}, "warehouse"),
                          ({"limit": 101}, "limit"), ({"page": 0}, "page"), ({"only_needed": "maybe"}, "only_needed"),
                          ({"search": "x" * 101}, "search")):
        resp = client.get(URL, params=params, headers=admin_headers)
        assert resp.status_code == 422 and [d["field"] for d in resp.json()["details"]] == [field], resp.json()


def test_create_drafts_as_manager_with_idempotency(client, role_headers, plans):
    headers = role_headers("manager") | {"Idempotency-Key": "replenish-1"}
    items = [{"product_id": plans["a1"].product_id, "warehouse": "WH-MAIN"},
             {"product_id": plans["z1"].product_id, "warehouse": "WH-MAIN", "quantity": 40},
             {"product_id": plans["a2"].product_id, "warehouse": "WH-MAIN"}]
    resp = client.post(ORDERS, json={"items": items}, headers=headers)
    assert resp.status_code == 201, resp.json()
    orders = resp.json()["purchase_orders"]
    assert resp.json()["message"] == "2 draft purchase orders created"
    assert [(o["supplier_id"], o["status"], o["items"]) for o in orders] == [
        (plans["acme"].supplier_id, "draft", [{"product_id": plans["a1"].product_id, "quantity_ordered": 157},
                                              {"product_id": plans["a2"].product_id, "quantity_ordered": 50}]),
        (plans["zenith"].supplier_id, "draft", [{"product_id": plans["z1"].product_id, "quantity_ordered": 40}]),
    ]
    again = client.post(ORDERS, json={"items": items}, headers=headers)
    assert again.status_code == 201 and again.json() == resp.json()
    listed = client.get("/api/orders/purchase", headers=headers).json()["purchase_orders"]
    assert sorted(o["order_number"] for o in listed) == sorted(o["order_number"] for o in orders)
    detail = client.get(f"/api/orders/purchase/{orders[0]['order_number']}", headers=headers).json()
    assert float(detail["total_amount"]) == 207 * 10
    # Once ordered, only the product ordered short of its suggestion is still suggested.
    left = client.get(URL, headers=headers).json()["suppliers"]
    assert [(x["product_id"], x["suggested_quantity"]) for g in left for x in g["suggestions"]] == \
        [(plans["z1"].product_id, 204 - 40)]  # ⌈6·10 + 1.645·√6·2 + 14·10 − 5⌉ = 204 before


def test_drafts_refused_for_readonly_and_staff(client, role_headers, plans):
    items = [{"product_id": plans["a1"].product_id, "warehouse": "WH-MAIN"}]
    for role in ("readonly", "staff"):
        resp = client.post(ORDERS, json={"items": items}, headers=role_headers(role))
        assert resp.status_code == 403 and resp.json()["error"] == "INSUFFICIENT_PERMISSIONS"
    assert client.get("/api/orders/purchase", headers=role_headers("readonly")).json()["purchase_orders"] == []


@pytest.mark.parametrize("items, field", [
    ([], "items"),
    ([{"warehouse": "WH-MAIN"}], "items[0].product_id"),
    ([{"product_id": "{a1}"}], "items[0].warehouse"),
    ([{"product_id": "{a1}", "warehouse": "WH-MAIN", "quantity": 0}], "items[0].quantity"),
    ([{"product_id": "{a1}", "warehouse": "WH-MAIN", "quantity": "ten"}], "items[0].quantity"),
    ([{"product_id": "{a1}", "warehouse": "WH-EAST"}], "items[0].product_id"),
    ([{"product_id": "{a1}", "warehouse": "WH-MAIN"}, {"product_id": "{ok}", "warehouse": "WH-MAIN"}],
     "items[1].quantity"),
])
def test_draft_input_errors_name_the_field(client, admin_headers, plans, items, field):
    items = [{k: v.format(a1=plans["a1"].product_id, ok=plans["ok"].product_id) if isinstance(v, str) else v
              for k, v in item.items()} for item in items]
    resp = client.post(ORDERS, json={"items": items}, headers=admin_headers)
    assert resp.status_code == 422 and [d["field"] for d in resp.json()["details"]] == [field], resp.json()
    assert client.get("/api/orders/purchase", headers=admin_headers).json()["purchase_orders"] == []
