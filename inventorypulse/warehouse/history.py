"""inventory_history rows: one snapshot per product and (complete, UTC) day, rebuilt from the ledger.

Stock at the end of day D is today's on-hand minus every movement after D, per warehouse, so the
history is exact even for backdated movements. Per product and day:

* stock_level: on-hand over all warehouses; warehouse_location: the warehouse holding most of it
* total_value_at_cost / _retail: stock × cost / selling price as they were that day
* available_stock_percentage: (stock − reserved) / max_stock_level × 100 (reservations are not
  historised: today's reserved quantity is used)
* days_since_last_restock: days since the last inbound movement or opening balance
* inventory_turnover_rate: units sold over the trailing 30 days / average units on hand over them,
  annualised (× 365 / 30)
* understock_flag: available at or below the reorder threshold (not for discontinued products);
  overstock_flag: stock above max_stock_level
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

import numpy as np
from sqlalchemy import case, func, or_
from sqlmodel import Session, select

from ..models import Product, StockLevel, StockMovement, Warehouse
from ..models.status import MovementType, ProductStatus, ReasonCode
from ..services.dates import day_start
from ..services.forecasts.history import day_index, is_sale
from ..services.validation import to_cents
from .attributes import TRACKED, ProductAttributes
from .targets.base import Row

M = StockMovement.__table__.c
TURNOVER_DAYS = 30
MAX_PERCENT = Decimal("999.99")  # NUMBER(5,2)
MAX_TURNOVER = 9999.9999  # NUMBER(8,4)
CENT = Decimal("0.01")


@dataclass
class ProductInfo:
    id: int
    code: str
    created: date
    reserved: int
    discontinued: bool
    current: dict  # today's TRACKED values


def load_products(session: Session) -> list[ProductInfo]:
    rows = session.exec(
        select(Product.id, Product.product_id, Product.created_at, Product.reserved_stock, Product.status,
               *(getattr(Product, f) for f in TRACKED)).order_by(Product.id)
    ).all()
    return [ProductInfo(r[0], r[1], r[2].date(), r[3], r[4] == ProductStatus.DISCONTINUED,
                        dict(zip(TRACKED, r[5:], strict=True))) for r in rows]


def restock():
    return or_(M.movement_type == MovementType.INBOUND, M.reason_code == ReasonCode.OPENING_BALANCE)


def _trailing_sum(a: np.ndarray, window: int) -> np.ndarray:
    """Sum over the last `window` columns up to and including each column."""
    cs = np.cumsum(np.pad(a, ((0, 0), (1, 0))), axis=1)
    lo = np.maximum(np.arange(a.shape[1]) + 1 - window, 0)
    return cs[:, 1:] - cs[:, lo]


class _Chunk:
    """The ledger of a chunk of products as day matrices from `origin` to `end` (plus later movements)."""

    def __init__(self, session: Session, products: list[ProductInfo], origin: date, end: date) -> None:
        self.n, self.days = len(products), (end - origin).days + 1
        ids = [p.id for p in products]
        slot = {pid: i for i, pid in enumerate(ids)}
        day = day_index(session.get_bind().dialect.name, origin).label("day")
        moves = session.execute(
            select(M.product_id, M.warehouse_id, day, func.sum(M.quantity),
                   func.sum(case((is_sale(), -M.quantity), else_=0)), func.max(case((restock(), 1), else_=0)))
            .where(M.product_id.in_(ids), M.timestamp >= day_start(origin))
            .group_by(M.product_id, M.warehouse_id, day)
        ).all()
        levels = session.execute(
            select(StockLevel.product_id, StockLevel.warehouse_id, StockLevel.on_hand)
            .where(StockLevel.product_id.in_(ids))
        ).all()
        # Pairs (product, warehouse) ordered so that the first maximum is the default warehouse, then by code.
        warehouses = session.exec(select(Warehouse)).all()
        order = {w.id: (not w.is_default, w.code) for w in warehouses}
        self.codes = {w.id: w.code for w in warehouses}
        pairs = sorted({(p, w) for p, w, _ in levels} | {(p, w) for p, w, *_ in moves},
                       key=lambda pw: (slot[pw[0]], order[pw[1]]))
        pair_slot = {pw: k for k, pw in enumerate(pairs)}
        self.pair_product = np.array([slot[p] for p, _ in pairs], dtype=np.int64)
        self.pair_warehouse = [w for _, w in pairs]

        net = np.zeros((len(pairs), self.days + 1))  # last column: movements after `end`
        on_hand = np.zeros(len(pairs))
        for p, w, qty in levels:
            on_hand[pair_slot[(p, w)]] = qty
        self.sold = np.zeros((self.n, self.days))
        restocked = np.zeros((self.n, self.days), dtype=bool)
        for p, w, d, qty, sold, restock_flag in moves:
            d = min(max(int(d), 0), self.days)
            net[pair_slot[(p, w)], d] += qty
            if d < self.days:
                self.sold[slot[p], d] += sold or 0
                restocked[slot[p], d] |= bool(restock_flag)
        after = np.cumsum(net[:, ::-1], axis=1)[:, ::-1][:, 1:]  # movements after the end of each day
        self.pair_stock = on_hand[:, None] - after
        self.stock = np.zeros((self.n, self.days))
        np.add.at(self.stock, self.pair_product, self.pair_stock)
        self.last_restock = self._last_restock(session, ids, slot, origin, restocked)
        self.primary = [self._primary(i) for i in range(self.n)]

    def _last_restock(self, session, ids, slot, origin: date, restocked: np.ndarray) -> np.ndarray:
        """Day index (from `origin`, may be negative) of the latest restock on or before each day."""
        none = np.iinfo(np.int64).min // 2
        prior = np.full(self.n, none, dtype=np.int64)
        for pid, ts in session.execute(
            select(M.product_id, func.max(M.timestamp))
            .where(M.product_id.in_(ids), M.timestamp < day_start(origin), restock()).group_by(M.product_id)
        ).all():
            ts = ts if isinstance(ts, datetime) else datetime.fromisoformat(str(ts))
            prior[slot[pid]] = (ts.date() - origin).days
        marks = np.where(restocked, np.arange(self.days)[None, :], none)
        return np.maximum(np.maximum.accumulate(marks, axis=1), prior[:, None])

    def _primary(self, i: int) -> list[str | None]:
        """Per day, the warehouse holding most of product i (ties: the default one, then by code)."""
        rows = np.flatnonzero(self.pair_product == i)
        if rows.size == 0:
            return [None] * self.days
        best = rows[np.argmax(self.pair_stock[rows, :], axis=0)]
        return [self.codes[self.pair_warehouse[r]] for r in best]


def history_rows(session: Session, products: list[ProductInfo], starts: list[date], end: date,
                 loaded_at: datetime) -> list[Row]:
    """Snapshots of each product for the days from its start to `end` (both included)."""
    if not products:
        return []
    origin = min(starts) - timedelta(days=TURNOVER_DAYS - 1)
    ch = _Chunk(session, products, origin, end)
    sold_30 = _trailing_sum(ch.sold, TURNOVER_DAYS)
    avg_stock = _trailing_sum(ch.stock, TURNOVER_DAYS) / TURNOVER_DAYS
    with np.errstate(divide="ignore", invalid="ignore"):
        turnover = np.where(avg_stock > 0, sold_30 / avg_stock * 365 / TURNOVER_DAYS, np.nan)
    attrs = ProductAttributes(session, {p.code: p.current for p in products}, day_start(origin))
    rows: list[Row] = []
    for i, p in enumerate(products):
        first = max(starts[i], p.created)
        for k in range((first - origin).days, ch.days):
            day = origin + timedelta(days=k)
            values = p.current if not attrs.changed(p.code) else {
                f: attrs.at(p.code, f, day_start(day + timedelta(days=1))) for f in TRACKED}
            stock = int(ch.stock[i, k])
            available = max(stock - min(p.reserved, max(stock, 0)), 0)
            max_level, threshold = values["max_stock_level"], values["reorder_threshold"]
            since = k - int(ch.last_restock[i, k])
            rate = turnover[i, k]
            rows.append({
                "record_id": f"{p.code}-{day:%Y%m%d}",
                "product_id": p.code,
                "snapshot_date": day,
                "stock_level": Decimal(stock),
                "total_value_at_cost": to_cents(values["cost_price"] * stock),
                "total_value_at_retail": to_cents(values["selling_price"] * stock),
                "reorder_threshold": Decimal(threshold),
                "available_stock_percentage": (
                    min((Decimal(available * 100) / max_level).quantize(CENT), MAX_PERCENT) if max_level else None),
                "warehouse_location": ch.primary[i][k],
                "days_since_last_restock": since if 0 <= since <= 10**9 else None,
                "inventory_turnover_rate": (
                    None if np.isnan(rate) else Decimal(str(round(min(float(rate), MAX_TURNOVER), 4)))),
                "overstock_flag": bool(max_level and stock > max_level),
                "understock_flag": (not p.discontinued) and available <= threshold,
                "recorded_at": loaded_at,
            })
    return rows
