"""Prediction intervals from empirical quantiles, the same way for every model.

The chosen model's backtest errors (actual − forecast) are pooled per week of horizon (days 1–7,
8–14, 15–21, 22–28; all origins) and their 2.5/10/90/97.5 % quantiles are added to the point
forecast. Past day 28 the last week's quantiles grow as (h/25)^b, with b in [0, 0.5] estimated from
how much the quantile spread grew between week 1 and week 4 (b = 0.5 is random-walk growth; b = 0
a stable error distribution). No simulation and no normality assumption: daily demand is skewed
and full of zeros, and this costs a sort per series.
"""

from __future__ import annotations

import numpy as np

from .classification import SEASON

LEVELS = (0.025, 0.10, 0.90, 0.975)
MAX_GROWTH = 0.5


def masked_quantile(x: np.ndarray, mask: np.ndarray, qs: tuple[float, ...] = LEVELS) -> np.ndarray:
    """Row-wise linear-interpolated quantiles of the masked values: (n × len(qs)); nan if none."""
    vals = np.sort(np.where(mask, x, np.inf), axis=1)
    cnt = mask.sum(axis=1)
    out = np.full((x.shape[0], len(qs)), np.nan)
    rows = np.flatnonzero(cnt > 0)
    if rows.size == 0:
        return out
    c = cnt[rows]
    for j, q in enumerate(qs):
        pos = q * (c - 1)
        lo = np.floor(pos).astype(np.int64)
        hi = np.minimum(lo + 1, c - 1)
        frac = pos - lo
        out[rows, j] = vals[rows, lo] * (1 - frac) + vals[rows, hi] * frac
    return out


def _assemble(mean: np.ndarray, offsets: np.ndarray) -> tuple[np.ndarray, ...]:
    """mean (n × H) + offsets (n × H × 4) → non-negative, ordered lo95, lo80, hi80, hi95."""
    mean = np.maximum(mean, 0.0)
    lo95, lo80, hi80, hi95 = (mean + offsets[..., j] for j in range(4))
    lo80 = np.clip(lo80, 0.0, mean)
    lo95 = np.clip(lo95, 0.0, lo80)
    hi80 = np.maximum(hi80, mean)
    hi95 = np.maximum(hi95, hi80)
    return mean, lo80, hi80, lo95, hi95


def from_backtest(mean: np.ndarray, errors: np.ndarray, valid: np.ndarray) -> tuple[np.ndarray, ...]:
    """Intervals around `mean` (n × H) from backtest `errors` (n × K × 28) on `valid` origins (n × K).

    Returns (mean, lo80, hi80, lo95, hi95), each (n × H), clipped at zero.
    """
    n, horizon = mean.shape
    weeks = errors.shape[2] // SEASON
    per_week = []
    for w in range(weeks):
        block = errors[:, :, w * SEASON : (w + 1) * SEASON]
        mask = np.repeat(valid[:, :, None], SEASON, axis=2).reshape(n, -1)
        per_week.append(masked_quantile(block.reshape(n, -1), mask))
    q = np.nan_to_num(np.stack(per_week, axis=1))  # n × weeks × 4
    spread = q[:, :, 3] - q[:, :, 0]
    first_c, last_c = (SEASON + 1) / 2, (weeks - 1) * SEASON + (SEASON + 1) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        growth = np.log(spread[:, -1] / spread[:, 0]) / np.log(last_c / first_c)
    growth = np.clip(np.nan_to_num(growth, nan=0.0, posinf=MAX_GROWTH, neginf=0.0), 0.0, MAX_GROWTH)

    steps = np.arange(1, horizon + 1)
    week_of = np.minimum((steps - 1) // SEASON, weeks - 1)
    offsets = q[:, week_of, :]  # n × H × 4
    beyond = steps > weeks * SEASON
    if beyond.any():
        factor = (steps[beyond][None, :] / last_c) ** growth[:, None]
        offsets[:, beyond, :] *= factor[:, :, None]
    return _assemble(mean, offsets)


def from_values(mean: np.ndarray, history: np.ndarray, start: np.ndarray) -> tuple[np.ndarray, ...]:
    """Intervals for series too short to backtest: quantiles of the observed daily demand since
    the first sale, taken as the predictive distribution of any future day."""
    active = np.arange(history.shape[1])[None, :] >= start[:, None]
    q = np.nan_to_num(masked_quantile(history, active))  # n × 4, absolute values
    offsets = np.repeat((q - mean[:, :1])[:, None, :], mean.shape[1], axis=1)
    return _assemble(mean, offsets)
