"""Stock levels and lots: the atomic conditional update every movement goes through."""

from __future__ import annotations

from datetime import date

from sqlalchemy import case, literal, tuple_, update
from sqlalchemy import insert as sa_insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from ...models import Lot, Product, StockLevel, Warehouse
from ...models.base import utcnow
from ..errors import InsufficientStock, ValidationFailed


def insert_ignore(session: Session, table, values: dict) -> None:
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        stmt = postgresql.insert(table).values(**values).on_conflict_do_nothing()
    elif dialect == "sqlite":
        stmt = sqlite.insert(table).values(**values).on_conflict_do_nothing()
    else:  # pragma: no cover - only the two supported databases
        stmt = sa_insert(table).values(**values)
    session.execute(stmt)


def change_level(session: Session, product: Product, warehouse: Warehouse, delta: int,
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
        insert_ignore(session, level, {"product_id": product.id, "warehouse_id": warehouse.id,
                                        "on_hand": 0, "reserved": 0, "updated_at": now})
        return change_level(session, product, warehouse, delta, update_total=update_total)
    if update_total:
        products = Product.__table__
        session.execute(
            update(products).where(products.c.id == product.id)
            .values(current_stock=products.c.current_stock + delta, updated_at=now)
        )
        session.expire(product, ["current_stock", "updated_at"])
    return new_on_hand


def take_lots(session: Session, product: Product, warehouse: Warehouse, quantity: int,
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


def add_lot(session: Session, product: Product, warehouse: Warehouse, lot_number: str,
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


def apply_changes(session: Session, changes: list[tuple[Product, Warehouse, int]]) -> list[int]:
    """Apply many stock changes at once; returns the on-hand right after each change, in order.

    One UPDATE covers every (product, warehouse) pair: it adds the pair's net change only if
    available stock stays >= 0 at every step (on_hand + lowest running sum >= reserved). Pairs it
    does not return were refused; then nothing of the batch is kept (the caller's transaction fails).
    """
    level = StockLevel.__table__
    pairs: dict[tuple[int, int], list[int]] = {}
    for product, wh, delta in changes:
        pairs.setdefault((product.id, wh.id), []).append(delta)
    keys = sorted(pairs)  # the lock order every writer uses
    in_batch = tuple_(level.c.product_id, level.c.warehouse_id).in_(keys)
    query = select(level.c.id, level.c.product_id, level.c.warehouse_id).where(in_batch)
    if session.get_bind().dialect.name == "postgresql":
        query = query.order_by(level.c.product_id, level.c.warehouse_id).with_for_update()
    found = {(r.product_id, r.warehouse_id): r.id for r in session.execute(query)}
    now = utcnow()
    missing = [k for k in keys if k not in found]
    for product_id, warehouse_id in missing:
        insert_ignore(session, level, {"product_id": product_id, "warehouse_id": warehouse_id, "on_hand": 0,
                                       "reserved": 0, "updated_at": now})
    if missing:
        found = {(r.product_id, r.warehouse_id): r.id for r in session.execute(query)}

    net = {found[k]: sum(d) for k, d in pairs.items()}
    lowest = {found[k]: min(_running_sums(d)) for k, d in pairs.items()}
    ids = sorted(net)
    stmt = (
        update(level)
        .where(level.c.id.in_(ids),
               level.c.on_hand + case({i: literal(lowest[i]) for i in ids}, value=level.c.id) >= level.c.reserved)
        .values(on_hand=level.c.on_hand + case({i: literal(net[i]) for i in ids}, value=level.c.id), updated_at=now)
        .returning(level.c.id, level.c.on_hand)
    )
    after = dict(session.execute(stmt).tuples().all())
    refused = [k for k in keys if found[k] not in after]
    if refused:
        _refuse(session, changes, refused)

    # Walk each pair's changes forward from its on-hand before the batch.
    running = {k: after[found[k]] - sum(d) for k, d in pairs.items()}
    result = []
    for product, wh, delta in changes:
        running[(product.id, wh.id)] += delta
        result.append(running[(product.id, wh.id)])
    return result


def _running_sums(deltas: list[int]) -> list[int]:
    total, out = 0, []
    for d in deltas:
        total += d
        out.append(total)
    return out


def _refuse(session: Session, changes, refused: list[tuple[int, int]]) -> None:
    product_id, warehouse_id = refused[0]
    product, wh = next((p, w) for p, w, _ in changes if (p.id, w.id) == (product_id, warehouse_id))
    wanted = -sum(d for p, w, d in changes if (p.id, w.id) == (product_id, warehouse_id))
    current = session.exec(
        select(StockLevel).where(StockLevel.product_id == product_id, StockLevel.warehouse_id == warehouse_id)
    ).first()
    available = current.on_hand - current.reserved if current else 0
    raise InsufficientStock(
        f"Only {available} of {product.product_id} available in {wh.code}; cannot take {wanted}."
    )
