"""Cached reads used while validating products; CSV import preloads whole batches with a few IN queries."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, select

from ...models import Category, Product, Supplier, Warehouse


class Lookup:
    """Cached reads used while validating; CSV import preloads whole batches in a few IN queries."""

    def __init__(self, session: Session):
        self.session = session
        self._categories: dict[str, Category] | None = None
        self._suppliers: dict[str, Supplier | None] = {}
        self._owners: dict[tuple[str, str], tuple[int, str] | None] = {}
        self._warehouse: Warehouse | None | bool = False

    def category(self, name: str) -> Category | None:
        if self._categories is None:  # categories are few: load them once
            self._categories = {c.name.lower(): c for c in self.session.exec(select(Category)).all()}
        return self._categories.get(name.strip().lower())

    def supplier(self, code: str) -> Supplier | None:
        if code not in self._suppliers:
            self.preload_suppliers([code])
        return self._suppliers[code]

    def preload_suppliers(self, codes: Iterable[str]) -> None:
        wanted = [c for c in set(codes) if c not in self._suppliers]
        for chunk in _chunks(wanted):
            for s in self.session.exec(select(Supplier).where(Supplier.supplier_id.in_(chunk))).all():
                self._suppliers[s.supplier_id] = s
        for c in wanted:
            self._suppliers.setdefault(c, None)

    def owner(self, name: str, value: str) -> tuple[int, str] | None:
        """(id, product_id) of the product holding this product_id / sku / barcode."""
        if (name, value) not in self._owners:
            self.preload(name, [value])
        return self._owners[(name, value)]

    def preload(self, name: str, values: Iterable[str]) -> None:
        column = getattr(Product, name)
        wanted = [v for v in set(values) if (name, v) not in self._owners]
        for chunk in _chunks(wanted):
            for pk, pid, value in self.session.exec(
                select(Product.id, Product.product_id, column).where(column.in_(chunk))
            ).all():
                self._owners[(name, value)] = (pk, pid)
        for v in wanted:
            self._owners.setdefault((name, v), None)

    def default_warehouse(self) -> Warehouse | None:
        if self._warehouse is False:
            self._warehouse = self.session.exec(
                select(Warehouse).where(Warehouse.is_active)
                .order_by(Warehouse.is_default.desc(), Warehouse.id)).first()
        return self._warehouse


def _chunks(values: list[str], size: int = 500):
    for i in range(0, len(values), size):
        yield values[i:i + size]
