"""The stock ledger: the one way stock changes.

Every change is an atomic conditional UPDATE of the product × warehouse stock level
(`on_hand + delta >= reserved`) followed by immutable movement rows carrying stock_before and
stock_after. The UPDATE both checks availability and takes the row lock (PostgreSQL) or the
write lock (SQLite), so concurrent requests can never oversell or break the chain, and each
business operation is one transaction: on any error nothing is written.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import insert as sa_insert
from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from ..models import Lot, Product, StockLevel, StockMovement, User, Warehouse
from ..models.base import utcnow
from ..models.status import MovementType, ReasonCode, ReferenceType
from . import audit
from .dates import day_start
from .errors import InsufficientStock, NotFound, ValidationFailed
from .pagination import paginate
from .validation import Checker, to_cents

ADJUSTMENT_REASONS = (
    ReasonCode.DAMAGED_GOODS, ReasonCode.COUNT_CORRECTION, ReasonCode.THEFT, ReasonCode.EXPIRED,
    ReasonCode.RETURN, ReasonCode.OTHER,
)
MAX_CLOCK_SKEW = timedelta(minutes=5)


@dataclass
class MovementResult:
    movements: list[StockMovement]
    warehouse_stock: int  # on-hand in the warehouse after the movement
    product_stock: int  # on-hand over all warehouses after the movement

    @property
    def movement_id(self) -> str:
        return self.movements[0].movement_id


@dataclass
class TransferResult:
    transfer_id: str
    outbound: list[StockMovement] = field(default_factory=list)
    inbound: list[StockMovement] = field(default_factory=list)
    source_stock: int = 0
    destination_stock: int = 0


def new_movement_id() -> str:
    """Time-ordered and unique without a shared counter (a counter row would serialise all writers)."""
    return f"MOV-{int(time.time() * 1000):011X}{secrets.token_hex(4).upper()}"


def get_product(session: Session, product_id: str) -> Product:
    product = session.exec(select(Product).where(Product.product_id == product_id)).first()
    if product is None:
        raise NotFound(f"Product {product_id} not found.")
    return product


def get_warehouse(session: Session, code: str | None = None) -> Warehouse:
    """The warehouse with this code, or the default one when no code is given."""
    stmt = select(Warehouse)
    stmt = stmt.where(Warehouse.code == code) if code else stmt.order_by(Warehouse.is_default.desc(), Warehouse.id)
    warehouse = session.exec(stmt).first()
    if warehouse is None:
        raise NotFound(f"Warehouse {code} not found." if code else "No warehouse is set up yet.")
    if not warehouse.is_active:
        raise ValidationFailed.for_field("warehouse", f"warehouse {warehouse.code} is inactive")
    return warehouse


def stock_by_warehouse(session: Session, product: Product) -> list[tuple[Warehouse, StockLevel]]:
    return list(
        session.exec(
            select(Warehouse, StockLevel)
            .join(StockLevel, StockLevel.warehouse_id == Warehouse.id)
            .where(StockLevel.product_id == product.id)
            .order_by(Warehouse.code)
        ).all()
    )


def _insert_ignore(session: Session, table, values: dict) -> None:
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        stmt = postgresql.insert(table).values(**values).on_conflict_do_nothing()
    elif dialect == "sqlite":
        stmt = sqlite.insert(table).values(**values).on_conflict_do_nothing()
    else:  # pragma: no cover - only the two supported databases
        stmt = sa_insert(table).values(**values)
    session.execute(stmt)


def _change_level(session: Session, product: Product, warehouse: Warehouse, delta: int,
                  *, update_total: bool = True) -> int:
    """Add `delta` to on-hand unless available stock would go below zero. Returns the new on-hand."""
    level = StockLevel.__table__
    now = utcnow()
    stmt = (
        update(level)
        .where(level.c.product_id == product.id, level.c.warehouse_id == warehouse.id,
               level.c.on_hand + delta >= level.c.reserved)
        .values(on_hand=level.c.on_hand + delta, updated_at=now)
        .returning(level.c.on_hand)
    )
    new_on_hand = session.execute(stmt).scalar_one_or_none()
    if new_on_hand is None:
        current = session.exec(
            select(StockLevel).where(StockLevel.product_id == product.id, StockLevel.warehouse_id == warehouse.id)
        ).first()
        if current is not None or delta < 0:
            available = current.on_hand - current.reserved if current else 0
            raise InsufficientStock(
                f"Only {available} of {product.product_id} available in {warehouse.code}; "
                f"cannot take {abs(delta)}.",
            )
        _insert_ignore(session, level, {"product_id": product.id, "warehouse_id": warehouse.id,
                                        "on_hand": 0, "reserved": 0, "updated_at": now})
        return _change_level(session, product, warehouse, delta, update_total=update_total)
    if update_total:
        products = Product.__table__
        session.execute(
            update(products).where(products.c.id == product.id)
            .values(current_stock=products.c.current_stock + delta, updated_at=now)
        )
        session.expire(product, ["current_stock", "updated_at"])
    return new_on_hand


def _take_lots(session: Session, product: Product, warehouse: Warehouse, quantity: int,
               lot_number: str | None) -> list[tuple[str, date | None, int]]:
    """Consume `quantity` from one lot, or earliest expiry first. Returns (lot, expiry, qty) taken."""
    stmt = select(Lot).where(Lot.product_id == product.id, Lot.warehouse_id == warehouse.id, Lot.quantity > 0)
    if lot_number:
        stmt = stmt.where(Lot.lot_number == lot_number)
    lots = session.exec(stmt.order_by(Lot.expiry_date.is_(None), Lot.expiry_date, Lot.id).with_for_update()).all()
    taken, remaining = [], quantity
    for lot in lots:
        if remaining == 0:
            break
        part = min(lot.quantity, remaining)
        lot.quantity -= part
        remaining -= part
        session.add(lot)
        taken.append((lot.lot_number, lot.expiry_date, part))
    if remaining:
        where = f"lot {lot_number}" if lot_number else "its lots"
        raise InsufficientStock(
            f"{product.product_id} has only {quantity - remaining} in {where} at {warehouse.code}; "
            f"cannot take {quantity}."
        )
    return taken


def _add_lot(session: Session, product: Product, warehouse: Warehouse, lot_number: str,
             expiry: date | None, quantity: int) -> None:
    lot = session.exec(
        select(Lot).where(Lot.product_id == product.id, Lot.warehouse_id == warehouse.id,
                          Lot.lot_number == lot_number).with_for_update()
    ).first()
    if lot is None:
        session.add(Lot(product_id=product.id, warehouse_id=warehouse.id, lot_number=lot_number,
                        expiry_date=expiry, quantity=quantity))
        return
    if expiry is not None and lot.expiry_date is not None and lot.expiry_date != expiry:
        raise ValidationFailed.for_field(
            "expiration_date", f"lot {lot_number} already has expiry {lot.expiry_date.isoformat()}"
        )
    lot.quantity += quantity
    lot.expiry_date = lot.expiry_date or expiry
    session.add(lot)


def _check_common(c: Checker, *, reason_description, notes, timestamp, unit_cost) -> None:
    c.length("reason_description", reason_description, 500)
    c.length("notes", notes, 500)
    if timestamp is not None and timestamp > utcnow() + MAX_CLOCK_SKEW:
        c.add("timestamp", "cannot be in the future")
    if unit_cost is not None:
        c.money("unit_cost", unit_cost)


def record_movement(
    session: Session,
    *,
    product_id: str,
    movement_type: str,
    quantity: int,
    user: User,
    warehouse: str | None = None,
    unit_cost: Decimal | None = None,
    reason_code: str | None = None,
    reason_description: str | None = None,
    reference_type: str | None = None,
    reference_id: str | None = None,
    lot_number: str | None = None,
    expiration_date: date | None = None,
    warehouse_location: str | None = None,
    timestamp: datetime | None = None,
    notes: str | None = None,
    idempotency_key: str | None = None,
) -> MovementResult:
    """Record an inbound, outbound or adjustment movement for one product in one warehouse.

    Inbound quantities are positive; outbound may be given either way and always takes stock out;
    adjustments are signed and need a reason code. Lot-tracked products need a lot number to
    receive; taking stock out consumes the given lot, or earliest expiry first.
    """
    c = Checker()
    c.one_of("movement_type", movement_type,
             [MovementType.INBOUND, MovementType.OUTBOUND, MovementType.ADJUSTMENT])
    if movement_type == MovementType.TRANSFER:
        c.issues[-1].issue = "transfers move stock between warehouses: use POST /api/stock-transfers"
    if not isinstance(quantity, int) or quantity == 0:
        c.add("quantity", "must be a non-zero whole number")
    elif movement_type == MovementType.INBOUND and quantity < 0:
        c.add("quantity", "must be positive for inbound movements")
    if movement_type == MovementType.ADJUSTMENT:
        if c.require("reason_code", reason_code):
            c.one_of("reason_code", reason_code, ADJUSTMENT_REASONS)
    _check_common(c, reason_description=reason_description, notes=notes, timestamp=timestamp,
                  unit_cost=unit_cost)
    c.done()

    product = get_product(session, product_id)
    wh = get_warehouse(session, warehouse)
    delta = -abs(quantity) if movement_type == MovementType.OUTBOUND else quantity
    if delta > 0 and product.lot_tracking and not lot_number:
        raise ValidationFailed.for_field("lot_number", "is required to add stock of a lot-tracked product")
    if delta > 0 and product.expiration_tracking and expiration_date is None:
        raise ValidationFailed.for_field("expiration_date", "is required to add stock of this product")

    new_on_hand = _change_level(session, product, wh, delta)
    if delta < 0 and product.lot_tracking:
        portions = _take_lots(session, product, wh, -delta, lot_number)
        parts = [(lot, expiry, -qty) for lot, expiry, qty in portions]
    else:
        if delta > 0 and lot_number:
            _add_lot(session, product, wh, lot_number, expiration_date, delta)
        parts = [(lot_number, expiration_date, delta)]

    cost = to_cents(unit_cost) if unit_cost is not None else product.cost_price
    reason = reason_code or {MovementType.INBOUND: ReasonCode.PURCHASE_RECEIPT,
                             MovementType.OUTBOUND: ReasonCode.SALE}.get(movement_type)
    ref_type = reference_type or {MovementType.ADJUSTMENT: ReferenceType.ADJUSTMENT,
                                  MovementType.OUTBOUND: ReferenceType.SALE}.get(movement_type)
    stock = new_on_hand - delta
    movements = []
    for i, (lot, expiry, qty) in enumerate(parts):
        movement = StockMovement(
            movement_id=new_movement_id(), product_id=product.id, warehouse_id=wh.id,
            movement_type=movement_type, quantity=qty, unit_cost=cost, total_value=to_cents(cost * qty),
            stock_before=stock, stock_after=stock + qty, reference_type=ref_type, reference_id=reference_id,
            reason_code=reason, reason_description=reason_description,
            warehouse_location=warehouse_location or product.warehouse_location, lot_number=lot,
            expiration_date=expiry, timestamp=timestamp or utcnow(), processed_by=user.id,
            approved_by=user.id if movement_type == MovementType.ADJUSTMENT else None, notes=notes,
            idempotency_key=idempotency_key if i == 0 else None,
        )
        stock += qty
        session.add(movement)
        movements.append(movement)
        audit.record(session, user_id=user.id, entity_type="stock_movement", entity_id=movement.movement_id,
                     action=movement_type, changes={"product_id": product.product_id, "warehouse": wh.code,
                                                    "quantity": qty, "stock_after": movement.stock_after})
    session.flush()
    return MovementResult(movements, new_on_hand, product.current_stock)


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
    _check_common(c, reason_description=reason_description, notes=notes, timestamp=None, unit_cost=None)
    c.done()

    product = get_product(session, product_id)
    source, destination = get_warehouse(session, from_warehouse), get_warehouse(session, to_warehouse)
    result = TransferResult(transfer_id=f"TRF-{new_movement_id()[4:]}")
    # Lock both rows in warehouse-id order so two opposite transfers cannot deadlock.
    for wh, delta in sorted([(source, -quantity), (destination, quantity)], key=lambda p: p[0].id):
        stock = _change_level(session, product, wh, delta, update_total=False)
        if wh is source:
            result.source_stock = stock
        else:
            result.destination_stock = stock
    if product.lot_tracking:
        portions = _take_lots(session, product, source, quantity, lot_number)
        for lot, expiry, qty in portions:
            _add_lot(session, product, destination, lot, expiry, qty)
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


def list_movements(
    session: Session,
    *,
    product_id: str | None = None,
    movement_type: str | None = None,
    warehouse: str | None = None,
    start_date: date | None = None,
    end_date: date | None = None,
    page: int = 1,
    limit: int = 20,
):
    """Rows are (StockMovement, product_id, warehouse code, processed_by username), newest first."""
    c = Checker()
    c.one_of("movement_type", movement_type, list(MovementType))
    if start_date and end_date and end_date < start_date:
        c.add("end_date", "must be on or after start_date")
    c.done()
    stmt = (
        select(StockMovement, Product.product_id, Warehouse.code, User.username)
        .join(Product, Product.id == StockMovement.product_id)
        .join(Warehouse, Warehouse.id == StockMovement.warehouse_id)
        .outerjoin(User, User.id == StockMovement.processed_by)
    )
    if product_id:
        stmt = stmt.where(Product.product_id == product_id)
    if movement_type:
        stmt = stmt.where(StockMovement.movement_type == movement_type)
    if warehouse:
        stmt = stmt.where(Warehouse.code == warehouse)
    if start_date:
        stmt = stmt.where(StockMovement.timestamp >= day_start(start_date))
    if end_date:
        stmt = stmt.where(StockMovement.timestamp < day_start(end_date + timedelta(days=1)))
    stmt = stmt.order_by(StockMovement.timestamp.desc(), StockMovement.id.desc())
    return paginate(session, stmt, page=page, limit=limit, scalars=False)
