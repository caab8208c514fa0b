"""Shared builders for the sales tests: a stocked product, a customer, an order through the ledger."""

from __future__ import annotations

from decimal import Decimal

from sqlmodel import Session, func, select

from inventorypulse.models import Product, SalesOrderLine, StockMovement
from inventorypulse.services import customers, ledger, sales


def stock_in(s: Session, user, product: Product, qty: int, warehouse: str = "WH-MAIN", **kw) -> None:
    """Opening stock through the ledger, so the ledger holds the whole history."""
    ledger.record_movement(s, user=user, product_id=product.product_id, movement_type="inbound", quantity=qty,
                           warehouse=warehouse, **kw)


def customer(s: Session, user, **kw):
    return customers.create_customer(s, user=user, data={"name": "Acme Retail", "email": "buy@acme.example"} | kw)


def order(s: Session, user, cust, *lines: tuple[Product, int], **kw):
    items = [{"product_id": p.product_id, "quantity": q} for p, q in lines]
    return sales.create_sales_order(s, user=user, customer_id=cust.customer_number, items=items, **kw)


def ledger_total(s: Session, product_id: int) -> int:
    return s.exec(select(func.coalesce(func.sum(StockMovement.quantity), 0))
                  .where(StockMovement.product_id == product_id)).one()


def reserved_by_lines(s: Session, product_id: int) -> int:
    return s.exec(select(func.coalesce(func.sum(SalesOrderLine.quantity_reserved), 0))
                  .where(SalesOrderLine.product_id == product_id)).one()


def shipped_by_lines(s: Session, product_id: int) -> int:
    return s.exec(select(func.coalesce(func.sum(SalesOrderLine.quantity_shipped), 0))
                  .where(SalesOrderLine.product_id == product_id)).one()


def money(text: str) -> Decimal:
    return Decimal(text)
