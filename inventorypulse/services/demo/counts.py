"""The row counts load_demo_data returns, worked out from the business in memory."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import numpy as np

from ...models.status import OPEN_PO_STATUSES
from .catalogue import ACTIVE
from .simulation import OPENING, RECEIPT, SALE
from .vocab import CATEGORIES, WAREHOUSES

if TYPE_CHECKING:
    from . import DemoBusiness


def counts(biz: DemoBusiness, users_created: int) -> dict:
    """What load_demo_data wrote, by table and status (the CLI prints it)."""
    p, sim, pos = biz.products, biz.sim, biz.purchase_orders
    kind = sim.ledger["kind"]
    current = sim.on_hand.sum(axis=1)
    status = np.array(pos.statuses, dtype=object)
    open_lines = np.isin(status[pos.lines["po"]], list(OPEN_PO_STATUSES))
    has_open_po = np.zeros(p.n, dtype=bool)
    has_open_po[pos.lines["product"][open_lines]] = True
    active = p.status == ACTIVE
    book, inv = biz.sales, biz.invoices
    overdue = inv.overdue(biz.days)
    return {
        "users_created": users_created,
        "categories": len(CATEGORIES),
        "suppliers": len(biz.suppliers.rows),
        "warehouses": len(WAREHOUSES),
        "customers": len(biz.customers),
        "products": p.n,
        "product_suppliers": int(p.offers["product"].size),
        "purchase_orders": len(pos.statuses),
        "purchase_order_lines": int(pos.lines["po"].size),
        "purchase_orders_by_status": {s: int((status == s).sum()) for s in sorted(set(pos.statuses))},
        "movements": int(kind.size),
        "opening_movements": int((kind == OPENING).sum()),
        "receipt_movements": int((kind == RECEIPT).sum()),
        "sales_movements": int((kind == SALE).sum()),
        "units_sold": sim.units_sold,
        "units_lost": sim.units_lost,
        "sales_orders": int(book.numbers.size),
        "sales_order_lines": int(book.lines["order"].size),
        "sales_orders_by_status": {st: int((book.statuses == st).sum()) for st in sorted(set(book.statuses))},
        "sales_revenue": round(int(book.orders["total"][book.shipped].sum()) / 100, 2),
        "invoices": int(inv.numbers.size),
        "invoices_by_status": {st: int(((inv.statuses == st) & ~overdue).sum()) for st in ("paid", "partial", "unpaid")}
        | {"overdue": int(overdue.sum())},
        "invoice_payments": int(inv.payment["invoice"].size),
        "stock_levels": int(p.n + (p.second_warehouse >= 0).sum()),
        "lots": int(biz.lots.event.size),
        "lots_expiring_30d": biz.lots.expiring_within(biz.days, 30),
        "low_stock_without_open_po": int((active & (current <= p.threshold) & ~has_open_po).sum()),
        "out_of_stock": int((active & (current == 0)).sum()),
        "first_day": biz.start.isoformat(),
        "last_day": (biz.start + timedelta(days=biz.days - 1)).isoformat(),
    }
