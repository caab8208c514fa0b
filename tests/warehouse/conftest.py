"""A small hand-built business whose analytics are easy to work out by hand, and the two targets.

Days are counted from `base` = today − 10 (UTC), so every movement is in the past and complete.
Product PRD-WA (cost 10, price 25, threshold 5, max 100), warehouses WH-A (default) and WH-B:
  day 0  +50 into WH-A (restock)                     stock 50
  day 1  sale 10 from WH-A                           stock 40
  day 2  +45 into WH-B (restock)                     stock 85 (WH-B holds most)
  day 3  sale 5 from WH-A at a recorded cost of 11   stock 80
  day 4  sales 45 from WH-B and 31 from WH-A         stock 4 (at or below the threshold)
Product PRD-WB (cost 5, price 8, max 10): 20 on hand all along (overstocked), never sold.
Supplier SUP-WH01: three orders in March 2025 (one cancelled on top), one in April 2025.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import fakesnow
import pytest
from sqlmodel import Session

from inventorypulse.models import PurchaseOrder, PurchaseOrderLine
from inventorypulse.models.base import utcnow
from inventorypulse.services import ledger
from inventorypulse.warehouse import EmbeddedTarget, SnowflakeTarget
from tests.factories import make_category, make_product, make_supplier, make_user, make_warehouse

SNOWFLAKE = {"account": "acme-test", "user": "loader", "password": "pw", "database": "ANALYTICS",
             "schema": "PUBLIC", "warehouse": "LOAD_WH"}


@dataclass
class Shop:
    today: date
    base: date
    user_id: int

    def day(self, n: int, hour: int = 12) -> datetime:
        return datetime.combine(self.base + timedelta(days=n), datetime.min.time(), tzinfo=UTC) + \
            timedelta(hours=hour)


def _po(session, supplier, number, status, *, order, expected, sent=None, actual=None, lines=(), total="0"):
    po = PurchaseOrder(order_number=number, supplier_id=supplier.id, status=status, order_date=order,
                       expected_delivery_date=expected, sent_at=sent, actual_delivery_date=actual,
                       total_amount=Decimal(total), subtotal=Decimal(total))
    session.add(po)
    session.flush()
    product = make_product(session, supplier=supplier)
    for i, (ordered, received) in enumerate(lines, start=1):
        session.add(PurchaseOrderLine(purchase_order_id=po.id, line_no=i, product_id=product.id,
                                      quantity_ordered=ordered, quantity_received=received))
    session.flush()
    return po


def move(session, shop: Shop, product: str, kind: str, qty: int, wh: str, day: int, hour: int = 12, **kw):
    from inventorypulse.models import User

    user = session.get(User, shop.user_id)
    return ledger.record_movement(session, user=user, product_id=product, movement_type=kind, quantity=qty,
                                  warehouse=wh, timestamp=shop.day(day, hour), **kw)


@pytest.fixture
def shop(db) -> Shop:
    return build_shop(db)


def build_shop(engine) -> Shop:
    today = utcnow().date()
    s = Shop(today=today, base=today - timedelta(days=10), user_id=0)
    with Session(engine) as session:
        user = make_user(session, "admin")
        s.user_id = user.id
        wa, wb = make_warehouse(session, "WH-A", default=True), make_warehouse(session, "WH-B", default=False)
        cat = make_category(session, "Tools")
        created = s.day(-1, 8)
        make_product(session, cat, product_id="PRD-WA", sku="SKU-WA", cost_price=Decimal("10.00"),
                     selling_price=Decimal("25.00"), reorder_threshold=5, max_stock_level=100, created_at=created)
        make_product(session, make_category(session, "Paint"), product_id="PRD-WB", sku="SKU-WB",
                     cost_price=Decimal("5.00"), selling_price=Decimal("8.00"), reorder_threshold=2,
                     max_stock_level=10, created_at=created, stock=[(wa, 20)])
        move(session, s, "PRD-WA", "inbound", 50, wa.code, 0, 10, unit_cost=Decimal("10"))
        move(session, s, "PRD-WA", "outbound", 10, wa.code, 1)
        move(session, s, "PRD-WA", "inbound", 45, wb.code, 2, 9, unit_cost=Decimal("10"))
        move(session, s, "PRD-WA", "outbound", 5, wa.code, 3, 15, unit_cost=Decimal("11"))
        move(session, s, "PRD-WA", "outbound", 45, wb.code, 4, 11)
        move(session, s, "PRD-WA", "outbound", 31, wa.code, 4, 16)

        sup = make_supplier(session, supplier_id="SUP-WH01", quality_score=Decimal("4.5"))
        mar = datetime(2025, 3, 3, tzinfo=UTC)
        d = lambda n, h=0: mar + timedelta(days=n, hours=h)  # noqa: E731
        _po(session, sup, "PO-W-1", "received", order=d(0), sent=d(1), expected=d(10), actual=d(8),
            lines=[(100, 100)], total="1000")  # on time, lead 7 days
        _po(session, sup, "PO-W-2", "received", order=d(5), expected=d(12), actual=d(15), lines=[(50, 50)],
            total="500")  # late, lead 10 days (never marked sent: from the order date)
        _po(session, sup, "PO-W-3", "partially_received", order=d(20), sent=d(20), expected=d(30),
            lines=[(150, 30)], total="1500")
        _po(session, sup, "PO-W-4", "cancelled", order=d(21), expected=d(30), lines=[(10, 0)], total="99")
        _po(session, sup, "PO-W-5", "received", order=d(35), sent=d(35), expected=d(40), actual=d(38),
            lines=[(20, 20)], total="200")  # April: on time, lead 3 days
        session.commit()
    return s


@pytest.fixture
def embedded(tmp_path):
    return EmbeddedTarget(f"sqlite:///{tmp_path / 'analytics.db'}")


@pytest.fixture
def snowflake_patch():
    with fakesnow.patch():
        yield


def connect_snowflake() -> SnowflakeTarget:
    return SnowflakeTarget(**SNOWFLAKE)


@pytest.fixture(params=["embedded", "snowflake", pytest.param("embedded-postgres", marks=pytest.mark.postgres)])
def open_target(request, tmp_path):
    """A function opening a fresh connection to one target (each sync opens its own, as in production)."""
    if request.param == "embedded":
        url = f"sqlite:///{tmp_path / 'analytics.db'}"
        yield lambda: EmbeddedTarget(url)
    elif request.param == "embedded-postgres":  # the `analytics` schema of a PostgreSQL database
        url = request.getfixturevalue("pg_url")
        yield lambda: EmbeddedTarget(url)
    else:
        with fakesnow.patch():
            yield connect_snowflake
