"""refresh_plans: recompute the replenishment_plans table from the latest forecasts and stock.

Set-based: a handful of bulk queries, the arithmetic in numpy over all product × warehouse rows
(policy.py), then one DELETE and a bulk INSERT, in the caller's transaction.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta

import numpy as np
from sqlalchemy import delete, insert, select
from sqlmodel import Session

from ...models import Product, ReplenishmentPlan
from ...models.base import utcnow
from ..errors import ValidationFailed
from ..validation import normalise_code
from . import inputs
from .inputs import WH_BITS, pair_key
from .policy import DEFAULT_REVIEW_DAYS, DEFAULT_SERVICE_LEVEL, MAX_SERVICE_LEVEL, MIN_SERVICE_LEVEL, plan_numbers

RECENT_DAYS = 90  # sales window for the no-forecast fallback and for splitting a forecast by warehouse
FALLBACK_HORIZON = 90
PRODUCT_CHUNK = 5000
MAX_STOCKOUT_DAYS = 3650
MAX_COVER = 99999.9
BASIS_FORECAST, BASIS_RECENT = "forecast", "recent_sales"


def _held_for_orders(keys: np.ndarray, prod: np.ndarray, available: np.ndarray, on_hand: np.ndarray,
                     cat: inputs.Catalogue, default_id: int) -> np.ndarray:
    """Per pair, units promised to confirmed sales orders. Orders reserve per product, not per
    warehouse, so the product's reservation (beyond what its warehouse levels already hold) is
    taken from the default warehouse's free stock first, then from the warehouses with most free."""
    level_held = np.bincount(prod, weights=on_hand - available, minlength=cat.ids.size)
    extra = np.maximum(cat.reserved - level_held, 0)
    held = np.zeros(keys.size)
    if not extra.any():
        return held
    free = np.maximum(available, 0)
    order = np.lexsort((-free, (keys & ((1 << WH_BITS) - 1)) != default_id, prod))
    p, f = prod[order], free[order]
    cum = np.cumsum(f)
    first = np.r_[True, p[1:] != p[:-1]]
    before = cum - f - np.maximum.accumulate(np.where(first, cum - f, 0))  # free stock ahead, same product
    held[order] = np.clip(extra[p] - before, 0, f)
    return held


def _lookup(keys: np.ndarray, table_keys: np.ndarray, values: np.ndarray, default=0.0) -> np.ndarray:
    """values[j] where table_keys[j] == keys[i], else default (table_keys sorted)."""
    out = np.full(keys.size, default, dtype=float)
    if table_keys.size:
        pos = np.minimum(np.searchsorted(table_keys, keys), table_keys.size - 1)
        hit = table_keys[pos] == keys
        out[hit] = values[pos[hit]]
    return out


def _pad(cum: np.ndarray, horizon: int) -> np.ndarray:
    """Extend running totals to `horizon` days at the path's average daily rate."""
    h = cum.size - 1
    if h >= horizon:
        return cum[: horizon + 1]
    rate = cum[-1] / max(h, 1)
    return np.concatenate([cum, cum[-1] + rate * np.arange(1, horizon - h + 1)])


def _check(service_level: float, review_days: int) -> None:
    if not MIN_SERVICE_LEVEL <= service_level <= MAX_SERVICE_LEVEL:
        raise ValidationFailed.for_field("service_level", f"must be between {MIN_SERVICE_LEVEL} and "
                                                          f"{MAX_SERVICE_LEVEL}")
    if not 0 <= review_days <= 365:
        raise ValidationFailed.for_field("review_days", "must be between 0 and 365")


def refresh_plans(session: Session, *, today: date | None = None, product_ids: Sequence[str] | None = None,
                  service_level: float = DEFAULT_SERVICE_LEVEL, review_days: int = DEFAULT_REVIEW_DAYS) -> int:
    """Recompute the plan of every product not discontinued (or of the given product codes) in
    every active warehouse where it has stock or recent sales (else the default warehouse).
    Returns the number of plan rows written."""
    _check(service_level, review_days)
    today = today or utcnow().date()
    scoped = product_ids is not None
    cat = inputs.load_products(session, product_ids)
    wh = inputs.load_warehouses(session)
    if scoped:  # by code: a product discontinued since the last run loses its plan too
        codes = sorted({normalise_code(c) for c in product_ids if normalise_code(c)})
        for chunk in inputs.chunks(codes):
            ids = select(Product.id).where(Product.product_id.in_(chunk))
            session.execute(delete(ReplenishmentPlan).where(ReplenishmentPlan.product_id.in_(ids)))
    else:
        session.execute(delete(ReplenishmentPlan))
    if cat.ids.size == 0 or wh is None:  # nothing to plan, or nowhere to hold stock yet
        return 0

    stock = inputs.load_stock(session, cat, wh, scoped)
    sales = inputs.load_recent_sales(session, cat, today=today, days=RECENT_DAYS, scoped=scoped)
    stock_keys, sales_keys = pair_key(stock[:, 0], stock[:, 1]), pair_key(sales[:, 0], sales[:, 1])
    so, ss = np.argsort(stock_keys), np.argsort(sales_keys)
    stock, stock_keys, sales, sales_keys = stock[so], stock_keys[so], sales[ss], sales_keys[ss]

    keys = np.unique(np.concatenate([stock_keys, sales_keys, pair_key(cat.ids, wh.default_id)]))
    pid = keys >> WH_BITS
    prod = np.minimum(np.searchsorted(cat.ids, pid), cat.ids.size - 1)
    keep = cat.ids[prod] == pid
    keys, prod = keys[keep], prod[keep]
    # The default warehouse only for products with no stock or sales anywhere.
    has_pair = np.zeros(cat.ids.size, dtype=bool)
    real = np.isin(keys, np.concatenate([stock_keys, sales_keys]))
    has_pair[prod[real]] = True
    keep = real | ~has_pair[prod]
    keys, prod = keys[keep], prod[keep]
    n = keys.size

    on_hand = _lookup(keys, stock_keys, stock[:, 2].astype(float))
    available = on_hand - _lookup(keys, stock_keys, stock[:, 3].astype(float))
    available -= _held_for_orders(keys, prod, available, on_hand, cat, wh.default_id)
    units = _lookup(keys, sales_keys, sales[:, 2])
    squares = _lookup(keys, sales_keys, sales[:, 3])
    product_units = np.bincount(prod, weights=units, minlength=cat.ids.size)
    product_rows = np.bincount(prod, minlength=cat.ids.size)
    share = np.where(product_units[prod] > 0, units / np.maximum(product_units[prod], 1e-12),
                     1.0 / product_rows[prod])
    # The product's on-hand over all warehouses stays within max_stock_level.
    cap = cat.max_stock[prod] - (np.bincount(prod, weights=on_hand, minlength=cat.ids.size)[prod] - on_hand)
    choice = inputs.choose_suppliers(session, cat, scoped)
    on_order_map = inputs.load_on_order(session, cat, wh, scoped)
    on_order = np.array([on_order_map.get(k, 0.0) for k in keys.tolist()])

    computed_at, rows = utcnow(), []
    for start in range(0, cat.ids.size, PRODUCT_CHUNK):
        sel = np.flatnonzero((prod >= start) & (prod < start + PRODUCT_CHUNK))
        if sel.size == 0:
            continue
        paths = inputs.load_forecast_paths(session, cat.ids[start : start + PRODUCT_CHUNK].tolist())
        horizon = max([FALLBACK_HORIZON] + [m.size - 1 for m, _ in paths.values()])
        steps = np.arange(horizon + 1)
        cum_mean, cum_var = np.empty((sel.size, horizon + 1)), np.empty((sel.size, horizon + 1))
        basis = []
        for j, r in enumerate(sel.tolist()):
            path = paths.get(int(cat.ids[prod[r]]))
            if path is not None:
                cum_mean[j] = share[r] * _pad(path[0], horizon)
                cum_var[j] = share[r] ** 2 * _pad(path[1], horizon)
                basis.append(BASIS_FORECAST)
            else:
                avg = units[r] / RECENT_DAYS
                cum_mean[j] = avg * steps
                cum_var[j] = max(squares[r] / RECENT_DAYS - avg * avg, 0.0) * steps
                basis.append(BASIS_RECENT)
        p = prod[sel]
        nums = plan_numbers(cum_mean=cum_mean, cum_var=cum_var, lead_time=choice.lead_time[p],
                            available=available[sel], on_order=on_order[sel], moq=choice.moq[p], cap=cap[sel],
                            service_level=service_level, review_days=review_days)
        rows += _rows(keys[sel], choice.supplier[p], choice.lead_time[p], available[sel], basis, nums,
                      today=today, service_level=service_level, computed_at=computed_at)
    for i in range(0, len(rows), 5000):
        session.execute(insert(ReplenishmentPlan.__table__), rows[i : i + 5000])
    session.flush()
    return n


def _rows(keys, supplier, lead, available, basis, nums, *, today, service_level, computed_at) -> list[dict]:
    def r2(a):
        return np.round(a, 2).tolist()

    cover = nums.days_of_cover
    out = []
    for key, sup, lt, avail, b, avg, ltd, ss, rop, upto, qty, days in zip(
            keys.tolist(), supplier.tolist(), lead.tolist(), available.tolist(), basis,
            np.round(nums.avg_daily_demand, 4).tolist(), r2(nums.lead_time_demand), r2(nums.safety_stock),
            r2(nums.reorder_point), r2(nums.order_up_to), nums.suggested_quantity.tolist(), cover.tolist(),
            strict=True):
        finite = not math.isnan(days)
        out.append({
            "product_id": key >> WH_BITS, "warehouse_id": key & ((1 << WH_BITS) - 1), "supplier_id": sup or None,
            "basis": b, "available": int(avail), "avg_daily_demand": avg, "lead_time_days": lt,
            "lead_time_demand": ltd, "safety_stock": ss, "reorder_point": rop, "order_up_to": upto,
            "suggested_quantity": qty, "days_of_cover": round(min(days, MAX_COVER), 1) if finite else None,
            "stockout_date": today + timedelta(days=math.floor(days)) if finite and days <= MAX_STOCKOUT_DAYS
            else None,
            "service_level": service_level, "computed_at": computed_at,
        })
    return out
