"""generate_forecasts: read the sales history, run the engine, store one forecast per product."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date

import numpy as np
from sqlmodel import Session, select

from ...forecasting import forecast_all
from ...models import Product
from ...models.base import utcnow
from ...models.status import ProductStatus
from ..errors import ValidationFailed
from ..validation import normalise_code
from .history import sales_matrix
from .store import store_forecasts

HISTORY_DAYS = 730
MAX_HORIZON = 365


@dataclass
class ForecastRunSummary:
    forecast_date: date
    products: int
    history_days: int
    sales_rows: int  # product-day rows aggregated by the database
    horizon: int
    seconds: float
    read_seconds: float
    forecast_seconds: float
    store_seconds: float
    models: dict[str, int] = field(default_factory=dict)
    classes: dict[str, int] = field(default_factory=dict)
    median_mase: float | None = None

    def as_dict(self) -> dict:
        return asdict(self) | {"forecast_date": self.forecast_date.isoformat()}


def forecast_products(session: Session, product_ids: Sequence[str] | None) -> list[tuple[int, str]]:
    """(id, code) of the products to forecast, by id: every product not discontinued, or the given codes."""
    stmt = select(Product.id, Product.product_id).order_by(Product.id)
    if product_ids is None:
        return [tuple(r) for r in session.exec(stmt.where(Product.status != ProductStatus.DISCONTINUED)).all()]
    codes = {normalise_code(c) for c in product_ids}
    found = [tuple(r) for r in session.exec(stmt.where(Product.product_id.in_(codes))).all()] if codes else []
    missing = sorted(codes - {code for _, code in found}, key=str)
    if missing:
        raise ValidationFailed.for_field("product_ids", f"unknown product {', '.join(map(str, missing[:5]))}")
    return found


def generate_forecasts(session: Session, *, today: date | None = None, product_ids: Sequence[str] | None = None,
                       horizon: int = 90, workers: int = 2) -> ForecastRunSummary:
    """Forecast daily demand `horizon` days from `today` for every product not discontinued (or the
    given product codes) from up to HISTORY_DAYS days of sales before today, replacing each
    product's previous forecast. One transaction: the caller's session commits it.

    Uses a process pool for large catalogues: a script calling this needs the usual
    `if __name__ == "__main__":` guard.
    """
    if not 1 <= horizon <= MAX_HORIZON:
        raise ValidationFailed.for_field("horizon", f"must be between 1 and {MAX_HORIZON} days")
    if workers < 1:
        raise ValidationFailed.for_field("workers", "must be 1 or more")
    t0 = time.perf_counter()
    today = today or utcnow().date()
    products = forecast_products(session, product_ids)
    ids = np.array([pid for pid, _ in products], dtype=np.int64)
    history, sales_rows = sales_matrix(session, product_ids=ids, end=today, days=HISTORY_DAYS,
                                       restrict=product_ids is not None)
    t1 = time.perf_counter()
    results = forecast_all(history, horizon=horizon, workers=workers)
    t2 = time.perf_counter()
    store_forecasts(session, products=products, results=results, today=today, horizon=horizon,
                    history_days=HISTORY_DAYS, generated_at=utcnow())
    session.flush()
    t3 = time.perf_counter()
    mases = [r.mase for r in results if r.mase is not None and np.isfinite(r.mase)]
    return ForecastRunSummary(
        forecast_date=today, products=len(products), history_days=HISTORY_DAYS, sales_rows=sales_rows,
        horizon=horizon, seconds=round(t3 - t0, 3), read_seconds=round(t1 - t0, 3),
        forecast_seconds=round(t2 - t1, 3), store_seconds=round(t3 - t2, 3),
        models=dict(Counter(r.model_name for r in results)), classes=dict(Counter(r.series_class for r in results)),
        median_mase=round(float(np.median(mases)), 4) if mases else None,
    )
