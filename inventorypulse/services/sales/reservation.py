"""Reserving stock for confirmed orders: one conditional UPDATE per product, like the ledger.

`products.reserved_stock` counts units promised to confirmed orders; available stock is
current_stock - reserved_stock. The UPDATE only succeeds while the reservation still fits, and it
takes the row lock (PostgreSQL) or write lock (SQLite), so concurrent confirmations can never
promise more than exists. Products are updated in id order, the lock order every writer uses.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session

from ...models import Product
from ...models.base import utcnow
from ..errors import FieldIssue, InsufficientStock


def reserve(session: Session, wanted: dict[int, int], labels: dict[int, str]) -> None:
    """Reserve `wanted[product_id]` units of each product, or raise naming every short line.

    On refusal some products may already be reserved in this transaction: the caller's
    transaction must be rolled back (the API and session_scope do that on any error).
    """
    table = Product.__table__
    now = utcnow()
    short: list[FieldIssue] = []
    for product_id in sorted(wanted):
        quantity = wanted[product_id]
        if quantity <= 0:
            continue
        done = session.execute(
            update(table)
            .where(table.c.id == product_id, table.c.current_stock - table.c.reserved_stock >= quantity)
            .values(reserved_stock=table.c.reserved_stock + quantity, updated_at=now)
            .returning(table.c.id)
        ).first()
        if done is None:
            product = session.get(Product, product_id, populate_existing=True)
            short.append(FieldIssue(labels[product_id], f"needs {quantity} of {product.product_id}, only "
                                                        f"{product.available_stock} available"))
    if short:
        raise InsufficientStock("Not enough stock to confirm: " + "; ".join(f"{s.field} {s.issue}" for s in short),
                                short)
    _expire(session, wanted)


def release(session: Session, released: dict[int, int]) -> None:
    """Give back reserved units (cancelling, or just before shipping them)."""
    table = Product.__table__
    now = utcnow()
    for product_id in sorted(released):
        quantity = released[product_id]
        if quantity <= 0:
            continue
        session.execute(
            update(table).where(table.c.id == product_id)
            .values(reserved_stock=table.c.reserved_stock - quantity, updated_at=now)
        )
    _expire(session, released)


def _expire(session: Session, product_ids) -> None:
    for product_id in product_ids:
        product = session.identity_map.get(session.identity_key(Product, product_id))
        if product is not None:
            session.expire(product, ["reserved_stock", "updated_at"])
