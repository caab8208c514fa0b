"""Sales orders: totals, reservation on confirm, release on cancel, credit limit, shipping, returns."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlmodel import select

from inventorypulse.db import session_scope
from inventorypulse.models import Lot, Product, SalesOrderLine, StockMovement, Warehouse
from inventorypulse.services import ledger, sales
from inventorypulse.services.errors import (
    InsufficientStock,
    InvalidTransition,
    PermissionDenied,
    ValidationFailed,
)
from inventorypulse.ui.states.sales_orders_detail import steps
from tests.factories import make_product, make_user, make_warehouse
from tests.services.sales_helpers import customer, ledger_total, order, stock_in


@pytest.fixture
def env(any_db):
    with session_scope() as s:
        make_warehouse(s, "WH-MAIN")
        make_warehouse(s, "WH-EAST", default=False)
        manager = make_user(s, "manager")
        staff = make_user(s, "staff")
        a = make_product(s, selling_price=Decimal("19.99"))
        b = make_product(s, selling_price=Decimal("5.00"), cost_price=Decimal("2.00"))
        stock_in(s, manager, a, 10)
        stock_in(s, manager, b, 3)
        cust = customer(s, manager)
    return {"manager": manager, "staff": staff, "a": a, "b": b, "cust": cust}


def product(pid: int) -> Product:
    with session_scope() as s:
        return s.get(Product, pid)


def lines(number: str) -> list[SalesOrderLine]:
    with session_scope() as s:
        order_id = sales.find_order(s, number).id
        return list(s.exec(select(SalesOrderLine).where(SalesOrderLine.sales_order_id == order_id)
                           .order_by(SalesOrderLine.line_no)))


def test_create_computes_totals_server_side(env):
    with session_scope() as s:
        o = sales.create_sales_order(s, user=env["staff"], customer_id=env["cust"].customer_number, items=[
            {"product_id": env["a"].product_id, "quantity": 2, "discount": "1.98"},
            {"product_id": env["b"].product_id, "quantity": 1, "unit_price": "4.50"}],
            tax_rate="0.08", shipping_cost="15.00")
        assert o.order_number.startswith("ORD-") and len(o.order_number) == len("ORD-2026-000001")
        assert o.status == "pending"
        assert (o.subtotal, o.discount_amount) == (Decimal("44.48"), Decimal("1.98"))
        assert o.tax_amount == Decimal("3.40")  # 8% of 42.50
        assert o.total_amount == Decimal("44.48") - Decimal("1.98") + Decimal("3.40") + Decimal("15.00")
        got = sales.get_sales_order(s, order_number=o.order_number)
        assert [(ln.unit_price, ln.line_total) for ln, _ in got.lines] == [
            (Decimal("19.99"), Decimal("38.00")), (Decimal("4.50"), Decimal("4.50"))]


@pytest.mark.parametrize("items, extra, field", [
    ([{"product_id": "PRD-NONE0000", "quantity": 1}], {}, "items[0].product_id"),
    ([{"quantity": 1}], {}, "items[0].product_id"),
    ("A", {}, "items"),
    ([], {}, "items"),
    ([{"product_id": None, "quantity": 0}], {}, "items[0].product_id"),
    ([{"product_id": "A", "quantity": 0}], {}, "items[0].quantity"),
    ([{"product_id": "A", "quantity": 1, "unit_price": "-1"}], {}, "items[0].unit_price"),
    ([{"product_id": "A", "quantity": 1, "discount": "100"}], {}, "items[0].discount"),
    ([{"product_id": "A", "quantity": 1}, {"product_id": "A", "quantity": 2}], {}, "items[1].product_id"),
    ([{"product_id": "A", "quantity": 1}], {"tax_rate": "1.5"}, "tax_rate"),
    ([{"product_id": "A", "quantity": 1}], {"shipping_cost": "x"}, "shipping_cost"),
    ([{"product_id": "A", "quantity": 1}], {"currency": "EURO"}, "currency"),
    ([{"product_id": "A", "quantity": 1}], {"status": "confirmed"}, "status"),
    ([{"product_id": "A", "quantity": 1}], {"shipping_address": {"country": "USA"}}, "shipping_address.country"),
])
def test_invalid_orders_name_the_field(env, items, extra, field):
    code = env["a"].product_id
    if isinstance(items, list):
        items = [{**i, "product_id": code} if i.get("product_id") == "A" else i for i in items]
    with session_scope() as s, pytest.raises(ValidationFailed) as err:
        sales.create_sales_order(s, user=env["staff"], customer_id=env["cust"].customer_number, items=items, **extra)
    assert field in err.value.field_errors()


def test_unknown_customer_and_readonly_are_refused(env):
    with session_scope() as s:
        with pytest.raises(ValidationFailed) as err:
            sales.create_sales_order(s, user=env["staff"], customer_id="CUST-1999-0001",
                                     items=[{"product_id": env["a"].product_id, "quantity": 1}])
        assert "customer_id" in err.value.field_errors()
        with pytest.raises(PermissionDenied):
            order(s, make_user(s, "readonly"), env["cust"], (env["a"], 1))


def test_confirm_reserves_and_cancel_releases(env):
    with session_scope() as s:
        number = order(s, env["staff"], env["cust"], (env["a"], 4), (env["b"], 3)).order_number
        sales.transition_sales_order(s, order_number=number, status="confirmed", user=env["staff"])
    a, b = product(env["a"].id), product(env["b"].id)
    assert (a.reserved_stock, a.available_stock, b.reserved_stock, b.available_stock) == (4, 6, 3, 0)
    assert [ln.quantity_reserved for ln in lines(number)] == [4, 3]
    with session_scope() as s:
        result = sales.transition_sales_order(s, order_number=number, status="cancelled", user=env["staff"])
        assert result.previous_status == "confirmed" and result.allowed_transitions == []
    assert product(env["a"].id).reserved_stock == product(env["b"].id).reserved_stock == 0
    assert [ln.quantity_reserved for ln in lines(number)] == [0, 0]


def test_confirming_more_than_available_names_every_short_line_and_reserves_nothing(env):
    with session_scope() as s:
        first = order(s, env["staff"], env["cust"], (env["a"], 8)).order_number
        sales.transition_sales_order(s, order_number=first, status="confirmed", user=env["staff"])
        second = order(s, env["staff"], env["cust"], (env["b"], 1), (env["a"], 3)).order_number
        third = order(s, env["staff"], env["cust"], (env["a"], 5), (env["b"], 9)).order_number
    with pytest.raises(InsufficientStock) as err, session_scope() as s:
        sales.transition_sales_order(s, order_number=third, status="confirmed", user=env["staff"])
    assert set(err.value.field_errors()) == {"items[0]", "items[1]"}
    assert "only 2 available" in err.value.field_errors()["items[0]"]
    with pytest.raises(InsufficientStock) as err, session_scope() as s:
        sales.transition_sales_order(s, order_number=second, status="confirmed", user=env["staff"])
    assert set(err.value.field_errors()) == {"items[1]"}
    assert (product(env["a"].id).reserved_stock, product(env["b"].id).reserved_stock) == (8, 0)
    with session_scope() as s:
        assert sales.find_order(s, second).status == "pending"


def test_reserved_stock_cannot_be_taken_by_another_order_but_is_by_shipping(env):
    with session_scope() as s:
        number = order(s, env["staff"], env["cust"], (env["a"], 10)).order_number
        sales.transition_sales_order(s, order_number=number, status="confirmed", user=env["staff"])
        other = order(s, env["staff"], env["cust"], (env["a"], 1)).order_number
    with pytest.raises(InsufficientStock), session_scope() as s:
        sales.transition_sales_order(s, order_number=other, status="confirmed", user=env["staff"])
    with session_scope() as s:
        result = sales.ship_sales_order(s, order_number=number, user=env["staff"])
        assert result.order.status == "shipped" and result.order.shipped_date is not None
    a = product(env["a"].id)
    assert (a.current_stock, a.reserved_stock) == (0, 0)


def test_a_manual_issue_cannot_take_reserved_stock_and_says_why(env):
    with session_scope() as s:
        number = order(s, env["staff"], env["cust"], (env["a"], 7)).order_number
        sales.transition_sales_order(s, order_number=number, status="confirmed", user=env["staff"])
    with pytest.raises(InsufficientStock) as err, session_scope() as s:
        ledger.record_movement(s, user=env["manager"], product_id=env["a"].product_id, movement_type="outbound",
                               quantity=4, warehouse="WH-MAIN")
    assert "Only 3 of" in err.value.message and "7 of the 10 in stock are reserved" in err.value.message
    with session_scope() as s:
        ledger.record_movement(s, user=env["manager"], product_id=env["a"].product_id, movement_type="outbound",
                               quantity=3, warehouse="WH-MAIN")
    a = product(env["a"].id)
    assert (a.current_stock, a.reserved_stock, a.available_stock) == (7, 7, 0)


def test_credit_limit_is_checked_on_confirmation(env):
    with session_scope() as s:
        credit = customer(s, env["manager"], name="Net Co", payment_terms="Net30", credit_limit="50.00")
        small = order(s, env["staff"], credit, (env["a"], 2)).order_number  # 39.98
        big = order(s, env["staff"], credit, (env["b"], 3)).order_number  # 15.00 -> 54.98 in all
        sales.transition_sales_order(s, order_number=small, status="confirmed", user=env["staff"])
    with pytest.raises(sales.CreditLimitExceeded) as err, session_scope() as s:
        sales.transition_sales_order(s, order_number=big, status="confirmed", user=env["staff"])
    assert "total_amount" in err.value.field_errors() and "10.02" in err.value.message
    with session_scope() as s:  # COD customers pay on delivery: no credit check
        cod = order(s, env["staff"], env["cust"], (env["b"], 3)).order_number
        sales.transition_sales_order(s, order_number=cod, status="confirmed", user=env["staff"])


def test_transitions_follow_the_flow(env):
    with session_scope() as s:
        number = order(s, env["staff"], env["cust"], (env["a"], 1), status="draft").order_number
        for bad in ("shipped", "delivered", "completed"):
            with pytest.raises(InvalidTransition):
                sales.transition_sales_order(s, order_number=number, status=bad, user=env["staff"])
        with pytest.raises(ValidationFailed) as err:
            sales.transition_sales_order(s, order_number=number, status="teleported", user=env["staff"])
        assert "status" in err.value.field_errors()
        for step in ("pending", "confirmed", "processing"):
            sales.transition_sales_order(s, order_number=number, status=step, user=env["staff"])
        sales.ship_sales_order(s, order_number=number, user=env["staff"])
        with pytest.raises(InvalidTransition):
            sales.transition_sales_order(s, order_number=number, status="cancelled", user=env["staff"])
        sales.transition_sales_order(s, order_number=number, status="delivered", user=env["staff"])
        done = sales.transition_sales_order(s, order_number=number, status="completed", user=env["staff"])
        assert done.order.delivered_date is not None and done.allowed_transitions == []


def test_edit_only_while_draft_or_pending(env):
    with session_scope() as s:
        number = order(s, env["staff"], env["cust"], (env["a"], 1)).order_number
        edited = sales.update_sales_order(s, order_number=number, user=env["staff"], changes={
            "items": [{"product_id": env["b"].product_id, "quantity": 2}], "shipping_cost": "3.00"})
        assert (edited.subtotal, edited.total_amount) == (Decimal("10.00"), Decimal("13.00"))
        with pytest.raises(ValidationFailed) as err:
            sales.update_sales_order(s, order_number=number, user=env["staff"], changes={"customer_id": "X"})
        assert "customer_id" in err.value.field_errors()
        sales.transition_sales_order(s, order_number=number, status="confirmed", user=env["staff"])
        with pytest.raises(InvalidTransition):
            sales.update_sales_order(s, order_number=number, user=env["staff"], changes={"notes": "late"})


def test_partial_then_full_shipment_from_a_chosen_warehouse(env):
    with session_scope() as s:
        stock_in(s, env["manager"], env["a"], 5, warehouse="WH-EAST")
        number = order(s, env["staff"], env["cust"], (env["a"], 12), (env["b"], 2)).order_number
        sales.transition_sales_order(s, order_number=number, status="confirmed", user=env["staff"])
        first = sales.ship_sales_order(s, order_number=number, user=env["staff"], warehouse="WH-EAST",
                                       items=[{"line_no": 1, "quantity": 5}], tracking_number="1Z999")
        assert first.order.status == "processing" and first.order.tracking_number == "1Z999"
        assert [(m.quantity, m.reason_code, m.reference_type, m.reference_id) for m in first.movements] == [
            (-5, "sale", "sales_order", number)]
        with pytest.raises(ValidationFailed) as err:
            sales.ship_sales_order(s, order_number=number, user=env["staff"],
                                   items=[{"line_no": 1, "quantity": 8}])
        assert "items[0].quantity" in err.value.field_errors()
        with pytest.raises(ValidationFailed) as err:
            sales.ship_sales_order(s, order_number=number, user=env["staff"],
                                   items=[{"product_id": "PRD-NOPE0000", "quantity": 1}])
        assert "items[0].product_id" in err.value.field_errors()
    with pytest.raises(InsufficientStock), session_scope() as s:  # WH-EAST is now empty
        sales.ship_sales_order(s, order_number=number, user=env["staff"], warehouse="WH-EAST")
    with session_scope() as s:
        rest = sales.ship_sales_order(s, order_number=number, user=env["staff"], warehouse="WH-MAIN")
        assert rest.order.status == "shipped"
        assert sorted(q for _, q in rest.lines) == [2, 7]
    a = product(env["a"].id)
    assert (a.current_stock, a.reserved_stock) == (3, 0)
    with session_scope() as s:
        assert ledger_total(s, env["a"].id) == 3


def test_lot_tracked_goods_ship_earliest_expiry_first(env):
    soon, later = date.today() + timedelta(days=10), date.today() + timedelta(days=90)
    with session_scope() as s:
        lotted = make_product(s, lot_tracking=True, expiration_tracking=True)
        stock_in(s, env["manager"], lotted, 5, lot_number="LATE", expiration_date=later)
        stock_in(s, env["manager"], lotted, 5, lot_number="SOON", expiration_date=soon)
        number = order(s, env["staff"], env["cust"], (lotted, 7)).order_number
        sales.transition_sales_order(s, order_number=number, status="confirmed", user=env["staff"])
        result = sales.ship_sales_order(s, order_number=number, user=env["staff"])
        assert [(m.lot_number, m.quantity) for m in result.movements] == [("SOON", -5), ("LATE", -2)]
        assert {lot.lot_number: lot.quantity for lot in s.exec(select(Lot).where(Lot.product_id == lotted.id))} == {
            "SOON": 0, "LATE": 3}


def test_returns_restock_or_write_off(env):
    with session_scope() as s:
        number = order(s, env["staff"], env["cust"], (env["a"], 6)).order_number
        sales.transition_sales_order(s, order_number=number, status="confirmed", user=env["staff"])
        with pytest.raises(InvalidTransition):  # nothing shipped yet
            sales.return_sales_order(s, order_number=number, user=env["staff"], items=[{"line_no": 1, "quantity": 1}])
        sales.ship_sales_order(s, order_number=number, user=env["staff"])
        result = sales.return_sales_order(s, order_number=number, user=env["staff"], reason="wrong size", items=[
            {"line_no": 1, "quantity": 2, "disposition": "restock"}])
        assert [(m.movement_type, m.quantity, m.reason_code) for m in result.movements] == [("inbound", 2, "return")]
        result = sales.return_sales_order(s, order_number=number, user=env["staff"], items=[
            {"product_id": env["a"].product_id, "quantity": 1, "disposition": "write_off"}])
        assert [(m.movement_type, m.quantity, m.reason_code) for m in result.movements] == [
            ("inbound", 1, "return"), ("adjustment", -1, "damaged_goods")]
        for items, field in (([{"line_no": 1, "quantity": 4}], "items[0].quantity"),
                             ([{"line_no": 1, "quantity": 1, "disposition": "burn"}], "items[0].disposition"),
                             ([{"line_no": 9, "quantity": 1}], "items[0].line_no")):
            with pytest.raises(ValidationFailed) as err:
                sales.return_sales_order(s, order_number=number, user=env["staff"], items=items)
            assert field in err.value.field_errors()
    assert product(env["a"].id).current_stock == 10 - 6 + 2
    assert [ln.quantity_returned for ln in lines(number)] == [3]
    with session_scope() as s:
        kinds = s.exec(select(StockMovement.reference_type).where(StockMovement.reference_id == number)).all()
        assert sorted(kinds) == ["return", "return", "return", "sales_order"]


def test_returning_lot_tracked_goods_needs_the_lot(env):
    expiry = date.today() + timedelta(days=30)
    with session_scope() as s:
        lotted = make_product(s, lot_tracking=True, expiration_tracking=True)
        stock_in(s, env["manager"], lotted, 4, lot_number="L1", expiration_date=expiry)
        number = order(s, env["staff"], env["cust"], (env["a"], 1), (lotted, 2)).order_number
        sales.transition_sales_order(s, order_number=number, status="confirmed", user=env["staff"])
        sales.ship_sales_order(s, order_number=number, user=env["staff"])
        with pytest.raises(ValidationFailed) as err:
            sales.return_sales_order(s, order_number=number, user=env["staff"], items=[
                {"line_no": 1, "quantity": 1}, {"line_no": 2, "quantity": 1}])
        assert {"items[1].lot_number", "items[1].expiration_date"} <= set(err.value.field_errors())
        sales.return_sales_order(s, order_number=number, user=env["staff"], items=[
            {"line_no": 2, "quantity": 1, "lot_number": "L1", "expiration_date": expiry}])
        assert s.exec(select(Lot.quantity).where(Lot.product_id == lotted.id, Lot.lot_number == "L1")).one() == 3


def test_the_ship_dialog_offers_the_warehouse_that_can_ship_the_most(env):
    with session_scope() as s:
        stock_in(s, env["manager"], env["b"], 5, warehouse="WH-EAST")
        number = order(s, env["staff"], env["cust"], (env["a"], 2), (env["b"], 6)).order_number
        sales.transition_sales_order(s, order_number=number, status="confirmed", user=env["staff"])
        # WH-MAIN holds 10 of a and 3 of b: 2 + 3; WH-EAST holds 5 of b: 5.
        assert sales.shippable_by_warehouse(s, order_number=number) == [("WH-MAIN", 5), ("WH-EAST", 5)]
        stock_in(s, env["manager"], env["a"], 2, warehouse="WH-EAST")
        assert sales.shippable_by_warehouse(s, order_number=number) == [("WH-EAST", 7), ("WH-MAIN", 5)]


def test_without_a_warehouse_goods_ship_from_where_they_are(env):
    with session_scope() as s:
        c = make_product(s, selling_price=Decimal("13.00"))
        stock_in(s, env["manager"], c, 8, warehouse="WH-EAST")
        number = order(s, env["staff"], env["cust"], (c, 5)).order_number
        sales.transition_sales_order(s, order_number=number, status="confirmed", user=env["staff"])
        with pytest.raises(ValidationFailed) as err:
            sales.ship_sales_order(s, order_number=number, user=env["staff"], warehouse="wh-nowhere",
                                   items=[{"line_no": 1, "quantity": 6}])
        assert set(err.value.field_errors()) == {"warehouse", "items[0].quantity"}
        result = sales.ship_sales_order(s, order_number=number, user=env["staff"])
        assert {m.warehouse_id for m in result.movements} == {s.exec(
            select(Warehouse.id).where(Warehouse.code == "WH-EAST")).one()}


def test_status_times_tell_which_steps_an_order_went_through(env):
    with session_scope() as s:
        number = order(s, env["staff"], env["cust"], (env["a"], 2), status="draft").order_number
        assert set(sales.status_times(s, order_number=number)) == {"draft"}
        sales.transition_sales_order(s, order_number=number, status="confirmed", user=env["staff"])
        sales.ship_sales_order(s, order_number=number, user=env["staff"])
        times = sales.status_times(s, order_number=number)
    assert list(times) == ["draft", "confirmed", "shipped"]  # pending and processing were skipped
    with session_scope() as s:
        shown = {st["label"]: st["state"] for st in steps(sales.find_order(s, number), times)}
    assert shown == {"Draft": "done", "Pending": "skipped", "Confirmed": "done", "Processing": "skipped",
                     "Shipped": "current", "Delivered": "todo", "Completed": "todo"}


def test_open_reservations_name_the_orders_holding_a_product(env):
    with session_scope() as s:
        first = order(s, env["staff"], env["cust"], (env["b"], 1), (env["a"], 3)).order_number
        second = order(s, env["staff"], env["cust"], (env["a"], 4)).order_number
        order(s, env["staff"], env["cust"], (env["a"], 3))  # pending: reserves nothing
        for number in (first, second):
            sales.transition_sales_order(s, order_number=number, status="confirmed", user=env["staff"])
        sales.ship_sales_order(s, order_number=second, user=env["staff"], items=[{"line_no": 1, "quantity": 1}])
        held = sales.open_reservations(s, product_id=env["a"].product_id)
        assert [(o.order_number, c.customer_number, n) for o, c, n in held] == [
            (first, env["cust"].customer_number, 3), (second, env["cust"].customer_number, 3)]
        assert sum(n for *_, n in held) == s.get(Product, env["a"].id).reserved_stock
