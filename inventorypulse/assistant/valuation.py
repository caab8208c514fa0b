"""Stock value by category (at cost and at selling price).

One aggregate read with no business rule in it. It belongs next to the dashboard's totals
(services/dashboard.py), which computes the same sums without the grouping; it lives here until
it moves there.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session, func, select

from ..models import Category, Product
from ..services.validation import to_cents


@dataclass
class CategoryValue:
    category: str
    products: int
    units: int
    value_cost: Decimal
    value_retail: Decimal


def value_by_category(session: Session) -> list[CategoryValue]:
    """Every category with stock value at cost and retail, most valuable first (as the dashboard:
    current stock of every product, discontinued included, since it is still on the shelf)."""
    rows = session.exec(
        select(Category.name, func.count(Product.id), func.coalesce(func.sum(Product.current_stock), 0),
               func.coalesce(func.sum(Product.current_stock * Product.cost_price), 0),
               func.coalesce(func.sum(Product.current_stock * Product.selling_price), 0))
        .join(Product, Product.category_id == Category.id)
        .group_by(Category.name)
    ).all()
    values = [CategoryValue(name, int(n), int(units), to_cents(Decimal(str(cost))), to_cents(Decimal(str(retail))))
              for name, n, units, cost, retail in rows]
    return sorted(values, key=lambda v: (-v.value_cost, v.category))
