"""The rows' arithmetic on the hand-built shop (see conftest): sales lines, daily snapshots, scorecards."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlmodel import Session

from inventorypulse.models import User
from inventorypulse.models.base import utcnow
from inventorypulse.services import customers, ledger, sales
from inventorypulse.services.products import update_product
from inventorypulse.warehouse import sync_warehouse
from tests.warehouse.conftest import move

SETTLED = timedelta(0)  # rows written a moment ago count as settled (the default waits 10 minutes)


def _rows(target, table: str, order: str, where: str = "1 = 1", **params) -> list[dict]:
    return target.fetch(f"SELECT * FROM {table} WHERE {where} ORDER BY {order}", params)


def _d(value) -> Decimal:
    return Decimal(str(value))


@pytest.fixture
def synced(shop, embedded):
    summary = sync_warehouse(target=embedded, today=shop.today, settle=SETTLED)
    assert summary.ok, summary.error
    return embedded


def test_sale_lines_revenue_cogs_and_gross_profit(shop, synced):
    lines = _rows(synced, "sales_analytics", "sale_timestamp")
    assert [(r["sale_date"], _d(r["quantity_sold"])) for r in lines] == [
        (str(shop.base + timedelta(days=1)), 10), (str(shop.base + timedelta(days=3)), 5),
        (str(shop.base + timedelta(days=4)), 45), (str(shop.base + timedelta(days=4)), 31)]
    assert {r["product_id"] for r in lines} == {"PRD-WA"}
    assert [_d(r["unit_price_at_sale"]) for r in lines] == [25] * 4
    assert [_d(r["unit_cost_at_sale"]) for r in lines] == [10, 11, 10, 10]  # the cost the ledger recorded
    assert [_d(r["total_revenue_line"]) for r in lines] == [250, 125, 1125, 775]
    assert [_d(r["total_cost_of_goods_sold"]) for r in lines] == [100, 55, 450, 310]
    assert [_d(r["gross_profit_line"]) for r in lines] == [150, 70, 675, 465]
    assert all(r["sale_record_id"].startswith("MOV-") for r in lines)


def test_a_price_change_leaves_earlier_sales_at_their_price(db, shop, synced):
    with Session(db) as session:
        update_product(session, product_id="PRD-WA", data={"selling_price": "30.00"},
                       user=session.get(User, shop.user_id))
        session.commit()
    with Session(db) as session:
        ledger.record_movement(session, user=session.get(User, shop.user_id), product_id="PRD-WA",
                               movement_type="outbound", quantity=2, warehouse="WH-A", timestamp=utcnow())
        session.commit()
    summary = sync_warehouse(target=synced, today=shop.today, settle=SETTLED)
    assert summary.rows["sales_analytics"] == 1  # only the new line
    lines = _rows(synced, "sales_analytics", "sale_timestamp")
    assert [_d(r["unit_price_at_sale"]) for r in lines] == [25, 25, 25, 25, 30]
    assert _d(lines[-1]["total_revenue_line"]) == 60 and _d(lines[-1]["gross_profit_line"]) == 40


def test_goods_shipped_against_an_order_carry_its_customer_channel_and_price(db, shop, synced):
    with Session(db) as session:
        user = session.get(User, shop.user_id)
        buyer = customers.create_customer(session, user=user, data={"name": "Acme Retail", "state": "OH"})
        number = buyer.customer_number
        order = sales.create_sales_order(
            session, user=user, customer_id=number, sales_channel="wholesale",
            items=[{"product_id": "PRD-WA", "quantity": 3, "unit_price": "24.00", "discount": "1.50"}])
        sales.transition_sales_order(session, order_number=order.order_number, status="confirmed", user=user)
        sales.ship_sales_order(session, order_number=order.order_number, user=user, warehouse="WH-A",
                               items=[{"line_no": 1, "quantity": 2}])  # a partial shipment
        session.commit()
    assert sync_warehouse(target=synced, today=shop.today, settle=SETTLED).rows["sales_analytics"] == 1
    lines = _rows(synced, "sales_analytics", "sale_timestamp")
    bare, shipped = lines[0], lines[-1]
    assert (shipped["customer_id"], shipped["sales_channel"], shipped["region"]) == (
        number, "wholesale", "OH")
    assert _d(shipped["quantity_sold"]) == 2 and _d(shipped["unit_price_at_sale"]) == 24
    # Revenue net of the line discount prorated to the units shipped: 2 x 24 - 1.50 x 2/3.
    assert _d(shipped["total_revenue_line"]) == Decimal("47.00") and _d(shipped["gross_profit_line"]) == 27
    assert shipped["promotion_applied"] in (True, 1)
    assert (bare["customer_id"], bare["sales_channel"], bare["region"]) == (None, None, None)  # no order


def test_daily_snapshots(shop, synced):
    rows = {r["snapshot_date"]: r for r in _rows(synced, "inventory_history", "snapshot_date",
                                                  "product_id = :p", p="PRD-WA")}
    day = lambda n: str(shop.base + timedelta(days=n))  # noqa: E731
    # One row per day from the product's creation (day -1) to yesterday, none for today.
    assert sorted(rows) == [day(n) for n in range(-1, 10)]
    assert [int(_d(rows[day(n)]["stock_level"])) for n in range(-1, 10)] == [0, 50, 40, 85, 80] + [4] * 6

    d0, d2, d4 = rows[day(0)], rows[day(2)], rows[day(4)]
    assert d0["record_id"] == f"PRD-WA-{shop.base:%Y%m%d}"
    assert (_d(d0["total_value_at_cost"]), _d(d0["total_value_at_retail"])) == (500, 1250)
    assert _d(d0["available_stock_percentage"]) == Decimal("50.00")  # 50 of max 100
    assert (d0["warehouse_location"], d2["warehouse_location"], d4["warehouse_location"]) == ("WH-A", "WH-B", "WH-A")
    assert [rows[day(n)]["days_since_last_restock"] for n in range(-1, 7)] == [None, 0, 1, 0, 1, 2, 3, 4]
    assert _d(rows[day(-1)]["reorder_threshold"]) == 5

    # Turnover: units sold in the trailing 30 days / average units on hand over them, × 365 / 30.
    assert rows[day(-1)]["inventory_turnover_rate"] is None  # nothing on hand yet
    assert _d(d0["inventory_turnover_rate"]) == 0
    expected = round(91 / ((50 + 40 + 85 + 80 + 4) / 30) * 365 / 30, 4)
    assert float(d4["inventory_turnover_rate"]) == pytest.approx(expected, abs=1e-4)

    assert [bool(rows[day(n)]["understock_flag"]) for n in (0, 3, 4, 9)] == [False, False, True, True]
    assert _d(d4["available_stock_percentage"]) == Decimal("4.00")
    assert not any(bool(r["overstock_flag"]) for r in rows.values())
    other = _rows(synced, "inventory_history", "snapshot_date", "product_id = :p", p="PRD-WB")
    assert len(other) == 11 and all(bool(r["overstock_flag"]) for r in other)  # 20 on hand, max 10
    assert all(_d(r["available_stock_percentage"]) == 200 for r in other)
    assert all(r["days_since_last_restock"] is None for r in other)  # stock never came through the ledger


def test_supplier_scorecards_per_month(shop, synced):
    rows = _rows(synced, "supplier_performance", "evaluation_period_start")
    assert [r["performance_record_id"] for r in rows] == ["SUP-WH01-2025-03", "SUP-WH01-2025-04"]
    march, april = rows
    assert (march["evaluation_period_start"], march["evaluation_period_end"]) == ("2025-03-01", "2025-03-31")
    assert int(march["total_orders_in_period"]) == 3  # the cancelled order is not an order placed
    assert _d(march["total_value_in_period"]) == 3000
    assert _d(march["on_time_delivery_rate"]) == 50  # 1 of the 2 received orders
    assert _d(march["average_lead_time_days"]) == Decimal("8.5")  # (7 + 10) / 2
    assert _d(march["order_fulfillment_rate"]) == 60  # (100 + 50 + 30) / (100 + 50 + 150)
    assert _d(march["quality_score"]) == Decimal("4.5")
    assert march["notes"] == "2 deliveries, 1 late; 180 of 300 units received"
    assert (int(april["total_orders_in_period"]), _d(april["on_time_delivery_rate"]),
            _d(april["average_lead_time_days"])) == (1, 100, 3)


def test_snapshots_before_the_first_movement_are_not_invented(shop, synced):
    first = synced.fetch("SELECT MIN(snapshot_date) AS d FROM inventory_history")[0]["d"]
    assert date.fromisoformat(first) == shop.base - timedelta(days=1)  # the products' creation day


def test_backdated_movement_recomputes_the_days_it_changes(db, shop, synced):
    with Session(db) as session:
        move(session, shop, "PRD-WA", "outbound", 2, "WH-A", 6)  # entered today, dated day 6
        session.commit()
    summary = sync_warehouse(target=synced, today=shop.today, settle=SETTLED)
    assert summary.rows["inventory_history"] == 4  # days 6..9 of that product only
    assert summary.rows["sales_analytics"] == 1
    stock = {r["snapshot_date"]: int(_d(r["stock_level"])) for r in _rows(
        synced, "inventory_history", "snapshot_date", "product_id = :p", p="PRD-WA")}
    assert [stock[str(shop.base + timedelta(days=n))] for n in range(4, 10)] == [4, 4, 2, 2, 2, 2]
