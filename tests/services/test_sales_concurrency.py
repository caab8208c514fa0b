"""16 clients confirming orders against the same products at once on PostgreSQL: never more
reserved than exists, no deadlocks between orders listing the products in opposite orders."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import select

from inventorypulse.db import session_scope
from inventorypulse.models import Product, SalesOrder
from inventorypulse.services import ledger, sales
from inventorypulse.services.errors import InsufficientStock
from tests.factories import make_product, make_user, make_warehouse
from tests.services.sales_helpers import customer, ledger_total, order, reserved_by_lines, stock_in

THREADS, PER_THREAD = 16, 4
pytestmark = pytest.mark.postgres


@pytest.fixture
def orders(pg_db):
    with session_scope() as s:
        make_warehouse(s, "WH-MAIN")
        staff = make_user(s, "staff")
        a, b = make_product(s), make_product(s)
        stock_in(s, staff, a, 50)
        stock_in(s, staff, b, 40)
        cust = customer(s, make_user(s, "manager"))
        numbers = [[order(s, staff, cust, *((a, 3), (b, 2))[:: 1 if (t + i) % 2 else -1]).order_number
                    for i in range(PER_THREAD)] for t in range(THREADS)]
    return {"staff": staff, "a": a, "b": b, "numbers": numbers}


def _confirm_all(staff, numbers: list[str]) -> list[str]:
    outcomes = []
    for number in numbers:
        try:
            with session_scope() as s:
                sales.transition_sales_order(s, order_number=number, status="confirmed", user=staff)
            outcomes.append("ok")
        except InsufficientStock:
            outcomes.append("short")
    return outcomes


def test_concurrent_confirmations_never_over_reserve(orders):
    with ThreadPoolExecutor(THREADS) as pool:
        outcomes = [o for result in pool.map(lambda ns: _confirm_all(orders["staff"], ns), orders["numbers"])
                    for o in result]
    # 64 orders each want 3 A + 2 B: A (50) fits 16 of them, B (40) fits 20 — A is the limit.
    assert outcomes.count("ok") == 16 and outcomes.count("short") == THREADS * PER_THREAD - 16
    with session_scope() as s:
        a, b = s.get(Product, orders["a"].id), s.get(Product, orders["b"].id)
        assert (a.reserved_stock, b.reserved_stock) == (48, 32)
        assert a.reserved_stock <= a.current_stock and b.reserved_stock <= b.current_stock
        assert reserved_by_lines(s, a.id) == 48 and reserved_by_lines(s, b.id) == 32
        confirmed = s.exec(select(SalesOrder).where(SalesOrder.status == "confirmed")).all()
        assert len(confirmed) == 16


def test_concurrent_shipments_and_ledger_outbounds_keep_reservations_whole(orders):
    """Shipping (reservation -> sale movement) racing plain outbound movements of the same product
    (which lock stock level then product, while shipping also updates the product): no deadlock,
    and the reservation and totals come out whole. The outbounds fit in the unreserved stock."""
    staff, a = orders["staff"], orders["a"]
    numbers = [ns[0] for ns in orders["numbers"][:8]]
    assert _confirm_all(staff, numbers) == ["ok"] * 8  # 24 of A's 50 reserved

    def ship(number):
        with session_scope() as s:
            sales.ship_sales_order(s, order_number=number, user=staff)
        return "shipped"

    def take_one(_):
        try:
            with session_scope() as s:
                ledger.record_movement(s, user=staff, product_id=a.product_id, movement_type="outbound", quantity=3)
            return "taken"
        except InsufficientStock:
            return "short"

    with ThreadPoolExecutor(THREADS) as pool:
        futures = [pool.submit(ship, n) for n in numbers] + [pool.submit(take_one, i) for i in range(8)]
        outcomes = [f.result() for f in futures]
    assert outcomes.count("shipped") == 8 and outcomes.count("taken") == 8
    with session_scope() as s:
        product = s.get(Product, a.id)
        assert (product.reserved_stock, product.current_stock) == (0, 50 - 24 - 24)
        assert ledger_total(s, a.id) == product.current_stock
