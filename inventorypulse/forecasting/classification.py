"""Demand classes (Syntetos–Boylan ADI/CV²) and the cheap features that screen for Holt-Winters.

ADI is days since the first sale divided by days with a sale; CV² is the squared coefficient of
variation of the non-zero daily quantities. Cut-offs are the standard 1.32 and 0.49.
"""

from __future__ import annotations

import numpy as np

from .history import as_history, first_sale

ADI_CUTOFF = 1.32
CV2_CUTOFF = 0.49
# Fewer days than this since the first sale: no 28-day backtest with 4 weeks of training fits.
MIN_HISTORY_DAYS = 56
SEASON = 7

SMOOTH, ERRATIC, INTERMITTENT, LUMPY = "smooth", "erratic", "intermittent", "lumpy"
TOO_SHORT, NO_DEMAND = "too_short", "no_demand"
SERIES_CLASSES = (SMOOTH, ERRATIC, INTERMITTENT, LUMPY, TOO_SHORT, NO_DEMAND)


def adi_cv2(history: np.ndarray, start: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Per row: average demand interval and CV² of non-zero quantities (nan when no sale)."""
    h = as_history(history)
    start = first_sale(h) if start is None else start
    span = h.shape[1] - start
    nonzero = h > 0
    count = nonzero.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        adi = np.where(count > 0, span / np.maximum(count, 1), np.nan)
        size_mean = h.sum(axis=1) / count
        size_sq = np.where(nonzero, h * h, 0.0).sum(axis=1) / count
        cv2 = np.where(count > 0, np.maximum(size_sq - size_mean**2, 0.0) / size_mean**2, np.nan)
    return adi, cv2


def classify(series_matrix: np.ndarray) -> np.ndarray:
    """Class of each row: smooth / erratic / intermittent / lumpy / too_short / no_demand."""
    h = as_history(series_matrix)
    start = first_sale(h)
    adi, cv2 = adi_cv2(h, start)
    span = h.shape[1] - start
    sparse = adi >= ADI_CUTOFF
    variable = cv2 >= CV2_CUTOFF
    out = np.where(sparse, np.where(variable, LUMPY, INTERMITTENT), np.where(variable, ERRATIC, SMOOTH))
    out = np.where(span < MIN_HISTORY_DAYS, TOO_SHORT, out)
    return np.where(span == 0, NO_DEMAND, out).astype(object)


def _masked_var(x: np.ndarray, mask: np.ndarray) -> np.ndarray:
    n = mask.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.where(mask, x, 0.0).sum(axis=1) / n
        return np.where(mask, (x - mean[:, None]) ** 2, 0.0).sum(axis=1) / n


def season_strength(history: np.ndarray, start: np.ndarray, window: int = 364) -> np.ndarray:
    """Weekly seasonal strength in [0, 1] over the last `window` active days (0 when unknown).

    1 - Var(remainder) / Var(detrended), with the trend a centred 7-day mean (Hyndman's F_s).
    """
    n, t_len = history.shape
    lo = np.maximum(start, t_len - window)
    csum = np.concatenate([np.zeros((n, 1)), np.cumsum(history, axis=1)], axis=1)
    t = np.arange(t_len)
    ok = (t >= 3) & (t <= t_len - 4)
    ma = np.zeros_like(history)
    ma[:, ok] = (csum[:, t[ok] + 4] - csum[:, t[ok] - 3]) / 7.0
    valid = ok[None, :] & (t[None, :] - 3 >= lo[:, None])
    detrended = np.where(valid, history - ma, 0.0)
    weekday = t % SEASON
    remainder = detrended.copy()
    for k in range(SEASON):
        cols = weekday == k
        cnt = valid[:, cols].sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            mean_k = np.where(cnt > 0, detrended[:, cols].sum(axis=1) / cnt, 0.0)
        remainder[:, cols] -= mean_k[:, None]
    var_d = _masked_var(detrended, valid)
    var_r = _masked_var(remainder, valid)
    with np.errstate(divide="ignore", invalid="ignore"):
        strength = 1.0 - var_r / var_d
    return np.clip(np.nan_to_num(strength, nan=0.0), 0.0, 1.0)


def trend_strength(history: np.ndarray, start: np.ndarray, weeks: int = 26) -> np.ndarray:
    """R² of a straight line through the last `weeks` full weekly totals since the first sale."""
    n, t_len = history.shape
    k = min(weeks, t_len // SEASON)
    if k < 3:
        return np.zeros(n)
    tail = history[:, t_len - k * SEASON :].reshape(n, k, SEASON).sum(axis=2)
    week_start = t_len - k * SEASON + SEASON * np.arange(k)
    valid = week_start[None, :] >= start[:, None]
    w = np.broadcast_to(np.arange(k, dtype=float), (n, k))
    cnt = valid.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        mw = np.where(valid, w, 0).sum(axis=1) / cnt
        my = np.where(valid, tail, 0).sum(axis=1) / cnt
        dw = np.where(valid, w - mw[:, None], 0.0)
        dy = np.where(valid, tail - my[:, None], 0.0)
        r2 = (dw * dy).sum(axis=1) ** 2 / ((dw * dw).sum(axis=1) * (dy * dy).sum(axis=1))
    return np.where(cnt >= 3, np.clip(np.nan_to_num(r2, nan=0.0), 0.0, 1.0), 0.0)


def weekday_chi2(history: np.ndarray, start: np.ndarray, window: int = 364) -> np.ndarray:
    """Chi-square statistic (6 d.o.f.) of sale days per weekday over the last `window` active days.

    A test on *occurrences*, made for intermittent series: under "no weekday pattern" sale days
    spread evenly over the week. 16.8 is the 1 % critical value.
    """
    t_len = history.shape[1]
    t = np.arange(t_len)
    window_on = t[None, :] >= np.maximum(start, t_len - window)[:, None]
    sold = window_on & (history > 0)
    weekday = t % SEASON
    obs = np.stack([sold[:, weekday == k].sum(axis=1) for k in range(SEASON)], axis=1).astype(float)
    days = np.stack([window_on[:, weekday == k].sum(axis=1) for k in range(SEASON)], axis=1).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = obs.sum(axis=1, keepdims=True) * days / days.sum(axis=1, keepdims=True)
        stat = np.where(expected > 0, (obs - expected) ** 2 / expected, 0.0).sum(axis=1)
    return np.nan_to_num(stat, nan=0.0)
