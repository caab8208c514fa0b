"""GET /api/dashboard/stats: the sales figures of shipped orders (services/sales/stats.py)."""

from datetime import timedelta
from decimal import Decimal

from inventorypulse.db import session_scope
from inventorypulse.models.base import utcnow
from inventorypulse.services import sales
from tests.factories import make_product, make_user, make_warehouse
from tests.services.sales_helpers import customer, stock_in


def test_dashboard_stats_report_sales_of_shipped_orders(client, role_headers):
    with session_scope() as s:
        make_warehouse(s, "WH-MAIN")
        manager = make_user(s, "manager")
        product = make_product(s, name="Steel Hinge", selling_price=Decimal("19.99"))
        stock_in(s, manager, product, 10)
        order = sales.create_sales_order(s, user=manager, customer_id=customer(s, manager).customer_number,
                                         items=[{"product_id": product.product_id, "quantity": 3, "discount": "0.97"}],
                                         tax_rate="0.08")
        sales.transition_sales_order(s, order_number=order.order_number, status="confirmed", user=manager)
        # Two of three units ship: 2 × (59.97 - 0.97) / 3 = 39.33 of revenue (tax is not revenue).
        sales.ship_sales_order(s, order_number=order.order_number, user=manager, items=[{"line_no": 1, "quantity": 2}])
    body = client.get("/api/dashboard/stats", headers=role_headers("readonly")).json()["sales"]
    today = utcnow().date()
    assert body["today"] == {"since": today.isoformat(), "revenue": "39.33", "units": 2, "orders": 1}
    assert body["this_week"]["since"] == (today - timedelta(days=today.weekday())).isoformat()
    for period in ("this_week", "this_month", "this_year"):
        assert (body[period]["revenue"], body[period]["units"], body[period]["orders"]) == ("39.33", 2, 1)
    assert body["top_sellers"] == [{"product_id": product.product_id, "name": "Steel Hinge", "units": 2,
                                    "revenue": "39.33"}]


def test_dashboard_sales_are_zero_without_shipments(client, role_headers):
    body = client.get("/api/dashboard/stats", headers=role_headers("readonly")).json()
    assert {k: (v["revenue"], v["units"], v["orders"]) for k, v in body["sales"].items() if k != "top_sellers"} == {
        "today": ("0.00", 0, 0), "this_week": ("0.00", 0, 0), "this_month": ("0.00", 0, 0),
        "this_year": ("0.00", 0, 0)}
    assert body["sales"]["top_sellers"] == []
