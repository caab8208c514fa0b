"""Rolling-origin backtest: weekly origins over up to two years, 28-day horizon, scored by MASE.

Every candidate model of a series is scored on the same origins, so the comparison is paired; an
origin counts only with at least MIN_TRAIN_DAYS of history since the first sale. Two years of
origins rather than a few weeks: on slow movers a short window lets luck pick the model (measured).
The MASE denominator is the series' in-sample seasonal-naive MAE over its whole history, the same
for every candidate.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .classification import SEASON

BT_HORIZON = 28
BT_ORIGINS = 104
BT_STEP = 7
MIN_TRAIN_DAYS = 28


def origins(n_days: int, n_origins: int = BT_ORIGINS, horizon: int = BT_HORIZON, step: int = BT_STEP) -> np.ndarray:
    """Forecast origins as "days observed", every `step` days, the last leaving a full horizon."""
    last = n_days - horizon
    at = last - step * np.arange(n_origins)[::-1]
    return at[at >= SEASON]


def valid_origins(start: np.ndarray, at: np.ndarray) -> np.ndarray:
    """(n × K) mask: origin k has enough history for series i."""
    return at[None, :] - start[:, None] >= MIN_TRAIN_DAYS


def windows(history: np.ndarray, at: np.ndarray, horizon: int = BT_HORIZON) -> np.ndarray:
    """Actuals after each origin: (n × K × horizon)."""
    if at.size == 0:
        return np.zeros((history.shape[0], 0, horizon))
    return sliding_window_view(history, horizon, axis=1)[:, at, :]


def mase_scale(history: np.ndarray, start: np.ndarray, season: int = SEASON) -> np.ndarray:
    """In-sample MAE of the seasonal naive forecast since the first sale (the MASE denominator).

    Falls back to the mean absolute demand, then to 1, so a flat series never divides by zero.
    """
    t = np.arange(season, history.shape[1])
    mask = t[None, :] - season >= start[:, None]
    diff = np.abs(history[:, season:] - history[:, :-season])
    cnt = mask.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(mask, diff, 0.0).sum(axis=1) / cnt
        active = np.arange(history.shape[1])[None, :] >= start[:, None]
        level = np.where(active, history, 0.0).sum(axis=1) / active.sum(axis=1)
    scale = np.where(np.isfinite(scale) & (scale > 0), scale, level)
    return np.where(np.isfinite(scale) & (scale > 0), scale, 1.0)


def backtest_mase(
    actual: np.ndarray, forecast: np.ndarray, scale: np.ndarray, valid: np.ndarray | None = None
) -> np.ndarray:
    """Per-series MASE over the valid origins: mean absolute error / scale (nan if none valid).

    actual and forecast are (n × K × h); valid is (n × K).
    """
    mae = np.abs(actual - forecast).mean(axis=2)
    if valid is None:
        valid = np.ones(mae.shape, dtype=bool)
    cnt = valid.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(valid, mae, 0.0).sum(axis=1) / cnt / scale
    return np.where(cnt > 0, out, np.nan)
