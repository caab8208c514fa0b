"""The replenishment arithmetic, vectorised over plan rows (pure numpy, no database).

Per product × warehouse:
  lead-time demand  LTD = forecast demand over the supplier's lead time L
  safety stock      SS  = z(service level) × σ_LTD, σ_LTD from the daily forecast bands taken as
                          independent days (σ_LTD² = Σ σ_d² over the lead time)
  reorder point     ROP = LTD + SS
  order-up-to       S   = ROP + average daily demand × review days, capped so the product's
                          on-hand over all warehouses stays within max_stock_level
  suggestion            when available + on order ≤ ROP: S − (available + on order), raised to
                          the supplier's minimum order quantity; otherwise 0
  days of cover         days until the cumulative forecast reaches the available stock
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

Z95 = 1.959963984540054  # two-sided 95 % band → σ: (hi95 − lo95) / (2 · Z95)
DEFAULT_SERVICE_LEVEL = 0.95
DEFAULT_REVIEW_DAYS = 14
MIN_SERVICE_LEVEL, MAX_SERVICE_LEVEL = 0.5, 0.999


def z_value(service_level: float) -> float:
    """Standard normal quantile of the cycle service level (0.95 → 1.645)."""
    return NormalDist().inv_cdf(service_level)


def cumulative(daily: np.ndarray) -> np.ndarray:
    """(n × H) daily values → (n × H+1) running totals starting at 0."""
    out = np.zeros((daily.shape[0], daily.shape[1] + 1))
    np.cumsum(daily, axis=1, out=out[:, 1:])
    return out


def sigma_from_band(lo95: np.ndarray, hi95: np.ndarray) -> np.ndarray:
    return np.maximum(hi95 - lo95, 0.0) / (2 * Z95)


def over_days(cum: np.ndarray, days: np.ndarray) -> np.ndarray:
    """Total of each row's daily values over its first `days` days; past the horizon the row's
    average day is repeated."""
    horizon = cum.shape[1] - 1
    d = np.asarray(days, dtype=np.int64)
    within = cum[np.arange(cum.shape[0]), np.clip(d, 0, horizon)]
    beyond = np.maximum(d - horizon, 0) * (cum[:, horizon] / max(horizon, 1))
    return within + beyond


def depletion_days(cum_mean: np.ndarray, available: np.ndarray) -> np.ndarray:
    """Fractional days until cumulative expected demand reaches `available` (0 if nothing is
    available, nan if demand is zero so stock never runs out). Linear within a day; past the
    horizon at the horizon's average daily rate."""
    n, horizon = cum_mean.shape[0], cum_mean.shape[1] - 1
    avail = np.asarray(available, dtype=float)
    out = np.full(n, np.nan)
    k = (cum_mean < avail[:, None]).sum(axis=1)  # cum[k-1] < avail ≤ cum[k]
    rows = np.arange(n)
    inside = (k >= 1) & (k <= horizon)
    lo = cum_mean[rows[inside], k[inside] - 1]
    hi = cum_mean[rows[inside], k[inside]]
    out[inside] = k[inside] - 1 + (avail[inside] - lo) / np.where(hi > lo, hi - lo, 1.0)
    rate = cum_mean[:, horizon] / max(horizon, 1)
    past = (k > horizon) & (rate > 0)
    out[past] = horizon + (avail[past] - cum_mean[past, horizon]) / rate[past]
    out[avail <= 0] = 0.0
    return out


@dataclass
class PlanNumbers:
    avg_daily_demand: np.ndarray
    lead_time_demand: np.ndarray
    safety_stock: np.ndarray
    reorder_point: np.ndarray
    order_up_to: np.ndarray
    suggested_quantity: np.ndarray  # int64
    days_of_cover: np.ndarray  # nan: demand is zero


def plan_numbers(*, cum_mean: np.ndarray, cum_var: np.ndarray, lead_time: np.ndarray, available: np.ndarray,
                 on_order: np.ndarray, moq: np.ndarray, cap: np.ndarray, service_level: float,
                 review_days: int = DEFAULT_REVIEW_DAYS) -> PlanNumbers:
    """The plan of each row from its demand path (running totals of the daily mean and variance,
    n × H+1) and stock. `cap` is the most this warehouse may hold (inf when unlimited)."""
    horizon = cum_mean.shape[1] - 1
    avg = cum_mean[:, horizon] / max(horizon, 1)
    ltd = over_days(cum_mean, lead_time)
    safety = z_value(service_level) * np.sqrt(np.maximum(over_days(cum_var, lead_time), 0.0))
    rop = ltd + safety
    target = np.minimum(rop + avg * review_days, np.maximum(cap, 0.0))
    position = np.asarray(available, dtype=float) + np.asarray(on_order, dtype=float)
    need = np.ceil(np.round(target - position, 6))
    order = (position <= rop) & (need > 0)
    suggested = np.where(order, np.maximum(need, moq), 0).astype(np.int64)
    return PlanNumbers(avg, ltd, safety, rop, target, suggested, depletion_days(cum_mean, available))
