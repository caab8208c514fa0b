"""The stock ledger on SQLite and PostgreSQL: arithmetic, refusals, lots, transfers, the chain."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlmodel import select

from inventorypulse.db import session_scope
from inventorypulse.models import AuditLog, Lot, Product, StockLevel, StockMovement
from inventorypulse.services import ledger
from inventorypulse.services.errors import InsufficientStock, NotFound, ValidationFailed
from tests.factories import make_product, make_user, make_warehouse


@pytest.fixture
def setup(any_db):
    with session_scope() as s:
        main = make_warehouse(s, "WH-MAIN")
        east = make_warehouse(s, "WH-EAST", default=False)
        user = make_user(s, "staff")
        product = make_product(s, stock=[(main, 10)])
        lotted = make_product(s, lot_tracking=True, expiration_tracking=True)
    return {"main": main, "east": east, "user": user, "product": product, "lotted": lotted}


def levels(product_id: int) -> dict[int, int]:
    with session_scope() as s:
        rows = s.exec(select(StockLevel).where(StockLevel.product_id == product_id))
        return {lv.warehouse_id: lv.on_hand for lv in rows}


def total(product_id: int) -> int:
    with session_scope() as s:
        return s.get(Product, product_id).current_stock


def chain_ok(product_id: int, warehouse_id: int) -> list[StockMovement]:
    with session_scope() as s:
        rows = s.exec(select(StockMovement).where(StockMovement.product_id == product_id,
                                                  StockMovement.warehouse_id == warehouse_id)
                      .order_by(StockMovement.id)).all()
    for prev, cur in zip(rows, rows[1:]):
        assert cur.stock_before == prev.stock_after
    for row in rows:
        assert row.stock_after == row.stock_before + row.quantity >= 0
    return rows


def test_inbound_outbound_adjustment_update_levels_totals_and_chain(setup):
    p, u = setup["product"], setup["user"]
    with session_scope() as s:
        r = ledger.record_movement(s, product_id=p.product_id, movement_type="inbound", quantity=5,
                                   unit_cost=Decimal("9.50"), user=u)
        assert (r.warehouse_stock, r.product_stock) == (15, 15)
        assert r.movements[0].total_value == Decimal("47.50")
    with session_scope() as s:
        r = ledger.record_movement(s, product_id=p.product_id, movement_type="outbound", quantity=4, user=u)
        assert r.movements[0].quantity == -4 and r.warehouse_stock == 11
    with session_scope() as s:
        r = ledger.record_movement(s, product_id=p.product_id, movement_type="adjustment", quantity=-1,
                                   reason_code="damaged_goods", user=u)
        assert r.movements[0].approved_by == u.id and r.warehouse_stock == 10
    assert levels(p.id) == {setup["main"].id: 10} and total(p.id) == 10
    rows = chain_ok(p.id, setup["main"].id)
    assert [m.stock_before for m in rows] == [10, 15, 11]
    with session_scope() as s:
        audited = s.exec(select(AuditLog).where(AuditLog.entity_type == "stock_movement")).all()
        assert len(audited) == 3 and all(a.user_id == u.id for a in audited)


def test_outbound_beyond_available_is_refused_and_writes_nothing(setup):
    p, u = setup["product"], setup["user"]
    with session_scope() as s:
        level = s.exec(select(StockLevel).where(StockLevel.product_id == p.id)).one()
        level.reserved = 4  # 10 on hand, 6 available
        s.add(level)
        prod = s.get(Product, p.id)
        prod.reserved_stock = 4
        s.add(prod)
    with pytest.raises(InsufficientStock, match="Only 6"), session_scope() as s:
        ledger.record_movement(s, product_id=p.product_id, movement_type="outbound", quantity=7, user=u)
    with pytest.raises(InsufficientStock), session_scope() as s:
        ledger.record_movement(s, product_id=p.product_id, movement_type="adjustment", quantity=-7,
                               reason_code="theft", user=u)
    assert levels(p.id) == {setup["main"].id: 10}
    assert chain_ok(p.id, setup["main"].id) == []
    with session_scope() as s:  # exactly the available amount is fine
        assert ledger.record_movement(s, product_id=p.product_id, movement_type="outbound", quantity=6,
                                      user=u).warehouse_stock == 4


def test_outbound_from_a_warehouse_without_stock_is_refused(setup):
    with pytest.raises(InsufficientStock), session_scope() as s:
        ledger.record_movement(s, product_id=setup["product"].product_id, movement_type="outbound",
                               quantity=1, warehouse="WH-EAST", user=setup["user"])


@pytest.mark.parametrize("kwargs, field", [
    ({"movement_type": "inbound", "quantity": -3}, "quantity"),
    ({"movement_type": "inbound", "quantity": 0}, "quantity"),
    ({"movement_type": "adjustment", "quantity": 2}, "reason_code"),
    ({"movement_type": "adjustment", "quantity": 2, "reason_code": "because"}, "reason_code"),
    ({"movement_type": "transfer", "quantity": 2}, "movement_type"),
    ({"movement_type": "teleport", "quantity": 2}, "movement_type"),
    ({"movement_type": "inbound", "quantity": 2, "unit_cost": Decimal("1.234")}, "unit_cost"),
    ({"movement_type": "inbound", "quantity": 2, "notes": "x" * 501}, "notes"),
])
def test_invalid_movements_name_the_field(setup, kwargs, field):
    with pytest.raises(ValidationFailed) as err, session_scope() as s:
        ledger.record_movement(s, product_id=setup["product"].product_id, user=setup["user"], **kwargs)
    assert field in err.value.field_errors()


def test_unknown_product_or_warehouse(setup):
    with pytest.raises(NotFound), session_scope() as s:
        ledger.record_movement(s, product_id="PRD-NOPE", movement_type="inbound", quantity=1, user=setup["user"])
    with pytest.raises(NotFound), session_scope() as s:
        ledger.record_movement(s, product_id=setup["product"].product_id, movement_type="inbound", quantity=1,
                               warehouse="WH-MOON", user=setup["user"])


def test_lot_tracked_needs_lot_and_expiry_and_consumes_earliest_expiry_first(setup):
    p, u = setup["lotted"], setup["user"]
    today = date.today()
    with pytest.raises(ValidationFailed) as err, session_scope() as s:
        ledger.record_movement(s, product_id=p.product_id, movement_type="inbound", quantity=5, user=u)
    assert "lot_number" in err.value.field_errors()
    with session_scope() as s:
        for lot, days, qty in (("LATE", 90, 5), ("SOON", 10, 3), ("MID", 40, 4)):
            ledger.record_movement(s, product_id=p.product_id, movement_type="inbound", quantity=qty,
                                   lot_number=lot, expiration_date=today + timedelta(days=days), user=u)
    with session_scope() as s:
        r = ledger.record_movement(s, product_id=p.product_id, movement_type="outbound", quantity=5, user=u)
        assert [(m.lot_number, m.quantity) for m in r.movements] == [("SOON", -3), ("MID", -2)]
    with session_scope() as s:
        lots = {lot.lot_number: lot.quantity for lot in s.exec(select(Lot).where(Lot.product_id == p.id))}
    assert lots == {"LATE": 5, "SOON": 0, "MID": 2}
    chain_ok(p.id, setup["main"].id)
    with pytest.raises(InsufficientStock), session_scope() as s:  # a named lot cannot give more than it holds
        ledger.record_movement(s, product_id=p.product_id, movement_type="outbound", quantity=3,
                               lot_number="MID", user=u)


def test_transfer_moves_stock_atomically_with_linked_movements(setup):
    p, u, main, east = setup["product"], setup["user"], setup["main"], setup["east"]
    with session_scope() as s:
        r = ledger.transfer_stock(s, product_id=p.product_id, from_warehouse="WH-MAIN", to_warehouse="WH-EAST",
                                  quantity=4, user=u)
        assert (r.source_stock, r.destination_stock) == (6, 4)
        assert r.outbound[0].transfer_id == r.inbound[0].transfer_id == r.transfer_id
        assert (r.outbound[0].quantity, r.inbound[0].quantity) == (-4, 4)
    assert levels(p.id) == {main.id: 6, east.id: 4} and total(p.id) == 10
    with pytest.raises(InsufficientStock), session_scope() as s:
        ledger.transfer_stock(s, product_id=p.product_id, from_warehouse="WH-MAIN", to_warehouse="WH-EAST",
                              quantity=7, user=u)
    assert levels(p.id) == {main.id: 6, east.id: 4}
    with pytest.raises(ValidationFailed), session_scope() as s:
        ledger.transfer_stock(s, product_id=p.product_id, from_warehouse="WH-MAIN", to_warehouse="WH-MAIN",
                              quantity=1, user=u)
    chain_ok(p.id, main.id)
    chain_ok(p.id, east.id)


def test_transfer_of_lot_tracked_stock_moves_the_lots(setup):
    p, u = setup["lotted"], setup["user"]
    exp = date.today() + timedelta(days=30)
    with session_scope() as s:
        ledger.record_movement(s, product_id=p.product_id, movement_type="inbound", quantity=6, lot_number="L1",
                               expiration_date=exp, user=u)
    with session_scope() as s:
        ledger.transfer_stock(s, product_id=p.product_id, from_warehouse="WH-MAIN", to_warehouse="WH-EAST",
                              quantity=4, user=u)
    with session_scope() as s:
        lots = {(lot.warehouse_id, lot.lot_number): (lot.quantity, lot.expiry_date)
                for lot in s.exec(select(Lot).where(Lot.product_id == p.id))}
    assert lots == {(setup["main"].id, "L1"): (2, exp), (setup["east"].id, "L1"): (4, exp)}
