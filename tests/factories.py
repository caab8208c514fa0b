"""Small builders for test data, written straight to the database (no business rules involved)."""

from __future__ import annotations

import itertools
from decimal import Decimal

from sqlmodel import Session

from inventorypulse.models import (
    Category,
    Lot,
    Product,
    ProductSupplier,
    StockLevel,
    Supplier,
    User,
    Warehouse,
)
from inventorypulse.services.auth import hash_password

PASSWORD = "pass-word-123"
_seq = itertools.count(1)


def make_user(session: Session, role: str = "staff", username: str | None = None, **kw) -> User:
    n = next(_seq)
    base = dict(user_id=f"USR9{n:03d}", username=username or f"{role}{n}", email=f"{role}{n}@example.com",
                password_hash=hash_password(PASSWORD), role=role, first_name=role.title(), last_name="Tester")
    user = User(**(base | kw))
    session.add(user)
    session.flush()
    return user


def make_warehouse(session: Session, code: str = "WH-MAIN", default: bool = True) -> Warehouse:
    wh = Warehouse(code=code, name=f"Warehouse {code}", is_default=default)
    session.add(wh)
    session.flush()
    return wh


def make_category(session: Session, name: str | None = None) -> Category:
    cat = Category(name=name or f"Category {next(_seq)}")
    session.add(cat)
    session.flush()
    return cat


def make_supplier(session: Session, **kw) -> Supplier:
    n = next(_seq)
    base = dict(supplier_id=f"SUP-{n:04d}", company_name=f"Supplier {n} Ltd", primary_contact="Pat Doe",
                email=f"sales{n}@supplier.example", phone="+15551234567", street="1 Main St", city="Springfield",
                state="IL", postal_code="62701", country="US", lead_time_days=7)
    supplier = Supplier(**(base | kw))
    session.add(supplier)
    session.flush()
    return supplier


def make_product(session: Session, category: Category | None = None, supplier: Supplier | None = None,
                 stock: list[tuple[Warehouse, int]] | None = None, **kw) -> Product:
    """A product; `stock=[(warehouse, qty), ...]` puts on-hand straight into stock levels (and totals)."""
    n = next(_seq)
    category = category or make_category(session)
    base = dict(product_id=f"PRD-{n:06d}", name=f"Widget {n}", category_id=category.id, sku=f"SKU-{n:06d}",
                cost_price=Decimal("10.00"), selling_price=Decimal("19.99"), reorder_threshold=10,
                reorder_quantity=50, supplier_id=supplier.id if supplier else None)
    product = Product(**(base | kw))
    session.add(product)
    session.flush()
    if supplier:
        session.add(ProductSupplier(product_id=product.id, supplier_id=supplier.id, cost=product.cost_price,
                                    lead_time_days=supplier.lead_time_days, min_order_quantity=1, is_primary=True))
    for wh, qty in stock or []:
        session.add(StockLevel(product_id=product.id, warehouse_id=wh.id, on_hand=qty))
        product.current_stock += qty
        if product.lot_tracking and qty:
            session.add(Lot(product_id=product.id, warehouse_id=wh.id, lot_number=f"OPEN-{n}", quantity=qty))
    session.add(product)
    session.flush()
    return product
