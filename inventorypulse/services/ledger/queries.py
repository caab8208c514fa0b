"""Ledger look-ups: products, warehouses, stock per warehouse, the movement history."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, select

from ...models import Product, StockLevel, StockMovement, User, Warehouse
from ...models.status import MovementType
from ..dates import day_start
from ..errors import NotFound, ValidationFailed
from ..pagination import paginate
from ..validation import Checker


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
