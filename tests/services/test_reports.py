"""Reports and dashboard figures on small hand-built data, with exact expected numbers."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from inventorypulse.models import AuditLog, ProductSupplier, PurchaseOrder
from inventorypulse.models.base import utcnow
from inventorypulse.services import alerts, audit, ledger, reports
from inventorypulse.services.dashboard import get_dashboard_stats, recent_activity, top_sellers
from tests.factories import make_category, make_product, make_supplier, make_user, make_warehouse

BOTH = pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])


@pytest.fixture
def session(request, backend):
    engine = request.getfixturevalue("engine" if backend == "sqlite" else "pg_engine")
    with Session(engine) as s:
        yield s


def _sell(session, user, product, qty, *, days_ago=0, reason=None):
    ledger.record_movement(session, product_id=product.product_id, movement_type="outbound", quantity=qty,
                           user=user, reason_code=reason, timestamp=utcnow() - timedelta(days=days_ago, minutes=1))


@BOTH
def test_top_sellers_count_recent_sales_only(session):
    user, wh = make_user(session, "staff"), make_warehouse(session)
    a = make_product(session, stock=[(wh, 100)], selling_price=Decimal("19.99"))
    b = make_product(session, stock=[(wh, 100)], cost_price=Decimal("2.00"), selling_price=Decimal("5.50"))
    c = make_product(session, stock=[(wh, 100)])
    _sell(session, user, a, 5)
    _sell(session, user, a, 3, days_ago=29)
    _sell(session, user, a, 10, days_ago=31)  # too old
    _sell(session, user, b, 12, days_ago=2)
    _sell(session, user, c, 7, reason="damaged_goods")  # not a sale
    ledger.record_movement(session, product_id=c.product_id, movement_type="adjustment", quantity=-4, user=user,
                           reason_code="theft")
    rows = top_sellers(session)
    assert [(r.product_id, r.units_sold, r.revenue) for r in rows] == [
        (b.product_id, 12, Decimal("66.00")), (a.product_id, 8, Decimal("159.92"))]
    assert [r.product_id for r in top_sellers(session, limit=1)] == [b.product_id]


@BOTH
def test_low_stock_report_orders_by_urgency_and_suggests_quantities(session):
    tools = make_category(session, "Tools")
    supplier = make_supplier(session, lead_time_days=9)
    out = make_product(session, supplier=supplier, reorder_threshold=10, reorder_quantity=50)  # 0 available
    ratio_04 = make_product(session, category=tools, reorder_threshold=20, reorder_quantity=5, current_stock=8)
    ratio_03 = make_product(session, supplier=supplier, reorder_threshold=10, reorder_quantity=30,
                            current_stock=5, reserved_stock=2)
    offer = session.exec(select(ProductSupplier).where(ProductSupplier.product_id == ratio_03.id)).one()
    offer.min_order_quantity, offer.cost, offer.lead_time_days = 100, Decimal("7.25"), 12
    session.add(offer)
    at_threshold = make_product(session, reorder_threshold=10, reorder_quantity=50, current_stock=10)
    make_product(session, reorder_threshold=10, current_stock=11)  # above: not listed
    make_product(session, reorder_threshold=10, status="discontinued")  # discontinued: not listed
    session.flush()

    report = reports.low_stock_report(session)
    rows = [(i.product_id, i.available, i.shortfall, i.suggested_quantity, i.status) for i in report.page.items]
    assert rows == [
        (out.product_id, 0, 10, 50, "out"),  # reorder quantity already gets above 10
        (ratio_03.product_id, 3, 7, 100, "low"),  # raised to the offer's MOQ
        (ratio_04.product_id, 8, 12, 13, "low"),  # 5 would not get back above 20: 20 - 8 + 1
        (at_threshold.product_id, 10, 0, 50, "low"),
    ]
    first, second = report.page.items[:2]
    assert (first.supplier_id, first.unit_cost, first.lead_time_days) == (supplier.supplier_id, Decimal("10.00"), 9)
    assert (second.unit_cost, second.lead_time_days, second.min_order_quantity, second.estimated_cost) == \
        (Decimal("7.25"), 12, 100, Decimal("725.00"))
    assert report.page.items[2].supplier_id is None and report.page.items[2].category == "Tools"
    # 50 × 10.00 + 100 × 7.25 + 13 × 10.00 + 50 × 10.00
    assert (report.summary.total_items, report.summary.out_of_stock_items,
            report.summary.estimated_reorder_cost) == (4, 1, Decimal("1855.00"))

    page2 = reports.low_stock_report(session, page=2, limit=2)
    assert [i.product_id for i in page2.page.items] == [ratio_04.product_id, at_threshold.product_id]
    assert page2.page.total == 4 and page2.summary.total_items == 4
    only_tools = reports.low_stock_report(session, category="tools")
    assert [i.product_id for i in only_tools.page.items] == [ratio_04.product_id]
    assert only_tools.summary.estimated_reorder_cost == Decimal("130.00")


def test_suggested_quantity_rule():
    assert reports.suggested_quantity(available=0, threshold=10, reorder_quantity=50, min_order_quantity=1) == 50
    assert reports.suggested_quantity(available=2, threshold=40, reorder_quantity=5, min_order_quantity=12) == 39
    assert reports.suggested_quantity(available=9, threshold=10, reorder_quantity=5, min_order_quantity=24) == 24


@BOTH
def test_dashboard_adds_open_po_breakdown_top_sellers_and_activity(session):
    user, wh = make_user(session, "manager"), make_warehouse(session)
    supplier = make_supplier(session)
    product = make_product(session, stock=[(wh, 50)])
    day = datetime(2026, 1, 1, tzinfo=UTC)
    for n, status in enumerate(["draft", "sent", "sent", "received", "cancelled"]):
        session.add(PurchaseOrder(order_number=f"PO-D-{n}", supplier_id=supplier.id, status=status, order_date=day,
                                  expected_delivery_date=day, total_amount=Decimal("100.00")))
    session.flush()
    now = utcnow()
    _sell(session, user, product, 4)  # now - 1 min
    session.add(AuditLog(occurred_at=now - timedelta(minutes=3), user_id=user.id, entity_type="purchase_order",
                         entity_id="PO-D-1", action="status_change",
                         changes={"status": {"from": "draft", "to": "sent"}}))
    alert = alerts.create_alert(session, alert_type="low_stock", severity="high", title="Low stock: Widget",
                                message="m", product_id=product.product_id)
    alert.created_at = now - timedelta(minutes=2)
    session.add(alert)
    audit.record(session, user_id=user.id, entity_type="supplier", entity_id="SUP-X", action="update")  # ignored
    session.add(AuditLog(occurred_at=now - timedelta(minutes=4), user_id=user.id, entity_type="sales_order",
                         entity_id="ORD-2026-000007", action="ship",
                         changes={"status": {"from": "confirmed", "to": "shipped"}}))
    session.add(AuditLog(occurred_at=now - timedelta(minutes=5), user_id=user.id, entity_type="invoice",
                         entity_id="INV-2026-000003", action="payment", changes={"amount": "10.00"}))
    ledger.record_movement(session, product_id=product.product_id, movement_type="outbound", quantity=1, user=user,
                           reference_type="sales_order", reference_id="ORD-2026-000007",
                           timestamp=now - timedelta(minutes=6))
    session.flush()

    stats = get_dashboard_stats(session)
    assert stats.open_pos_by_status == {"draft": 1, "sent": 2, "acknowledged": 0, "shipped": 0,
                                        "partially_received": 0}
    assert stats.open_po_count == 3 and stats.open_po_value == Decimal("300.00")
    assert [(t.product_id, t.units_sold) for t in stats.top_sellers] == [(product.product_id, 5)]
    events = [(e.type, e.link) for e in stats.recent_activity]
    assert events == [
        ("stock_movement", {"kind": "product", "id": product.product_id}),
        ("alert", {"kind": "product", "id": product.product_id}),
        ("purchase_order", {"kind": "purchase_order", "id": "PO-D-1"}),
        ("sales_order", {"kind": "sales_order", "id": "ORD-2026-000007"}),
        ("invoice", {"kind": "invoice", "id": "INV-2026-000003"}),
        ("stock_movement", {"kind": "product", "id": product.product_id}),
    ]
    texts = [e.text for e in stats.recent_activity]
    assert texts[0] == f"Outbound -4 × {product.name} ({product.product_id}) at WH-MAIN, sale by {user.username}"
    assert texts[1] == "High alert: Low stock: Widget"
    assert texts[2] == f"Purchase order PO-D-1 status change (draft → sent) by {user.username}"
    assert texts[3] == f"Sales order ORD-2026-000007 ship (confirmed → shipped) by {user.username}"
    assert texts[4] == f"Invoice INV-2026-000003 payment by {user.username}"
    assert texts[5].endswith(f"at WH-MAIN, sale for ORD-2026-000007 by {user.username}")
    assert set(stats.as_dict()) >= {"product_count", "low_stock_count", "open_po_count", "alerts_by_severity",
                                    "open_pos_by_status", "top_sellers", "recent_activity"}


@BOTH
def test_recent_activity_keeps_the_newest_twenty(session):
    user, wh = make_user(session, "staff"), make_warehouse(session)
    product = make_product(session, stock=[(wh, 100)])
    for i in range(25):
        ledger.record_movement(session, product_id=product.product_id, movement_type="outbound", quantity=1,
                               user=user, timestamp=utcnow() - timedelta(minutes=100 - i))
    events = recent_activity(session)
    assert len(events) == 20
    stamps = [e.timestamp for e in events]
    assert stamps == sorted(stamps, reverse=True) and all(t.tzinfo is not None for t in stamps)
