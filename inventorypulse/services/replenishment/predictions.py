"""Stock depletion prediction (seed 001): when a product's available stock runs out.

From its latest forecast when it has one (expected path, with an earliest/latest date from the
daily 80 % bands), else from its average daily sales over the last RECENT_DAYS days.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
from sqlalchemy import func, select
from sqlmodel import Session

from ...models import DemandForecast, Product, ReplenishmentPlan
from ...models.base import utcnow
from ..errors import FieldIssue, NotFound, ValidationFailed
from ..forecasts import latest_forecasts, sales_matrix
from ..validation import normalise_code
from .policy import cumulative, depletion_days
from .refresh import BASIS_FORECAST, BASIS_RECENT, MAX_STOCKOUT_DAYS, RECENT_DAYS

MAX_BATCH = 100
# Backtest MASE bands: below 1 the model beats a seasonal-naive forecast on this product's history.
CONFIDENCE_BANDS = ((0.8, "high"), (1.2, "medium"))


@dataclass
class Prediction:
    product: Product
    available: int
    basis: str
    avg_daily_demand: float
    days_until_stockout: float | None  # None: no demand, the stock does not run out
    stockout_date: date | None
    earliest_stockout_date: date | None
    latest_stockout_date: date | None
    confidence: str  # high / medium / low
    confidence_score: float  # 0..1
    model_name: str | None
    accuracy_mase: float | None
    generated_at: datetime | None
    reorder_point: float | None  # summed over the product's warehouse plans
    suggested_quantity: int | None
    lead_time_days: int | None
    recommended_order_date: date | None  # stockout date minus the lead time (not before today)


def confidence_of(mase: float | None, basis: str) -> tuple[str, float]:
    if basis != BASIS_FORECAST or mase is None or not math.isfinite(mase):
        return "low", 0.3
    label = next((name for bound, name in CONFIDENCE_BANDS if mase < bound), "low")
    return label, round(max(0.0, min(1.0, 1.0 - mase / 2)), 2)


def _date(today: date, days: float) -> date | None:
    if days is None or not math.isfinite(days) or days > MAX_STOCKOUT_DAYS:
        return None
    return today + timedelta(days=math.floor(days))


def _plan_totals(session: Session, ids: list[int]) -> dict[int, tuple]:
    P = ReplenishmentPlan
    rows = session.execute(select(P.product_id, func.sum(P.reorder_point), func.sum(P.suggested_quantity),
                                  func.max(P.lead_time_days)).where(P.product_id.in_(ids))
                           .group_by(P.product_id)).all()
    return {r[0]: (float(r[1]), int(r[2]), int(r[3])) for r in rows}


def predict(session: Session, products: list[Product], *, today: date | None = None) -> list[Prediction]:
    today = today or utcnow().date()
    ids = [p.id for p in products]
    forecasts = latest_forecasts(session, ids)
    plans = _plan_totals(session, ids)
    no_fc = np.array(sorted(i for i in ids if i not in forecasts), dtype=np.int64)
    recent, _ = sales_matrix(session, product_ids=no_fc, end=today, days=RECENT_DAYS, restrict=True)
    recent_avg = dict(zip(no_fc.tolist(), (recent.sum(axis=1) / RECENT_DAYS).tolist(), strict=True))
    return [_one(p, forecasts.get(p.id), recent_avg.get(p.id, 0.0), plans.get(p.id), today) for p in products]


def _one(product: Product, fc: DemandForecast | None, recent_avg: float, plan, today: date) -> Prediction:
    available = max(product.current_stock - product.reserved_stock, 0)
    if fc is not None and fc.daily:
        values = np.array([(d["mean"], d["lo80"], d["hi80"]) for d in fc.daily], dtype=float)
        paths = cumulative(values.T)  # mean, lo80, hi80 running totals
        mean_d, latest_d, earliest_d = depletion_days(paths, np.full(3, float(available)))
        avg, basis, mase = float(values[:, 0].mean()), BASIS_FORECAST, fc.accuracy_metric
    else:
        avg, basis, mase = recent_avg, BASIS_RECENT, None
        mean_d = 0.0 if available <= 0 else (available / avg if avg > 0 else math.nan)
        latest_d = earliest_d = mean_d
    mase = float(mase) if mase is not None else None
    label, score = confidence_of(mase, basis)
    stockout = _date(today, mean_d)
    lead = plan[2] if plan else None
    order_by = max(today, stockout - timedelta(days=lead)) if stockout and lead is not None else None
    return Prediction(
        product=product, available=available, basis=basis, avg_daily_demand=round(avg, 4),
        days_until_stockout=None if math.isnan(mean_d) else round(mean_d, 1), stockout_date=stockout,
        earliest_stockout_date=_date(today, earliest_d), latest_stockout_date=_date(today, latest_d),
        confidence=label, confidence_score=score, model_name=fc.model_name if fc else None, accuracy_mase=mase,
        generated_at=fc.generated_at if fc else None, reorder_point=round(plan[0], 2) if plan else None,
        suggested_quantity=plan[1] if plan else None, lead_time_days=lead, recommended_order_date=order_by,
    )


def predict_products(session: Session, *, product_ids: list[str] | None = None, limit: int = 20,
                     today: date | None = None) -> list[Prediction]:
    """Predictions for the given product codes (in that order), or for the `limit` products whose
    plans run out soonest."""
    if product_ids is None:
        if not 1 <= limit <= MAX_BATCH:
            raise ValidationFailed.for_field("limit", f"must be between 1 and {MAX_BATCH}")
        P = ReplenishmentPlan
        soonest = select(P.product_id, func.min(P.stockout_date).label("d")).where(P.stockout_date.is_not(None)) \
            .group_by(P.product_id).order_by(func.min(P.stockout_date), P.product_id).limit(limit).subquery()
        products = list(session.exec(select(Product).join(soonest, soonest.c.product_id == Product.id)
                                     .order_by(soonest.c.d, Product.product_id)).scalars().all())
        return predict(session, products, today=today)
    if len(product_ids) > MAX_BATCH:
        raise ValidationFailed.for_field("product_ids", f"at most {MAX_BATCH} products at once")
    codes = [normalise_code(c) for c in product_ids]
    found = {p.product_id: p for p in session.exec(select(Product).where(Product.product_id.in_(codes)))
             .scalars().all()}
    missing = [FieldIssue(f"product_ids[{i}]", f"product {c} not found") for i, c in enumerate(codes)
               if c not in found]
    if missing:
        raise NotFound(f"{len(missing)} product(s) not found.", missing)
    return predict(session, [found[c] for c in dict.fromkeys(codes)], today=today)
