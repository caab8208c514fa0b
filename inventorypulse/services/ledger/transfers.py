"""Transfers between warehouses: two linked movements in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session

from ...models import StockMovement, User
from ...models.base import utcnow
from ...models.status import MovementType, ReasonCode, ReferenceType
from .. import audit
from ..validation import Checker, to_cents
from .levels import add_lot, change_level, take_lots
from .movements import check_common, new_movement_id
from .queries import get_product, get_warehouse


@dataclass
class TransferResult:
    transfer_id: str
    outbound: list[StockMovement] = field(default_factory=list)
    inbound: list[StockMovement] = field(default_factory=list)
    source_stock: int = 0
    destination_stock: int = 0


def transfer_stock(
    session: Session,
    *,
    product_id: str,
    from_warehouse: str,
    to_warehouse: str,
    quantity: int,
    user: User,
    lot_number: str | None = None,
    reason_description: str | None = None,
    notes: str | None = None,
) -> TransferResult:
    """Move stock between two warehouses: two linked movements in one transaction."""
    c = Checker()
    c.require("from_warehouse", from_warehouse)
    c.require("to_warehouse", to_warehouse)
    if from_warehouse and from_warehouse == to_warehouse:
        c.add("to_warehouse", "must differ from from_warehouse")
    if not isinstance(quantity, int) or quantity <= 0:
        c.add("quantity", "must be a positive whole number")
    check_common(c, reason_description=reason_description, notes=notes, timestamp=None, unit_cost=None)
    c.done()

    product = get_product(session, product_id)
    source, destination = get_warehouse(session, from_warehouse), get_warehouse(session, to_warehouse)
    result = TransferResult(transfer_id=f"TRF-{new_movement_id()[4:]}")
    # Lock both rows in warehouse-id order so two opposite transfers cannot deadlock.
    for wh, delta in sorted([(source, -quantity), (destination, quantity)], key=lambda p: p[0].id):
        stock = change_level(session, product, wh, delta, update_total=False)
        if wh is source:
            result.source_stock = stock
        else:
            result.destination_stock = stock
    if product.lot_tracking:
        portions = take_lots(session, product, source, quantity, lot_number)
        for lot, expiry, qty in portions:
            add_lot(session, product, destination, lot, expiry, qty)
    else:
        portions = [(None, None, quantity)]

    now = utcnow()
    out_stock, in_stock = result.source_stock + quantity, result.destination_stock - quantity
    for lot, expiry, qty in portions:
        for wh, signed, bucket in ((source, -qty, result.outbound), (destination, qty, result.inbound)):
            before = out_stock if wh is source else in_stock
            movement = StockMovement(
                movement_id=new_movement_id(), product_id=product.id, warehouse_id=wh.id,
                movement_type=MovementType.TRANSFER, quantity=signed, unit_cost=product.cost_price,
                total_value=to_cents(product.cost_price * signed), stock_before=before, stock_after=before + signed,
                reference_type=ReferenceType.TRANSFER, reference_id=result.transfer_id,
                reason_code=ReasonCode.TRANSFER, reason_description=reason_description, lot_number=lot,
                expiration_date=expiry, transfer_id=result.transfer_id, timestamp=now, processed_by=user.id,
                notes=notes,
            )
            session.add(movement)
            bucket.append(movement)
            if wh is source:
                out_stock += signed
            else:
                in_stock += signed
    audit.record(session, user_id=user.id, entity_type="stock_transfer", entity_id=result.transfer_id,
                 action="transfer", changes={"product_id": product.product_id, "from": source.code,
                                             "to": destination.code, "quantity": quantity})
    session.flush()
    return result
