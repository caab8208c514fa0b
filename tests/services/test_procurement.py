"""Reads behind the supplier and purchase order screens (services.procurement) and the purchase
order list's "open" filter and per-status counts."""

from datetime import timedelta
from decimal import Decimal

import pytest

from inventorypulse.db import session_scope
from inventorypulse.models import ProductSupplier
from inventorypulse.models.base import utcnow
from inventorypulse.services import procurement, purchasing
from inventorypulse.services.errors import NotFound, ValidationFailed
from tests.factories import make_product, make_supplier, make_user, make_warehouse


def _offer(s, product, supplier, **kw):
    offer = ProductSupplier(product_id=product.id, supplier_id=supplier.id, **kw)
    s.add(offer)
    s.flush()
    return offer


def test_products_supplied_lists_the_supplier_offers_active_first(any_db):
    with session_scope() as s:
        supplier, other = make_supplier(s), make_supplier(s)
        zed = make_product(s, name="Zed clamp", supplier=supplier)
        alpha = make_product(s, name="Alpha bolt")
        _offer(s, alpha, supplier, cost=Decimal("3.10"))
        old = make_product(s, name="Aardvark nut")
        _offer(s, old, supplier, cost=Decimal("1.00"), is_active=False)
        make_product(s, name="Not theirs", supplier=other)
        code = supplier.supplier_id.lower()  # codes are matched case-insensitively
    with session_scope() as s:
        page = procurement.products_supplied(s, supplier_id=code)
        assert page.total == 3
        assert [p.name for _, p in page.items] == ["Alpha bolt", "Zed clamp", "Aardvark nut"]
        assert page.items[0][0].cost == Decimal("3.10")
        assert procurement.products_supplied(s, supplier_id=code, limit=1).total == 3
        assert zed.product_id in {p.product_id for _, p in page.items}
        with pytest.raises(NotFound):
            procurement.products_supplied(s, supplier_id="SUP-NOPE")


def test_pick_products_puts_the_supplier_offers_first_and_skips_discontinued(any_db):
    with session_scope() as s:
        supplier = make_supplier(s)
        plain = make_product(s, name="Cable tie 100")
        offered = make_product(s, name="Cable tie 200")
        _offer(s, offered, supplier, cost=Decimal("4.40"))
        inactive_offer = make_product(s, name="Cable tie 050")
        _offer(s, inactive_offer, supplier, cost=Decimal("1.00"), is_active=False)
        make_product(s, name="Cable tie 300", status="discontinued")
        make_product(s, name="Hose clamp")
        code = supplier.supplier_id
    with session_scope() as s:
        found = procurement.pick_products(s, search="CABLE tie", supplier_id=code)
        assert [(p.name, o.cost if o else None) for p, o in found] == [
            ("Cable tie 200", Decimal("4.40")), ("Cable tie 050", None), ("Cable tie 100", None)]
        assert plain.product_id in {p.product_id for p, _ in found}
        assert len(procurement.pick_products(s, search="cable", supplier_id=code, limit=2)) == 2
        assert procurement.pick_products(s, search="  ", supplier_id=code) == []
        # Without a supplier nothing is "offered", products still match.
        assert all(o is None for _, o in procurement.pick_products(s, search="cable", supplier_id=None))


def test_line_defaults_use_the_same_cost_as_creating_the_order(any_db):
    with session_scope() as s:
        supplier = make_supplier(s)
        offered = make_product(s, reorder_quantity=30)
        _offer(s, offered, supplier, cost=Decimal("7.25"), min_order_quantity=48, lead_time_days=12)
        plain = make_product(s, cost_price=Decimal("9.99"), reorder_quantity=20)
        euro = make_product(s, currency="EUR")
        gone = make_product(s, status="discontinued")
        manager = make_user(s, "manager")
        codes = supplier.supplier_id, offered.product_id, plain.product_id, euro.product_id, gone.product_id
    sup, offered_id, plain_id, euro_id, gone_id = codes
    with session_scope() as s:
        d = procurement.line_defaults(s, supplier_id=sup, product_id=offered_id)
        assert (d.unit_cost, d.cost_source, d.quantity, d.issue) == (Decimal("7.25"), "supplier offer", 48, None)
        d = procurement.line_defaults(s, supplier_id=sup, product_id=plain_id)
        assert (d.unit_cost, d.cost_source, d.quantity, d.offer) == (Decimal("9.99"), "product cost price", 20, None)
        d = procurement.line_defaults(s, supplier_id=sup, product_id=euro_id)
        assert d.unit_cost is None and "EUR" in d.issue
        assert "discontinued" in procurement.line_defaults(s, supplier_id=sup, product_id=gone_id).issue
        # The order the service creates without a unit cost has exactly these costs.
        order = purchasing.create_purchase_order(s, supplier_id=sup, user=manager, lines=[
            {"product_id": offered_id, "quantity_ordered": 1}, {"product_id": plain_id, "quantity_ordered": 1}])
        costs = [line.unit_cost for line, _ in purchasing.lines_by_order(s, [order.id])[order.id]]
        assert costs == [Decimal("7.25"), Decimal("9.99")]


def test_stock_by_warehouse_code(any_db):
    with session_scope() as s:
        main, east = make_warehouse(s, "WH-MAIN"), make_warehouse(s, "WH-EAST", default=False)
        product = make_product(s, stock=[(main, 12), (east, 3)])
        empty = make_product(s)
        ids = product.product_id, empty.product_id
    with session_scope() as s:
        assert procurement.stock_by_warehouse_code(s, product_id=ids[0].lower()) == {"WH-MAIN": 12, "WH-EAST": 3}
        assert procurement.stock_by_warehouse_code(s, product_id=ids[1]) == {}


def test_open_filter_and_counts_per_status_follow_the_other_filters(any_db):
    with session_scope() as s:
        make_warehouse(s)
        supplier, other = make_supplier(s), make_supplier(s)
        product = make_product(s, supplier=supplier)
        other_product = make_product(s, supplier=other)
        manager = make_user(s, "manager")

        def order(sup, prod, *, status=None, days_ago=0):
            po = purchasing.create_purchase_order(
                s, supplier_id=sup.supplier_id, user=manager, order_date=utcnow() - timedelta(days=days_ago),
                lines=[{"product_id": prod.product_id, "quantity_ordered": 2}])
            for step in status or ():
                purchasing.transition_purchase_order(s, order_number=po.order_number, status=step, user=manager)
            return po.order_number

        order(supplier, product)
        sent = order(supplier, product, status=["sent"])
        order(supplier, product, status=["cancelled"])
        old = order(supplier, product, status=["sent", "shipped"], days_ago=40)
        order(other, other_product, status=["sent"])
        code = supplier.supplier_id
    with session_scope() as s:
        open_orders = purchasing.list_purchase_orders(s, status=purchasing.OPEN, supplier_id=code)
        assert {po.order_number for po, _ in open_orders.items} == {sent, old} | {
            po.order_number for po, _ in purchasing.list_purchase_orders(s, status="draft", supplier_id=code).items}
        assert open_orders.total == 3
        counts = purchasing.count_by_status(s, supplier_id=code)
        assert counts == {"draft": 1, "sent": 1, "acknowledged": 0, "shipped": 1, "partially_received": 0,
                          "received": 0, "cancelled": 1}
        recent = purchasing.count_by_status(s, supplier_id=code, start_date=(utcnow() - timedelta(days=7)).date())
        assert recent["shipped"] == 0 and recent["sent"] == 1
        assert sum(purchasing.count_by_status(s).values()) == 5
        with pytest.raises(ValidationFailed):
            purchasing.count_by_status(s, start_date=utcnow().date(), end_date=(utcnow() - timedelta(days=1)).date())
