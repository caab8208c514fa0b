"""Writing a forecast run: the previous rows of each product are replaced, in bulk."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

import numpy as np
from sqlalchemy import delete, insert
from sqlmodel import Session

from ...forecasting import ForecastResult
from ...models import DemandForecast
from .history import IN_CHUNK

AGENT_ID = "inventorypulse.forecasting"
Z95 = 1.959963984540054
HISTORY_SOURCE = "outbound sale movements per UTC day (transfers, adjustments and returns excluded)"


def forecast_code(product_code: str, day: date) -> str:
    return f"FC-{day:%Y%m%d}-{product_code}"


def _daily(dates: list[str], r: ForecastResult) -> list[dict]:
    cols = [np.round(a, 2).tolist() for a in (r.mean, r.lo80, r.hi80, r.lo95, r.hi95)]
    return [{"date": d, "mean": m, "lo80": a, "hi80": b, "lo95": c, "hi95": e}
            for d, m, a, b, c, e in zip(dates, *cols, strict=True)]


def period_interval(r: ForecastResult) -> tuple[float, float, float]:
    """Total over the period and a 95 % interval for it. Daily 95 % bands are turned into a
    standard deviation per day ((hi − lo) / 2·1.96) and added up as independent days."""
    total = float(r.mean.sum())
    sigma = math.sqrt(float((((r.hi95 - r.lo95) / (2 * Z95)) ** 2).sum()))
    return total, max(0.0, total - Z95 * sigma), total + Z95 * sigma


def store_forecasts(session: Session, *, products: list[tuple[int, str]], results: list[ForecastResult],
                    today: date, horizon: int, history_days: int, generated_at: datetime) -> int:
    """Replace the stored forecast of each (id, code) in `products` by its result (same order)."""
    ids = [pid for pid, _ in products]
    for i in range(0, len(ids), IN_CHUNK):
        session.execute(delete(DemandForecast).where(DemandForecast.product_id.in_(ids[i : i + IN_CHUNK])))
    dates = [(today + timedelta(days=k)).isoformat() for k in range(horizon)]
    end = today + timedelta(days=horizon - 1)
    rows = []
    for (pid, code), r in zip(products, results, strict=True):
        total, lower, upper = period_interval(r)
        rows.append({
            "forecast_id": forecast_code(code, today), "product_id": pid, "forecast_date": today,
            "forecast_period_start": today, "forecast_period_end": end,
            "predicted_demand_quantity": round(total, 2), "confidence_interval_lower": round(lower, 2),
            "confidence_interval_upper": round(upper, 2), "model_name": r.model_name,
            "model_version": r.model_version,
            "accuracy_metric": None if r.mase is None or not math.isfinite(r.mase) else round(r.mase, 4),
            "features_used": {"series_class": r.series_class, "history_window_days": history_days,
                              "history_source": HISTORY_SOURCE, "interval_levels": [0.8, 0.95], **r.features},
            "daily": _daily(dates, r), "generated_by_agent_id": AGENT_ID, "generated_at": generated_at,
        })
        if len(rows) >= 2000:
            session.execute(insert(DemandForecast.__table__), rows)
            rows = []
    if rows:
        session.execute(insert(DemandForecast.__table__), rows)
    return len(products)
