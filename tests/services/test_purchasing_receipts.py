"""Receiving purchase orders into stock: partial and full receipts, refusals, lots, rollback."""

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from inventorypulse.db import session_scope
from inventorypulse.models import AuditLog, Lot, Product
from inventorypulse.services import ledger, purchasing
from inventorypulse.services.errors import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from tests.services.test_purchasing import (
    YEAR,
    create,
    fields,
    force_status,
    load,
    make_world,
    move,
    movements,
    on_hand,
    receive,
)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def app_db(request, monkeypatch):
    """The application wired to a fresh SQLite database, then to a fresh PostgreSQL one."""
    if request.param == "sqlite":
        return request.getfixturevalue("db")
    from inventorypulse.config import settings

    url = request.getfixturevalue("pg_url")
    engine = request.getfixturevalue("pg_engine")
    monkeypatch.setattr(settings, "database_url", url)
    return engine


@pytest.fixture
def w(db):
    return make_world()


@pytest.fixture
def w_any(app_db):
    return make_world()


def test_partial_then_full_receipt_moves_stock_through_the_ledger(w_any):
    w = w_any
    with session_scope() as s:  # 4 already on hand, so stock_before is not trivially 0
        ledger.record_movement(s, product_id=w["offered"].product_id, movement_type="inbound", quantity=4,
                               user=w["staff"])
    number = create(w).order_number
    move(w, number, "sent")

    first = receive(w, number, [{"product_id": w["offered"].product_id, "quantity": 6}])
    assert (first.previous_status, first.order.status) == ("sent", "partially_received")
    assert [(ln.line_no, ln.received_now, ln.quantity_received, ln.remaining) for ln in first.lines] == [
        (1, 6, 6, 4), (2, 0, 0, 5)]
    assert on_hand(w["offered"], w["main"]) == 10
    (mv,) = [m for m in movements(number)]
    assert (mv.movement_type, mv.quantity, mv.stock_before, mv.stock_after) == ("inbound", 6, 4, 10)
    assert (mv.reference_type, mv.reference_id, mv.reason_code) == ("purchase_order", number, "purchase_receipt")
    assert mv.unit_cost == Decimal("12.34") and mv.total_value == Decimal("74.04")
    assert mv.processed_by == w["staff"].id
    po, lines = load(number)
    assert po.actual_delivery_date is None and po.received_by is None

    second = receive(w, number, [{"line_no": 1, "quantity": 4},
                                 {"line_no": 2, "quantity": 5, "warehouse": "wh-east"}])
    assert second.order.status == "received"
    po, lines = load(number)
    assert [ln.quantity_received for ln in lines] == [10, 5]
    assert po.received_by == w["staff"].id and po.actual_delivery_date is not None
    assert on_hand(w["offered"], w["main"]) == 14 and on_hand(w["plain"], w["east"]) == 5
    with session_scope() as s:
        assert s.get(Product, w["offered"].id).current_stock == 14
        assert s.get(Product, w["plain"].id).current_stock == 5
        detail = purchasing.get_purchase_order(s, order_number=number.lower())
        audits = s.exec(select(AuditLog).where(AuditLog.entity_id == number, AuditLog.action == "receive")).all()
    assert [(m.quantity, pid, wh) for m, pid, wh, _ in detail.receipts] == [
        (6, w["offered"].product_id, "WH-MAIN"), (4, w["offered"].product_id, "WH-MAIN"),
        (5, w["plain"].product_id, "WH-EAST")]
    assert detail.allowed_transitions == [] and detail.can_receive is False
    assert detail.received_by == w["staff"].username and detail.created_by == w["manager"].username
    assert [a.changes["status"]["to"] for a in audits] == ["partially_received", "received"]


def test_over_receipt_is_refused_and_nothing_changes(w_any):
    w = w_any
    number = create(w).order_number
    move(w, number, "sent")
    receive(w, number, [{"line_no": 1, "quantity": 7}])
    with pytest.raises(ValidationFailed) as exc:
        # line 2 alone is fine, line 1 gets 2 + 2 > 3 outstanding: nothing at all is received
        receive(w, number, [{"line_no": 2, "quantity": 5}, {"line_no": 1, "quantity": 2},
                            {"product_id": w["offered"].product_id, "quantity": 2}])
    assert fields(exc) == {"items[1].quantity": f"line 1 ({w['offered'].product_id}) has 3 of 10 outstanding; "
                                                "cannot receive 4"}
    po, lines = load(number)
    assert po.status == "partially_received" and [ln.quantity_received for ln in lines] == [7, 0]
    assert len(movements(number)) == 1 and on_hand(w["plain"], w["main"]) == 0


def test_a_receipt_the_ledger_refuses_rolls_everything_back(w):
    number = create(w, lines=[{"product_id": w["plain"].product_id, "quantity_ordered": 5},
                              {"product_id": w["lotted"].product_id, "quantity_ordered": 5}]).order_number
    move(w, number, "sent")
    with session_scope() as s:  # the lot already exists with another expiry: the ledger refuses
        s.add(Lot(product_id=w["lotted"].id, warehouse_id=w["main"].id, lot_number="L1",
                  expiry_date=date(YEAR + 1, 1, 1), quantity=0))
    with pytest.raises(ValidationFailed) as exc:
        receive(w, number, [{"line_no": 1, "quantity": 5},
                            {"line_no": 2, "quantity": 5, "lot_number": "L1", "expiration_date": date(YEAR + 2, 1, 1)}])
    assert list(fields(exc)) == ["items[1].expiration_date"]
    assert on_hand(w["plain"], w["main"]) == 0 and movements(number) == []
    assert load(number)[0].status == "sent"


def test_lot_tracked_receipt_needs_a_lot_and_creates_it(w):
    number = create(w, lines=[{"product_id": w["lotted"].product_id, "quantity_ordered": 8}]).order_number
    move(w, number, "sent")
    with pytest.raises(ValidationFailed) as exc:
        receive(w, number, [{"line_no": 1, "quantity": 8}])
    assert "lot-tracked" in fields(exc)["items[0].lot_number"]
    receive(w, number, [{"line_no": 1, "quantity": 3, "lot_number": "B-1", "expiration_date": date(YEAR + 1, 6, 1)},
                        {"line_no": 1, "quantity": 5, "lot_number": "B-2"}])
    with session_scope() as s:
        lots = s.exec(select(Lot).where(Lot.product_id == w["lotted"].id).order_by(Lot.lot_number)).all()
    assert [(lot.lot_number, lot.quantity, lot.expiry_date) for lot in lots] == [
        ("B-1", 3, date(YEAR + 1, 6, 1)), ("B-2", 5, None)]
    assert [m.lot_number for m in movements(number)] == ["B-1", "B-2"]
    assert load(number)[0].status == "received"


@pytest.mark.parametrize("status, message", [
    ("draft", "is a draft: send it"), ("cancelled", "is cancelled"), ("received", "already fully received")])
def test_orders_that_cannot_take_goods_refuse_them(w, status, message):
    number = create(w).order_number
    force_status(number, status)
    with pytest.raises(InvalidTransition, match=message):
        receive(w, number, [{"line_no": 1, "quantity": 1}])
    assert movements(number) == [] and on_hand(w["offered"], w["main"]) == 0


def test_receipt_targets_and_quantities_are_named(w):
    number = create(w).order_number
    move(w, number, "sent", "acknowledged", "shipped")
    with pytest.raises(ValidationFailed) as exc:
        receive(w, number, [{"quantity": 1}, {"line_no": 9, "quantity": 1},
                            {"product_id": w["lotted"].product_id, "quantity": 1},
                            {"line_no": 1, "product_id": w["plain"].product_id, "quantity": 1},
                            {"line_no": 2, "quantity": 0}, {"line_no": 2, "quantity": 1, "warehouse": "WH-NOPE"}])
    errors = fields(exc)
    assert errors["items[0].line_no"] == "give line_no or product_id"
    assert errors["items[1].line_no"] == f"purchase order {number} has no line 9"
    assert "is not on purchase order" in errors["items[2].product_id"]
    assert errors["items[3].product_id"] == f"line 1 is {w['offered'].product_id}, not {w['plain'].product_id}"
    assert errors["items[4].quantity"] == "must be 1 or more"
    assert errors["items[5].warehouse"] == "warehouse WH-NOPE not found"
    with pytest.raises(ValidationFailed, match="at least one"):
        receive(w, number, [])


def test_readonly_cannot_receive_and_staff_can(w):
    number = create(w).order_number
    move(w, number, "sent")
    with pytest.raises(PermissionDenied):
        receive(w, number, [{"line_no": 1, "quantity": 1}], user="readonly")
    assert receive(w, number, [{"line_no": 1, "quantity": 1}], user="staff").order.status == "partially_received"


def test_service_refuses_a_reused_idempotency_key(w):
    number = create(w).order_number
    move(w, number, "sent")
    receive(w, number, [{"line_no": 1, "quantity": 1}], idempotency_key="k-1")
    with pytest.raises(Conflict, match="Idempotency-Key"):
        receive(w, number, [{"line_no": 1, "quantity": 1}], idempotency_key="k-1")
    assert [m.idempotency_key for m in movements(number)] == ["k-1"]
