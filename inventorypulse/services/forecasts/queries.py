"""Reading forecasts back: one product's latest forecast with the tail of its sales history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from sqlmodel import Session, select

from ...models import DemandForecast, Product
from ...models.base import utcnow
from ..errors import ValidationFailed
from ..ledger import get_product
from ..validation import normalise_code
from .history import sales_matrix

MAX_HISTORY_TAIL = 730


@dataclass
class ForecastView:
    product: Product
    forecast: DemandForecast | None
    history_start: date
    history: list[float]  # units sold per day from history_start up to yesterday

    @property
    def history_points(self) -> list[dict]:
        return [{"date": (self.history_start + timedelta(days=i)).isoformat(), "quantity": q}
                for i, q in enumerate(self.history)]


def latest_forecasts(session: Session, product_ids: list[int]) -> dict[int, DemandForecast]:
    """The newest stored forecast of each product id (one per product after each run)."""
    if not product_ids:
        return {}
    rows = session.exec(select(DemandForecast).where(DemandForecast.product_id.in_(product_ids))
                        .order_by(DemandForecast.product_id, DemandForecast.generated_at)).all()
    return {f.product_id: f for f in rows}


def get_forecast(session: Session, *, product_id: str, history_days: int = 120,
                 today: date | None = None) -> ForecastView:
    """A product's latest forecast (None if it has none yet) and its last `history_days` days of sales."""
    if not 1 <= history_days <= MAX_HISTORY_TAIL:
        raise ValidationFailed.for_field("history_days", f"must be between 1 and {MAX_HISTORY_TAIL}")
    product = get_product(session, normalise_code(product_id))
    today = today or utcnow().date()
    matrix, _ = sales_matrix(session, product_ids=np.array([product.id]), end=today, days=history_days,
                             restrict=True)
    forecast = latest_forecasts(session, [product.id]).get(product.id)
    return ForecastView(product, forecast, today - timedelta(days=history_days), matrix[0].tolist())
