"""Bulk reads for refresh_plans: a few set-based queries, results as numpy arrays or small dicts.

Nothing here loads one ORM object per product: at 100k products that alone takes minutes.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from sqlalchemy import func, select
from sqlmodel import Session

from ...models import (
    DemandForecast,
    Product,
    ProductSupplier,
    PurchaseOrder,
    PurchaseOrderLine,
    StockLevel,
    StockMovement,
    Supplier,
    Warehouse,
)
from ...models.status import OPEN_PO_STATUSES, ProductStatus
from .. import offers
from ..dates import day_start
from ..errors import ValidationFailed
from ..forecasts.history import IN_CHUNK, day_index, is_sale
from ..validation import normalise_code
from .policy import cumulative, sigma_from_band

DEFAULT_LEAD_TIME = 7  # days, when a product has no supplier at all
WH_BITS = 24  # (product, warehouse) pairs are packed into one int64 key


def pair_key(product_id, warehouse_id):
    return (np.asarray(product_id, dtype=np.int64) << WH_BITS) | np.asarray(warehouse_id, dtype=np.int64)


def _array(rows, width: int, dtype=np.float64) -> np.ndarray:
    flat = np.fromiter(itertools.chain.from_iterable(rows), dtype=dtype, count=width * len(rows))
    return flat.reshape(-1, width)


def chunks(ids: Sequence[int]):
    for i in range(0, len(ids), IN_CHUNK):
        yield list(ids[i : i + IN_CHUNK])


@dataclass
class Catalogue:
    ids: np.ndarray  # sorted product ids
    codes: list[str]
    max_stock: np.ndarray  # inf when unlimited
    reorder_qty: np.ndarray
    primary_supplier: np.ndarray  # 0 when none
    reserved: np.ndarray  # units reserved for confirmed sales orders (product level)


def load_products(session: Session, product_ids: Sequence[str] | None) -> Catalogue:
    """Products to plan, by id: every product not discontinued, or those of the given codes."""
    P = Product.__table__.c
    stmt = select(P.id, P.product_id, P.max_stock_level, P.reorder_quantity, P.supplier_id,
                  P.reserved_stock).order_by(P.id)
    live = P.status != ProductStatus.DISCONTINUED
    if product_ids is None:
        rows = session.execute(stmt.where(live)).all()
    else:
        codes = sorted({normalise_code(c) for c in product_ids if normalise_code(c)})
        known = {code for chunk in chunks(codes)
                 for code in session.execute(select(P.product_id).where(P.product_id.in_(chunk))).scalars()}
        missing = sorted(set(codes) - known)
        if missing:
            raise ValidationFailed.for_field("product_ids", f"unknown product {', '.join(missing[:5])}")
        rows = [r for chunk in chunks(codes) for r in session.execute(stmt.where(live, P.product_id.in_(chunk)))]
        rows.sort(key=lambda r: r[0])
    return Catalogue(
        ids=np.array([r[0] for r in rows], dtype=np.int64), codes=[r[1] for r in rows],
        max_stock=np.array([np.inf if r[2] is None else r[2] for r in rows], dtype=float),
        reorder_qty=np.array([max(r[3] or 1, 1) for r in rows], dtype=np.int64),
        primary_supplier=np.array([r[4] or 0 for r in rows], dtype=np.int64),
        reserved=np.array([r[5] for r in rows], dtype=float),
    )


@dataclass
class Warehouses:
    ids: list[int]
    default_id: int
    by_ship_to: dict[str, int]  # ship-to name as purchase orders carry it → warehouse id


def load_warehouses(session: Session) -> Warehouses | None:
    """Active warehouses, the default first (None when there is none yet)."""
    rows = session.execute(select(Warehouse.id, Warehouse.code, Warehouse.name, Warehouse.is_default)
                           .where(Warehouse.is_active).order_by(Warehouse.is_default.desc(), Warehouse.id)).all()
    if not rows:
        return None
    names = {}
    for wid, code, name, _ in rows:
        names[name] = names[f"{name} ({code})"] = names[code] = wid
    return Warehouses([r[0] for r in rows], rows[0][0], names)


def _restrict(stmt, column, cat: Catalogue, scoped: bool):
    """The statement once per id chunk when the run covers some products, else once."""
    if not scoped:
        return [stmt]
    return [stmt.where(column.in_(chunk)) for chunk in chunks(cat.ids.tolist())]


def load_stock(session: Session, cat: Catalogue, wh: Warehouses, scoped: bool) -> np.ndarray:
    """(product, warehouse, on_hand, reserved) rows of active warehouses."""
    S = StockLevel.__table__.c
    stmt = select(S.product_id, S.warehouse_id, S.on_hand, S.reserved).where(S.warehouse_id.in_(wh.ids))
    rows = [r for s in _restrict(stmt, S.product_id, cat, scoped) for r in session.execute(s).all()]
    return _array(rows, 4, np.int64)


def load_recent_sales(session: Session, cat: Catalogue, *, today: date, days: int, scoped: bool) -> np.ndarray:
    """(product, warehouse, units, Σ daily units²) over the `days` days before today: daily totals
    per product × warehouse × day are summed in the database, then rolled up per pair."""
    M = StockMovement.__table__.c
    start = today - timedelta(days=days)
    day = day_index(session.get_bind().dialect.name, start).label("day")
    inner_base = (select(M.product_id.label("p"), M.warehouse_id.label("w"), day, (-func.sum(M.quantity)).label("q"))
                  .where(is_sale(), M.timestamp >= day_start(start),
                         M.timestamp < day_start(today)))
    rows = []
    for inner in _restrict(inner_base, M.product_id, cat, scoped):
        sub = inner.group_by(M.product_id, M.warehouse_id, day).subquery()
        outer = select(sub.c.p, sub.c.w, func.sum(sub.c.q), func.sum(sub.c.q * sub.c.q)).group_by(sub.c.p, sub.c.w)
        rows += session.execute(outer).all()
    return _array(rows, 4)


def load_on_order(session: Session, cat: Catalogue, wh: Warehouses, scoped: bool) -> dict[int, float]:
    """Units still expected on open purchase orders (drafts included), by pair key. An order
    counts for the warehouse it ships to (matched by name or code), else the default one."""
    line, po = PurchaseOrderLine.__table__.c, PurchaseOrder.__table__.c
    stmt = (select(po.ship_to_name, line.product_id, func.sum(line.quantity_ordered - line.quantity_received))
            .join(PurchaseOrder.__table__, po.id == line.purchase_order_id)
            .where(po.status.in_(list(OPEN_PO_STATUSES)), line.quantity_ordered > line.quantity_received)
            .group_by(po.ship_to_name, line.product_id))
    out: dict[int, float] = {}
    for s in _restrict(stmt, line.product_id, cat, scoped):
        for name, pid, qty in session.execute(s).all():
            key = int(pair_key(pid, wh.by_ship_to.get(name or "", wh.default_id)))
            out[key] = out.get(key, 0.0) + float(qty)
    return out


@dataclass
class SupplierChoice:
    supplier: np.ndarray  # supplier id, 0 when none
    lead_time: np.ndarray
    moq: np.ndarray


def choose_suppliers(session: Session, cat: Catalogue, scoped: bool) -> SupplierChoice:
    """Each product's best supplier as services.offers ranks it (active offers of active
    suppliers, scored for the product's reorder quantity); without offers its primary supplier."""
    suppliers = {s.id: s for s in session.scalars(select(Supplier)).all()}
    X = ProductSupplier.__table__.c
    stmt = (select(X.product_id, X.supplier_id, X.cost, X.lead_time_days, X.min_order_quantity, X.currency)
            .where(X.is_active).order_by(X.product_id, X.supplier_id))
    rows = [r for s in _restrict(stmt, X.product_id, cat, scoped) for r in session.execute(s).all()]
    n = cat.ids.size
    fallback_lead = [suppliers[s].lead_time_days if s in suppliers else DEFAULT_LEAD_TIME
                     for s in cat.primary_supplier.tolist()]
    choice = SupplierChoice(cat.primary_supplier.copy(), np.array(fallback_lead, dtype=np.int64),
                            np.ones(n, dtype=np.int64))
    pos = {pid: i for i, pid in enumerate(cat.ids.tolist())}
    for pid, group in itertools.groupby(rows, key=lambda r: r[0]):
        i = pos.get(pid)
        if i is None:
            continue
        candidates, offer_of = [], {}
        for _, sid, cost, lead, moq, currency in group:
            sup = suppliers.get(sid)
            cand = None if sup is None else offers.offer_candidate(
                sup, cost=cost, lead_time_days=lead, min_order_quantity=moq, currency=currency,
                is_primary=sid == cat.primary_supplier[i])
            if cand is not None:
                candidates.append(cand)
                offer_of[sup.supplier_id] = (sid, lead, moq)
        if not candidates:
            continue
        best = candidates[0] if len(candidates) == 1 else \
            offers.score_offers(candidates, quantity=int(cat.reorder_qty[i]))[0].candidate
        choice.supplier[i], choice.lead_time[i], choice.moq[i] = offer_of[best.supplier_id]
    return choice


def load_forecast_paths(session: Session, product_ids: list[int]) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """Running totals of the daily mean and variance (H+1 values each) of each product's newest
    stored forecast."""
    F = DemandForecast.__table__.c
    out: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for chunk in chunks(product_ids):
        rows = session.execute(select(F.product_id, F.daily).where(F.product_id.in_(chunk))
                               .order_by(F.product_id, F.generated_at)).all()
        for pid, daily in rows:  # the newest comes last and wins
            if not daily:
                continue
            values = np.array([(d["mean"], d["lo95"], d["hi95"]) for d in daily], dtype=float)
            sigma = sigma_from_band(values[:, 1], values[:, 2])
            out[pid] = (cumulative(values[None, :, 0])[0], cumulative(sigma[None, :] ** 2)[0])
    return out
