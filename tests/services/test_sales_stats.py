"""Sales figures from shipped orders: periods (today / Monday-based week / month / year), partial
shipments, returns, discounts spread over the units, and the top sellers by revenue."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import update

from inventorypulse.db import session_scope
from inventorypulse.models import StockMovement
from inventorypulse.services import ledger, sales
from inventorypulse.services.sales.stats import period_starts, sales_by_period, sales_stats, top_sellers
from tests.factories import make_product, make_user, make_warehouse
from tests.services.sales_helpers import customer, stock_in

TODAY = date(2026, 3, 11)  # a Wednesday: the week began on Monday 9 March


def _at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _backdate(s, movements, when: datetime) -> None:
    """Shipments happen "now"; move them to the day the scenario needs."""
    s.execute(update(StockMovement).where(StockMovement.id.in_([m.id for m in movements])).values(timestamp=when))


def _ship(s, user, number: str, when: datetime, items=None) -> None:
    result = sales.ship_sales_order(s, order_number=number, user=user, warehouse="WH-MAIN", items=items)
    _backdate(s, result.movements, when)


def _confirmed(s, user, cust, *items: dict) -> str:
    o = sales.create_sales_order(s, user=user, customer_id=cust.customer_number, items=list(items),
                                 tax_rate="0.10", shipping_cost="9.00")  # neither is revenue
    sales.transition_sales_order(s, order_number=o.order_number, status="confirmed", user=user)
    return o.order_number


@pytest.fixture
def shop(any_db):
    """A (P1, 10.00, discount 2.00 on 4 units: 9.50 net) and B (P2, 100.00) shipped over three months:
    order A: 2 × P1 today (a partial shipment), 2 × P1 + 1 × P2 on 2 March, 1 × P1 returned on 10 March;
    order B: 3 × P2 on 10 February; order C: 5 × P1 on 30 December 2025 (last year);
    plus a bare outbound sale with no order today (not an order: not counted)."""
    with session_scope() as s:
        make_warehouse(s, "WH-MAIN")
        manager = make_user(s, "manager")
        p1 = make_product(s, name="Blue Widget", selling_price=Decimal("10.00"))
        p2 = make_product(s, name="Red Gadget", selling_price=Decimal("100.00"))
        stock_in(s, manager, p1, 50)
        stock_in(s, manager, p2, 10)
        cust = customer(s, manager)
        a = _confirmed(s, manager, cust, {"product_id": p1.product_id, "quantity": 4, "discount": "2.00"},
                       {"product_id": p2.product_id, "quantity": 1})
        b = _confirmed(s, manager, cust, {"product_id": p2.product_id, "quantity": 3})
        c = _confirmed(s, manager, cust, {"product_id": p1.product_id, "quantity": 5})
        _ship(s, manager, a, _at(TODAY), items=[{"line_no": 1, "quantity": 2}])
        _ship(s, manager, a, _at(date(2026, 3, 2)))
        _ship(s, manager, b, _at(date(2026, 2, 10)))
        _ship(s, manager, c, _at(date(2025, 12, 30)))
        back = sales.return_sales_order(s, order_number=a, user=manager, warehouse="WH-MAIN",
                                        items=[{"line_no": 1, "quantity": 1, "disposition": "restock"}])
        _backdate(s, back.movements, _at(date(2026, 3, 10)))
        bare = ledger.record_movement(s, user=manager, product_id=p2.product_id, movement_type="outbound",
                                      quantity=1, warehouse="WH-MAIN")
        _backdate(s, bare.movements, _at(TODAY, 12))
    return {"p1": p1.product_id, "p2": p2.product_id}


def test_period_starts_are_monday_month_and_year():
    assert period_starts(TODAY) == {"today": TODAY, "week": date(2026, 3, 9), "month": date(2026, 3, 1),
                                    "year": date(2026, 1, 1)}
    assert period_starts(date(2026, 1, 2))["week"] == date(2025, 12, 29)  # a week spanning new year


def test_each_period_counts_what_shipped_in_it_minus_returns(shop):
    with session_scope() as s:
        got = {p.period: (p.revenue, p.units, p.orders) for p in sales_by_period(s, today=TODAY)}
    assert got == {
        "today": (Decimal("19.00"), 2, 1),  # the partial shipment at the net 9.50
        "week": (Decimal("9.50"), 1, 1),  # less the unit returned on Tuesday
        "month": (Decimal("128.50"), 4, 1),  # order A shipped twice: one order
        "year": (Decimal("428.50"), 7, 2),  # order C shipped last year
    }


def test_a_week_can_start_in_the_year_before(shop):
    with session_scope() as s:
        stats = sales_stats(s, today=date(2026, 1, 2))
    assert (stats.period("week").revenue, stats.period("week").units) == (Decimal("50.00"), 5)  # order C, no discount
    assert (stats.period("year").revenue, stats.period("year").orders) == (Decimal("0.00"), 0)
    assert stats.period("today").units == 0


def test_top_sellers_rank_the_last_30_days_by_revenue(shop):
    with session_scope() as s:
        top = top_sellers(s, today=TODAY)
        first = top_sellers(s, today=TODAY, limit=1)
        later = top_sellers(s, today=TODAY + timedelta(days=1))  # 10 February drops out of the 30 days
    assert [(t.product_id, t.name, t.units, t.revenue) for t in top] == [
        (shop["p2"], "Red Gadget", 4, Decimal("400.00")), (shop["p1"], "Blue Widget", 3, Decimal("28.50"))]
    assert [t.product_id for t in first] == [shop["p2"]]
    assert [(t.product_id, t.revenue) for t in later] == [(shop["p2"], Decimal("100.00")),
                                                          (shop["p1"], Decimal("28.50"))]


def test_nothing_shipped_gives_zeros(any_db):
    with session_scope() as s:
        stats = sales_stats(s, today=TODAY)
    assert [(p.revenue, p.units, p.orders) for p in stats.periods] == [(Decimal("0.00"), 0, 0)] * 4
    assert stats.top_sellers == []
