"""Property: after any sequence of confirm, cancel, partial ship and return, reserved + shipped +
available reconcile with the ledger."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import func, select

from inventorypulse.db import session_scope
from inventorypulse.models import Product, SalesOrderLine, StockMovement
from inventorypulse.services import sales
from inventorypulse.services.errors import DomainError
from tests.factories import make_product, make_user, make_warehouse
from tests.services.sales_helpers import customer, ledger_total, order, reserved_by_lines, stock_in

INITIAL = 20
ops = st.lists(st.one_of(
    st.tuples(st.just("confirm"), st.integers(1, 12)),
    st.tuples(st.just("cancel"), st.integers(0, 9)),
    st.tuples(st.just("ship"), st.integers(0, 9), st.integers(1, 8)),
    st.tuples(st.just("return"), st.integers(0, 9), st.integers(1, 5), st.sampled_from(["restock", "write_off"])),
), min_size=1, max_size=14)


@pytest.fixture
def world(db):
    with session_scope() as s:
        make_warehouse(s, "WH-MAIN")
        staff = make_user(s, "staff")
        cust = customer(s, make_user(s, "manager"))
    return {"staff": staff, "cust": cust}


def _apply(world, product, numbers, op) -> None:
    staff = world["staff"]
    try:
        with session_scope() as s:
            if op[0] == "confirm":
                number = order(s, staff, world["cust"], (product, op[1])).order_number
                numbers.append(number)  # kept even if confirming fails: it stays pending
                sales.transition_sales_order(s, order_number=number, status="confirmed", user=staff)
            elif not numbers:
                return
            elif op[0] == "cancel":
                sales.transition_sales_order(s, order_number=numbers[op[1] % len(numbers)], status="cancelled",
                                             user=staff)
            elif op[0] == "ship":
                sales.ship_sales_order(s, order_number=numbers[op[1] % len(numbers)], user=staff,
                                       items=[{"line_no": 1, "quantity": op[2]}])
            else:
                sales.return_sales_order(s, order_number=numbers[op[1] % len(numbers)], user=staff,
                                         items=[{"line_no": 1, "quantity": op[2], "disposition": op[3]}])
    except DomainError:
        pass  # refused operations must leave nothing behind: the invariants below check that


def _sum(s, column, *where):
    return s.exec(select(func.coalesce(func.sum(column), 0)).where(*where)).one()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops)
def test_reservations_shipments_and_returns_reconcile_with_the_ledger(world, sequence):
    with session_scope() as s:
        product = make_product(s, selling_price=Decimal("1.00"), cost_price=Decimal("0.50"))
        stock_in(s, world["staff"], product, INITIAL)
    numbers: list[str] = []
    for op in sequence:
        _apply(world, product, numbers, op)
        with session_scope() as s:
            p = s.get(Product, product.id)
            mine = SalesOrderLine.product_id == p.id
            shipped, returned = _sum(s, SalesOrderLine.quantity_shipped, mine), _sum(
                s, SalesOrderLine.quantity_returned, mine)
            written_off = -_sum(s, StockMovement.quantity, StockMovement.product_id == p.id,
                                StockMovement.reason_code == "damaged_goods")
            sold = -_sum(s, StockMovement.quantity, StockMovement.product_id == p.id,
                         StockMovement.reason_code == "sale")
            came_back = _sum(s, StockMovement.quantity, StockMovement.product_id == p.id,
                             StockMovement.reason_code == "return")
            assert p.current_stock == ledger_total(s, p.id)
            assert p.reserved_stock == reserved_by_lines(s, p.id)
            assert 0 <= p.reserved_stock <= p.current_stock
            assert sold == shipped and came_back == returned
            # available + reserved + shipped out (net of what came back and stayed) = what was received
            assert p.available_stock + p.reserved_stock + shipped - returned + written_off == INITIAL
