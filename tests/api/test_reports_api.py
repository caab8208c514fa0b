"""Report and dashboard endpoints: exact low-stock suggestions and the full dashboard payload."""

from decimal import Decimal

from sqlmodel import select

from inventorypulse.db import session_scope
from inventorypulse.models import ProductSupplier
from inventorypulse.services import alerts
from tests.factories import make_category, make_product, make_supplier, make_warehouse


def test_low_stock_report(client, role_headers):
    with session_scope() as s:
        supplier = make_supplier(s, supplier_id="SUP-LOW", company_name="Low Co", lead_time_days=4)
        cat = make_category(s, "Fasteners")
        empty = make_product(s, supplier=supplier, category=cat, reorder_threshold=20, reorder_quantity=10)
        offer = s.exec(select(ProductSupplier).where(ProductSupplier.product_id == empty.id)).one()
        offer.min_order_quantity, offer.cost = 12, Decimal("3.10")
        s.add(offer)
        low = make_product(s, reorder_threshold=10, reorder_quantity=40, current_stock=6,
                           cost_price=Decimal("2.50"), selling_price=Decimal("4.00"))
        make_product(s, reorder_threshold=10, current_stock=50)
    body = client.get("/api/reports/low-stock", headers=role_headers("readonly")).json()
    assert [p["product_id"] for p in body["products"]] == [empty.product_id, low.product_id]
    first = body["products"][0]
    assert (first["available"], first["threshold"], first["shortfall"], first["status"]) == (0, 20, 20, "out")
    assert first["suggested_reorder_quantity"] == 21  # 10 would not get back above 20; MOQ 12 is below 21
    assert first["primary_supplier"] == {"supplier_id": "SUP-LOW", "name": "Low Co", "cost": "3.10",
                                         "lead_time_days": 4, "min_order_quantity": 12}
    assert first["estimated_cost"] == "65.10" and first["category"] == "Fasteners"
    second = body["products"][1]
    assert (second["suggested_reorder_quantity"], second["primary_supplier"], second["unit_cost"]) == \
        (40, None, "2.50")
    assert body["summary"] == {"total_low_stock_items": 2, "out_of_stock_items": 1,
                               "estimated_reorder_cost": "165.10"}  # 65.10 + 40 × 2.50
    assert body["pagination"]["total_items"] == 2
    by_cat = client.get("/api/reports/low-stock", headers=role_headers("readonly"), params={"category": "fasteners"})
    assert [p["product_id"] for p in by_cat.json()["products"]] == [empty.product_id]
    assert client.get("/api/reports/low-stock", params={"page": 0},
                      headers=role_headers("readonly")).status_code == 422
    assert client.get("/api/reports/low-stock").status_code == 401


def test_dashboard_stats_keeps_old_keys_and_adds_new_ones(client, role_headers):
    with session_scope() as s:
        wh = make_warehouse(s)
        product = make_product(s, stock=[(wh, 5)])
        alerts.create_alert(s, alert_type="low_stock", severity="medium", title="Low", message="m",
                            product_id=product.product_id)
    resp = client.get("/api/dashboard/stats", headers=role_headers("readonly"))
    assert resp.status_code == 200
    body = resp.json()
    assert set(body) == {
        "product_count", "active_product_count", "inventory_value_cost", "inventory_value_retail",
        "low_stock_count", "out_of_stock_count", "open_po_count", "open_po_value", "active_alert_count",
        "alerts_by_severity", "open_pos_by_status", "top_sellers", "recent_activity", "value_by_category", "sales"}
    # One product with 5 on hand at cost 10.00 / price 19.99 (tests/factories.make_product).
    (category,) = body["value_by_category"]
    assert category["products"] == 1 and category["units"] == 5
    assert (category["value_cost"], category["value_retail"]) == ("50.00", "99.95")
    assert body["low_stock_count"] == 1 and body["active_alert_count"] == 1
    assert body["open_pos_by_status"]["sent"] == 0 and body["top_sellers"] == []
    assert body["recent_activity"][0]["link"] == {"kind": "product", "id": product.product_id}
    assert body["recent_activity"][0]["type"] == "alert"
